/**
 * zhuce.compute-deadline (rule 16): the time limit of an acceptance or review
 * step in Chinese working days, counted from now on the server clock. Due at
 * 17:00 China time on the last day; reminded at 09:00 two working days before
 * (on the due day itself when the limit is shorter than three days).
 */
import { complete } from '../../server/engine/port.js';
import { isProfessionCode, matterOf, type MatterCode } from '../../server/domain/professions.js';
import { addWorkingDays, chinaDay, chinaTime, formatChinaDateTime, workingDayDeadline } from '../../server/domain/working-days.js';
import type { JobWorker } from '../worker.js';

const DUE_HOUR = 17;
const REMIND_HOUR = 9;
const REMIND_WORKING_DAYS_BEFORE = 2;

export interface Deadline {
  dueAt: Date;
  remindAt: Date;
}

export function deadline(from: Date, workingDays: number): Deadline {
  const dueAt = workingDayDeadline(from, workingDays, DUE_HOUR);
  const dueDay = chinaDay(dueAt);
  const remindDay = workingDays < REMIND_WORKING_DAYS_BEFORE + 1 ? dueDay : addWorkingDays(dueDay, -REMIND_WORKING_DAYS_BEFORE);
  return { dueAt, remindAt: chinaTime(remindDay, REMIND_HOUR) };
}

/** The limit the header gives, else the matter's own (professions.ts). */
function workingDaysOf(headers: Record<string, string>, profession: unknown, matter: unknown): number {
  if (headers.workingDays !== undefined && headers.workingDays !== '') {
    const days = Number(headers.workingDays);
    if (!Number.isInteger(days) || days < 0) throw new Error(`header workingDays is not a whole number of days: ${headers.workingDays}`);
    return days;
  }
  const kind = headers.kind === 'acceptance' ? 'acceptance' : 'review';
  if (typeof profession !== 'string' || !isProfessionCode(profession)) throw new Error(`no time limit: unknown profession ${String(profession)}`);
  const offering = matterOf(profession, matter as MatterCode);
  if (!offering) throw new Error(`no time limit: ${profession} offers no matter ${String(matter)}`);
  const days = kind === 'acceptance' ? offering.acceptanceWorkingDays : offering.reviewWorkingDays;
  if (days === null) throw new Error(`no time limit: ${profession} ${String(matter)} has no acceptance step`);
  return days;
}

export const computeDeadline: JobWorker = {
  type: 'zhuce.compute-deadline',
  async handle(job, deps) {
    const days = workingDaysOf(job.customHeaders, job.variables.profession, job.variables.matter);
    const { dueAt, remindAt } = deadline(deps.clock.now(), days);
    return complete({ dueAt: formatChinaDateTime(dueAt), remindAt: formatChinaDateTime(remindAt) });
  },
};
