/**
 * Messages, correlated the way Zeebe does it: a waiting catch event, receive
 * task, boundary event or event-subprocess start opens a subscription on
 * (message name, correlation key); a published message goes to the open
 * subscriptions and to message start events, but to at most one subscription
 * per process (bpmnProcessId, across versions); with a time to live it is
 * buffered and correlates to subscriptions opened later; a message id keeps a
 * second copy out while the first is buffered.
 */
import { Op } from 'sequelize';
import type { PublishMessage, Variables } from '../port.js';
import type { DeployedDefinition } from './definitions.js';
import { ExpressionError, evaluateString } from './feel.js';
import { applyCompletion } from './instance-events.js';
import { chainOf, type ElementApi, type InstanceRuntime } from './runtime.js';
import type { Step } from './step.js';
import { propagate } from './variables.js';

/** A wait bpmn-engine reports for a message that needs a subscription (not a process's own message start). */
export function deliverableMessageWait(rt: InstanceRuntime, api: ElementApi): boolean {
  if (api.type !== 'bpmn:MessageEventDefinition' && api.type !== 'bpmn:ReceiveTask') return false;
  const element = rt.model.element(api.id);
  return !(element?.type === 'bpmn:StartEvent' && element.parent.id === rt.identity.bpmnProcessId);
}

export async function openSubscription(step: Step, rt: InstanceRuntime, api: ElementApi): Promise<void> {
  const chain = chainOf(api.content);
  // A boundary event's key is evaluated in the scope of the activity it is attached to.
  const attached = rt.model.element(api.id)?.type === 'bpmn:BoundaryEvent' ? api.content.inbound?.[0]?.executionId : undefined;
  const scope = attached ? [attached, ...chain.slice(1)] : chain;
  const message = rt.model.message(api.id)!;
  let name: string;
  let correlationKey: string;
  try {
    const variables = rt.variablesFor(scope);
    name = evaluateString(message.name, variables, 'the message name');
    correlationKey = evaluateString(message.correlationKey ?? '', variables, 'the correlation key');
  } catch (err) {
    if (!(err instanceof ExpressionError)) throw err;
    const target = { executionId: api.executionId, elementId: api.id, chain, retry: 'message' as const };
    return step.raiseIncident(rt, target, 'EXTRACT_VALUE_ERROR', err.message);
  }
  const key = step.nextKey();
  await step.store.insert(
    step.store.subscriptions,
    {
      key,
      processInstanceKey: rt.key,
      bpmnProcessId: rt.identity.bpmnProcessId,
      elementId: api.id,
      elementInstanceKey: rt.keyFor(api.executionId, () => step.nextKey()),
      executionId: api.executionId,
      messageName: name,
      correlationKey,
      createdAt: step.now,
    },
    step.t,
  );
  rt.data.waits[api.executionId] = { kind: 'message', key, elementId: api.id, chain };
  await correlateBuffered(step, rt, api.executionId, name, correlationKey);
}

/** A subscription that opens takes the oldest buffered message not yet correlated to its process. */
async function correlateBuffered(step: Step, rt: InstanceRuntime, executionId: string, name: string, correlationKey: string): Promise<void> {
  const buffered = await step.store.all(
    step.store.messages,
    { name, correlationKey, expiresAt: { [Op.gt]: step.now } },
    step.t,
  );
  for (const message of buffered) {
    if (await isCorrelated(step, message.key, rt.identity.bpmnProcessId)) continue;
    await markCorrelated(step, message.key, rt.identity.bpmnProcessId);
    await deliverMessage(step, rt, executionId, JSON.parse(message.variables) as Variables);
    return;
  }
}

/** Hands a message's variables to a waiting element and lets the instance move on. */
export async function deliverMessage(step: Step, rt: InstanceRuntime, executionId: string, variables: Variables): Promise<boolean> {
  const wait = rt.data.waits[executionId];
  if (wait?.kind !== 'message') return false;
  await step.store.remove(step.store.subscriptions, { key: wait.key }, step.t);
  delete rt.data.waits[executionId];
  try {
    applyCompletion(rt, wait.elementId, executionId, wait.chain, variables);
  } catch (err) {
    if (!(err instanceof ExpressionError)) throw err;
    await step.raiseIncident(rt, { executionId, elementId: wait.elementId, chain: wait.chain, retry: 'output' }, 'IO_MAPPING_ERROR', err.message);
    return true;
  }
  rt.signal(executionId);
  return true;
}

export async function publishMessage(step: Step, message: PublishMessage): Promise<void> {
  const { name, correlationKey = '', variables = {}, timeToLiveMs = 0, messageId } = message;
  if (messageId) {
    const duplicate = await step.store.one(
      step.store.messages,
      { name, correlationKey, messageId, expiresAt: { [Op.gt]: step.now } },
      step.t,
    );
    // Zeebe answers ALREADY_EXISTS; for the port that is the deduplication it asks for.
    if (duplicate) return;
  }
  const key = step.nextKey();
  const buffered = timeToLiveMs > 0;
  if (buffered) {
    await step.store.insert(
      step.store.messages,
      {
        key,
        name,
        correlationKey,
        messageId: messageId ?? null,
        variables: JSON.stringify(variables),
        expiresAt: step.now + timeToLiveMs,
        createdAt: step.now,
      },
      step.t,
    );
  }
  const correlated = new Set<string>();
  const correlate = async (bpmnProcessId: string) => {
    correlated.add(bpmnProcessId);
    if (buffered) await markCorrelated(step, key, bpmnProcessId);
  };

  for (const definition of step.ctx.definitions.latestDefinitions()) {
    const start = definition.model.messageStartEvents().find((s) => s.messageName === name);
    if (!start || correlated.has(definition.bpmnProcessId)) continue;
    if (correlationKey && (await hasMessageStartedInstance(step, definition.bpmnProcessId, correlationKey))) continue;
    await correlate(definition.bpmnProcessId);
    await startByMessage(step, definition, start.elementId, correlationKey, variables);
  }

  const subscriptions = await step.store.all(step.store.subscriptions, { messageName: name, correlationKey }, step.t);
  for (const subscription of subscriptions) {
    if (correlated.has(subscription.bpmnProcessId)) continue;
    const rt = await step.runtime(subscription.processInstanceKey);
    if (rt?.data.waits[subscription.executionId]?.key !== subscription.key) continue;
    await correlate(subscription.bpmnProcessId);
    await deliverMessage(step, rt, subscription.executionId, variables);
  }
}

async function startByMessage(
  step: Step,
  definition: DeployedDefinition,
  startEventId: string,
  correlationKey: string,
  variables: Variables,
): Promise<void> {
  const rt = await step.createInstance(definition, startEventId, {}, { messageCorrelationKey: correlationKey || undefined });
  const start = [...rt.apis.values()].find((api) => api.id === startEventId);
  propagate(rt.data, [], variables);
  if (start) rt.signal(start.executionId);
}

/**
 * Zeebe creates one instance per correlation key at a time from a message
 * start event: while one is active, further messages wait in the buffer, and
 * the oldest of them starts the next instance when it ends.
 */
export async function correlateToMessageStartAfterEnd(step: Step, rt: InstanceRuntime): Promise<void> {
  const correlationKey = rt.identity.messageCorrelationKey;
  if (!correlationKey) return;
  const definition = step.ctx.definitions.latest(rt.identity.bpmnProcessId);
  const start = definition?.model.messageStartEvents()[0];
  if (!definition || !start) return;
  if (await hasMessageStartedInstance(step, definition.bpmnProcessId, correlationKey)) return;
  const buffered = await step.store.all(
    step.store.messages,
    { name: start.messageName, correlationKey, expiresAt: { [Op.gt]: step.now } },
    step.t,
  );
  for (const message of buffered) {
    if (await isCorrelated(step, message.key, definition.bpmnProcessId)) continue;
    await markCorrelated(step, message.key, definition.bpmnProcessId);
    await startByMessage(step, definition, start.elementId, correlationKey, JSON.parse(message.variables) as Variables);
    return;
  }
}

async function hasMessageStartedInstance(step: Step, bpmnProcessId: string, correlationKey: string): Promise<boolean> {
  if (step.runningInstances().some((rt) => rt.identity.bpmnProcessId === bpmnProcessId && rt.identity.messageCorrelationKey === correlationKey)) {
    return true;
  }
  const active = await step.store.all(
    step.store.instances,
    { bpmnProcessId, messageCorrelationKey: correlationKey, state: 'active' },
    step.t,
  );
  return active.some((row) => !step.isTouched(row.key));
}

async function isCorrelated(step: Step, messageKey: string, bpmnProcessId: string): Promise<boolean> {
  return Boolean(await step.store.one(step.store.correlations, { messageKey, bpmnProcessId }, step.t));
}

async function markCorrelated(step: Step, messageKey: string, bpmnProcessId: string): Promise<void> {
  await step.store.insert(step.store.correlations, { messageKey, bpmnProcessId }, step.t);
}

/** Buffered messages whose time to live has run out are gone, with their correlation marks. */
export async function expireMessages(step: Step): Promise<void> {
  const expired = await step.store.all(step.store.messages, { expiresAt: { [Op.lte]: step.now } }, step.t);
  if (!expired.length) return;
  const keys = expired.map((m) => m.key);
  await step.store.remove(step.store.correlations, { messageKey: keys }, step.t);
  await step.store.remove(step.store.messages, { key: keys }, step.t);
}
