/** Time units in ms; every time in the SLO arithmetic is ms since the epoch (UTC). */
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
