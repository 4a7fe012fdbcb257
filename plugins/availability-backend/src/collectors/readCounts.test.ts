import { countsOf } from './readCounts';

const T = Date.parse('2026-12-01T10:00:00Z');
const M = 60_000;

const at = (entries: Array<[number, number]>) =>
  new Map(entries.map(([minute, value]) => [T + minute * M, value]));

describe('countsOf', () => {
  const requests = {
    kind: 'requests' as const,
    targetGroups: ['eu-west-1', 'eu-central-1'].map(region => ({
      targetGroup: `targetgroup/checkout-api-prod/${region}`,
      loadBalancer: 'app/shared-prod/1',
      accountId: '222222222222',
      region,
    })),
  };

  it('sums requests over target groups: target and load balancer 5XX are bad, a missing 5XX is no error, a missing RequestCount no data, 0 requests a row without traffic', () => {
    const values = new Map([
      [
        '0:requests',
        at([
          [0, 100],
          [1, 0],
          [3, 50],
        ]),
      ],
      [
        '0:errors',
        at([
          [0, 5],
          [2, 7],
        ]),
      ],
      [
        '1:requests',
        at([
          [0, 20],
          [3, 10],
        ]),
      ],
      ['1:errors', at([[3, 15]])],
      // The load balancer's own 503s (no healthy target) are bad too.
      ['1:elbErrors', at([[0, 4]])],
    ]);
    expect(countsOf(requests, values, 60, T, T + 5 * M)).toEqual([
      { start: T, good: 111, total: 120, dataMinutes: 1 },
      { start: T + M, good: 0, total: 0, dataMinutes: 1 },
      // More errors than requests counts all requests bad, no more.
      { start: T + 3 * M, good: 50, total: 60, dataMinutes: 1 },
    ]);
  });

  it('counts health minutes: any workload wanting tasks counts, good when each that wants tasks runs one', () => {
    const health = {
      kind: 'health' as const,
      workloads: [
        {
          runtime: 'ecs' as const,
          cluster: 'prod-apps',
          service: 'ledger-worker',
          accountId: '222222222222',
          region: 'eu-west-1',
        },
        {
          runtime: 'eks' as const,
          cluster: 'prod-eks',
          service: 'ledger-worker',
          namespace: 'team-freight',
          accountId: '222222222222',
          region: 'eu-west-1',
        },
      ],
    };
    const values = new Map([
      [
        '0:desired',
        at([
          [0, 2],
          [1, 2],
          [2, 0],
          [3, 0],
          [4, 2],
        ]),
      ],
      [
        '0:running',
        at([
          [0, 2],
          [1, 0],
          [2, 0],
          [3, 0],
        ]),
      ],
      [
        '1:running',
        at([
          [0, 1],
          [1, 1],
          [3, 0],
          [5, 3],
        ]),
      ],
    ]);
    expect(countsOf(health, values, 60, T, T + 6 * M)).toEqual([
      { start: T, good: 1, total: 1, dataMinutes: 1 },
      // ECS wants 2, runs none.
      { start: T + M, good: 0, total: 1, dataMinutes: 1 },
      // Desired 0 and no pods: data, nothing wanted.
      { start: T + 2 * M, good: 0, total: 0, dataMinutes: 1 },
      // The pods' datapoint says 0 running.
      { start: T + 3 * M, good: 0, total: 1, dataMinutes: 1 },
      // No running datapoint for ECS: none running.
      { start: T + 4 * M, good: 0, total: 1, dataMinutes: 1 },
      { start: T + 5 * M, good: 1, total: 1, dataMinutes: 1 },
    ]);
    // An hour counts its 60 minutes alike.
    expect(
      countsOf(
        health,
        new Map([['1:running', at([[0, 1]])]]),
        3600,
        T,
        T + 3_600_000,
      ),
    ).toEqual([{ start: T, good: 60, total: 60, dataMinutes: 60 }]);
  });
});
