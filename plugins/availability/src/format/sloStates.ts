import { SloState } from '@internal/plugin-availability-common';

/** Every state, worst first: the order of counts, filters and roll-ups. */
export const SLO_STATES: readonly SloState[] = [
  'breaching',
  'at-risk',
  'healthy',
  'no-data',
  'no-target',
];

export const sloStateLabel: Record<SloState, string> = {
  breaching: 'Breaching',
  'at-risk': 'At risk',
  healthy: 'Healthy',
  'no-target': 'No target',
  'no-data': 'No data',
};

/** What each state means, from the contract, for tooltips. */
export const sloStateDescription: Record<SloState, string> = {
  breaching:
    'Availability over the period is below target: the budget is spent',
  'at-risk':
    'A fast- or slow-burn alert fires, or less than 25 % of the budget remains',
  healthy: 'Within target, with budget to spare and no burn alert',
  'no-target': 'The environment’s tier has no availability objective',
  'no-data': 'No counted minute in the period',
};

/** The worst of some states (for a group's roll-up); undefined for none. */
export function worstState(states: Iterable<SloState>): SloState | undefined {
  let worst: SloState | undefined;
  for (const state of states) {
    if (
      worst === undefined ||
      SLO_STATES.indexOf(state) < SLO_STATES.indexOf(worst)
    ) {
      worst = state;
    }
  }
  return worst;
}

/** How many of each state, every state present (zero when none). */
export function countStates(
  items: Iterable<{ state: SloState }>,
): Record<SloState, number> {
  const counts = Object.fromEntries(SLO_STATES.map(s => [s, 0])) as Record<
    SloState,
    number
  >;
  for (const { state } of items) {
    counts[state] += 1;
  }
  return counts;
}
