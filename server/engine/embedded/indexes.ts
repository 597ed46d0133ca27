/**
 * In-memory mirrors of the job and timer tables, so the scheduler and the
 * workers can see what is due or activatable without asking the database
 * every tick. Loaded at start, changed only after a step has committed.
 */
import type { JobRow, JobState, TimerRow } from './store.js';

export interface JobEntry {
  key: string;
  type: string;
  state: JobState;
  processInstanceKey: string;
  /** Activated: the deadline; activatable after a failure: the end of the back-off. */
  wakeAt: number | null;
}

export interface TimerEntry {
  key: string;
  dueAt: number;
  processInstanceKey: string | null;
  processDefinitionKey: string | null;
  executionId: string | null;
  elementId: string;
}

const byKey = (a: { key: string }, b: { key: string }) => (BigInt(a.key) < BigInt(b.key) ? -1 : 1);

export class JobIndex {
  private readonly jobs = new Map<string, JobEntry>();

  set(row: Pick<JobRow, 'key' | 'type' | 'state' | 'processInstanceKey' | 'deadline' | 'activatableAt'>): void {
    this.jobs.set(row.key, {
      key: row.key,
      type: row.type,
      state: row.state,
      processInstanceKey: row.processInstanceKey,
      wakeAt: row.state === 'activated' ? row.deadline : row.activatableAt,
    });
  }

  remove(key: string): void {
    this.jobs.delete(key);
  }

  removeInstance(processInstanceKey: string): void {
    for (const [key, job] of this.jobs) if (job.processInstanceKey === processInstanceKey) this.jobs.delete(key);
  }

  activatable(type: string, now: number, limit: number): string[] {
    const found: JobEntry[] = [];
    for (const job of this.jobs.values()) {
      if (job.type === type && job.state === 'activatable' && (job.wakeAt === null || job.wakeAt <= now)) found.push(job);
    }
    return found.sort(byKey).slice(0, limit).map((j) => j.key);
  }

  hasActivatable(type: string, now: number): boolean {
    for (const job of this.jobs.values()) {
      if (job.type === type && job.state === 'activatable' && (job.wakeAt === null || job.wakeAt <= now)) return true;
    }
    return false;
  }

  /** Activated jobs whose deadline has passed. */
  timedOut(now: number): string[] {
    const found: string[] = [];
    for (const job of this.jobs.values()) if (job.state === 'activated' && job.wakeAt !== null && job.wakeAt <= now) found.push(job.key);
    return found;
  }
}

export class TimerIndex {
  private readonly timers = new Map<string, TimerEntry>();

  set(row: Pick<TimerRow, 'key' | 'dueAt' | 'processInstanceKey' | 'processDefinitionKey' | 'executionId' | 'elementId'>): void {
    this.timers.set(row.key, { ...row });
  }

  remove(key: string): void {
    this.timers.delete(key);
  }

  removeInstance(processInstanceKey: string): void {
    for (const [key, timer] of this.timers) if (timer.processInstanceKey === processInstanceKey) this.timers.delete(key);
  }

  removeDefinition(processDefinitionKey: string): void {
    for (const [key, timer] of this.timers) if (timer.processDefinitionKey === processDefinitionKey) this.timers.delete(key);
  }

  due(now: number): TimerEntry[] {
    return [...this.timers.values()].filter((t) => t.dueAt <= now).sort((a, b) => a.dueAt - b.dueAt || byKey(a, b));
  }
}
