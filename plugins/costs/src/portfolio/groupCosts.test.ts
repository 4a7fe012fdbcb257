import {
  costRow,
  MONTHS,
  monthAmounts,
  unattributedRow,
} from '../testing/fixtures';
import { groupCosts } from './groupCosts';

const rows = [
  costRow(), // storefront, prod: 1000, 1200, 500 (400 a month ago)
  costRow({
    environment: 'staging',
    tier: 'staging',
    months: monthAmounts([100, 110, 60]),
    monthToDate: 60,
    previousMonth: 110,
    previousMonthToDate: 50,
  }),
  costRow({
    name: 'ledger',
    owner: 'group:default/team-payments',
    system: 'system:default/payments',
    months: monthAmounts([2000, 2100, 900]),
    monthToDate: 900,
    previousMonth: 2100,
    previousMonthToDate: 1000,
  }),
  costRow({
    name: 'orphan',
    owner: undefined,
    system: undefined,
    months: monthAmounts([0, 5, 3]),
    monthToDate: 3,
    previousMonth: 5,
    previousMonthToDate: undefined,
  }),
  unattributedRow('prod', 'prod', [300, 310, 150], 120),
  unattributedRow('staging', 'staging', [0, 0, 0], 0),
];
const withheld = [
  { environment: 'prod', months: monthAmounts([5000, 5100, 2500]) },
];

describe('groupCosts', () => {
  it('adds up every cost of an environment: services, unattributed and other teams', () => {
    const groups = groupCosts(rows, withheld, MONTHS, 'environment');
    expect(groups.map(g => [g.label, g.months, g.monthToDate])).toEqual([
      ['prod', [8300, 8715, 4053], 4053],
      ['staging', [100, 110, 60], 60],
    ]);
    // Other teams' total has no like-for-like figure: no change shown.
    expect(groups[0].previousMonthToDate).toBeUndefined();
    expect(groups[1].previousMonthToDate).toBe(50);
  });

  it('groups by team, services first, then no team, unattributed and other teams', () => {
    const groups = groupCosts(rows, withheld, MONTHS, 'team');
    expect(
      groups.map(g => [g.kind, g.label, g.monthToDate, g.previousMonthToDate]),
    ).toEqual([
      ['entity', 'team-payments', 900, 1000],
      ['entity', 'team-storefront', 560, 450],
      ['none', 'No team', 3, undefined],
      ['unattributed', 'Unattributed', 150, 120],
      ['withheld', "Other teams' services", 2500, undefined],
    ]);
    expect(groups[1].environments).toEqual(['prod', 'staging']);
    expect(groups[1].ref).toBe('group:default/team-storefront');
  });

  it('groups by system and by service, a service summed over its environments', () => {
    expect(groupCosts(rows, [], MONTHS, 'system').map(g => g.label)).toEqual([
      'payments',
      'storefront',
      'No system',
      'Unattributed',
    ]);
    const services = groupCosts(rows, [], MONTHS, 'service');
    expect(services.map(g => [g.label, g.monthToDate])).toEqual([
      ['ledger', 900],
      ['checkout-api', 560],
      ['orphan', 3],
      ['Unattributed', 150],
    ]);
    expect(services[1].months).toEqual([1100, 1310, 560]);
  });

  it('shows the unattributed line at zero rather than hide it', () => {
    const groups = groupCosts([costRow()], [], MONTHS, 'service');
    expect(groups.map(g => [g.label, g.monthToDate])).toEqual([
      ['checkout-api', 500],
      ['Unattributed', 0],
    ]);
  });

  it('lays months out on the range, with nothing for a month a row has no cost in', () => {
    const young = costRow({
      name: 'young',
      months: [{ month: '2026-11', amount: 7, estimated: true }],
      monthToDate: 7,
      previousMonth: 0,
      previousMonthToDate: 0,
    });
    expect(groupCosts([young], [], MONTHS, 'service')[0].months).toEqual([
      0, 0, 7,
    ]);
  });
});
