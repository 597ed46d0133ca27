/**
 * What the adapter does when bpmn-engine reports progress in an instance:
 * a waiting element gets its job, message subscription or FEEL script; a call
 * activity starts its child instance; a timer gets its row; an element that
 * leaves takes its job, subscription, timers and local variables with it; an
 * instance that ends hands its variables to the calling instance.
 */
import type { Variables } from '../port.js';
import { ExpressionError, evaluateString, evaluateValue } from './feel.js';
import { routeBpmnError, uncaughtMessage } from './errors.js';
import { createJob } from './jobs.js';
import { correlateToMessageStartAfterEnd, deliverableMessageWait, openSubscription } from './messages.js';
import { chainOf, type ElementApi, type InstanceRuntime, type RuntimeEvent, type Wait } from './runtime.js';
import type { Step } from './step.js';
import { evaluateMappings, propagate, setLocal } from './variables.js';

const JOB_WAIT_TYPES = new Set([
  'bpmn:ServiceTask',
  'bpmn:SendTask',
  'bpmn:BusinessRuleTask',
  'bpmn:ScriptTask',
  'bpmn:UserTask',
  'bpmn:IntermediateThrowEvent',
  'bpmn:EndEvent',
]);

export async function handleEvent(step: Step, rt: InstanceRuntime, event: RuntimeEvent): Promise<void> {
  switch (event.type) {
    case 'wait':
      return onWait(step, rt, event.api);
    case 'call':
      return onCall(step, rt, event.api);
    case 'leave':
      return onLeave(step, rt, event.api, event.ran);
    case 'timer-set':
      return onTimerSet(step, rt, event);
    case 'timer-cleared':
      return step.removeTimer(rt, event.executionId);
    case 'end':
      return onEnd(step, rt);
    case 'failed':
      return onFailed(step, rt, event.error);
  }
}

export async function onWait(step: Step, rt: InstanceRuntime, api: ElementApi): Promise<void> {
  if (rt.data.waits[api.executionId]) return;
  const element = rt.model.element(api.id);
  if (!element) return;
  if (deliverableMessageWait(rt, api)) return openSubscription(step, rt, api);
  if (JOB_WAIT_TYPES.has(api.type) && rt.model.taskDefinition(api.id)) return createJob(step, rt, api);
  if (element.type === 'bpmn:ScriptTask' && rt.model.script(api.id)) return runScript(step, rt, api);
  if (rt.model.thrownErrorCode(api.id) !== undefined) return throwFromEndEvent(step, rt, api);
}

/** An error end event: its error goes by code to the catching boundary event, or becomes an incident. */
async function throwFromEndEvent(step: Step, rt: InstanceRuntime, api: ElementApi): Promise<void> {
  const chain = chainOf(api.content);
  const target = { executionId: api.executionId, elementId: api.id, chain, retry: 'throw' as const };
  let errorCode: string;
  try {
    errorCode = evaluateString(rt.model.thrownErrorCode(api.id)!, rt.variablesFor(chain), 'the error code');
  } catch (err) {
    if (!(err instanceof ExpressionError)) throw err;
    return step.raiseIncident(rt, target, 'EXTRACT_VALUE_ERROR', err.message);
  }
  if (await routeBpmnError(step, rt, { executionId: api.executionId, elementId: api.id }, errorCode, '', {})) return;
  await step.raiseIncident(rt, target, 'UNHANDLED_ERROR_EVENT', uncaughtMessage(errorCode, ''));
}

/**
 * A multi-instance iteration's own scope: the input element, the loop
 * counter, and the output element when it names a variable, so a job's
 * result of that name stays in the iteration instead of overwriting others.
 */
export function prepareIteration(rt: InstanceRuntime, api: ElementApi): void {
  const loop = rt.model.loop(api.id);
  const index = api.content.index;
  if (!loop || typeof index !== 'number' || rt.data.locals[api.executionId]?.loopCounter !== undefined) return;
  const locals: Variables = { loopCounter: index + 1 };
  if (loop.inputElement) locals[loop.inputElement] = api.content[loop.inputElement] ?? null;
  const outputVariable = loop.outputElement?.match(/^\s*=\s*([A-Za-z_][\w]*)\s*$/)?.[1];
  if (outputVariable && !(outputVariable in locals)) locals[outputVariable] = null;
  setLocal(rt.data, api.executionId, locals);
}

/**
 * Merges an element's result into the instance as Zeebe does: without output
 * mappings the variables propagate from the element's scope; with output
 * mappings they become local and only the mappings' targets propagate.
 */
export function applyCompletion(rt: InstanceRuntime, elementId: string, executionId: string, chain: string[], variables: Variables): void {
  if (rt.model.outputs(elementId).length) {
    setLocal(rt.data, executionId, variables);
    applyOutputs(rt, elementId, executionId, chain);
    return;
  }
  propagate(rt.data, chain, variables);
  collectIterationOutput(rt, elementId, executionId, chain);
}

export function applyOutputs(rt: InstanceRuntime, elementId: string, executionId: string, chain: string[]): void {
  const outputs = rt.model.outputs(elementId);
  propagate(rt.data, chain.slice(1), evaluateMappings(outputs, rt.variablesFor(chain)));
  collectIterationOutput(rt, elementId, executionId, chain);
}

function collectIterationOutput(rt: InstanceRuntime, elementId: string, executionId: string, chain: string[]): void {
  const loop = rt.model.loop(elementId);
  const counter = rt.data.locals[executionId]?.loopCounter;
  const body = chain[1];
  if (!loop?.outputCollection || !loop.outputElement || typeof counter !== 'number' || !body) return;
  const collection = rt.data.locals[body]?.[loop.outputCollection];
  if (Array.isArray(collection)) collection[counter - 1] = evaluateValue(loop.outputElement, rt.variablesFor(chain));
}

async function runScript(step: Step, rt: InstanceRuntime, api: ElementApi): Promise<void> {
  const chain = chainOf(api.content);
  const script = rt.model.script(api.id)!;
  prepareIteration(rt, api);
  try {
    const value = evaluateValue(script.expression, rt.variablesFor(chain));
    applyCompletion(rt, api.id, api.executionId, chain, script.resultVariable ? { [script.resultVariable]: value } : {});
  } catch (err) {
    if (!(err instanceof ExpressionError)) throw err;
    return step.raiseIncident(rt, { executionId: api.executionId, elementId: api.id, chain, retry: 'script' }, 'EXTRACT_VALUE_ERROR', err.message);
  }
  rt.signal(api.executionId);
}

/** A call activity starts the latest version of the called process as a child instance. */
export async function onCall(step: Step, rt: InstanceRuntime, api: ElementApi): Promise<void> {
  if (rt.data.waits[api.executionId]) return;
  const chain = chainOf(api.content);
  const target = { executionId: api.executionId, elementId: api.id, chain, retry: 'call' as const };
  const called = rt.model.calledElement(api.id)!;
  let processId: string;
  let variables: Variables;
  try {
    if (rt.model.loop(api.id)) {
      prepareIteration(rt, api);
      const inputs = rt.model.inputs(api.id);
      if (inputs.length) setLocal(rt.data, api.executionId, evaluateMappings(inputs, rt.variablesFor(chain)));
    }
    processId = evaluateString(called.processId, rt.variablesFor(chain), 'the called process id');
    variables = called.propagateAllParentVariables ? rt.variablesFor(chain) : { ...rt.data.locals[api.executionId] };
  } catch (err) {
    if (!(err instanceof ExpressionError)) throw err;
    return step.raiseIncident(rt, target, 'EXTRACT_VALUE_ERROR', err.message);
  }
  const definition = step.ctx.definitions.latest(processId);
  if (!definition) {
    const message = `Expected process with BPMN process id '${processId}' to be deployed, but not found.`;
    return step.raiseIncident(rt, target, 'CALLED_ELEMENT_ERROR', message);
  }
  const start = definition.model.noneStartEvent();
  if (!start) {
    const message = `Expected process with BPMN process id '${processId}' to have a none start event, but not found.`;
    return step.raiseIncident(rt, target, 'CALLED_ELEMENT_ERROR', message);
  }
  const child = await step.createInstance(definition, start.id, variables, {
    parentInstanceKey: rt.key,
    parentExecutionId: api.executionId,
  });
  rt.data.waits[api.executionId] = { kind: 'call', key: child.key, elementId: api.id, chain };
}

async function onChildEnded(step: Step, child: InstanceRuntime): Promise<void> {
  const { parentInstanceKey, parentExecutionId } = child.identity;
  if (!parentInstanceKey || !parentExecutionId) return;
  const parent = await step.runtime(parentInstanceKey);
  const wait = parent?.data.waits[parentExecutionId];
  if (!parent || wait?.kind !== 'call' || wait.key !== child.key) return;
  delete parent.data.waits[parentExecutionId];
  const called = parent.model.calledElement(wait.elementId)!;
  const hasOutputs = parent.model.outputs(wait.elementId).length > 0;
  const childVariables = hasOutputs || called.propagateAllChildVariables ? child.data.variables : {};
  try {
    applyCompletion(parent, wait.elementId, parentExecutionId, wait.chain, childVariables);
  } catch (err) {
    if (!(err instanceof ExpressionError)) throw err;
    const target = { executionId: parentExecutionId, elementId: wait.elementId, chain: wait.chain, retry: 'output' as const };
    return step.raiseIncident(parent, target, 'IO_MAPPING_ERROR', err.message);
  }
  parent.signal(parentExecutionId);
}

/** An element that leaves (completed or interrupted) closes everything it and its inner elements held. */
async function onLeave(step: Step, rt: InstanceRuntime, api: ElementApi, ran: boolean): Promise<void> {
  const id = api.executionId;
  const inside = (executionId: string, chain: string[]) => executionId === id || chain.includes(id);
  for (const [executionId, wait] of Object.entries(rt.data.waits) as Array<[string, Wait]>) {
    if (inside(executionId, wait.chain)) await step.removeWait(rt, executionId, wait);
  }
  for (const [executionId, timer] of Object.entries(rt.data.timers)) {
    if (inside(executionId, timer.chain)) await step.removeTimer(rt, executionId);
  }
  const own = (k: string) => k === id || k.startsWith(`${id}_`);
  for (const k of Object.keys(rt.data.locals)) if (own(k)) delete rt.data.locals[k];
  for (const k of Object.keys(rt.data.keys)) if (own(k)) delete rt.data.keys[k];
  // For the monitor: which elements this instance has passed through (not those on a path it did not take).
  if (ran) await step.store.insert(step.store.history, { key: step.nextKey(), processInstanceKey: rt.key, elementId: api.id, leftAt: step.now }, step.t);
}

async function onTimerSet(step: Step, rt: InstanceRuntime, event: Extract<RuntimeEvent, { type: 'timer-set' }>): Promise<void> {
  if (rt.data.timers[event.executionId]) return;
  const row = {
    key: step.nextKey(),
    processInstanceKey: rt.key,
    processDefinitionKey: null,
    elementId: event.elementId,
    executionId: event.executionId,
    dueAt: event.dueAt,
    repetitions: null,
    interval: null,
    createdAt: step.now,
  };
  await step.store.insert(step.store.timers, row, step.t);
  rt.data.timers[event.executionId] = { key: row.key, chain: event.chain };
  step.onCommit(() => step.ctx.timerIndex.set(row));
}

async function onEnd(step: Step, rt: InstanceRuntime): Promise<void> {
  await step.finish(rt, 'completed');
  await onChildEnded(step, rt);
  await correlateToMessageStartAfterEnd(step, rt);
}

/** bpmn-engine gave up on the instance: an incident says why, and the instance stops. */
async function onFailed(step: Step, rt: InstanceRuntime, error: Error): Promise<void> {
  const source = (error as { source?: { content?: { id?: string; executionId?: string } } }).source?.content;
  const elementId = source?.id ?? rt.identity.bpmnProcessId;
  const executionId = source?.executionId ?? rt.key;
  let errorType = error instanceof ExpressionError || (error as { inner?: unknown }).inner instanceof ExpressionError ? 'EXTRACT_VALUE_ERROR' : 'UNKNOWN';
  let errorMessage = error.message;
  if (/no conditional flow taken/.test(error.message)) {
    errorType = 'CONDITION_ERROR';
    errorMessage = 'Expected at least one condition to evaluate to true, or to have a default flow';
  }
  await step.raiseIncident(rt, { executionId, elementId, chain: [executionId] }, errorType, errorMessage);
  step.ctx.log(`instance ${rt.key} failed at ${elementId}: ${error.message}`);
  await step.finish(rt, 'failed');
}
