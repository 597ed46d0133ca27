/**
 * Job workers on external tasks. One long poll (fetchAndLock) asks for every
 * registered topic at once, so an app server with twenty-five job types
 * keeps one request open instead of twenty-five; each task then runs its
 * topic's handler, and the handler's result goes back as complete, failure
 * or bpmnError. Each app server locks under a worker id of its own, so it
 * can tell the tasks it holds from those of the others (a user task is still
 * completed through any server: the adapter completes it as its holder).
 *
 * A poll whose answer is lost (the node died or hung after locking) would
 * leave its tasks locked for the whole lock duration, 15 minutes for a user
 * task, while nobody works them. So after such a poll the poller looks for
 * tasks locked under its id that it never received and unlocks them, and the
 * next poll, of any server, fetches them again.
 */
import type { Job, WorkerOptions } from '../port.js';
import { OutcomeUnknown, type OperatonRest } from './rest-client.js';

export interface LockedTask {
  id: string;
  topicName: string;
  activityId: string;
  activityInstanceId: string;
  processInstanceId: string;
  processDefinitionId: string;
  retries: number | null;
  lockExpirationTime: string;
  variables?: Record<string, { type?: string; value: unknown; valueInfo?: Record<string, unknown> }>;
  extensionProperties?: Record<string, string>;
}

export interface Registration {
  options: WorkerOptions;
  inFlight: number;
  closed: boolean;
}

/** What the adapter does with a locked task: turn it into a job and run the handler. */
export type Dispatch = (task: LockedTask, registration: Registration) => Promise<void>;

const LONG_POLL_MS = 2_000;
const DEFAULT_LOCK_MS = 5 * 60_000;
const DEFAULT_CAPACITY = 32;
/** A node that hung rather than died may still answer the lost poll late: look again for this long, every ORPHAN_CHECK_EVERY_MS. */
const ORPHAN_WATCH_MS = 60_000;
const ORPHAN_CHECK_EVERY_MS = 10_000;
const ORPHAN_PAGE = 500;
/** How long a received task is remembered beyond its lock, so a task held a little longer by the engine's clock is not taken for an orphan. */
const RECEIVED_MARGIN_MS = 60_000;

export class TaskPoller {
  private readonly registrations = new Map<string, Registration[]>();
  private running = false;
  /** Each change of topics starts a new poll loop; the older one ends when its open poll returns. */
  private generation = 0;
  private readonly loops = new Set<Promise<void>>();
  private wake?: () => void;
  /** Tasks this poller received, each with the local time after which its lock has surely passed. */
  private readonly received = new Map<string, number>();
  private pollsOpen = 0;
  /** While set, a poll's answer was lost: look for its tasks until then. */
  private orphansWatchedUntil = 0;
  private orphansCheckedAt = 0;
  private prunedAt = 0;

  constructor(
    private readonly rest: Pick<OperatonRest, 'get' | 'post'>,
    private readonly workerId: string,
    private readonly dispatch: Dispatch,
    private readonly extraVariables: string[],
    /** The processes this application deployed: tasks of others on a shared engine are not its to lock. */
    private readonly ownProcesses: () => string[],
    private readonly log: (msg: string) => void,
  ) {}

  add(options: WorkerOptions): Registration {
    const registration: Registration = { options, inFlight: 0, closed: false };
    const list = this.registrations.get(options.type) ?? [];
    list.push(registration);
    this.registrations.set(options.type, list);
    this.running = true;
    this.restartPoll();
    return registration;
  }

  remove(registration: Registration): void {
    registration.closed = true;
    const list = (this.registrations.get(registration.options.type) ?? []).filter((r) => r !== registration);
    if (list.length) this.registrations.set(registration.options.type, list);
    else this.registrations.delete(registration.options.type);
    this.restartPoll();
  }

  /** Waits for the open polls (at most one long-poll timeout) and gives back what they brought. */
  async stop(): Promise<void> {
    this.running = false;
    this.generation += 1;
    this.wake?.();
    await Promise.all([...this.loops]);
  }

  /** A handler finished: there may be room for more. */
  released(): void {
    this.wake?.();
  }

  /**
   * A new loop asks for the new set of topics at once. The open poll is left
   * to finish: aborting it would leave whatever the engine locked for it
   * locked until the lock expires.
   */
  private restartPoll(): void {
    if (!this.running) return;
    const generation = ++this.generation;
    this.wake?.();
    const loop = this.run(generation).finally(() => this.loops.delete(loop));
    this.loops.add(loop);
  }

  private async run(generation: number): Promise<void> {
    while (this.running && generation === this.generation) {
      await this.releaseOrphansIfDue();
      const topics = this.topicsWithRoom();
      if (!topics.length) {
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          setTimeout(resolve, LONG_POLL_MS);
        });
        continue;
      }
      const maxTasks = Math.min(DEFAULT_CAPACITY, topics.reduce((n, t) => n + t.room, 0));
      let tasks: LockedTask[];
      this.pollsOpen += 1;
      try {
        // Not safe to repeat on another node: a poll that failed in flight may have locked tasks (see releaseOrphans).
        tasks = await this.rest.post<LockedTask[]>(
          '/external-task/fetchAndLock',
          {
            workerId: this.workerId,
            maxTasks,
            asyncResponseTimeout: LONG_POLL_MS,
            topics: topics.map((t) => t.request),
          },
          { timeoutMs: LONG_POLL_MS + 15_000 },
        );
        this.remember(tasks, topics);
      } catch (err) {
        if (err instanceof OutcomeUnknown) this.orphansWatchedUntil = Date.now() + ORPHAN_WATCH_MS;
        if (!this.running || generation !== this.generation) continue;
        this.log(`operaton: fetchAndLock failed: ${(err as Error).message}`);
        await new Promise((r) => setTimeout(r, 500));
        continue;
      } finally {
        this.pollsOpen -= 1;
      }
      for (const task of tasks) this.hand(task);
    }
  }

  /** Each task received until its lock has surely passed; those past it are forgotten once a minute. */
  private remember(tasks: LockedTask[], topics: Array<{ lockMs: number; request: Record<string, unknown> }>): void {
    const now = Date.now();
    for (const task of tasks) this.received.set(task.id, now + (topics.find((t) => t.request.topicName === task.topicName)?.lockMs ?? DEFAULT_LOCK_MS) + RECEIVED_MARGIN_MS);
    if (now - this.prunedAt < RECEIVED_MARGIN_MS) return;
    this.prunedAt = now;
    for (const [id, forgetAt] of this.received) if (forgetAt < now) this.received.delete(id);
  }

  private async releaseOrphansIfDue(): Promise<void> {
    const now = Date.now();
    if (now > this.orphansWatchedUntil || now - this.orphansCheckedAt < ORPHAN_CHECK_EVERY_MS || this.pollsOpen > 0) return;
    this.orphansCheckedAt = now;
    try {
      const released = await this.releaseOrphans();
      if (released) this.log(`operaton: unlocked ${released} task(s) locked by a poll whose answer was lost`);
    } catch (err) {
      this.log(`operaton: looking for tasks a lost poll locked failed, will look again: ${(err as Error).message}`);
    }
  }

  /**
   * Unlocks the tasks locked under this poller's worker id that it never
   * received. Called only while none of its polls is open, so every task it
   * did receive is known by then.
   */
  async releaseOrphans(): Promise<number> {
    const held: Array<{ id: string }> = [];
    for (let first = 0; ; first += ORPHAN_PAGE) {
      const page = await this.rest.get<Array<{ id: string }>>(
        `/external-task?workerId=${encodeURIComponent(this.workerId)}&locked=true&sortBy=id&sortOrder=asc&firstResult=${first}&maxResults=${ORPHAN_PAGE}`,
      );
      held.push(...page);
      if (page.length < ORPHAN_PAGE) break;
    }
    const orphans = held.filter((task) => !this.received.has(task.id));
    for (const task of orphans) await this.rest.post(`/external-task/${encodeURIComponent(task.id)}/unlock`);
    return orphans.length;
  }

  private hand(task: LockedTask): void {
    const registration = this.running ? (this.registrations.get(task.topicName) ?? []).find((r) => !r.closed) : undefined;
    if (!registration) {
      // Its worker closed (or the adapter stopped) while the poll was open: give the task back at once.
      this.rest.post(`/external-task/${task.id}/unlock`).catch(() => {});
      return;
    }
    registration.inFlight += 1;
    this.dispatch(task, registration)
      .catch((err) => this.log(`operaton: ${task.topicName} task ${task.id}: ${(err as Error).message}`))
      .finally(() => {
        registration.inFlight -= 1;
        this.released();
      });
  }

  private topicsWithRoom() {
    const topics: Array<{ room: number; lockMs: number; request: Record<string, unknown> }> = [];
    for (const [topicName, list] of this.registrations) {
      const open = list.filter((r) => !r.closed);
      const room = open.reduce((n, r) => n + Math.max(0, (r.options.maxJobsToActivate ?? DEFAULT_CAPACITY) - r.inFlight), 0);
      if (room <= 0) continue;
      const fetch = open.find((r) => r.options.fetchVariables)?.options.fetchVariables;
      const all = open.some((r) => !r.options.fetchVariables);
      const lockMs = Math.max(...open.map((r) => r.options.timeoutMs ?? DEFAULT_LOCK_MS));
      topics.push({
        room,
        lockMs,
        request: {
          topicName,
          lockDuration: lockMs,
          includeExtensionProperties: true,
          deserializeValues: false,
          ...(this.ownProcesses().length ? { processDefinitionKeyIn: this.ownProcesses() } : {}),
          ...(all || !fetch ? {} : { variables: [...fetch, ...this.extraVariables] }),
        },
      });
    }
    return topics;
  }
}

export function jobOf(task: LockedTask, fields: Omit<Job, 'key' | 'type' | 'processInstanceKey' | 'elementId' | 'elementInstanceKey' | 'deadline'>): Job {
  return {
    key: task.id,
    type: task.topicName,
    processInstanceKey: task.processInstanceId,
    elementId: task.activityId,
    elementInstanceKey: task.activityInstanceId,
    deadline: Date.parse(task.lockExpirationTime),
    ...fields,
  };
}
