/** China calendar days ('YYYY-MM-DD') as registrations and documents show them. */

import { addDays, addYears } from '../../server/domain/days.js';

export { addDays, addYears };

/**
 * A validity of `years` starting on `from`, ending the day before the
 * anniversary: 2026-11-23 for 3 years runs to 2029-11-22, and 2028-02-29 to
 * 2031-02-28 (a period without its day ends at the month's end).
 */
export function validityFrom(from: string, years: number): { validFrom: string; validTo: string } {
  return { validFrom: from, validTo: addYears(addDays(from, -1), years) };
}

/** 2026-11-23 → 2026年11月23日 */
export function chineseDay(day: string | null | undefined): string {
  if (!day) return '';
  const [y, m, d] = day.slice(0, 10).split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** An instant as China wall-clock time: 2026年10月12日 17:00 */
export function chineseDateTime(instant: Date): string {
  const local = new Date(instant.getTime() + 8 * 3_600_000);
  const hh = String(local.getUTCHours()).padStart(2, '0');
  const mm = String(local.getUTCMinutes()).padStart(2, '0');
  return `${chineseDay(local.toISOString())} ${hh}:${mm}`;
}
