import { AsyncLocalStorage } from 'node:async_hooks';
import { AwsCallCount } from '@internal/plugin-aws-common';
import { AwsCall, AwsCallCounter, AwsCallScope } from './AwsCallCounter';

class Tally {
  readonly #counts = new Map<string, AwsCallCount>();

  add(call: AwsCall) {
    const key = [
      call.accountId,
      call.region,
      call.service,
      call.operation,
      call.outcome,
      call.errorName ?? '',
    ].join('\u0000');
    let entry = this.#counts.get(key);
    if (!entry) {
      entry = {
        accountId: call.accountId,
        region: call.region,
        service: call.service,
        operation: call.operation,
        outcome: call.outcome,
        ...(call.errorName ? { errorName: call.errorName } : {}),
        count: 0,
        retries: 0,
      };
      this.#counts.set(key, entry);
    }
    entry.count += 1;
    entry.retries += Math.max(0, call.attempts - 1);
  }

  snapshot(): AwsCallCount[] {
    return [...this.#counts.keys()]
      .sort()
      .map(key => ({ ...this.#counts.get(key)! }));
  }

  clear() {
    this.#counts.clear();
  }
}

/**
 * Counts AWS calls in memory. Scopes follow the async context
 * (AsyncLocalStorage), so concurrent collector runs sharing the same clients
 * each count only their own calls.
 *
 * @public
 */
export class DefaultAwsCallCounter implements AwsCallCounter {
  static create(): DefaultAwsCallCounter {
    return new DefaultAwsCallCounter();
  }

  readonly #total = new Tally();
  readonly #scopes = new AsyncLocalStorage<Tally[]>();

  private constructor() {}

  record(call: AwsCall): void {
    this.#total.add(call);
    for (const tally of this.#scopes.getStore() ?? []) {
      tally.add(call);
    }
  }

  snapshot(): AwsCallCount[] {
    return this.#total.snapshot();
  }

  reset(): void {
    this.#total.clear();
  }

  createScope(): AwsCallScope {
    const tally = new Tally();
    const scopes = this.#scopes;
    return {
      run<T>(fn: () => Promise<T>): Promise<T> {
        // Nested scopes also count into the scopes around them.
        const enclosing = scopes.getStore() ?? [];
        return scopes.run([...enclosing, tally], fn);
      },
      snapshot: () => tally.snapshot(),
    };
  }
}
