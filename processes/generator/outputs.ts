/** The generated files by path relative to the repository root. */
import { catalogue } from './catalogue.js';
import { allForms } from './forms.js';
import { allProcesses } from './processes.js';
import { readme } from './readme.js';

export function generatedFiles(): Map<string, string> {
  const files = new Map<string, string>();
  const processes = allProcesses();
  const forms = allForms();
  for (const model of processes) files.set(`processes/${model.id}.bpmn`, model.diagram.toXml());
  for (const form of forms) files.set(`forms/${form.id}.form`, JSON.stringify(form, null, 2) + '\n');
  files.set('processes/README.md', readme(processes, forms));
  files.set('workers/CATALOGUE.md', catalogue(processes));
  return files;
}
