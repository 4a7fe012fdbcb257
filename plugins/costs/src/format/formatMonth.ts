const long = new Intl.DateTimeFormat('en-US', {
  timeZone: 'UTC',
  month: 'short',
  year: 'numeric',
});
const short = new Intl.DateTimeFormat('en-US', {
  timeZone: 'UTC',
  month: 'short',
});
const day = new Intl.DateTimeFormat('en-US', {
  timeZone: 'UTC',
  month: 'short',
  day: 'numeric',
});

function monthStart(month: string): Date {
  return new Date(`${month}-01T00:00:00Z`);
}

/** "2026-11" as "Nov 2026". Months are UTC calendar months, as Cost Explorer's. */
export function formatMonth(month: string): string {
  return long.format(monthStart(month));
}

/** "2026-11" as "Nov", for column headers and chart axes. */
export function formatMonthShort(month: string): string {
  return short.format(monthStart(month));
}

/** "2026-11-30" as "Nov 30" (a UTC day, as Cost Explorer's). */
export function formatDay(date: string): string {
  return day.format(new Date(`${date}T00:00:00Z`));
}
