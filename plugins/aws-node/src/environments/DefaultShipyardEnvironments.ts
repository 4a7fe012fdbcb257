import { Config } from '@backstage/config';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  AwsTarget,
  SHIPYARD_TIERS,
  ShipyardEnvironment,
} from '@internal/plugin-aws-common';
import { z } from 'zod';
import {
  EksClusterConnection,
  ShipyardEnvironments,
} from './ShipyardEnvironments';

const CONFIG_KEY = 'shipyard.environments';

const accountId = z
  .string({
    error: issue =>
      typeof issue.input === 'number'
        ? "must be a quoted string, e.g. '111111111111' (YAML reads unquoted digits as a number and drops leading zeros)"
        : undefined,
  })
  .regex(/^\d{12}$/, 'must be a 12 digit AWS account id');
const region = z
  .string()
  .regex(
    /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d+$/,
    'must be an AWS region name, e.g. "eu-west-1"',
  );
const clusterName = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/,
    'must be a cluster name: letters, digits, "-" and "_"',
  );

const environmentsSchema = z.array(
  z.strictObject({
    name: z
      .string()
      .regex(
        /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/,
        'must be lowercase letters, digits and "-", e.g. "prod"',
      ),
    title: z.string().optional(),
    tier: z.enum(SHIPYARD_TIERS, {
      error: `must be one of ${SHIPYARD_TIERS.map(t => `"${t}"`).join(', ')}`,
    }),
    accounts: z
      .array(
        z.strictObject({
          accountId,
          regions: z.array(region).min(1, 'must list at least one region'),
        }),
      )
      .min(1, 'must list at least one account'),
    ecsClusters: z
      .array(z.strictObject({ name: clusterName, accountId, region }))
      .optional(),
    eksClusters: z
      .array(
        z.strictObject({
          name: clusterName,
          accountId,
          region,
          url: z
            .string()
            .regex(/^https?:\/\/[^\s]+$/, 'must be an http(s) URL')
            .optional(),
          authProvider: z
            .enum(['aws', 'serviceAccount'], {
              error: 'must be "aws" or "serviceAccount"',
            })
            .optional(),
          serviceAccountToken: z.string().optional(),
          caData: z.string().optional(),
          skipTLSVerify: z.boolean().optional(),
        }),
      )
      .optional(),
  }),
  { error: 'must be a list of environments' },
);

type RawEnvironment = z.infer<typeof environmentsSchema>[number];

function formatPath(path: PropertyKey[]): string {
  return path.reduce<string>(
    (key, part) =>
      typeof part === 'number' ? `${key}[${part}]` : `${key}.${String(part)}`,
    CONFIG_KEY,
  );
}

function formatIssue(issue: z.core.$ZodIssue): string {
  const key = formatPath(issue.path);
  if (
    issue.code === 'invalid_type' &&
    /received undefined$/.test(issue.message)
  ) {
    return `${key} is required`;
  }
  if (issue.code === 'unrecognized_keys') {
    return `${key} has unknown key${
      issue.keys.length === 1 ? '' : 's'
    } ${issue.keys.map(k => `"${k}"`).join(', ')}`;
  }
  return `${key} ${issue.message}`;
}

/** Which account ids the AWS integration can produce credentials for. */
function readCredentialedAccounts(config: Config): {
  accountIds: Set<string>;
  anyAccount: boolean;
} {
  const accountIds = new Set<string>();
  for (const account of config.getOptionalConfigArray('aws.accounts') ?? []) {
    const id = account.getOptional('accountId');
    if (id !== undefined) {
      accountIds.add(String(id));
    }
  }
  const mainAccountId = config.getOptionalString('shipyard.aws.mainAccountId');
  if (mainAccountId) {
    accountIds.add(mainAccountId);
  }
  // With accountDefaults.roleName the integration assumes that role in any
  // account, so every account has credentials.
  const anyAccount = Boolean(
    config.getOptionalString('aws.accountDefaults.roleName'),
  );
  return { accountIds, anyAccount };
}

function checkEnvironment(
  env: RawEnvironment,
  index: number,
  credentials: { accountIds: Set<string>; anyAccount: boolean },
): string[] {
  const problems: string[] = [];
  const at = (path: PropertyKey[]) => formatPath([index, ...path]);

  const regionsByAccount = new Map<string, string[]>();
  env.accounts.forEach((account, a) => {
    if (regionsByAccount.has(account.accountId)) {
      problems.push(
        `${at(['accounts', a, 'accountId'])} "${
          account.accountId
        }" is listed twice in environment "${
          env.name
        }"; list each account once with all its regions`,
      );
      return;
    }
    regionsByAccount.set(account.accountId, account.regions);
    account.regions.forEach((r, i) => {
      if (account.regions.indexOf(r) !== i) {
        problems.push(
          `${at(['accounts', a, 'regions', i])} "${r}" is listed twice`,
        );
      }
    });
    if (
      !credentials.anyAccount &&
      !credentials.accountIds.has(account.accountId)
    ) {
      problems.push(
        `${at(['accounts', a, 'accountId'])} "${
          account.accountId
        }" has no entry in aws.accounts; ` +
          `add one with the role Shipyard assumes there (aws.accounts[].accountId and roleName), ` +
          `or set shipyard.aws.mainAccountId if aws.mainAccount's credentials are for this account`,
      );
    }
  });

  const declared = [...regionsByAccount.keys()].join(', ');
  for (const kind of ['ecsClusters', 'eksClusters'] as const) {
    const seen = new Set<string>();
    (env[kind] ?? []).forEach((cluster, c) => {
      const regions = regionsByAccount.get(cluster.accountId);
      if (!regions) {
        problems.push(
          `${at([kind, c, 'accountId'])} "${cluster.accountId}" of cluster "${
            cluster.name
          }" is not an account of environment "${
            env.name
          }" (declared: ${declared}); add it to ${at(['accounts'])}`,
        );
      } else if (!regions.includes(cluster.region)) {
        problems.push(
          `${at([kind, c, 'region'])} "${cluster.region}" of cluster "${
            cluster.name
          }" is not a region of account ${cluster.accountId} in environment "${
            env.name
          }" (declared: ${regions.join(', ')})`,
        );
      }
      const id = `${cluster.accountId}/${cluster.region}/${cluster.name}`;
      if (kind === 'ecsClusters' && seen.has(id)) {
        problems.push(
          `${at([kind, c, 'name'])} "${
            cluster.name
          }" is listed twice for account ${cluster.accountId} in ${
            cluster.region
          }`,
        );
      }
      seen.add(id);
    });
  }

  (env.eksClusters ?? []).forEach((cluster, c) => {
    // Kubernetes views address an EKS cluster by name within an environment.
    const first = (env.eksClusters ?? []).findIndex(
      other => other.name === cluster.name,
    );
    if (first !== c) {
      problems.push(
        `${at(['eksClusters', c, 'name'])} "${
          cluster.name
        }" is already used by ${at([
          'eksClusters',
          first,
        ])}; EKS cluster names must be unique within an environment`,
      );
    }
    if (
      cluster.authProvider === 'serviceAccount' &&
      !cluster.serviceAccountToken
    ) {
      problems.push(
        `${at([
          'eksClusters',
          c,
          'serviceAccountToken',
        ])} is required when authProvider is "serviceAccount"`,
      );
    }
  });

  return problems;
}

/**
 * Reads and validates `shipyard.environments` once, at start-up.
 *
 * @public
 */
export class DefaultShipyardEnvironments implements ShipyardEnvironments {
  /**
   * @throws InputError listing every problem, each naming its config key.
   */
  static fromConfig(config: Config): DefaultShipyardEnvironments {
    const parsed = environmentsSchema.safeParse(
      config.getOptional(CONFIG_KEY) ?? [],
    );
    const problems = parsed.success ? [] : parsed.error.issues.map(formatIssue);

    const raw = parsed.success ? parsed.data : [];
    const credentials = readCredentialedAccounts(config);
    const firstIndexByName = new Map<string, number>();
    raw.forEach((env, index) => {
      const first = firstIndexByName.get(env.name);
      if (first !== undefined) {
        problems.push(
          `${formatPath([index, 'name'])} "${
            env.name
          }" is already used by ${formatPath([
            first,
          ])}; environment names must be unique`,
        );
      } else {
        firstIndexByName.set(env.name, index);
      }
      problems.push(...checkEnvironment(env, index, credentials));
    });

    if (problems.length) {
      throw new InputError(
        `Invalid Shipyard environments configuration:\n${problems
          .map(p => `  - ${p}`)
          .join('\n')}`,
      );
    }
    return new DefaultShipyardEnvironments(raw);
  }

  readonly #environments: ShipyardEnvironment[];
  readonly #connections: Map<string, EksClusterConnection[]>;

  private constructor(raw: RawEnvironment[]) {
    this.#environments = raw.map(env => ({
      name: env.name,
      title: env.title,
      tier: env.tier,
      accounts: env.accounts.map(a => ({
        accountId: a.accountId,
        regions: [...a.regions],
      })),
      ecsClusters: (env.ecsClusters ?? []).map(c => ({
        name: c.name,
        accountId: c.accountId,
        region: c.region,
      })),
      eksClusters: (env.eksClusters ?? []).map(c => ({
        name: c.name,
        accountId: c.accountId,
        region: c.region,
        url: c.url,
      })),
    }));
    this.#connections = new Map(
      raw.map(env => [
        env.name,
        (env.eksClusters ?? []).map(c => ({
          environment: env.name,
          name: c.name,
          accountId: c.accountId,
          region: c.region,
          url: c.url,
          authProvider: c.authProvider ?? 'aws',
          serviceAccountToken: c.serviceAccountToken,
          caData: c.caData,
          skipTLSVerify: c.skipTLSVerify ?? false,
        })),
      ]),
    );
  }

  list(): ShipyardEnvironment[] {
    return structuredClone(this.#environments);
  }

  get(name: string): ShipyardEnvironment {
    const env = this.#environments.find(e => e.name === name);
    if (!env) {
      const known = this.#environments.map(e => e.name);
      throw new NotFoundError(
        `Unknown environment "${name}"; the configured environments are ${
          known.length
            ? known.join(', ')
            : 'none (shipyard.environments is empty)'
        }`,
      );
    }
    return structuredClone(env);
  }

  targets(name: string): AwsTarget[] {
    return this.get(name).accounts.flatMap(account =>
      account.regions.map(r => ({ accountId: account.accountId, region: r })),
    );
  }

  eksClusterConnection(
    environment: string,
    cluster: string,
  ): EksClusterConnection {
    this.get(environment);
    const connections = this.#connections.get(environment) ?? [];
    const connection = connections.find(c => c.name === cluster);
    if (!connection) {
      throw new NotFoundError(
        `Environment "${environment}" has no EKS cluster "${cluster}"; its EKS clusters are ${
          connections.map(c => c.name).join(', ') || 'none'
        }`,
      );
    }
    return { ...connection };
  }
}
