import { CostRow, Portfolio } from '@internal/plugin-costs-common';
import { humanizeRef } from '@internal/shipyard-react';
import { alignMonths } from './alignMonths';

/** What the portfolio's breakdown groups by. */
export type GroupBy = 'environment' | 'team' | 'system' | 'service';
export const GROUP_BYS: GroupBy[] = [
  'environment',
  'team',
  'system',
  'service',
];
export const groupByLabel: Record<GroupBy, string> = {
  environment: 'Environment',
  team: 'Team',
  system: 'System',
  service: 'Service',
};

/** The services of other teams, totalled per environment by the backend. */
export type Withheld = NonNullable<Portfolio['withheld']>[number];

/**
 * A line of the breakdown. `kind` tells the rows apart that are no entity:
 * the unattributed cost (no component tag), what other teams' services cost
 * (when the backend totals them), and services without a team or system.
 */
export interface CostGroup {
  key: string;
  kind: 'entity' | 'environment' | 'unattributed' | 'withheld' | 'none';
  /** The team, system or service ref, for a link. */
  ref?: string;
  label: string;
  /** Amounts per month of the portfolio's range, oldest first. */
  months: number[];
  monthToDate: number;
  previousMonth: number;
  /** Summed when every row has one, so that the change compares like with like. */
  previousMonthToDate?: number;
  /** Environments the group's cost is in, for a service summed over them. */
  environments: string[];
}

function keyOf(
  row: CostRow,
  by: GroupBy,
): Pick<CostGroup, 'key' | 'kind' | 'ref' | 'label'> {
  if (by === 'environment') {
    return {
      key: row.environment,
      kind: 'environment',
      label: row.environment,
    };
  }
  if (!row.entityRef) {
    return { key: 'unattributed', kind: 'unattributed', label: 'Unattributed' };
  }
  const refOf = { team: row.owner, system: row.system, service: row.entityRef };
  const ref = refOf[by];
  if (!ref) {
    return { key: `none`, kind: 'none', label: `No ${by}` };
  }
  const label =
    by === 'service'
      ? row.title ?? row.name ?? humanizeRef(ref, 'component')
      : humanizeRef(ref, by === 'team' ? 'group' : 'system');
  return { key: ref, kind: 'entity', ref, label };
}

function add(group: CostGroup, months: number[], row?: CostRow) {
  months.forEach((amount, i) => {
    group.months[i] += amount;
  });
  if (row) {
    group.monthToDate += row.monthToDate;
    group.previousMonth += row.previousMonth;
    group.previousMonthToDate =
      group.previousMonthToDate === undefined ||
      row.previousMonthToDate === undefined
        ? undefined
        : group.previousMonthToDate + row.previousMonthToDate;
  } else {
    // A withheld total has months only: the last is the current month.
    group.monthToDate += months[months.length - 1] ?? 0;
    group.previousMonth += months[months.length - 2] ?? 0;
    group.previousMonthToDate = undefined;
  }
}

const LAST: CostGroup['kind'][] = ['none', 'unattributed', 'withheld'];

/**
 * The rows (and other teams' totals) by environment, team, system or service,
 * most expensive first this month. Cost that belongs to no service (no team,
 * unattributed, other teams') comes after the services, so that it is never
 * mistaken for one, and the unattributed line is there even at zero.
 */
export function groupCosts(
  rows: readonly CostRow[],
  withheld: readonly Withheld[],
  months: readonly string[],
  by: GroupBy,
  options: {
    /** False for a team's view: the unattributed cost is nobody's. */
    unattributed?: boolean;
  } = {},
): CostGroup[] {
  const groups = new Map<string, CostGroup>();
  const groupFor = (key: Pick<CostGroup, 'key' | 'kind' | 'ref' | 'label'>) => {
    let group = groups.get(key.key);
    if (!group) {
      group = {
        ...key,
        months: months.map(() => 0),
        monthToDate: 0,
        previousMonth: 0,
        previousMonthToDate: 0,
        environments: [],
      };
      groups.set(key.key, group);
    }
    return group;
  };
  const addEnvironment = (group: CostGroup, environment: string) => {
    if (!group.environments.includes(environment)) {
      group.environments.push(environment);
    }
  };

  for (const row of rows) {
    const group = groupFor(keyOf(row, by));
    add(group, alignMonths(row.months, months), row);
    addEnvironment(group, row.environment);
  }
  for (const total of withheld) {
    const group = groupFor(
      by === 'environment'
        ? {
            key: total.environment,
            kind: 'environment',
            label: total.environment,
          }
        : { key: 'withheld', kind: 'withheld', label: "Other teams' services" },
    );
    add(group, alignMonths(total.months, months));
    addEnvironment(group, total.environment);
  }
  if (by !== 'environment' && options.unattributed !== false) {
    groupFor({
      key: 'unattributed',
      kind: 'unattributed',
      label: 'Unattributed',
    });
  }

  return [...groups.values()].sort(
    (a, b) =>
      LAST.indexOf(a.kind) - LAST.indexOf(b.kind) ||
      b.monthToDate - a.monthToDate ||
      a.label.localeCompare(b.label),
  );
}
