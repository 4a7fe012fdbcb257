import { componentRunsIn } from './componentRunsIn';

describe('componentRunsIn', () => {
  it('runs everywhere without a restriction', () => {
    expect(componentRunsIn({ environments: undefined }, 'prod')).toBe(true);
  });

  it('runs only in the listed environments', () => {
    expect(componentRunsIn({ environments: ['dev'] }, 'dev')).toBe(true);
    expect(componentRunsIn({ environments: ['dev'] }, 'prod')).toBe(false);
  });
});
