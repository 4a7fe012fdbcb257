/** What became of a request. @public */
export type RequestOutcome = 'ok' | 'error' | 'throttled' | 'injected';

/** @public */
export interface OperationStats {
  requests: number;
  ok: number;
  /** Answered with an error by the handler or the protocol (validation, not found...). */
  errors: number;
  /** Answered with an injected throttling error. */
  throttled: number;
  /** Answered with an injected server error. */
  injected: number;
}

/** @public */
export interface RequestStatsSnapshot {
  total: number;
  services: Record<
    string,
    { requests: number; operations: Record<string, OperationStats> }
  >;
}

/**
 * Request counters per service and operation, for tests that check how many calls a
 * collector made and for the benchmark.
 *
 * @public
 */
export interface RequestStats {
  record(service: string, operation: string, outcome: RequestOutcome): void;
  snapshot(): RequestStatsSnapshot;
  /** Requests to one operation so far (any outcome). */
  count(service: string, operation?: string): number;
  reset(): void;
}

const OUTCOME_FIELD: Record<
  RequestOutcome,
  Exclude<keyof OperationStats, 'requests'>
> = {
  ok: 'ok',
  error: 'errors',
  throttled: 'throttled',
  injected: 'injected',
};

/** @public */
export class DefaultRequestStats implements RequestStats {
  private readonly counters = new Map<string, Map<string, OperationStats>>();

  private constructor() {}

  static create(): DefaultRequestStats {
    return new DefaultRequestStats();
  }

  record(service: string, operation: string, outcome: RequestOutcome) {
    let operations = this.counters.get(service);
    if (!operations) {
      operations = new Map();
      this.counters.set(service, operations);
    }
    let stats = operations.get(operation);
    if (!stats) {
      stats = { requests: 0, ok: 0, errors: 0, throttled: 0, injected: 0 };
      operations.set(operation, stats);
    }
    stats.requests += 1;
    stats[OUTCOME_FIELD[outcome]] += 1;
  }

  count(service: string, operation?: string): number {
    const operations = this.counters.get(service);
    if (!operations) {
      return 0;
    }
    if (operation) {
      return operations.get(operation)?.requests ?? 0;
    }
    let total = 0;
    for (const stats of operations.values()) {
      total += stats.requests;
    }
    return total;
  }

  snapshot(): RequestStatsSnapshot {
    const snapshot: RequestStatsSnapshot = { total: 0, services: {} };
    for (const [service, operations] of this.counters) {
      const entry = {
        requests: 0,
        operations: {} as Record<string, OperationStats>,
      };
      for (const [operation, stats] of operations) {
        entry.operations[operation] = { ...stats };
        entry.requests += stats.requests;
      }
      snapshot.services[service] = entry;
      snapshot.total += entry.requests;
    }
    return snapshot;
  }

  reset() {
    this.counters.clear();
  }
}
