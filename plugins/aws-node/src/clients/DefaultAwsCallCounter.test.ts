import { DefaultAwsCallCounter } from './DefaultAwsCallCounter';

const call = {
  accountId: '111111111111',
  region: 'eu-west-1',
  service: 'ECS',
  operation: 'DescribeServices',
  outcome: 'success' as const,
  attempts: 1,
};

describe('DefaultAwsCallCounter', () => {
  it('aggregates calls by account, region, service, operation and outcome', () => {
    const counter = DefaultAwsCallCounter.create();
    counter.record(call);
    counter.record({ ...call, attempts: 3 });
    counter.record({ ...call, region: 'eu-central-1' });
    counter.record({
      ...call,
      outcome: 'error',
      errorName: 'ThrottlingException',
      attempts: 3,
    });
    expect(counter.snapshot()).toEqual([
      {
        ...withoutAttempts(call),
        region: 'eu-central-1',
        count: 1,
        retries: 0,
      },
      {
        ...withoutAttempts(call),
        outcome: 'error',
        errorName: 'ThrottlingException',
        count: 1,
        retries: 2,
      },
      { ...withoutAttempts(call), count: 2, retries: 2 },
    ]);
  });

  it('resets the totals', () => {
    const counter = DefaultAwsCallCounter.create();
    counter.record(call);
    counter.reset();
    expect(counter.snapshot()).toEqual([]);
  });

  it('snapshots are copies', () => {
    const counter = DefaultAwsCallCounter.create();
    counter.record(call);
    counter.snapshot()[0].count = 99;
    expect(counter.snapshot()[0].count).toBe(1);
  });

  it('counts into every enclosing scope but not into sibling scopes', async () => {
    const counter = DefaultAwsCallCounter.create();
    const outer = counter.createScope();
    const inner = counter.createScope();
    const sibling = counter.createScope();
    await Promise.all([
      outer.run(async () => {
        counter.record(call);
        await inner.run(async () => {
          await Promise.resolve();
          counter.record({ ...call, operation: 'DescribeTasks' });
        });
      }),
      sibling.run(async () => {
        counter.record({ ...call, operation: 'ListServices' });
      }),
    ]);
    counter.record({ ...call, operation: 'UpdateService' });

    const operations = (scope: { snapshot(): { operation: string }[] }) =>
      scope.snapshot().map(c => c.operation);
    expect(operations(outer)).toEqual(['DescribeServices', 'DescribeTasks']);
    expect(operations(inner)).toEqual(['DescribeTasks']);
    expect(operations(sibling)).toEqual(['ListServices']);
    expect(operations(counter)).toEqual([
      'DescribeServices',
      'DescribeTasks',
      'ListServices',
      'UpdateService',
    ]);
  });
});

function withoutAttempts({ attempts: _, ...rest }: typeof call) {
  return rest;
}
