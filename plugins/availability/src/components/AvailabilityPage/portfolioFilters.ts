import {
  Period,
  PortfolioRow,
  SloState,
  Tier,
} from '@internal/plugin-availability-common';
import { DEFAULT_PERIOD, readPeriod } from '../../format/periods';
import { SLO_STATES } from '../../format/sloStates';

export type GroupBy = 'system' | 'team';

export type SortColumn =
  | 'worst'
  | 'service'
  | 'environment'
  | 'availability'
  | 'budget';

export interface PortfolioSort {
  column: SortColumn;
  direction: 'asc' | 'desc';
}

/** The page's view, as kept in its URL so that a view can be shared. */
export interface PortfolioView {
  period: Period;
  environment?: string;
  tier?: Tier;
  /** An owner entity ref. */
  team?: string;
  state?: SloState;
  groupBy?: GroupBy;
  sort: PortfolioSort;
}

/** Worst first, in the order the backend ranks the rows. */
export const DEFAULT_SORT: PortfolioSort = {
  column: 'worst',
  direction: 'asc',
};

const TIERS: readonly Tier[] = ['dev', 'staging', 'prod'];
const SORT_COLUMNS: readonly SortColumn[] = [
  'worst',
  'service',
  'environment',
  'availability',
  'budget',
];

function oneOf<T extends string>(
  values: readonly T[],
  value: string | null,
): T | undefined {
  return values.find(v => v === value);
}

/** The view a URL's query names; anything unknown falls back to the default. */
export function readView(params: URLSearchParams): PortfolioView {
  const sort = params.get('sort') ?? '';
  const descending = sort.startsWith('-');
  const column = oneOf(SORT_COLUMNS, descending ? sort.slice(1) : sort);
  return {
    period: readPeriod(params.get('period')),
    environment: params.get('environment') || undefined,
    tier: oneOf(TIERS, params.get('tier')),
    team: params.get('team') || undefined,
    state: oneOf(SLO_STATES, params.get('state')),
    groupBy: oneOf(['system', 'team'] as const, params.get('group')),
    sort: column
      ? { column, direction: descending ? 'desc' : 'asc' }
      : DEFAULT_SORT,
  };
}

/** The URL query of a view; defaults are left out. */
export function writeView(view: PortfolioView): URLSearchParams {
  const params = new URLSearchParams();
  if (view.period !== DEFAULT_PERIOD) params.set('period', view.period);
  if (view.environment) params.set('environment', view.environment);
  if (view.tier) params.set('tier', view.tier);
  if (view.team) params.set('team', view.team);
  if (view.state) params.set('state', view.state);
  if (view.groupBy) params.set('group', view.groupBy);
  if (
    view.sort.column !== DEFAULT_SORT.column ||
    view.sort.direction !== DEFAULT_SORT.direction
  ) {
    params.set(
      'sort',
      `${view.sort.direction === 'desc' ? '-' : ''}${view.sort.column}`,
    );
  }
  return params;
}

/** The rows the view's filters keep, in the order given. */
export function filterRows(
  rows: readonly PortfolioRow[],
  view: Pick<PortfolioView, 'environment' | 'tier' | 'team' | 'state'>,
): PortfolioRow[] {
  return rows.filter(
    row =>
      (!view.environment || row.environment === view.environment) &&
      (!view.tier || row.tier === view.tier) &&
      (!view.team || row.owner === view.team) &&
      (!view.state || row.state === view.state),
  );
}
