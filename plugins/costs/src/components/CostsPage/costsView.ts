import { MonthChoice, readMonths } from '../../format/months';
import { GROUP_BYS, GroupBy } from '../../portfolio/groupCosts';

/** What the Costs page shows; it lives in the URL so that a view can be shared. */
export interface CostsView {
  months: MonthChoice;
  groupBy: GroupBy;
  environment?: string;
  /** An owner entity ref. */
  team?: string;
}

const DEFAULT_GROUP_BY: GroupBy = 'service';

export function readView(params: URLSearchParams): CostsView {
  const groupBy = params.get('groupBy') as GroupBy | null;
  return {
    months: readMonths(params.get('months')),
    groupBy:
      groupBy && GROUP_BYS.includes(groupBy) ? groupBy : DEFAULT_GROUP_BY,
    environment: params.get('environment') || undefined,
    team: params.get('team') || undefined,
  };
}

export function writeView(view: CostsView): URLSearchParams {
  const params = new URLSearchParams();
  params.set('months', String(view.months));
  params.set('groupBy', view.groupBy);
  if (view.environment) params.set('environment', view.environment);
  if (view.team) params.set('team', view.team);
  return params;
}
