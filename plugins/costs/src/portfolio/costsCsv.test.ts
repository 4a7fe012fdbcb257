import {
  costRow,
  MONTHS,
  monthAmounts,
  unattributedRow,
} from '../testing/fixtures';
import { costsCsv } from './costsCsv';

describe('costsCsv', () => {
  it('writes a line per service and environment, unattributed and other teams included', () => {
    const csv = costsCsv(
      { months: MONTHS, currency: 'USD' },
      [
        costRow({ title: 'Checkout, "API"', monthToDate: 500.125 }),
        unattributedRow('prod', 'prod', [300, 310, 150], 120),
      ],
      [{ environment: 'prod', months: monthAmounts([5000, 5100, 2500]) }],
    );
    expect(csv.split('\r\n')).toEqual([
      'kind,entity_ref,service,system,owner,environment,tier,currency,month_to_date,previous_month_to_date,previous_month,cost_2026-09,cost_2026-10,cost_2026-11',
      'service,component:default/checkout-api,"Checkout, ""API""",system:default/storefront,group:default/team-storefront,prod,prod,USD,500.125,400,1200,1000,1200,500',
      'unattributed,,,,,prod,prod,USD,150,120,310,300,310,150',
      'withheld,,,,,prod,,USD,2500,,5100,5000,5100,2500',
      '',
    ]);
  });
});
