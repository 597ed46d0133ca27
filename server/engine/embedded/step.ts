/**
 * A step: one transaction in which the engine changes state. It loads the
 * instances it touches (recovering bpmn-engine from the stored state), lets
 * bpmn-engine run, turns what happened into rows (see instance-events.ts),
 * and saves every touched instance before the transaction commits. In-memory
 * mirrors (runtime cache, job and timer indexes) change only after commit.
 */
import type { Transaction } from 'sequelize';
import type { Clock } from '../../clock.js';
import type { Variables } from '../port.js';
import type { DefinitionRegistry, DeployedDefinition } from './definitions.js';
import type { JobIndex, TimerIndex } from './indexes.js';
import { handleEvent } from './instance-events.js';
import type { KeyAllocator } from './keys.js';
import { emptyData, InstanceRuntime, type InstanceData, type Wait } from './runtime.js';
import type { EngineStore, InstanceRow, InstanceState, JobRow } from './store.js';

export interface EngineContext {
  store: EngineStore;
  keys: KeyAllocator;
  clock: Clock;
  log: (msg: string) => void;
  definitions: DefinitionRegistry;
  runtimes: RuntimeCache;
  jobIndex: JobIndex;
  timerIndex: TimerIndex;
  /** Called after commit with the job types that may have new work. */
  jobsAvailable: (types: Set<string>) => void;
}

/**
 * Instances kept in memory between steps, least recently used out first; the
 * database stays the truth. A recovered bpmn-engine instance costs about 25 kB
 * per BPMN element (each has its own message broker) plus about 250 kB, so the
 * cache is bounded by that estimate rather than by a count.
 */
export class RuntimeCache {
  private readonly runtimes = new Map<string, InstanceRuntime>();
  private used = 0;
  constructor(private readonly budgetBytes = 256 * 1024 * 1024) {}

  get(key: string): InstanceRuntime | undefined {
    const rt = this.runtimes.get(key);
    if (rt) {
      this.runtimes.delete(key);
      this.runtimes.set(key, rt);
    }
    return rt;
  }

  put(rt: InstanceRuntime): void {
    this.evict(rt.key);
    this.runtimes.set(rt.key, rt);
    this.used += weight(rt);
    for (const [key] of this.runtimes) {
      if (this.used <= this.budgetBytes || key === rt.key) break;
      this.evict(key);
    }
  }

  evict(key: string): void {
    const rt = this.runtimes.get(key);
    if (!rt) return;
    this.runtimes.delete(key);
    this.used -= weight(rt);
  }
}

function weight(rt: InstanceRuntime): number {
  return 256 * 1024 + 25 * 1024 * rt.model.size();
}

export class NotFoundError extends Error {}
export class RejectedError extends Error {}

interface CreateOptions {
  parentInstanceKey?: string;
  parentExecutionId?: string;
  messageCorrelationKey?: string;
}

export class Step {
  private readonly touched = new Map<string, InstanceRuntime>();
  private readonly created = new Set<string>();
  private readonly ended = new Map<string, InstanceState>();
  private readonly afterCommit: Array<() => void> = [];
  private readonly typesWithWork = new Set<string>();
  /** How many instances this step recovered from the database (each may have moved on while resuming). */
  recovered = 0;

  constructor(
    readonly ctx: EngineContext,
    readonly t: Transaction,
  ) {}

  get now(): number {
    return this.ctx.clock.now().getTime();
  }

  get store(): EngineStore {
    return this.ctx.store;
  }

  nextKey(): string {
    return this.ctx.keys.next();
  }

  onCommit(fn: () => void): void {
    this.afterCommit.push(fn);
  }

  jobAvailable(type: string): void {
    this.typesWithWork.add(type);
  }

  /** Instances this step has in hand that are still running. */
  runningInstances(): InstanceRuntime[] {
    return [...this.touched.values()].filter((rt) => !this.ended.has(rt.key));
  }

  /** Whether this step holds the instance, so its row may be out of date until save(). */
  isTouched(key: string): boolean {
    return this.touched.has(key);
  }

  /** The running instance, loaded and resumed if it is not in memory; undefined when it has ended. */
  async runtime(key: string): Promise<InstanceRuntime | undefined> {
    const touched = this.touched.get(key);
    if (touched) return this.ended.has(key) ? undefined : touched;
    const cached = this.ctx.runtimes.get(key);
    if (cached) {
      this.touched.set(key, cached);
      return cached;
    }
    const row = await this.store.one(this.store.instances, { key }, this.t);
    if (!row || row.state !== 'active' || !row.engineState) return undefined;
    const definition = this.definition(row.processDefinitionKey);
    const startEventId = row.startEventId ?? definition.model.noneStartEvent()?.id ?? '';
    const rt = new InstanceRuntime(
      identityOf(row, startEventId),
      JSON.parse(row.data) as InstanceData,
      definition.model,
      definition.contextFor(startEventId),
      this.ctx.clock,
    );
    this.touched.set(key, rt);
    this.recovered++;
    await rt.resume(row.engineState);
    // What bpmn-engine announces while resuming is about the instance as stored: take it in before anyone moves it on.
    while (rt.events.length && !this.ended.has(key)) {
      await this.ctx.keys.ensure(this.t);
      await handleEvent(this, rt, rt.events.shift()!);
    }
    return this.ended.has(key) ? undefined : rt;
  }

  /** Starts a new instance at a start event; its first steps run in this step. */
  async createInstance(
    definition: DeployedDefinition,
    startEventId: string,
    variables: Variables,
    options: CreateOptions = {},
  ): Promise<InstanceRuntime> {
    const key = this.nextKey();
    const rt = new InstanceRuntime(
      {
        key,
        processDefinitionKey: definition.key,
        bpmnProcessId: definition.bpmnProcessId,
        version: definition.version,
        startEventId,
        parentInstanceKey: options.parentInstanceKey ?? null,
        parentExecutionId: options.parentExecutionId ?? null,
        messageCorrelationKey: options.messageCorrelationKey ?? null,
        createdAt: this.now,
      },
      emptyData(variables),
      definition.model,
      definition.contextFor(startEventId),
      this.ctx.clock,
    );
    this.touched.set(key, rt);
    this.created.add(key);
    await rt.start();
    return rt;
  }

  definition(processDefinitionKey: string): DeployedDefinition {
    const definition = this.ctx.definitions.get(processDefinitionKey);
    if (!definition) throw new Error(`process definition ${processDefinitionKey} is not deployed`);
    return definition;
  }

  /** Lets every touched instance's queued events take effect, until nothing is left to do; tells how many there were. */
  async settle(): Promise<number> {
    for (let handled = 0; ; handled++) {
      const rt = [...this.touched.values()].find((r) => r.events.length && !this.ended.has(r.key));
      if (!rt) return handled;
      await this.ctx.keys.ensure(this.t);
      const event = rt.events.shift()!;
      await handleEvent(this, rt, event);
    }
  }

  /** Marks an instance as over; its rows go with it and it leaves memory after commit. */
  async finish(rt: InstanceRuntime, state: Exclude<InstanceState, 'active'>): Promise<void> {
    if (this.ended.has(rt.key)) return;
    this.ended.set(rt.key, state);
    rt.events.length = 0;
    for (const wait of Object.values(rt.data.waits)) if (wait.kind === 'call') await this.terminate(wait.key);
    // What is left of the instance is its variables.
    Object.assign(rt.data, { locals: {}, keys: {}, waits: {}, timers: {} });
    await this.removeInstanceRows(rt.key, state !== 'failed');
  }

  /** Terminates an instance and the instances it called, as cancelling or an interrupting event does. */
  async terminate(key: string): Promise<void> {
    const rt = await this.runtime(key);
    if (rt) return this.finish(rt, 'terminated');
    const row = await this.store.one(this.store.instances, { key }, this.t);
    if (!row || (row.state !== 'active' && row.state !== 'failed')) return;
    const children = await this.store.all(this.store.instances, { parentInstanceKey: key }, this.t);
    for (const child of children) await this.terminate(child.key);
    await this.removeInstanceRows(key, true);
    await this.store.update(this.store.instances, { key }, { state: 'terminated', endedAt: this.now, engineState: null }, this.t);
  }

  /** Removes what the adapter holds for a waiting element: its job, subscription, called instance or incident. */
  async removeWait(rt: InstanceRuntime, executionId: string, wait: Wait): Promise<void> {
    delete rt.data.waits[executionId];
    rt.apis.delete(executionId);
    switch (wait.kind) {
      case 'job':
        await this.store.remove(this.store.jobs, { key: wait.key }, this.t);
        await this.store.remove(this.store.incidents, { jobKey: wait.key }, this.t);
        this.onCommit(() => this.ctx.jobIndex.remove(wait.key));
        return;
      case 'message':
        await this.store.remove(this.store.subscriptions, { key: wait.key }, this.t);
        return;
      case 'call':
        await this.terminate(wait.key);
        return;
      case 'incident':
        await this.store.remove(this.store.incidents, { key: wait.key }, this.t);
        return;
    }
  }

  async removeTimer(rt: InstanceRuntime, executionId: string): Promise<void> {
    const timer = rt.data.timers[executionId];
    if (!timer) return;
    delete rt.data.timers[executionId];
    await this.store.remove(this.store.timers, { key: timer.key }, this.t);
    this.onCommit(() => this.ctx.timerIndex.remove(timer.key));
  }

  async raiseIncident(
    rt: InstanceRuntime,
    target: { executionId: string; elementId: string; chain: string[]; retry?: Wait['retry'] },
    errorType: string,
    errorMessage: string,
  ): Promise<void> {
    const key = this.nextKey();
    await this.store.insert(
      this.store.incidents,
      {
        key,
        processInstanceKey: rt.key,
        bpmnProcessId: rt.identity.bpmnProcessId,
        elementId: target.elementId,
        elementInstanceKey: rt.keyFor(target.executionId, () => this.nextKey()),
        executionId: target.executionId,
        jobKey: null,
        errorType,
        errorMessage,
        createdAt: this.now,
      },
      this.t,
    );
    rt.data.waits[target.executionId] = { kind: 'incident', key, elementId: target.elementId, chain: target.chain, retry: target.retry };
  }

  async insertJob(row: JobRow): Promise<void> {
    await this.store.insert(this.store.jobs, row, this.t);
    this.onCommit(() => this.ctx.jobIndex.set(row));
    this.jobAvailable(row.type);
  }

  /** Writes every touched instance; called once, after settle(). */
  async save(): Promise<void> {
    for (const rt of this.touched.values()) {
      const state = this.ended.get(rt.key) ?? 'active';
      const data = JSON.stringify(rt.data);
      if (state === 'active' && !this.created.has(rt.key) && !rt.changed(data)) continue;
      const values = {
        state,
        engineState: state === 'active' ? rt.snapshot() : null,
        data,
        endedAt: state === 'active' ? null : this.now,
      };
      this.onCommit(() => rt.saved(data));
      if (this.created.has(rt.key)) {
        const id = rt.identity;
        await this.store.insert(this.store.instances, { ...id, ...values, startEventId: id.startEventId }, this.t);
      } else {
        await this.store.update(this.store.instances, { key: rt.key }, values, this.t);
      }
    }
  }

  /** After commit: memory follows the database. */
  committed(): void {
    for (const rt of this.touched.values()) {
      if (this.ended.has(rt.key)) this.ctx.runtimes.evict(rt.key);
      else this.ctx.runtimes.put(rt);
    }
    for (const fn of this.afterCommit) fn();
    if (this.typesWithWork.size) this.ctx.jobsAvailable(this.typesWithWork);
  }

  /** After rollback: nothing of this step may stay in memory. */
  rolledBack(): void {
    for (const rt of this.touched.values()) this.ctx.runtimes.evict(rt.key);
    this.ctx.keys.forget();
  }

  private async removeInstanceRows(key: string, withIncidents: boolean): Promise<void> {
    const { store, t } = this;
    await store.remove(store.jobs, { processInstanceKey: key }, t);
    await store.remove(store.subscriptions, { processInstanceKey: key }, t);
    await store.remove(store.timers, { processInstanceKey: key }, t);
    if (withIncidents) await store.remove(store.incidents, { processInstanceKey: key }, t);
    this.onCommit(() => {
      this.ctx.jobIndex.removeInstance(key);
      this.ctx.timerIndex.removeInstance(key);
    });
  }
}

function identityOf(row: InstanceRow, startEventId: string) {
  return {
    key: row.key,
    processDefinitionKey: row.processDefinitionKey,
    bpmnProcessId: row.bpmnProcessId,
    version: row.version,
    startEventId,
    parentInstanceKey: row.parentInstanceKey,
    parentExecutionId: row.parentExecutionId,
    messageCorrelationKey: row.messageCorrelationKey,
    createdAt: row.createdAt,
  };
}
