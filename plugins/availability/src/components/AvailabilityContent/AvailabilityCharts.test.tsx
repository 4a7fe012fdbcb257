import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { environmentAvailability } from '../../testing/fixtures';
import AvailabilityCharts from './AvailabilityCharts';

describe('AvailabilityCharts', () => {
  it('draws the availability with its target and the budget burn-down', async () => {
    const { chart } = environmentAvailability();
    await renderInTestApp(
      <AvailabilityCharts
        environment="prod"
        chart={chart}
        period="30d"
        target={99.9}
      />,
    );
    expect(
      screen.getByText('Availability per day, target 99.9 %'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Error budget left (burn-down)'),
    ).toBeInTheDocument();
  });

  it('says when the period has no counted data, and draws no budget without a target', async () => {
    await renderInTestApp(
      <AvailabilityCharts
        environment="dev"
        chart={[
          {
            t: new Date().toISOString(),
            availability: null,
            budgetRemainingPercent: null,
          },
        ]}
        period="7d"
      />,
    );
    expect(screen.getByText('Availability per hour')).toBeInTheDocument();
    expect(
      screen.getByText('No counted data in this period.'),
    ).toBeInTheDocument();
    expect(
      screen.queryByText('Error budget left (burn-down)'),
    ).not.toBeInTheDocument();
  });
});
