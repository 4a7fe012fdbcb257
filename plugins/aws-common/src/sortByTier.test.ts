import { sortByTier } from './sortByTier';

describe('sortByTier', () => {
  it('orders dev, staging, prod and keeps configuration order within a tier', () => {
    const environments = [
      { name: 'prod-eu', tier: 'prod' as const },
      { name: 'dev', tier: 'dev' as const },
      { name: 'prod-us', tier: 'prod' as const },
      { name: 'staging', tier: 'staging' as const },
    ];
    expect(sortByTier(environments).map(e => e.name)).toEqual([
      'dev',
      'staging',
      'prod-eu',
      'prod-us',
    ]);
  });
});
