/** The ranges the views offer, in calendar months, the current one included. */
export const MONTH_CHOICES = [3, 6, 12] as const;
export type MonthChoice = (typeof MONTH_CHOICES)[number];
export const DEFAULT_MONTHS: MonthChoice = 6;

/** The range a URL asks for; the default for anything else. */
export function readMonths(value: string | null): MonthChoice {
  const months = Number(value);
  return (MONTH_CHOICES as readonly number[]).includes(months)
    ? (months as MonthChoice)
    : DEFAULT_MONTHS;
}
