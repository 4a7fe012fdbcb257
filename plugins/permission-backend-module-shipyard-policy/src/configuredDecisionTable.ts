import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { DecisionTable, Outcome } from './decisionTable';
import { ShipyardRole } from './ShipyardRole';

/**
 * A configuration key that sets one role's outcome for one permission: each
 * allowed value names the outcome it gives.
 */
interface ConfiguredCell {
  key: string;
  permission: string;
  role: ShipyardRole;
  values: Readonly<Record<string, Outcome>>;
}

const CONFIGURED_CELLS: readonly ConfiguredCell[] = [
  {
    key: 'shipyard.permissions.costs.developers',
    permission: 'costs.read',
    role: 'developer',
    values: { 'if-owner': 'if-owner', allow: 'allow' },
  },
  {
    // Managers count findings by default (security.overview.read); `findings`
    // lets them read every service's findings too.
    key: 'shipyard.permissions.security.managers',
    permission: 'security.findings.read',
    role: 'manager',
    values: { counts: 'deny', findings: 'allow' },
  },
];

/**
 * The decision table with the cells configuration may change:
 * `shipyard.permissions.costs.developers` sets what developers get for
 * `costs.read` (`if-owner`, the default, or `allow`);
 * `shipyard.permissions.security.managers` what managers get for
 * `security.findings.read` (`counts`, the default: deny, or `findings`:
 * allow). Throws at start-up on any other value, so that a typo never widens
 * or silently narrows who reads costs or findings.
 */
export function configuredDecisionTable(
  config: Config,
  table: DecisionTable,
): DecisionTable {
  let permissions = table.permissions;
  for (const cell of CONFIGURED_CELLS) {
    const value = config.getOptionalString(cell.key);
    if (value === undefined) {
      continue;
    }
    if (!Object.hasOwn(cell.values, value)) {
      throw new InputError(
        `Invalid value '${value}' in ${
          cell.key
        }; allowed values are ${Object.keys(cell.values).join(', ')}`,
      );
    }
    permissions = {
      ...permissions,
      [cell.permission]: {
        ...permissions[cell.permission],
        [cell.role]: cell.values[value],
      },
    };
  }
  return permissions === table.permissions ? table : { ...table, permissions };
}
