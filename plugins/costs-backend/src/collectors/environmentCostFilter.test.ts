import { ShipyardEnvironment } from '@internal/plugin-aws-common';
import { fallbackAccounts } from './environmentCostFilter';

describe('fallbackAccounts', () => {
  it('gives an account shared by environments to the first of them only', () => {
    const env = (name: string, ...accountIds: string[]): ShipyardEnvironment =>
      ({
        name,
        tier: 'dev',
        accounts: accountIds.map(accountId => ({ accountId, regions: [] })),
        ecsClusters: [],
        eksClusters: [],
      } as const);
    expect(
      fallbackAccounts([
        env('dev', '111111111111'),
        env('staging', '111111111111'),
        env('prod', '222222222222', '333333333333'),
      ]),
    ).toEqual(
      new Map([
        ['dev', ['111111111111']],
        ['staging', []],
        ['prod', ['222222222222', '333333333333']],
      ]),
    );
  });
});
