/**
 * Writes processes/*.bpmn (and forms/*.form, processes/README.md) from the
 * definitions in this folder: `npx tsx processes/generator/generate.ts`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { allProcesses } from './processes.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const problems: string[] = [];
for (const model of allProcesses()) {
  try {
    fs.writeFileSync(path.join(root, 'processes', `${model.id}.bpmn`), model.diagram.toXml());
  } catch (err) {
    problems.push((err as Error).message);
  }
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exitCode = 1;
}
