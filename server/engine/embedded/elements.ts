/**
 * The bpmn-elements behaviours the embedded engine runs Zeebe files with.
 *
 * bpmn-engine knows nothing of zeebe: extensions, so every element Zeebe turns
 * into a job (service, send, business-rule and script tasks, job-worker user
 * tasks, message throw events with a task definition) becomes a wait state: it
 * announces `activity.wait`, the adapter creates the job, and the job's
 * completion signals the element. Error end events wait too, so the adapter
 * can route their error by code. Manual tasks pass straight through, as in
 * Zeebe. Timers count on the engine's clock instead of the wall clock, so a
 * test clock moves them and a restart recomputes them from stored due dates.
 */
import * as Elements from 'bpmn-elements';
import { ISOInterval, getDate } from '@0dep/piso';
import { TypeResolver } from 'moddle-context-serializer';
import type { Clock } from '../../clock.js';

type Factory = (activityDef: ActivityDef, context: unknown) => unknown;

interface ActivityDef {
  behaviour?: { extensionElements?: { values?: Array<{ $type: string }> }; eventDefinitions?: Array<{ type: string }> };
}

interface TimerMessage {
  content: Record<string, unknown> & { inbound?: Array<Record<string, unknown>> };
}

interface TimerDefinitionThis {
  environment: { options: { clock?: Clock }; resolveExpression(expr: string, message: TimerMessage): unknown };
  parse(timerType: string, value: string): { expireAt?: Date; repeat?: number };
  [timerType: string]: unknown;
}

const elements = Elements as unknown as Record<string, Factory & { prototype: object }>;

function hasTaskDefinition(activityDef: ActivityDef): boolean {
  return Boolean(activityDef.behaviour?.extensionElements?.values?.some((v) => v.$type === 'zeebe:TaskDefinition'));
}

function throwsError(activityDef: ActivityDef): boolean {
  return Boolean(activityDef.behaviour?.eventDefinitions?.some((ed) => ed.type === 'bpmn:ErrorEventDefinition'));
}

/**
 * An element the adapter holds in a wait state when it has a job (a
 * zeebe:taskDefinition) or throws a BPMN error (which the adapter routes by
 * code, as Zeebe does), and that behaves as BPMN says otherwise.
 */
function waitWhenZeebeActs(fallback: Factory): Factory {
  // A function, not an arrow: bpmn-elements calls element factories with `new`.
  return function waitOrFallback(activityDef: ActivityDef, context: unknown) {
    const wait = hasTaskDefinition(activityDef) || throwsError(activityDef);
    return wait ? elements.SignalTask(activityDef, context) : fallback(activityDef, context);
  };
}

const timerTypes = ['timeDuration', 'timeDate', 'timeCycle'];

function clockNow(self: TimerDefinitionThis): Date {
  return self.environment.options.clock?.now() ?? new Date();
}

/** TimerEventDefinition with due dates computed from the engine's clock. */
function ClockTimerEventDefinition(this: TimerDefinitionThis, activity: unknown, eventDefinition: unknown): void {
  (elements.TimerEventDefinition as unknown as (this: unknown, a: unknown, e: unknown) => void).call(
    this,
    activity,
    eventDefinition,
  );
}
ClockTimerEventDefinition.prototype = Object.create(elements.TimerEventDefinition.prototype);
ClockTimerEventDefinition.prototype.constructor = ClockTimerEventDefinition;

ClockTimerEventDefinition.prototype.parse = function parse(this: TimerDefinitionThis, timerType: string, value: string) {
  const now = clockNow(this);
  if (timerType === 'timeDate') return { expireAt: getDate(value) };
  const parsed = new ISOInterval(value).parse();
  return { expireAt: parsed.getExpireAt(now, now), repeat: parsed.repeat || undefined };
};

// Mirrors bpmn-elements' own _getTimers, with the clock in place of `new Date()`.
ClockTimerEventDefinition.prototype._getTimers = function getTimers(this: TimerDefinitionThis, executeMessage: TimerMessage) {
  const content = executeMessage.content;
  const result: Record<string, unknown> = 'expireAt' in content ? { expireAt: new Date(content.expireAt as string) } : {};
  const now = clockNow(this);

  for (const timerType of timerTypes) {
    if (timerType in content) result[timerType] = content[timerType];
    else if (timerType in this) result[timerType] = this.environment.resolveExpression(this[timerType] as string, executeMessage);
    else continue;

    const timerValue = result[timerType];
    let expireAt = now;
    let repeat: number | undefined;
    if (timerValue) {
      const parsed = this.parse(timerType, String(timerValue));
      if (!parsed.expireAt || Number.isNaN(parsed.expireAt.getTime())) {
        throw new TypeError(`Parsed ${timerType} "${String(timerValue)}" expireAt failed to resolve to a date`);
      }
      expireAt = parsed.expireAt;
      repeat = parsed.repeat;
    }
    if (!('expireAt' in result) || (result.expireAt as Date) > expireAt) {
      result.timerType = timerType;
      result.expireAt = expireAt;
      result.repeat = repeat;
    }
  }

  if ('expireAt' in result) result.timeout = (result.expireAt as Date).getTime() - now.getTime();
  else if ('timeout' in content) result.timeout = content.timeout;
  else if (!Object.keys(result).length) result.timeout = 0;

  const inbound = content.inbound?.[0];
  if (inbound && 'repeat' in inbound) result.repeat = inbound.repeat;
  return result;
};

export const ZEEBE_ELEMENTS: Record<string, unknown> = {
  ...Elements,
  ServiceTask: elements.SignalTask,
  SendTask: elements.SignalTask,
  BusinessRuleTask: elements.SignalTask,
  ScriptTask: elements.SignalTask,
  UserTask: elements.SignalTask,
  ManualTask: elements.Task,
  IntermediateThrowEvent: waitWhenZeebeActs(elements.IntermediateThrowEvent),
  EndEvent: waitWhenZeebeActs(elements.EndEvent),
  TimerEventDefinition: ClockTimerEventDefinition,
};

export const typeResolver = TypeResolver(ZEEBE_ELEMENTS as Parameters<typeof TypeResolver>[0]);
