/**
 * Deployment: BPMN files become process definitions (a new version per
 * bpmnProcessId unless the file is unchanged since the last version, as in
 * Zeebe), form-js schemas become forms versioned per form id. Files are read
 * and checked before the step, so a refused file leaves nothing behind.
 */
import crypto from 'node:crypto';
import type { DeployedForm, DeployedProcess, Deployment, Resource } from '../port.js';
import { DeployedDefinition } from './definitions.js';
import { DeployError, parseBpmn, type ProcessModel } from './model.js';
import type { Step } from './step.js';
import { scheduleStartTimers } from './timers.js';

export interface ReadResource {
  name: string;
  checksum: string;
  content: string;
  processes: ProcessModel[];
  formId?: string;
}

export async function readResources(resources: Resource[]): Promise<ReadResource[]> {
  if (!resources.length) throw new DeployError('Expected to deploy at least one resource, but none given');
  const read: ReadResource[] = [];
  for (const resource of resources) {
    const content = typeof resource.content === 'string' ? resource.content : resource.content.toString('utf8');
    const checksum = crypto.createHash('sha256').update(content).digest('hex');
    if (/\.bpmn$/i.test(resource.name)) {
      read.push({ name: resource.name, checksum, content, processes: (await parseBpmn(resource.name, content)).processes });
    } else if (/\.form$/i.test(resource.name)) {
      read.push({ name: resource.name, checksum, content, processes: [], formId: formIdOf(resource.name, content) });
    } else {
      throw new DeployError(`'${resource.name}': the embedded engine deploys .bpmn and .form files only`);
    }
  }
  return read;
}

function formIdOf(name: string, content: string): string {
  let schema: unknown;
  try {
    schema = JSON.parse(content);
  } catch (err) {
    throw new DeployError(`'${name}': not a JSON form: ${(err as Error).message}`);
  }
  const id = (schema as { id?: unknown } | null)?.id;
  if (typeof id !== 'string' || !id) throw new DeployError(`'${name}': the form has no 'id'`);
  return id;
}

export async function deploy(step: Step, resources: ReadResource[]): Promise<Deployment> {
  const deploymentKey = step.nextKey();
  await step.store.insert(step.store.deployments, { key: deploymentKey, createdAt: step.now }, step.t);
  const processes: DeployedProcess[] = [];
  const forms: DeployedForm[] = [];
  const latestInStep = new Map<string, DeployedDefinition>();

  for (const resource of resources) {
    for (const model of resource.processes) {
      const previous = latestInStep.get(model.bpmnProcessId) ?? step.ctx.definitions.latest(model.bpmnProcessId);
      if (previous && previous.row.checksum === resource.checksum && previous.row.resourceName === resource.name) {
        processes.push(describe(previous));
        continue;
      }
      const row = {
        key: step.nextKey(),
        bpmnProcessId: model.bpmnProcessId,
        version: (previous?.version ?? 0) + 1,
        resourceName: resource.name,
        deploymentKey,
        checksum: resource.checksum,
        context: model.sourceJson(),
        createdAt: step.now,
      };
      await step.store.insert(step.store.definitions, { ...row, resource: resource.content }, step.t);
      const definition = new DeployedDefinition(row);
      latestInStep.set(model.bpmnProcessId, definition);
      await scheduleStartTimers(step, definition, previous);
      step.onCommit(() => step.ctx.definitions.add(definition));
      processes.push(describe(definition));
    }
    if (resource.formId) forms.push(await deployForm(step, resource, resource.formId, deploymentKey));
  }
  return { key: deploymentKey, processes, forms };
}

async function deployForm(step: Step, resource: ReadResource, formId: string, deploymentKey: string): Promise<DeployedForm> {
  const latest = await step.store.all(step.store.forms, { formId }, step.t, [['version', 'DESC']]);
  const previous = latest[0];
  if (previous && previous.checksum === resource.checksum && previous.resourceName === resource.name) {
    return { formId, version: previous.version, formKey: previous.key, resourceName: previous.resourceName };
  }
  const row = {
    key: step.nextKey(),
    formId,
    version: (previous?.version ?? 0) + 1,
    resourceName: resource.name,
    deploymentKey,
    checksum: resource.checksum,
    schema: resource.content,
    createdAt: step.now,
  };
  await step.store.insert(step.store.forms, row, step.t);
  step.onCommit(() => step.ctx.definitions.addForm(row));
  return { formId, version: row.version, formKey: row.key, resourceName: row.resourceName };
}

function describe(definition: DeployedDefinition): DeployedProcess {
  return {
    bpmnProcessId: definition.bpmnProcessId,
    version: definition.version,
    processDefinitionKey: definition.key,
    resourceName: definition.row.resourceName,
  };
}
