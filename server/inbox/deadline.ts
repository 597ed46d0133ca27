/**
 * A task's time limit (rule 16) as reviewers read it: working days left, or
 * how many working days it is overdue, in words (the colour only repeats it).
 */
import { chinaDay, isWorkingDay } from '../domain/working-days.js';
import { DUE_SOON_WORKING_DAYS } from './inbox-query.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_SPAN = 3660;

/** Spans already counted: an inbox page asks for the same few spans on every row (bench row 3 spent 2% of /reviewer's CPU counting days). */
const counted = new Map<string, number>();
const COUNTED_MAX = 10_000;

/** Working days d with from < d ≤ to (China calendar days); negative when `to` is before `from`. */
export function workingDaysBetween(from: string, to: string): number {
  const key = `${from}|${to}`;
  let days = counted.get(key);
  if (days === undefined) {
    if (counted.size >= COUNTED_MAX) counted.clear();
    days = countWorkingDays(from, to);
    counted.set(key, days);
  }
  return days;
}

function countWorkingDays(from: string, to: string): number {
  if (from === to) return 0;
  const sign = to > from ? 1 : -1;
  const [start, end] = sign > 0 ? [from, to] : [to, from];
  let count = 0;
  let time = Date.parse(`${start}T00:00:00Z`);
  const last = Date.parse(`${end}T00:00:00Z`);
  for (let i = 0; i < MAX_SPAN && time < last; i++) {
    time += DAY_MS;
    if (isWorkingDay(new Date(time).toISOString().slice(0, 10))) count += 1;
  }
  return sign * count;
}

export type DeadlineState = 'overdue' | 'today' | 'soon' | 'ok';

export interface DeadlineView {
  state: DeadlineState;
  /** 已超期2个工作日, 今日到期, 剩3个工作日. */
  text: string;
  workingDaysLeft: number;
}

export function deadlineView(dueAt: Date | null | undefined, now: Date): DeadlineView | null {
  if (!dueAt) return null;
  const left = workingDaysBetween(chinaDay(now), chinaDay(dueAt));
  if (dueAt.getTime() < now.getTime()) {
    const late = Math.max(1, -left);
    return { state: 'overdue', text: left >= 0 ? '已超期（今日到期）' : `已超期${late}个工作日`, workingDaysLeft: left };
  }
  if (left <= 0) return { state: 'today', text: '今日到期', workingDaysLeft: 0 };
  return { state: left <= DUE_SOON_WORKING_DAYS ? 'soon' : 'ok', text: `剩${left}个工作日`, workingDaysLeft: left };
}
