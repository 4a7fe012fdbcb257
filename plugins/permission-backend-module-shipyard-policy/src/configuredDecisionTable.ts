import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { DecisionTable, Outcome } from './decisionTable';

const COSTS_DEVELOPERS_KEY = 'shipyard.permissions.costs.developers';
const COSTS_DEVELOPER_OUTCOMES: readonly Outcome[] = ['if-owner', 'allow'];

/**
 * The decision table with the rows configuration may change:
 * `shipyard.permissions.costs.developers` sets what developers get for
 * `costs.read` (`if-owner`, the default, or `allow`). Throws at start-up on
 * any other value, so that a typo never widens or silently narrows who reads
 * costs.
 */
export function configuredDecisionTable(
  config: Config,
  table: DecisionTable,
): DecisionTable {
  const costsDevelopers = config.getOptionalString(COSTS_DEVELOPERS_KEY);
  if (costsDevelopers === undefined) {
    return table;
  }
  if (
    !(COSTS_DEVELOPER_OUTCOMES as readonly string[]).includes(costsDevelopers)
  ) {
    throw new InputError(
      `Invalid value '${costsDevelopers}' in ${COSTS_DEVELOPERS_KEY}; allowed values are ${COSTS_DEVELOPER_OUTCOMES.join(
        ', ',
      )}`,
    );
  }
  const row = table.permissions['costs.read'];
  return {
    ...table,
    permissions: {
      ...table.permissions,
      'costs.read': { ...row, developer: costsDevelopers as Outcome },
    },
  };
}
