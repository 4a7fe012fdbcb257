/**
 * A stored timestamp as a Date. PostgreSQL hands back Date objects,
 * better-sqlite3 epoch milliseconds or strings, depending on how the value
 * was written.
 */
export function timestampToDate(value: Date | string | number): Date {
  if (value instanceof Date) {
    return value;
  }
  if (typeof value === 'string' && /^\d+$/.test(value)) {
    return new Date(Number(value));
  }
  return new Date(value);
}
