/**
 * One process instance running in bpmn-engine. The runtime owns the Engine,
 * Zeebe-style variables and the instance's bookkeeping (element instance
 * keys, what each waiting element waits for, timer keys), all of which go
 * into the instance's row after every step.
 *
 * bpmn-engine runs synchronously: an engine call returns once every token has
 * reached a wait state. What happened on the way is queued as RuntimeEvents,
 * which the step that made the call turns into jobs, subscriptions, timers,
 * child instances and database rows (see step.ts).
 */
import { EventEmitter } from 'node:events';
import { Engine } from 'bpmn-engine';
import type { Clock } from '../../clock.js';
import type { Variables } from '../port.js';
import { ZEEBE_ELEMENTS } from './elements.js';
import { evaluateValue, isExpression } from './feel.js';
import type { SerializableContext } from 'moddle-context-serializer';
import type { ProcessModel } from './model.js';
import { evaluateMappings, propagate, setLocal, visibleVariables, type VariableScopes } from './variables.js';

/** The part of bpmn-elements' element Api the adapter uses. */
export interface ElementApi {
  id: string;
  type: string;
  executionId: string;
  content: ElementContent;
  signal(message?: unknown): void;
  discard(): void;
  sendApiMessage(action: string, content?: Record<string, unknown>): void;
}

export interface ElementContent {
  id: string;
  type: string;
  executionId: string;
  index?: number;
  isMultiInstance?: boolean;
  isRootScope?: boolean;
  inbound?: Array<{ id: string; executionId?: string }>;
  parent?: { id: string; executionId?: string; path?: Array<{ id: string; executionId?: string }> };
  message?: { id?: string; name?: string };
  [key: string]: unknown;
}

/** What the adapter waits on for an element that bpmn-engine holds in a wait state. */
export interface Wait {
  kind: 'job' | 'message' | 'call' | 'incident';
  key: string;
  elementId: string;
  chain: string[];
  /** For incidents: what to try again when the incident is resolved. */
  retry?: 'job' | 'message' | 'call' | 'script' | 'throw' | 'output';
}

export interface InstanceData extends VariableScopes {
  /** Element execution id → element instance key. */
  keys: Record<string, string>;
  waits: Record<string, Wait>;
  /** Timer execution id → its timer key and scope chain. */
  timers: Record<string, { key: string; chain: string[] }>;
}

export type RuntimeEvent =
  | { type: 'wait'; api: ElementApi }
  | { type: 'call'; api: ElementApi }
  | { type: 'leave'; api: ElementApi; ran: boolean }
  | { type: 'timer-set'; executionId: string; elementId: string; chain: string[]; dueAt: number }
  | { type: 'timer-cleared'; executionId: string }
  | { type: 'end' }
  | { type: 'failed'; error: Error };

export interface RuntimeIdentity {
  key: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  version: number;
  startEventId: string;
  parentInstanceKey: string | null;
  parentExecutionId: string | null;
  messageCorrelationKey: string | null;
  createdAt: number;
}

interface TimerRef {
  executionId: string;
}

interface TimerOwner {
  id: string;
  executionId: string;
  parent?: ElementContent['parent'];
}

const LISTENED = [
  'activity.enter',
  'activity.start',
  'activity.wait',
  'activity.call',
  'activity.timer',
  'activity.execution.completed',
  'activity.leave',
  'process.end',
];

/**
 * bpmn-engine's default logger builds a `debug` instance per element of every
 * instance (and asks whether stderr is a terminal each time); the adapter
 * reports through its own log instead.
 */
const silence = { debug: () => {}, error: () => {}, warn: () => {} };
function silentLogger() {
  return silence;
}

export function emptyData(variables: Variables = {}): InstanceData {
  return { variables: { ...variables }, locals: {}, keys: {}, waits: {}, timers: {} };
}

/** Innermost first: the element's own execution, then its enclosing scopes. */
export function chainOf(content: Pick<ElementContent, 'executionId' | 'parent'>): string[] {
  const chain = [content.executionId];
  if (content.parent?.executionId) chain.push(content.parent.executionId);
  for (const p of content.parent?.path ?? []) if (p.executionId) chain.push(p.executionId);
  return chain;
}

export class InstanceRuntime {
  readonly events: RuntimeEvent[] = [];
  readonly apis = new Map<string, ElementApi>();
  private readonly timerCallbacks = new Map<string, () => void>();
  /**
   * Scope chains of running elements, learnt from bpmn-engine's events: only
   * events carry the full parent path, while the messages bpmn-engine
   * evaluates expressions with (conditions, timers) name just the element.
   */
  private readonly chains = new Map<string, string[]>();
  /** Executions that started: an element discarded before it started (a path not taken) never ran. */
  private readonly started = new Set<string>();
  /** Variables of a BPMN error on its way to the boundary event (by element id) that catches it. */
  private readonly caughtErrorVariables = new Map<string, Variables>();
  private readonly engine: Engine;
  private readonly listener = new EventEmitter();
  /** Engine calls since the instance was last saved, and the data as saved: a step saves only what changed. */
  private engineCalls = 0;
  private savedData?: string;

  constructor(
    readonly identity: RuntimeIdentity,
    readonly data: InstanceData,
    readonly model: ProcessModel,
    sourceContext: SerializableContext,
    private readonly clock: Clock,
  ) {
    for (const name of LISTENED) this.listener.on(name, (api: ElementApi) => this.onEngineEvent(name, api));
    const options = {
      name: identity.key,
      Logger: silentLogger,
      sourceContext,
      elements: ZEEBE_ELEMENTS,
      expressions: this.expressions(),
      timers: this.timers(),
      clock,
    };
    this.engine = new Engine(options as unknown as ConstructorParameters<typeof Engine>[0]);
    this.engine.on('error', (err: Error) => this.events.push({ type: 'failed', error: err }));
  }

  get key(): string {
    return this.identity.key;
  }

  async start(): Promise<void> {
    await this.guard(() => this.engine.execute({ listener: this.listener }));
  }

  async resume(engineState: string): Promise<void> {
    this.engine.recover(JSON.parse(engineState));
    await this.guard(() => this.engine.resume({ listener: this.listener }));
  }

  /** Whether the instance changed since it was loaded or last saved. */
  changed(data: string): boolean {
    return this.engineCalls > 0 || data !== this.savedData;
  }

  saved(data: string): void {
    this.engineCalls = 0;
    this.savedData = data;
  }

  /** bpmn-engine's state without the source context, which is stored once per definition. */
  snapshot(): string {
    const execution = this.engine.execution as unknown as {
      state: string;
      stopped: boolean;
      definitions: Array<{ getState(): object }>;
    };
    return JSON.stringify({
      name: this.identity.key,
      state: execution.state,
      stopped: execution.stopped,
      environment: this.engine.environment.getState(),
      definitions: execution.definitions.map((d) => d.getState()),
    });
  }

  /** Completes the element waiting under this execution id (job, message, call, start event). */
  signal(executionId: string, output: Variables = {}): boolean {
    const api = this.apis.get(executionId);
    if (!api) return false;
    this.guardSync(() => api.signal(output));
    return true;
  }

  /**
   * Throws a BPMN error at a waiting element; the boundary event catches it
   * by code and gets the error's variables as its local ones.
   */
  throwError(executionId: string, errorCode: string, errorMessage: string, catcherId: string, variables: Variables): boolean {
    const api = this.apis.get(executionId);
    if (!api) return false;
    this.caughtErrorVariables.set(catcherId, variables);
    this.guardSync(() => api.sendApiMessage('error', { message: errorMessage, code: errorCode }));
    this.caughtErrorVariables.delete(catcherId);
    return true;
  }

  fireTimer(executionId: string): boolean {
    const fire = this.timerCallbacks.get(executionId);
    if (!fire) return false;
    this.guardSync(fire);
    return true;
  }

  /** The execution id of a timer bpmn-engine has just set for an element and this step has not yet stored. */
  pendingTimerOf(elementId: string): string | undefined {
    for (const event of this.events) if (event.type === 'timer-set' && event.elementId === elementId) return event.executionId;
    return undefined;
  }

  /** Visible variables for an element, by its scope chain. */
  variablesFor(chain: string[]): Variables {
    return visibleVariables(this.data, chain);
  }

  keyFor(executionId: string, allocate: () => string): string {
    let key = this.data.keys[executionId];
    if (!key) key = this.data.keys[executionId] = allocate();
    return key;
  }

  /** The scope chain of whatever bpmn-engine is evaluating an expression for. */
  scopeChain(content: Pick<ElementContent, 'executionId' | 'parent'>): string[] {
    const known = this.chains.get(content.executionId);
    if (known) return known;
    const parentChain = content.parent?.executionId ? this.chains.get(content.parent.executionId) : undefined;
    if (parentChain) return [content.executionId, ...parentChain];
    return chainOf(content);
  }

  private onEngineEvent(name: string, api: ElementApi): void {
    if (api.content.parent?.executionId) this.chains.set(api.executionId, chainOf(api.content));
    switch (name) {
      case 'activity.enter':
        return this.guardSync(() => this.enterScope(api));
      case 'activity.wait':
        this.apis.set(api.executionId, api);
        return void this.events.push({ type: 'wait', api });
      case 'activity.call':
        this.apis.set(api.executionId, api);
        return void this.events.push({ type: 'call', api });
      case 'activity.execution.completed':
        return this.guardSync(() => this.completeScope(api));
      case 'activity.start':
        this.started.add(api.executionId);
        return;

      case 'activity.leave':
        this.apis.delete(api.executionId);
        this.chains.delete(api.executionId);
        return void this.events.push({ type: 'leave', api, ran: this.started.delete(api.executionId) });
      case 'process.end':
        if (api.id !== this.identity.bpmnProcessId) return;
        return void this.events.push({ type: 'end' });
    }
  }

  /**
   * Input mappings of subprocesses and call activities, and the output
   * collection of a multi-instance body, must exist before bpmn-engine moves
   * on inside the scope, so they are set here, synchronously.
   */
  private enterScope(api: ElementApi): void {
    const chain = chainOf(api.content);
    const loop = this.model.loop(api.id);
    if (loop) {
      if (!loop.outputCollection) return;
      const items = evaluateValue(loop.inputCollection, this.variablesFor(chain));
      const size = Array.isArray(items) ? items.length : 0;
      setLocal(this.data, api.executionId, { [loop.outputCollection]: new Array(size).fill(null) });
      return;
    }
    const type = this.model.element(api.id)?.type;
    if (type !== 'bpmn:SubProcess' && type !== 'bpmn:CallActivity') return;
    const inputs = this.model.inputs(api.id);
    if (inputs.length) setLocal(this.data, api.executionId, evaluateMappings(inputs, this.variablesFor(chain)));
  }

  /**
   * Output mappings of a subprocess or of an error catch event, and the
   * output collection of a multi-instance body, before the outgoing flows.
   */
  private completeScope(api: ElementApi): void {
    const chain = chainOf(api.content);
    const errorVariables = this.caughtErrorVariables.get(api.id);
    if (errorVariables) {
      const outputs = this.model.outputs(api.id);
      const context = { ...this.variablesFor(chain), ...errorVariables };
      if (outputs.length) propagate(this.data, chain.slice(1), evaluateMappings(outputs, context));
      return;
    }
    const loop = this.model.loop(api.id);
    if (loop) {
      if (!loop.outputCollection) return;
      const collection = this.data.locals[api.executionId]?.[loop.outputCollection];
      propagate(this.data, chain.slice(1), { [loop.outputCollection]: collection ?? [] });
      return;
    }
    if (this.model.element(api.id)?.type !== 'bpmn:SubProcess') return;
    const outputs = this.model.outputs(api.id);
    if (outputs.length) propagate(this.data, chain.slice(1), evaluateMappings(outputs, this.variablesFor(chain)));
  }

  /** FEEL for every expression bpmn-engine resolves: conditions, timers, message names, collections. */
  private expressions() {
    const resolveExpression = (expression: unknown, context?: { content?: ElementContent }) => {
      if (typeof expression !== 'string' || !isExpression(expression)) return expression;
      const chain = context?.content?.executionId ? this.scopeChain(context.content) : [];
      return evaluateValue(expression, this.variablesFor(chain));
    };
    return { resolveExpression, isExpression, hasExpression: isExpression };
  }

  /** Timers for bpmn-engine: nothing runs here, the scheduler fires them by due date. */
  private timers() {
    const events = this.events;
    const callbacks = this.timerCallbacks;
    const clock = this.clock;
    const refs = new Map<string, TimerRef>();
    const set = (owner: TimerOwner | null, callback: (...args: unknown[]) => void, delay: number, args: unknown[]) => {
      const executionId = owner?.executionId ?? `timer_${refs.size}`;
      const ref: TimerRef = { executionId };
      refs.set(executionId, ref);
      callbacks.set(executionId, () => {
        refs.delete(executionId);
        callback(...args);
      });
      events.push({
        type: 'timer-set',
        executionId,
        elementId: owner?.id ?? executionId,
        chain: owner ? this.scopeChain(owner) : [],
        dueAt: clock.now().getTime() + Math.max(0, delay),
      });
      return ref;
    };
    const clear = (ref: unknown): undefined => {
      const executionId = (ref as TimerRef | undefined)?.executionId;
      if (executionId && callbacks.delete(executionId)) {
        refs.delete(executionId);
        events.push({ type: 'timer-cleared', executionId });
      }
      return undefined;
    };
    return {
      get executing() {
        return [...refs.values()];
      },
      register: (owner: TimerOwner) => ({
        setTimeout: (callback: (...a: unknown[]) => void, delay: number, ...args: unknown[]) => set(owner, callback, delay, args),
        clearTimeout: clear,
      }),
      setTimeout: (callback: (...a: unknown[]) => void, delay: number, ...args: unknown[]) => set(null, callback, delay, args),
      clearTimeout: clear,
    };
  }

  private async guard(run: () => Promise<unknown>): Promise<void> {
    this.engineCalls++;
    try {
      await run();
    } catch (err) {
      this.events.push({ type: 'failed', error: err as Error });
    }
  }

  private guardSync(run: () => void): void {
    this.engineCalls++;
    try {
      run();
    } catch (err) {
      this.events.push({ type: 'failed', error: err as Error });
    }
  }
}
