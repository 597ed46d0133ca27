/** Shared helpers for the embedded engine's own tests. */
import type { Sequelize } from 'sequelize';
import { ManualClock, type Clock } from '../../../../server/clock.js';
import { EmbeddedEngine } from '../../../../server/engine/embedded/index.js';
import type { Job, JobResult } from '../../../../server/engine/port.js';

/** A BPMN file with one executable process and the given flow elements (plus root elements like messages). */
export function bpmn(processId: string, flow: string, rootElements = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  id="Definitions_${processId}" targetNamespace="http://bpmn.io/schema/bpmn">
  ${rootElements}
  <bpmn:process id="${processId}" isExecutable="true">
    ${flow}
  </bpmn:process>
</bpmn:definitions>`;
}

export function serviceTask(id: string, type: string, extra = ''): string {
  return `<bpmn:serviceTask id="${id}"><bpmn:extensionElements><zeebe:taskDefinition type="${type}" />${extra}</bpmn:extensionElements></bpmn:serviceTask>`;
}

export function flow(id: string, from: string, to: string, condition?: string): string {
  if (!condition) return `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`;
  return `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${condition}</bpmn:conditionExpression></bpmn:sequenceFlow>`;
}

export async function eventually<T>(probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function openEngine(sequelize: Sequelize, clock: Clock = new ManualClock(new Date('2025-03-01T08:00:00Z'))): EmbeddedEngine {
  return new EmbeddedEngine({ sequelize, clock });
}

/** Collects the jobs of a type without finishing them: the handler keeps them open (forward). */
export function collectJobs(engine: EmbeddedEngine, type: string, options: { timeoutMs?: number } = {}): { jobs: Job[]; close(): Promise<void> } {
  const jobs: Job[] = [];
  const handle = engine.registerWorker({
    type,
    timeoutMs: options.timeoutMs ?? 3_600_000,
    handler: async (job): Promise<JobResult> => {
      jobs.push(job);
      return { outcome: 'forward' };
    },
  });
  return { jobs, close: () => handle.close() };
}

export async function instanceState(sequelize: Sequelize, key: string): Promise<string | undefined> {
  const [rows] = await sequelize.query('SELECT state FROM engine_process_instances WHERE key = ?', { replacements: [key] });
  return (rows as Array<{ state: string }>)[0]?.state;
}

export async function count(sequelize: Sequelize, table: string, where = '1=1', replacements: unknown[] = []): Promise<number> {
  const [rows] = await sequelize.query(`SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`, { replacements });
  return Number((rows as Array<{ n: number | string }>)[0].n);
}

export interface EngineFixture {
  sequelize: Sequelize;
  clock: ManualClock;
  engine: EmbeddedEngine;
  logs: string[];
}

/**
 * One migrated database and one started engine for a whole describe block,
 * on a manual clock that the tests move. Tests use their own process ids.
 */
export function useEngine(options: { instanceCacheBytes?: number } = {}): EngineFixture {
  const fixture = {} as EngineFixture;
  before(async () => {
    const { migratedDatabase } = await import('../../../support/database.js');
    fixture.sequelize = await migratedDatabase();
    fixture.clock = new ManualClock(new Date('2025-03-03T01:00:00Z'));
    fixture.logs = [];
    fixture.engine = new EmbeddedEngine({ sequelize: fixture.sequelize, clock: fixture.clock, log: (m) => fixture.logs.push(m), ...options });
    await fixture.engine.start();
  });
  after(async () => {
    await fixture.engine?.stop();
    await fixture.sequelize?.close();
  });
  return fixture;
}

/** Jobs a worker received, and a way to wait for the next one that matches. */
export class Received {
  readonly jobs: Job[] = [];
  push(job: Job): void {
    this.jobs.push(job);
  }
  async next(match: (job: Job) => boolean, timeoutMs = 5000): Promise<Job> {
    return eventually(() => this.jobs.find(match), timeoutMs);
  }
  of(processInstanceKey: string): Job[] {
    return this.jobs.filter((j) => j.processInstanceKey === processInstanceKey);
  }
}

/** Lets the scheduler see a moved clock and the workers catch up. */
export function settle(ms = 300): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
