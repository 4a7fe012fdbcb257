import { prodFirst } from './prodFirst';

describe('prodFirst', () => {
  it('puts prod first and keeps the order within a tier', () => {
    const environments = [
      { name: 'dev', tier: 'dev' as const },
      { name: 'staging', tier: 'staging' as const },
      { name: 'prod-eu', tier: 'prod' as const },
      { name: 'prod-us', tier: 'prod' as const },
    ];
    expect(prodFirst(environments).map(e => e.name)).toEqual([
      'prod-eu',
      'prod-us',
      'staging',
      'dev',
    ]);
  });
});
