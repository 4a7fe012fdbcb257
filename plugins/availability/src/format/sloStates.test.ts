import { countStates, worstState } from './sloStates';

describe('sloStates', () => {
  it('rolls up to the worst state', () => {
    expect(worstState(['healthy', 'at-risk', 'no-data'])).toBe('at-risk');
    expect(worstState(['healthy', 'breaching'])).toBe('breaching');
    expect(worstState(['no-target', 'no-data'])).toBe('no-data');
    expect(worstState([])).toBeUndefined();
  });

  it('counts every state, zero when absent', () => {
    expect(
      countStates([
        { state: 'healthy' },
        { state: 'healthy' },
        { state: 'breaching' },
      ]),
    ).toEqual({
      breaching: 1,
      'at-risk': 0,
      healthy: 2,
      'no-data': 0,
      'no-target': 0,
    });
  });
});
