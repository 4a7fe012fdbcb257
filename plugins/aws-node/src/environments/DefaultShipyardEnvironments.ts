import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError, NotFoundError, stringifyError } from '@backstage/errors';
import {
  AwsTarget,
  SHIPYARD_ENVIRONMENT_NAME_PATTERN,
  SHIPYARD_TIERS,
  ShipyardEnvironment,
} from '@internal/plugin-aws-common';
import { z } from 'zod';
import {
  EksClusterConnection,
  ShipyardEnvironments,
  ShipyardEnvironmentsListener,
} from './ShipyardEnvironments';
import { isProductionRuntime } from '../config/isProductionRuntime';

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
        SHIPYARD_ENVIRONMENT_NAME_PATTERN,
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
    if (isProductionRuntime()) {
      // Both would let whoever sits on the network path read the cluster
      // credentials Shipyard sends, and answer in the cluster's name.
      if (cluster.skipTLSVerify) {
        problems.push(
          `${at([
            'eksClusters',
            c,
            'skipTLSVerify',
          ])} is true, but NODE_ENV is production: the cluster's certificate must be verified (give caData instead)`,
        );
      }
      if (cluster.url && !cluster.url.startsWith('https://')) {
        problems.push(
          `${at(['eksClusters', c, 'url'])} "${
            cluster.url
          }" is not https, but NODE_ENV is production: EKS API servers are reached over https only`,
        );
      }
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
 * Reads and validates `shipyard.environments`: the parsed environments, or an
 * InputError listing every problem, each naming its config key.
 */
function readEnvironments(config: Config): RawEnvironment[] {
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
  return raw;
}

/** What one valid configuration yields; swapped as a whole on a change. */
interface EnvironmentsState {
  raw: RawEnvironment[];
  environments: ShipyardEnvironment[];
  connections: Map<string, EksClusterConnection[]>;
}

function toState(raw: RawEnvironment[]): EnvironmentsState {
  return {
    raw,
    environments: raw.map(env => ({
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
    })),
    connections: new Map(
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
    ),
  };
}

/**
 * The validated `shipyard.environments`, kept current while the backend
 * runs: every consumer (catalog, locator, routes, collectors) reads this one
 * copy.
 *
 * @public
 */
export class DefaultShipyardEnvironments implements ShipyardEnvironments {
  /**
   * Reads and validates the environments now.
   *
   * With a `logger`, the service also follows configuration changes (root
   * config `subscribe`): a valid edit replaces the environments and notifies
   * the `onChange` listeners; an invalid one is logged with the full
   * validation message and the previous environments stay. The start-up read
   * is different on purpose: without valid environments the backend must
   * not start. Without a logger the environments are read once.
   *
   * @throws InputError listing every problem, each naming its config key.
   */
  static fromConfig(
    config: Config,
    deps: { logger?: LoggerService } = {},
  ): DefaultShipyardEnvironments {
    const environments = new DefaultShipyardEnvironments(
      toState(readEnvironments(config)),
    );
    const logger = deps.logger;
    if (logger) {
      config.subscribe?.(() => environments.#reload(config, logger));
    }
    return environments;
  }

  #state: EnvironmentsState;
  readonly #listeners = new Set<ShipyardEnvironmentsListener>();

  private constructor(state: EnvironmentsState) {
    this.#state = state;
  }

  list(): ShipyardEnvironment[] {
    return structuredClone(this.#state.environments);
  }

  get(name: string): ShipyardEnvironment {
    const env = this.#state.environments.find(e => e.name === name);
    if (!env) {
      const known = this.#state.environments.map(e => e.name);
      // Environment names reach us as request parameters and annotation
      // values, so an unknown one is the caller's input error (400).
      throw new InputError(
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
    const connections = this.#state.connections.get(environment) ?? [];
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

  onChange(listener: ShipyardEnvironmentsListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  #reload(config: Config, logger: LoggerService): void {
    let raw: RawEnvironment[];
    try {
      raw = readEnvironments(config);
    } catch (error) {
      // The start-up validation passed once; a bad edit at run time must not
      // take valid environments away from the catalog, routes and collectors.
      logger.error(
        `Ignoring the changed shipyard.environments configuration and keeping the previous environments (${
          this.#state.environments.map(e => e.name).join(', ') || 'none'
        }). ${(error as Error).message}`,
      );
      return;
    }
    // Any config change calls us; only a change of these values is news.
    if (JSON.stringify(raw) === JSON.stringify(this.#state.raw)) {
      return;
    }
    this.#state = toState(raw);
    logger.info(
      `shipyard.environments changed: ${
        this.#state.environments.map(e => e.name).join(', ') || 'none'
      }`,
    );
    for (const listener of this.#listeners) {
      try {
        listener(this.list());
      } catch (error) {
        logger.error(
          `A listener of shipyard.environments changes failed: ${stringifyError(
            error,
          )}`,
        );
      }
    }
  }
}
