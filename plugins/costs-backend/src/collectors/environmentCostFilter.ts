import { Expression } from '@aws-sdk/client-cost-explorer';
import { ShipyardEnvironment } from '@internal/plugin-aws-common';

/**
 * The accounts whose otherwise unattributed costs belong to each
 * environment: an account listed by several environments belongs to the
 * first of them in configuration order, so that its costs count once.
 */
export function fallbackAccounts(
  environments: ShipyardEnvironment[],
): Map<string, string[]> {
  const owner = new Map<string, string>();
  for (const env of environments) {
    for (const { accountId } of env.accounts) {
      if (!owner.has(accountId)) {
        owner.set(accountId, env.name);
      }
    }
  }
  const byEnvironment = new Map<string, string[]>(
    environments.map(e => [e.name, []]),
  );
  for (const [accountId, env] of owner) {
    byEnvironment.get(env)!.push(accountId);
  }
  return byEnvironment;
}

/**
 * The Cost Explorer filter of one environment's costs: what carries its
 * environment tag, or else, carrying no configured environment's tag (none,
 * or a value that names no environment), was billed to one of its fallback
 * accounts. The two parts exclude each other and every cost falls in at most
 * one environment, so nothing is counted twice: a tagged cost counts where
 * its tag says, whatever account it was billed to; an untagged one where
 * its account belongs.
 */
export function environmentCostFilter(options: {
  environment: string;
  environmentNames: string[];
  environmentTagKey: string;
  accounts: string[];
}): Expression {
  const tagged: Expression = {
    Tags: {
      Key: options.environmentTagKey,
      Values: [options.environment],
      MatchOptions: ['EQUALS'],
    },
  };
  if (!options.accounts.length) {
    return tagged;
  }
  return {
    Or: [
      tagged,
      {
        And: [
          {
            Not: {
              Tags: {
                Key: options.environmentTagKey,
                Values: options.environmentNames,
                MatchOptions: ['EQUALS'],
              },
            },
          },
          {
            Dimensions: {
              Key: 'LINKED_ACCOUNT',
              Values: options.accounts,
              MatchOptions: ['EQUALS'],
            },
          },
        ],
      },
    ],
  };
}
