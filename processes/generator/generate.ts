/**
 * Writes processes/*.bpmn, forms/*.form, processes/README.md and
 * workers/CATALOGUE.md from the
 * definitions in this folder: `npx tsx processes/generator/generate.ts`.
 * The generated files are committed; test/processes checks they are current.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatedFiles } from './outputs.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const files = generatedFiles();
for (const [relative, content] of files) fs.writeFileSync(path.join(root, relative), content);

for (const dir of ['processes', 'forms']) {
  for (const name of fs.readdirSync(path.join(root, dir))) {
    const relative = `${dir}/${name}`;
    if (/\.(bpmn|form)$/.test(name) && !files.has(relative)) console.warn(`not generated, left as it is: ${relative}`);
  }
}
console.log(`wrote ${files.size} files`);
