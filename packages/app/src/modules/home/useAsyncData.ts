import { DependencyList, useCallback, useEffect, useState } from 'react';

/** The state of data loaded by {@link useAsyncData}. */
export interface AsyncData<T> {
  loading: boolean;
  error?: Error;
  value?: T;
  /** Loads again, e.g. from a "Retry" button after an error. */
  retry(): void;
}

/**
 * Runs `load` when a dependency changes or `retry` is called, and ignores the
 * result of a run that a newer one has superseded.
 */
export function useAsyncData<T>(
  load: () => Promise<T>,
  deps: DependencyList,
): AsyncData<T> {
  const [run, setRun] = useState(0);
  const [state, setState] = useState<Omit<AsyncData<T>, 'retry'>>({
    loading: true,
  });

  useEffect(() => {
    let current = true;
    setState({ loading: true });
    load().then(
      value => current && setState({ loading: false, value }),
      error => current && setState({ loading: false, error }),
    );
    return () => {
      current = false;
    };
    // `load` is recreated on every render; `deps` say when it really changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, run]);

  const retry = useCallback(() => setRun(n => n + 1), []);
  return { ...state, retry };
}
