import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { dailyCost } from '../../testing/fixtures';
import DailyCostChart, { dailySeries } from './DailyCostChart';
import MonthlyCostChart from './MonthlyCostChart';

describe('dailySeries', () => {
  it('names the most expensive AWS services and puts the rest in one series', () => {
    const services = Object.fromEntries(
      ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'].map((s, i) => [s, 10 - i]),
    );
    expect(dailySeries([dailyCost('2026-11-20', services)])).toEqual({
      services: ['A', 'B', 'C', 'D', 'E', 'F'],
      other: true,
    });
    // One more than the named would be an "Other" of one: named instead.
    const seven = Object.fromEntries(
      ['A', 'B', 'C', 'D', 'E', 'F', 'G'].map((s, i) => [s, 10 - i]),
    );
    expect(dailySeries([dailyCost('2026-11-20', seven)]).other).toBe(false);
  });
});

describe('charts', () => {
  it('caption the daily and monthly costs, and say when there are no days', async () => {
    await renderInTestApp(
      <>
        <DailyCostChart days={[]} currency="USD" environment="dev" />
        <MonthlyCostChart
          title="Cost per month"
          currency="USD"
          months={['2026-10', '2026-11']}
          estimated={[true, true]}
          series={[{ name: 'prod', amounts: [1200, 500] }]}
          forecastRemainder={950}
        />
      </>,
    );
    expect(
      screen.getByText('No cost in dev in the last 90 days.'),
    ).toBeInTheDocument();
    expect(screen.getByText('Cost per month')).toBeInTheDocument();
    expect(
      screen.getByText(
        '* estimated: Cost Explorer may still revise the month.',
      ),
    ).toBeInTheDocument();
  });
});
