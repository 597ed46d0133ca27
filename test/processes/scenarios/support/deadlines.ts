/**
 * Time limits in seconds for the cases a scenario hurries (rule 16). The
 * acceptance and review timers read the dates `zhuce.compute-deadline`
 * returns; this stand-in for that one worker returns a reminder REMIND_MS and
 * a due date DUE_MS from now for a hurried case, and the real working-day
 * deadline for every other case. Now is real time, not the scenario's clock:
 * Zeebe fires timers on the broker's clock, and the embedded engine runs on
 * the system clock here too (engines.ts).
 */
import { complete } from '../../../../server/engine/port.js';
import { formatChinaDateTime } from '../../../../server/domain/working-days.js';
import { computeDeadline } from '../../../../workers/effects/compute-deadline.js';
import { WORKERS } from '../../../../workers/index.js';
import type { Application } from '../../../../server/db/models/application.js';
import { applicationOf, type JobWorker } from '../../../../workers/worker.js';

/** Long enough for the inbox to have the task when the reminder looks for it, on a busy machine too. */
export const REMIND_MS = 3_000;
export const DUE_MS = 4_000;

/** The dates go out in whole seconds (formatChinaDateTime): round up, so a limit is never shorter than asked. */
const inWholeSeconds = (ms: number) => new Date(Math.ceil(ms / 1000) * 1000);

/** Which cases to hurry, decided on the case record (the scenario knows the case before its id). */
export type CaseMatch = (application: Application) => boolean;

export class ShortDeadlines {
  private readonly matches = new Set<CaseMatch>();

  /**
   * From now on the acceptance and review limits of matching cases run out
   * within seconds; returns what ends it. Matching on the case rather than its
   * id lets a scenario hurry a case before filing it: a matter without an
   * employer step reaches its first deadline moments after it is filed.
   */
  hurry(match: CaseMatch): () => void {
    this.matches.add(match);
    return () => this.matches.delete(match);
  }

  readonly worker: JobWorker = {
    type: computeDeadline.type,
    handle: async (job, deps) => {
      const application = this.matches.size ? await applicationOf(job, deps) : null;
      if (!application || ![...this.matches].some((match) => match(application))) return computeDeadline.handle(job, deps);
      const now = Date.now();
      return complete({ remindAt: formatChinaDateTime(inWholeSeconds(now + REMIND_MS)), dueAt: formatChinaDateTime(inWholeSeconds(now + DUE_MS)) });
    },
  };

  /** Every real worker, with this one in place of zhuce.compute-deadline. */
  workers(): JobWorker[] {
    return [...WORKERS.filter((w) => w.type !== computeDeadline.type), this.worker];
  }
}
