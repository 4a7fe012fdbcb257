import { useEffect, useState } from 'react';

// Often enough that "N minutes ago" never lags by more than a minute.
const CLOCK_TICK_MS = 30_000;

/** The current time, re-rendering every 30 s so relative times stay true. */
export function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), CLOCK_TICK_MS);
    return () => clearInterval(timer);
  }, []);
  return now;
}
