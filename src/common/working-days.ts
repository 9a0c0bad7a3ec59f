/**
 * Working-day arithmetic for review deadlines (a provider answers a conditional application
 * within 10 working days). Days are calendar days in China Standard Time (UTC+8); weekends are
 * skipped unless listed as make-up working days (调休), listed holidays are skipped.
 */
export interface WorkingCalendar {
  /** Public holidays, YYYY-MM-DD. */
  holidays: ReadonlySet<string>;
  /** Weekend days that are working days (调休上班), YYYY-MM-DD. */
  workingWeekends: ReadonlySet<string>;
}

const CST_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

export function chinaDate(instant: Date): string {
  return new Date(instant.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

export function isWorkingDay(date: string, calendar: WorkingCalendar): boolean {
  if (calendar.holidays.has(date)) return false;
  if (calendar.workingWeekends.has(date)) return true;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/**
 * The deadline `days` working days after `start`: the end (23:59:59.999 CST) of the n-th working
 * day after the day of submission, so an application made on Friday 18:00 is due at the end of
 * the 10th working day after it, whatever the hour.
 */
export function addWorkingDays(start: Date, days: number, calendar: WorkingCalendar): Date {
  let cursor = new Date(`${chinaDate(start)}T00:00:00Z`).getTime();
  let counted = 0;
  while (counted < days) {
    cursor += DAY_MS;
    if (isWorkingDay(new Date(cursor).toISOString().slice(0, 10), calendar)) counted += 1;
  }
  // cursor is midnight of the due day in CST expressed as if UTC; move to the end of that CST day.
  return new Date(cursor - CST_OFFSET_MS + DAY_MS - 1);
}
