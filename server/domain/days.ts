/** Calendar days as 'YYYY-MM-DD', the way registrations and registers keep them. */

const DAY_MS = 86_400_000;

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The same day `years` later; 29 February becomes 28 February in a common year. */
export function addYears(day: string, years: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const target = new Date(Date.UTC(y + years, m - 1, d));
  if (target.getUTCMonth() !== m - 1) target.setUTCDate(0);
  return target.toISOString().slice(0, 10);
}

/** The first day of a validity of `years` that ends on `validTo` (the day after the same day `years` earlier). */
export function validityStart(validTo: string, years: number): string {
  return addDays(addYears(validTo, -years), 1);
}
