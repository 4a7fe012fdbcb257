import { portfolioRow } from '../../testing/fixtures';
import { portfolioCsv } from './portfolioCsv';

describe('portfolioCsv', () => {
  it('writes one line per row with full-precision figures', () => {
    const csv = portfolioCsv([
      portfolioRow(),
      portfolioRow({
        name: 'worker',
        title: 'Worker, "nightly"',
        sli: { kind: 'health', description: '=HYPERLINK("x")' },
        objective: undefined,
        availability: null,
        budget: undefined,
        alert: undefined,
        totals: undefined,
        state: 'no-target',
      }),
    ]);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(
      'entity_ref,service,system,owner,environment,tier,sli,sli_description,state,availability_percent,target_percent,target_source,budget_unit,budget_total,budget_consumed,budget_remaining,budget_remaining_percent,fast_burn_alert,slow_burn_alert,good,total,no_data_minutes',
    );
    expect(lines[1]).toBe(
      'component:default/checkout-api,checkout-api,system:default/storefront,group:default/team-storefront,prod,prod,requests,ALB target group checkout-api-prod,healthy,99.9512345,99.9,tier,requests,1000,487.655,512.345,51.2345,false,false,999512.345,1000000,0',
    );
    // Quotes doubled, and a formula neutralised for spreadsheets.
    expect(lines[2]).toBe(
      'component:default/worker,"Worker, ""nightly""",system:default/storefront,group:default/team-storefront,prod,prod,health,"\'=HYPERLINK(""x"")",no-target,,,,,,,,,,,,,',
    );
    expect(lines[3]).toBe('');
    expect(lines).toHaveLength(4);
  });
});
