/**
 * Jobs: created for waiting job elements with the headers Zeebe gives them,
 * activated for workers, completed, failed (retries, back-off, incident when
 * none are left), timed out, or ended by a BPMN error that a boundary event
 * catches, here or in a calling instance, or that becomes an incident.
 */
import type { Job, Variables } from '../port.js';
import { ExpressionError, evaluateInteger, evaluateString, evaluateStringList, evaluateValue } from './feel.js';
import { applyCompletion, applyOutputs, onCall, onWait, prepareIteration } from './instance-events.js';
import { openSubscription } from './messages.js';
import { routeBpmnError, uncaughtMessage } from './errors.js';
import { chainOf, type ElementApi, type InstanceRuntime } from './runtime.js';
import { NotFoundError, RejectedError, type Step } from './step.js';
import type { JobRow } from './store.js';
import { evaluateMappings, pick, setLocal } from './variables.js';

export const USER_TASK_HEADERS = {
  assignee: 'io.camunda.zeebe:assignee',
  candidateGroups: 'io.camunda.zeebe:candidateGroups',
  candidateUsers: 'io.camunda.zeebe:candidateUsers',
  dueDate: 'io.camunda.zeebe:dueDate',
  followUpDate: 'io.camunda.zeebe:followUpDate',
  formKey: 'io.camunda.zeebe:formKey',
} as const;

class FormNotFound extends Error {}

export async function createJob(step: Step, rt: InstanceRuntime, api: ElementApi): Promise<void> {
  const chain = chainOf(api.content);
  const target = { executionId: api.executionId, elementId: api.id, chain, retry: 'job' as const };
  prepareIteration(rt, api);
  const inputs = rt.model.inputs(api.id);
  let type: string;
  let retries: number;
  let headers: Record<string, string>;
  try {
    if (inputs.length) setLocal(rt.data, api.executionId, evaluateMappings(inputs, rt.variablesFor(chain)));
  } catch (err) {
    if (!(err instanceof ExpressionError)) throw err;
    return step.raiseIncident(rt, target, 'IO_MAPPING_ERROR', err.message);
  }
  try {
    const variables = rt.variablesFor(chain);
    const definition = rt.model.taskDefinition(api.id)!;
    type = evaluateString(definition.type, variables, 'the job type');
    retries = evaluateInteger(definition.retries, variables, 'the job retries');
    headers = jobHeaders(step, rt, api.id, variables);
  } catch (err) {
    if (err instanceof FormNotFound) return step.raiseIncident(rt, target, 'FORM_NOT_FOUND', err.message);
    if (!(err instanceof ExpressionError)) throw err;
    return step.raiseIncident(rt, target, 'EXTRACT_VALUE_ERROR', err.message);
  }
  const row: JobRow = {
    key: step.nextKey(),
    type,
    state: 'activatable',
    processInstanceKey: rt.key,
    processDefinitionKey: rt.identity.processDefinitionKey,
    bpmnProcessId: rt.identity.bpmnProcessId,
    version: rt.identity.version,
    elementId: api.id,
    elementInstanceKey: rt.keyFor(api.executionId, () => step.nextKey()),
    executionId: api.executionId,
    customHeaders: JSON.stringify(headers),
    retries,
    deadline: null,
    activatableAt: null,
    worker: null,
    errorMessage: null,
    createdAt: step.now,
  };
  await step.insertJob(row);
  rt.data.waits[api.executionId] = { kind: 'job', key: row.key, elementId: api.id, chain };
}

/** zeebe:taskHeaders, plus for job-worker user tasks the form and assignment headers Zeebe adds. */
function jobHeaders(step: Step, rt: InstanceRuntime, elementId: string, variables: Variables): Record<string, string> {
  const headers = rt.model.taskHeaders(elementId);
  if (!rt.model.isJobWorkerUserTask(elementId)) return headers;
  const p = rt.model.userTaskProperties(elementId);
  const put = (name: string, value: string | undefined) => {
    if (value) headers[name] = value;
  };
  if (p.assignee) put(USER_TASK_HEADERS.assignee, evaluateString(p.assignee, variables, 'the assignee'));
  if (p.candidateGroups) {
    put(USER_TASK_HEADERS.candidateGroups, JSON.stringify(evaluateStringList(p.candidateGroups, variables, 'the candidate groups')));
  }
  if (p.candidateUsers) {
    put(USER_TASK_HEADERS.candidateUsers, JSON.stringify(evaluateStringList(p.candidateUsers, variables, 'the candidate users')));
  }
  if (p.dueDate) put(USER_TASK_HEADERS.dueDate, dateHeader(p.dueDate, variables, 'the due date'));
  if (p.followUpDate) put(USER_TASK_HEADERS.followUpDate, dateHeader(p.followUpDate, variables, 'the follow-up date'));
  if (p.formKey) put(USER_TASK_HEADERS.formKey, p.formKey);
  if (p.formId) {
    const formId = evaluateString(p.formId, variables, 'the form id');
    const form = step.ctx.definitions.latestForm(formId);
    if (!form) {
      throw new FormNotFound(
        `Expected to find a form with id '${formId}', but no form with this id is found, at least a form with this id should be available.`,
      );
    }
    put(USER_TASK_HEADERS.formKey, form.key);
  }
  return headers;
}

function dateHeader(value: string, variables: Variables, what: string): string | undefined {
  const result = evaluateValue(value, variables);
  if (result === null || result === '') return undefined;
  if (typeof result !== 'string') throw new ExpressionError(value, `expected ${what} to be a date and time, but it was ${typeof result}`);
  return javaDateTime(result);
}

const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Zeebe parses due and follow-up dates into a Java ZonedDateTime and hands
 * out its toString(): seconds only when not zero, fractions in groups of
 * three digits, `Z` for UTC. Values it would not parse are passed on as given.
 */
export function javaDateTime(value: string): string {
  const m = DATE_TIME.exec(value);
  if (!m) return value;
  const [, date, hour, minute, second = '00', fraction = '', offset] = m;
  const nanos = Number(fraction.padEnd(9, '0'));
  let time = `${hour}:${minute}`;
  if (second !== '00' || nanos) time += `:${second}`;
  if (nanos) {
    const digits = String(nanos).padStart(9, '0');
    time += `.${nanos % 1_000_000 === 0 ? digits.slice(0, 3) : nanos % 1000 === 0 ? digits.slice(0, 6) : digits}`;
  }
  return `${date}T${time}${offset === '+00:00' || offset === '-00:00' ? 'Z' : offset}`;
}

async function jobOrThrow(step: Step, jobKey: string, action: string): Promise<JobRow> {
  const job = await step.store.one(step.store.jobs, { key: jobKey }, step.t);
  if (!job) throw new NotFoundError(`Expected to ${action} job with key '${jobKey}', but no such job was found`);
  return job;
}

function requireOpen(job: JobRow, action: string): void {
  if (job.state === 'activatable' || job.state === 'activated') return;
  throw new RejectedError(`Expected to ${action} job with key '${job.key}', but it is in state '${job.state.toUpperCase()}'`);
}

async function removeJob(step: Step, rt: InstanceRuntime | undefined, job: JobRow): Promise<void> {
  await step.store.remove(step.store.jobs, { key: job.key }, step.t);
  step.onCommit(() => step.ctx.jobIndex.remove(job.key));
  if (rt?.data.waits[job.executionId]?.key === job.key) delete rt.data.waits[job.executionId];
}

export async function completeJob(step: Step, jobKey: string, variables: Variables = {}): Promise<void> {
  const job = await jobOrThrow(step, jobKey, 'complete');
  requireOpen(job, 'complete');
  const rt = await step.runtime(job.processInstanceKey);
  const chain = rt?.data.waits[job.executionId]?.chain ?? [job.executionId];
  await removeJob(step, rt, job);
  if (!rt) return;
  try {
    applyCompletion(rt, job.elementId, job.executionId, chain, variables);
  } catch (err) {
    if (!(err instanceof ExpressionError)) throw err;
    const target = { executionId: job.executionId, elementId: job.elementId, chain, retry: 'output' as const };
    return step.raiseIncident(rt, target, 'IO_MAPPING_ERROR', err.message);
  }
  rt.signal(job.executionId);
}

/** Fails a job; variables given with the failure become local variables of its element, as in Zeebe. */
export async function failJob(
  step: Step,
  jobKey: string,
  errorMessage: string,
  retries: number,
  retryBackOffMs = 0,
  variables?: Variables,
): Promise<void> {
  const job = await jobOrThrow(step, jobKey, 'fail');
  requireOpen(job, 'fail');
  if (variables && Object.keys(variables).length) {
    const rt = await step.runtime(job.processInstanceKey);
    if (rt) setLocal(rt.data, job.executionId, variables);
  }
  if (retries > 0) {
    const activatableAt = retryBackOffMs > 0 ? step.now + retryBackOffMs : null;
    const values = { state: 'activatable' as const, retries, activatableAt, deadline: null, worker: null, errorMessage };
    await step.store.update(step.store.jobs, { key: jobKey }, values, step.t);
    step.onCommit(() => step.ctx.jobIndex.set({ ...job, ...values }));
    if (!activatableAt) step.jobAvailable(job.type);
    return;
  }
  const values = { state: 'failed' as const, retries: 0, deadline: null, worker: null, errorMessage };
  await step.store.update(step.store.jobs, { key: jobKey }, values, step.t);
  step.onCommit(() => step.ctx.jobIndex.set({ ...job, ...values }));
  await insertJobIncident(step, job, 'JOB_NO_RETRIES', errorMessage || 'No more retries left.');
}

/**
 * A BPMN error from a job: caught by the nearest boundary event here or in a
 * calling instance (see errors.ts), else the job keeps it and an incident says so.
 */
export async function throwError(step: Step, jobKey: string, errorCode: string, errorMessage = '', variables: Variables = {}): Promise<void> {
  const job = await jobOrThrow(step, jobKey, 'throw an error for');
  requireOpen(job, 'throw an error for');
  const rt = await step.runtime(job.processInstanceKey);
  if (!rt) return removeJob(step, rt, job);
  const thrownAt = { executionId: job.executionId, elementId: job.elementId };
  if (await routeBpmnError(step, rt, thrownAt, errorCode, errorMessage, variables)) {
    await removeJob(step, rt, job);
    return;
  }
  const values = { state: 'error_thrown' as const, deadline: null, worker: null, errorMessage };
  await step.store.update(step.store.jobs, { key: jobKey }, values, step.t);
  step.onCommit(() => step.ctx.jobIndex.set({ ...job, ...values }));
  await insertJobIncident(step, job, 'UNHANDLED_ERROR_EVENT', uncaughtMessage(errorCode, errorMessage));
}

async function insertJobIncident(step: Step, job: JobRow, errorType: string, errorMessage: string): Promise<void> {
  await step.store.insert(
    step.store.incidents,
    {
      key: step.nextKey(),
      processInstanceKey: job.processInstanceKey,
      bpmnProcessId: job.bpmnProcessId,
      elementId: job.elementId,
      elementInstanceKey: job.elementInstanceKey,
      executionId: job.executionId,
      jobKey: job.key,
      errorType,
      errorMessage,
      createdAt: step.now,
    },
    step.t,
  );
}

export interface Activation {
  type: string;
  worker: string;
  maxJobs: number;
  timeoutMs: number;
  fetchVariables?: string[];
}

/** Locks up to maxJobs activatable jobs of a type to a worker and returns them with their variables. */
export async function activateJobs(step: Step, activation: Activation): Promise<Job[]> {
  const candidates = step.ctx.jobIndex.activatable(activation.type, step.now, activation.maxJobs);
  if (!candidates.length) return [];
  const found = await step.store.all(step.store.jobs, { key: candidates, state: 'activatable' }, step.t);
  const runtimes = new Map<string, InstanceRuntime>();
  for (const job of found) {
    const rt = await step.runtime(job.processInstanceKey);
    if (rt) runtimes.set(job.key, rt);
    else await removeJob(step, undefined, job);
  }
  // Recovering an instance can move it on (a timer that fell due while it was away), which may end jobs.
  const moved = (await step.settle()) > 0 || step.recovered > 0;
  const still = moved ? await step.store.all(step.store.jobs, { key: candidates, state: 'activatable' }, step.t) : found;
  const activated = still.filter((job) => runtimes.has(job.key));
  if (!activated.length) return [];
  const deadline = step.now + activation.timeoutMs;
  const values = { state: 'activated' as const, deadline, worker: activation.worker };
  await step.store.update(step.store.jobs, { key: activated.map((j) => j.key) }, values, step.t);
  const jobs: Job[] = [];
  for (const job of activated) {
    const rt = runtimes.get(job.key)!;
    step.onCommit(() => step.ctx.jobIndex.set({ ...job, ...values }));
    const chain = rt.data.waits[job.executionId]?.chain ?? [job.executionId];
    jobs.push({
      key: job.key,
      type: job.type,
      processInstanceKey: job.processInstanceKey,
      bpmnProcessId: job.bpmnProcessId,
      processDefinitionVersion: job.version,
      elementId: job.elementId,
      elementInstanceKey: job.elementInstanceKey,
      customHeaders: JSON.parse(job.customHeaders) as Record<string, string>,
      variables: pick(rt.variablesFor(chain), activation.fetchVariables),
      retries: job.retries,
      deadline,
    });
  }
  return jobs;
}

/** Activated jobs past their deadline become activatable again, retries unchanged. */
export async function timeOutJobs(step: Step, keys: string[]): Promise<void> {
  for (const job of await step.store.all(step.store.jobs, { key: keys, state: 'activated' }, step.t)) {
    if (job.deadline === null || job.deadline > step.now) continue;
    const values = { state: 'activatable' as const, deadline: null, worker: null };
    await step.store.update(step.store.jobs, { key: job.key }, values, step.t);
    step.onCommit(() => step.ctx.jobIndex.set({ ...job, ...values }));
    step.jobAvailable(job.type);
  }
}

/**
 * Resolves an incident: a job incident gives the job retries and makes it
 * activatable again; an element incident tries again what failed (job
 * creation, subscription, call, script or output mappings).
 */
export async function resolveIncident(step: Step, incidentKey: string, retries?: number): Promise<void> {
  const incident = await step.store.one(step.store.incidents, { key: incidentKey }, step.t);
  if (!incident) throw new NotFoundError(`Expected to resolve incident with key '${incidentKey}', but no such incident was found`);
  await step.store.remove(step.store.incidents, { key: incidentKey }, step.t);

  if (incident.jobKey) {
    const job = await step.store.one(step.store.jobs, { key: incident.jobKey }, step.t);
    if (!job) return;
    const values = { state: 'activatable' as const, retries: retries ?? 1, activatableAt: null, deadline: null, worker: null };
    await step.store.update(step.store.jobs, { key: job.key }, values, step.t);
    step.onCommit(() => step.ctx.jobIndex.set({ ...job, ...values }));
    step.jobAvailable(job.type);
    return;
  }

  const rt = await step.runtime(incident.processInstanceKey);
  if (!rt) {
    // bpmn-engine gave up on the instance: nothing can be tried again, so the incident stays, as Zeebe raises it anew.
    const row = await step.store.one(step.store.instances, { key: incident.processInstanceKey }, step.t);
    if (row?.state === 'failed') await step.store.insert(step.store.incidents, { ...incident, key: step.nextKey(), createdAt: step.now }, step.t);
    return;
  }
  const executionId = incident.executionId ?? '';
  const wait = rt.data.waits[executionId];
  if (wait?.kind !== 'incident' || wait.key !== incidentKey) return;
  delete rt.data.waits[executionId];
  const api = rt.apis.get(executionId);
  switch (wait.retry) {
    case 'output':
      try {
        applyOutputs(rt, wait.elementId, executionId, wait.chain);
      } catch (err) {
        if (!(err instanceof ExpressionError)) throw err;
        return step.raiseIncident(rt, { executionId, elementId: wait.elementId, chain: wait.chain, retry: 'output' }, 'IO_MAPPING_ERROR', err.message);
      }
      rt.signal(executionId);
      return;
    case 'job':
      if (api) await createJob(step, rt, api);
      return;
    case 'message':
      if (api) await openSubscription(step, rt, api);
      return;
    case 'call':
      if (api) await onCall(step, rt, api);
      return;
    case 'script':
    case 'throw':
      if (api) await onWait(step, rt, api);
      return;
  }
}
