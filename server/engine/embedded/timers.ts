/**
 * Firing timers that have fallen due on the engine's clock: a timer of a
 * running instance (boundary, intermediate catch, event-based gateway) fires
 * its bpmn-engine callback; a timer start event creates an instance of the
 * latest version and schedules its next repetition.
 */
import { ISOInterval, getDate } from '@0dep/piso';
import type { DeployedDefinition } from './definitions.js';
import { evaluateValue } from './feel.js';
import type { TimerEntry } from './indexes.js';
import type { Step } from './step.js';
import type { TimerRow } from './store.js';

export async function fireTimer(step: Step, timer: TimerEntry): Promise<void> {
  if (timer.processInstanceKey && timer.executionId) {
    const rt = await step.runtime(timer.processInstanceKey);
    if (rt && rt.data.timers[timer.executionId]?.key === timer.key && rt.fireTimer(timer.executionId)) return;
    // The instance or the element is gone, or bpmn-engine fired it already while recovering.
    if (rt) await step.removeTimer(rt, timer.executionId);
    await dropTimer(step, timer.key);
    return;
  }
  if (timer.processDefinitionKey) await fireStartTimer(step, timer);
}

async function dropTimer(step: Step, key: string): Promise<void> {
  await step.store.remove(step.store.timers, { key }, step.t);
  step.onCommit(() => step.ctx.timerIndex.remove(key));
}

async function fireStartTimer(step: Step, timer: TimerEntry): Promise<void> {
  const row = await step.store.one(step.store.timers, { key: timer.key }, step.t);
  const definition = step.ctx.definitions.get(timer.processDefinitionKey!);
  await dropTimer(step, timer.key);
  if (!row || !definition || step.ctx.definitions.latest(definition.bpmnProcessId) !== definition) return;

  const rt = await step.createInstance(definition, row.elementId, {});
  const executionId = rt.pendingTimerOf(row.elementId);
  if (executionId) rt.fireTimer(executionId);

  const remaining = row.repetitions === null ? 0 : row.repetitions - 1;
  if (row.interval && (row.repetitions === -1 || remaining > 0)) {
    const next = new ISOInterval(row.interval).parse().getExpireAt(new Date(row.dueAt), new Date(row.dueAt)).getTime();
    await insertStartTimer(step, definition, row.elementId, Math.max(next, row.dueAt + 1), row.repetitions === -1 ? -1 : remaining, row.interval);
  }
}

/** A new latest version replaces the timer start events of the versions before it. */
export async function scheduleStartTimers(step: Step, definition: DeployedDefinition, previous: DeployedDefinition | undefined): Promise<void> {
  if (previous) {
    await step.store.remove(step.store.timers, { processDefinitionKey: previous.key }, step.t);
    step.onCommit(() => step.ctx.timerIndex.removeDefinition(previous.key));
  }
  const now = step.ctx.clock.now();
  for (const start of definition.model.timerStartEvents()) {
    if (start.timeDate) {
      const date = getDate(String(evaluateValue(start.timeDate, {})));
      await insertStartTimer(step, definition, start.elementId, date.getTime(), null, null);
    } else if (start.timeCycle) {
      const cycle = String(evaluateValue(start.timeCycle, {}));
      const parsed = new ISOInterval(cycle).parse();
      const repetitions = parsed.repeat === -1 || !parsed.repeat ? -1 : parsed.repeat;
      await insertStartTimer(step, definition, start.elementId, parsed.getExpireAt(now, now).getTime(), repetitions, cycle);
    } else if (start.timeDuration) {
      const duration = String(evaluateValue(start.timeDuration, {}));
      const due = new ISOInterval(duration).parse().getExpireAt(now, now).getTime();
      await insertStartTimer(step, definition, start.elementId, due, null, null);
    }
  }
}

async function insertStartTimer(
  step: Step,
  definition: DeployedDefinition,
  elementId: string,
  dueAt: number,
  repetitions: number | null,
  interval: string | null,
): Promise<void> {
  const row: TimerRow = {
    key: step.nextKey(),
    processInstanceKey: null,
    processDefinitionKey: definition.key,
    elementId,
    executionId: null,
    dueAt,
    repetitions,
    interval,
    createdAt: step.now,
  };
  await step.store.insert(step.store.timers, row, step.t);
  step.onCommit(() => step.ctx.timerIndex.set(row));
}
