import {
  costRow,
  MONTHS,
  monthAmounts,
  unattributedRow,
} from '../testing/fixtures';
import { prodShare, summarizeEnvironments } from './summarizeEnvironments';

describe('summarizeEnvironments', () => {
  it('adds up each environment, prod first, with unattributed, other teams and forecast', () => {
    const summaries = summarizeEnvironments(
      {
        months: MONTHS,
        forecasts: [
          {
            environment: 'prod',
            forecast: { monthEnd: 9000, low: 8000, high: 10000 },
          },
        ],
      },
      [
        costRow({
          environment: 'dev',
          tier: 'dev',
          monthToDate: 50,
          previousMonth: 100,
        }),
        costRow(),
        unattributedRow('prod', 'prod', [300, 310, 150]),
        unattributedRow('dev', 'dev', [0, 0, 0]),
      ],
      [{ environment: 'prod', months: monthAmounts([5000, 5100, 2500]) }],
    );
    expect(summaries).toEqual([
      {
        environment: 'prod',
        tier: 'prod',
        monthToDate: 500 + 150 + 2500,
        previousMonth: 1200 + 310 + 5100,
        unattributed: 150,
        withheld: 2500,
        forecast: { monthEnd: 9000, low: 8000, high: 10000 },
      },
      {
        environment: 'dev',
        tier: 'dev',
        monthToDate: 50,
        previousMonth: 100,
        unattributed: 0,
        forecast: undefined,
      },
    ]);
    expect(prodShare(summaries)).toEqual({
      total: 3200,
      prod: 3150,
      percent: (3150 / 3200) * 100,
    });
    expect(prodShare([]).percent).toBeUndefined();
  });
});
