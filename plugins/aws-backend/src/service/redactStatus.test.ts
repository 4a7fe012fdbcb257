import { redactStatus } from './redactStatus';

describe('redactStatus', () => {
  it('keeps runs and per-operation totals, drops causes, accounts, regions and environments', () => {
    const call = {
      service: 'ResourceGroupsTaggingAPI',
      operation: 'GetResources',
      outcome: 'success' as const,
    };
    expect(
      redactStatus({
        collectors: [
          {
            id: 'resource-inventory',
            runs: [
              {
                startedAt: '2026-12-01T10:00:00.000Z',
                finishedAt: '2026-12-01T10:00:02.000Z',
                status: 'failed',
                error:
                  "Could not collect the resources of prod (prod: Shipyard's role in account 222222222222 cannot call ...)",
                calls: [{ ...call, count: 2 }],
              },
              {
                startedAt: '2026-12-01T09:50:00.000Z',
                finishedAt: '2026-12-01T09:50:02.000Z',
                status: 'succeeded',
                calls: [],
              },
            ],
          },
        ],
        thisReplica: {
          awsCalls: [
            {
              ...call,
              accountId: '111111111111',
              region: 'eu-west-1',
              count: 3,
              retries: 1,
            },
            {
              ...call,
              accountId: '222222222222',
              region: 'eu-central-1',
              count: 4,
              retries: 0,
            },
            {
              ...call,
              outcome: 'error',
              errorName: 'ThrottledException',
              accountId: '222222222222',
              region: 'eu-west-1',
              count: 1,
              retries: 2,
            },
          ],
        },
        environments: [
          {
            name: 'prod',
            tier: 'prod',
            accounts: [],
            ecsClusters: [],
            eksClusters: [],
          },
        ],
      }),
    ).toEqual({
      collectors: [
        {
          id: 'resource-inventory',
          runs: [
            {
              startedAt: '2026-12-01T10:00:00.000Z',
              finishedAt: '2026-12-01T10:00:02.000Z',
              status: 'failed',
              error:
                'The run failed. The cause is in the server log; SREs see it here.',
              calls: [{ ...call, count: 2 }],
            },
            {
              startedAt: '2026-12-01T09:50:00.000Z',
              finishedAt: '2026-12-01T09:50:02.000Z',
              status: 'succeeded',
              calls: [],
            },
          ],
        },
      ],
      thisReplica: {
        awsCalls: [
          { ...call, count: 7, retries: 1 },
          {
            ...call,
            outcome: 'error',
            errorName: 'ThrottledException',
            count: 1,
            retries: 2,
          },
        ],
      },
    });
  });
});
