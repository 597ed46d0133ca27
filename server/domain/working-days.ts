/**
 * Chinese working days (工作日) for the review time limits of rule 16: weekdays
 * minus the statutory holidays, plus the weekend days the State Council makes
 * working days (调休). The calendar is chinese-days' published table; days are
 * China calendar days ('YYYY-MM-DD', UTC+8), computed here rather than by the
 * library's date parsing, which follows the server's time zone.
 */
import calendarData from 'chinese-days/dist/chinese-days.json' with { type: 'json' };

interface HolidayCalendar {
  /** Day → "English,中文,days": statutory holidays, weekends inside them included. */
  holidays: Record<string, string>;
  /** Day → festival: weekend days that are working days (调休上班). */
  workdays: Record<string, string>;
}

const calendar = calendarData as HolidayCalendar;
const holidays = new Set(Object.keys(calendar.holidays));
const makeUpWorkdays = new Set(Object.keys(calendar.workdays));
const coveredYears = new Set([...holidays].map((day) => Number(day.slice(0, 4))));

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

function parseDay(day: string): number {
  const time = DAY_PATTERN.test(day) ? Date.parse(`${day}T00:00:00Z`) : NaN;
  if (Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== day) throw new RangeError(`not a calendar day: ${day}`);
  return time;
}

function formatDay(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/** Whether the published calendar covers the year; later years count weekdays only until chinese-days is updated. */
export function hasHolidayCalendar(year: number): boolean {
  return coveredYears.has(year);
}

export function isWorkingDay(day: string): boolean {
  const weekday = new Date(parseDay(day)).getUTCDay();
  if (holidays.has(day)) return false;
  if (makeUpWorkdays.has(day)) return true;
  return weekday !== 0 && weekday !== 6;
}

/**
 * The day `count` working days after `day` (before it when negative); the
 * start day itself is not counted, as 行政许可 time limits run from the day
 * after acceptance. A count of 0 returns `day`.
 */
export function addWorkingDays(day: string, count: number): string {
  if (!Number.isInteger(count)) throw new RangeError(`working days must be a whole number: ${count}`);
  let time = parseDay(day);
  const step = count < 0 ? -DAY_MS : DAY_MS;
  for (let left = Math.abs(count); left > 0; ) {
    time += step;
    if (isWorkingDay(formatDay(time))) left -= 1;
  }
  return formatDay(time);
}

/** The China calendar day an instant falls on. */
export function chinaDay(instant: Date): string {
  return formatDay(instant.getTime() + CHINA_OFFSET_MS);
}

/** ISO 8601 with the China offset and whole seconds, e.g. 2025-10-14T17:00:00+08:00: what Zeebe's timeDate parses. */
export function formatChinaDateTime(instant: Date): string {
  return `${new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

/** The instant at `hour`:00 China time on a China calendar day. */
export function chinaTime(day: string, hour: number): Date {
  return new Date(parseDay(day) + hour * 60 * 60 * 1000 - CHINA_OFFSET_MS);
}

/**
 * When a time limit of `workingDays` running from `from` ends: `hour`:00 China
 * time on the last working day. A limit of 0 (办理 "即时") ends the same working
 * day, or the next one when `from` is already past that hour or not a working day.
 */
export function workingDayDeadline(from: Date, workingDays: number, hour = 17): Date {
  if (!Number.isInteger(workingDays) || workingDays < 0) throw new RangeError(`a time limit must be a whole number of days: ${workingDays}`);
  const start = chinaDay(from);
  if (workingDays > 0) return chinaTime(addWorkingDays(start, workingDays), hour);
  const sameDay = chinaTime(start, hour);
  return isWorkingDay(start) && from < sameDay ? sameDay : chinaTime(addWorkingDays(start, 1), hour);
}
