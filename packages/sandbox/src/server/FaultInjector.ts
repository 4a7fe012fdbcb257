import { SeededRandom } from '../scenario/SeededRandom';

/** @public */
export type FaultKind = 'throttle' | 'error' | 'latency';

/**
 * A fault to inject into matching requests, before their handler runs.
 *
 * @public
 */
export interface FaultSpec {
  /** The service key (`ecs`, `sts`, ...) or `*` for every service. */
  service: string;
  /** One operation (`DescribeServices`); every operation when left out. */
  operation?: string;
  accountId?: string;
  region?: string;
  /**
   * `throttle`: the service's own throttling error. `error`: a 500 `InternalFailure` (or a 503
   * `ServiceUnavailable` with `statusCode: 503`). `latency`: waits `latencyMs` first.
   */
  kind: FaultKind;
  /** Probability (0..1) that a matching request is affected; 1 when neither rate nor count is set. */
  rate?: number;
  /** Affects the next `count` matching requests, then expires. */
  count?: number;
  latencyMs?: number;
  statusCode?: 500 | 503;
}

/** @public */
export interface Fault extends FaultSpec {
  id: string;
  /** How many requests this fault has affected. */
  applied: number;
}

/** What to do with one request. @public */
export interface FaultDecision {
  latencyMs: number;
  failure?: { kind: 'throttle' } | { kind: 'error'; statusCode: 500 | 503 };
}

/** @public */
export interface FaultInjector {
  /** Throws an Error with a readable message when the spec is not a valid fault. */
  validate(spec: FaultSpec): void;
  /** Validates and adds a fault. */
  add(spec: FaultSpec): Fault;
  remove(id: string): boolean;
  clear(): void;
  list(): Fault[];
  decide(request: {
    service: string;
    operation: string;
    accountId?: string;
    region?: string;
  }): FaultDecision;
}

/** @public */
export class DefaultFaultInjector implements FaultInjector {
  private readonly faults: Fault[] = [];
  private nextId = 1;

  private constructor(private readonly random: SeededRandom) {}

  static create(options: {
    seed: string;
    faults?: FaultSpec[];
  }): DefaultFaultInjector {
    // Seeded so that a test with `rate: 0.5` sees the same requests fail on every run.
    const injector = new DefaultFaultInjector(
      SeededRandom.forKey(options.seed, 'faults'),
    );
    for (const spec of options.faults ?? []) {
      injector.add(spec);
    }
    return injector;
  }

  add(spec: FaultSpec): Fault {
    this.validate(spec);
    const fault: Fault = {
      service: spec.service,
      operation: spec.operation,
      accountId: spec.accountId,
      region: spec.region,
      kind: spec.kind,
      rate: spec.rate,
      count: spec.count,
      latencyMs: spec.latencyMs,
      statusCode: spec.statusCode,
      id: String(this.nextId++),
      applied: 0,
    };
    this.faults.push(fault);
    return fault;
  }

  remove(id: string): boolean {
    const index = this.faults.findIndex(f => f.id === id);
    if (index < 0) {
      return false;
    }
    this.faults.splice(index, 1);
    return true;
  }

  clear() {
    this.faults.length = 0;
  }

  list(): Fault[] {
    return this.faults.map(f => ({ ...f }));
  }

  decide(request: {
    service: string;
    operation: string;
    accountId?: string;
    region?: string;
  }): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0 };
    if (this.faults.length === 0) {
      return decision;
    }
    for (const fault of [...this.faults]) {
      if (
        (fault.service !== '*' && fault.service !== request.service) ||
        (fault.operation && fault.operation !== request.operation) ||
        (fault.accountId && fault.accountId !== request.accountId) ||
        (fault.region && fault.region !== request.region)
      ) {
        continue;
      }
      if (fault.kind !== 'latency' && decision.failure) {
        continue;
      }
      const rate = fault.rate ?? 1;
      if (fault.count === undefined && this.random.next() >= rate) {
        continue;
      }
      fault.applied += 1;
      if (fault.count !== undefined && fault.applied >= fault.count) {
        this.remove(fault.id);
      }
      if (fault.kind === 'latency') {
        decision.latencyMs = Math.max(decision.latencyMs, fault.latencyMs ?? 0);
      } else if (fault.kind === 'throttle') {
        decision.failure = { kind: 'throttle' };
      } else {
        decision.failure = {
          kind: 'error',
          statusCode: fault.statusCode ?? 500,
        };
      }
    }
    return decision;
  }

  validate(spec: FaultSpec) {
    if (!spec || typeof spec !== 'object') {
      throw new Error('A fault must be an object');
    }
    if (typeof spec.service !== 'string' || spec.service === '') {
      throw new Error("A fault needs a 'service' (a service key or '*')");
    }
    if (!['throttle', 'error', 'latency'].includes(spec.kind)) {
      throw new Error("A fault's 'kind' must be throttle, error or latency");
    }
    if (
      spec.rate !== undefined &&
      (typeof spec.rate !== 'number' || spec.rate < 0 || spec.rate > 1)
    ) {
      throw new Error("A fault's 'rate' must be a number from 0 to 1");
    }
    if (
      spec.count !== undefined &&
      (!Number.isInteger(spec.count) || spec.count < 1)
    ) {
      throw new Error("A fault's 'count' must be a positive integer");
    }
    if (spec.rate !== undefined && spec.count !== undefined) {
      throw new Error("A fault takes either 'rate' or 'count', not both");
    }
    if (
      spec.kind === 'latency' &&
      (typeof spec.latencyMs !== 'number' || spec.latencyMs < 0)
    ) {
      throw new Error(
        "A latency fault needs 'latencyMs' (milliseconds, 0 or more)",
      );
    }
    if (
      spec.statusCode !== undefined &&
      spec.statusCode !== 500 &&
      spec.statusCode !== 503
    ) {
      throw new Error("A fault's 'statusCode' must be 500 or 503");
    }
    for (const key of ['operation', 'accountId', 'region'] as const) {
      if (spec[key] !== undefined && typeof spec[key] !== 'string') {
        throw new Error(`A fault's '${key}' must be a string`);
      }
    }
  }
}
