/**
 * Deploys the BPMN processes and form-js forms of the repository (or the
 * given directories) and records in the catalog what the engine made of them.
 * Zeebe keeps the version of an unchanged resource, so redeploying at every
 * start is harmless.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Deployment, EnginePort, Resource } from './port.js';
import type { ProcessCatalog } from './process-catalog.js';

export function readModels(dirs: string[]): Resource[] {
  const resources: Resource[] = [];
  for (const dir of dirs) {
    if (!fs.existsSync(dir)) continue;
    for (const file of fs.readdirSync(dir).sort()) {
      if (file.endsWith('.bpmn') || file.endsWith('.form')) resources.push({ name: file, content: fs.readFileSync(path.join(dir, file)) });
    }
  }
  return resources;
}

export async function deployModels(engine: EnginePort, catalog: ProcessCatalog, resources: Resource[]): Promise<Deployment> {
  // Forms first: Zeebe raises an incident when a task links a form that is not deployed.
  const ordered = [...resources.filter((r) => r.name.endsWith('.form')), ...resources.filter((r) => r.name.endsWith('.bpmn'))];
  const deployment = await engine.deploy(ordered);
  await catalog.record(ordered, deployment);
  return deployment;
}
