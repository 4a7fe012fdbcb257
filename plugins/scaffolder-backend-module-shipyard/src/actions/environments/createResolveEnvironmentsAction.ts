import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  SHIPYARD_RUNTIMES,
  SHIPYARD_TIERS,
  ShipyardEnvironment,
  ShipyardRuntime,
  sortByTier,
} from '@internal/plugin-aws-common';
import { ShipyardEnvironments } from '@internal/plugin-aws-node';
import { ShipyardScaffolderConfig } from '../../config/ShipyardScaffolderConfig';
import { resolveArtifactRegistry } from '../../config/resolveArtifactRegistry';
import { throwIfProblems } from '../../validation/throwIfProblems';
import { examples } from './createResolveEnvironmentsAction.examples';
import { environmentNameOf } from './environmentNameOf';
import { validateScaling } from './validateScaling';

const RUNTIME_NAMES: Record<ShipyardRuntime, string> = {
  ecs: 'ECS',
  eks: 'EKS',
};

/** One environment as the templates' skeletons use it. */
export interface ResolvedEnvironment {
  name: string;
  title: string;
  tier: (typeof SHIPYARD_TIERS)[number];
  accountId: string;
  region: string;
  cluster: string;
  deployRoleArn: string;
  manual: boolean;
}

function clustersOf(
  environment: ShipyardEnvironment,
  runtime: ShipyardRuntime,
) {
  return runtime === 'ecs' ? environment.ecsClusters : environment.eksClusters;
}

/**
 * `shipyard:environments:resolve`: turns the environments chosen in a
 * template's form into what the skeletons need to deploy there (account,
 * region, cluster, the role the pipeline assumes), from
 * `shipyard.environments`. It also checks the form's autoscaling bounds,
 * which the form's schema cannot compare; as the templates' first step, it
 * refuses them before anything is created. It makes no call, so a dry run
 * does the same.
 *
 * @public
 */
export function createResolveEnvironmentsAction(options: {
  environments: ShipyardEnvironments;
  config: ShipyardScaffolderConfig;
}) {
  const { environments, config } = options;
  return createTemplateAction({
    id: 'shipyard:environments:resolve',
    description:
      "Resolves the chosen environments from Shipyard's configuration (shipyard.environments): for each, its tier, AWS account and region, the first cluster of the runtime, the IAM role the pipeline assumes there and whether deploying is manual (prod). Ordered dev, staging, prod. Also gives the ECR registry of the artifact account, and checks the optional autoscaling bounds (min ≤ desired ≤ max).",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        environments: z =>
          z
            .array(z.string())
            .describe(
              'The environments to deploy to: environment names (dev) or entity refs of their catalog entities (resource:default/dev). At least one.',
            ),
        runtime: z =>
          z
            .enum(SHIPYARD_RUNTIMES)
            .describe(
              'Where the service runs: ecs (ECS on Fargate) or eks (Kubernetes on EKS); each environment must have a cluster of it.',
            ),
        scaling: z =>
          z
            .object({
              min: z
                .number()
                .int()
                .describe('The fewest tasks or pods autoscaling keeps'),
              desired: z
                .number()
                .int()
                .optional()
                .describe(
                  'How many the service starts with (ECS); leave out where it starts at min (EKS)',
                ),
              max: z.number().int().describe('The most autoscaling starts'),
            })
            .optional()
            .describe(
              "Optional: the form's autoscaling bounds and starting count, checked here (min ≤ desired ≤ max, each at least 1; desired optional) because a JSON Schema cannot compare two fields; this step runs first, so nothing is created with crossed bounds.",
            ),
      },
      output: {
        environments: z =>
          z
            .array(
              z.object({
                name: z.string().describe('Environment name, e.g. dev'),
                title: z
                  .string()
                  .describe('Display name; the name when none is configured'),
                tier: z.enum(SHIPYARD_TIERS).describe('dev, staging or prod'),
                accountId: z
                  .string()
                  .describe("AWS account of the environment's cluster"),
                region: z.string().describe('AWS region of that cluster'),
                cluster: z
                  .string()
                  .describe(
                    "Name of the environment's first ECS or EKS cluster of the runtime",
                  ),
                deployRoleArn: z
                  .string()
                  .describe(
                    'IAM role the GitLab pipeline assumes to deploy there (shipyard.scaffolder.deployRoleName)',
                  ),
                manual: z
                  .boolean()
                  .describe(
                    'Whether deploying there is a manual pipeline job (prod tier)',
                  ),
              }),
            )
            .describe(
              'The chosen environments, dev first, then staging, then prod',
            ),
        names: z =>
          z
            .array(z.string())
            .describe('The environment names, in the same order'),
        registry: z =>
          z
            .string()
            .describe(
              'ECR registry host of the artifact account: <account>.dkr.ecr.<region>.amazonaws.com',
            ),
      },
    },
    async handler(ctx) {
      const { runtime } = ctx.input;
      const requested: unknown = ctx.input.environments;
      const problems: string[] = [];
      if (!SHIPYARD_RUNTIMES.includes(runtime)) {
        problems.push(
          `runtime "${String(runtime)}" must be one of ${SHIPYARD_RUNTIMES.join(
            ', ',
          )}`,
        );
      }
      if (
        !Array.isArray(requested) ||
        requested.length === 0 ||
        requested.some(e => typeof e !== 'string')
      ) {
        problems.push(
          'environments must list at least one environment name (dev) or environment entity ref (resource:default/dev)',
        );
      }
      validateScaling(ctx.input.scaling, problems);
      throwIfProblems('Cannot resolve the environments', problems);

      const configured = environments.list();
      const known = new Map(configured.map(e => [e.name, e]));
      const chosen = new Map<string, ShipyardEnvironment>();
      const unknown: string[] = [];
      for (const value of requested as string[]) {
        const environment = known.get(environmentNameOf(value) ?? '');
        if (environment) {
          chosen.set(environment.name, environment);
        } else {
          unknown.push(`"${value}"`);
        }
      }
      if (unknown.length) {
        problems.push(
          `${unknown.join(', ')} ${
            unknown.length === 1 ? 'is not a' : 'are not'
          } configured environment${
            unknown.length === 1 ? '' : 's'
          }; the configured environments are ${
            configured.map(e => e.name).join(', ') || 'none'
          }`,
        );
      }
      const runtimeName = RUNTIME_NAMES[runtime];
      const withoutCluster = [...chosen.values()].filter(
        e => clustersOf(e, runtime).length === 0,
      );
      if (withoutCluster.length) {
        const withCluster = configured
          .filter(e => clustersOf(e, runtime).length > 0)
          .map(e => e.name);
        problems.push(
          `${withoutCluster.map(e => `"${e.name}"`).join(', ')} ${
            withoutCluster.length === 1 ? 'has' : 'have'
          } no ${runtimeName} cluster; the environments with one are ${
            withCluster.join(', ') || 'none'
          }`,
        );
      }
      throwIfProblems('Cannot resolve the environments', problems);

      const resolved: ResolvedEnvironment[] = sortByTier([
        ...chosen.values(),
      ]).map(environment => {
        const cluster = clustersOf(environment, runtime)[0];
        return {
          name: environment.name,
          title: environment.title ?? environment.name,
          tier: environment.tier,
          accountId: cluster.accountId,
          region: cluster.region,
          cluster: cluster.name,
          deployRoleArn: `arn:aws:iam::${cluster.accountId}:role/${config.deployRoleName}`,
          manual: environment.tier === 'prod',
        };
      });
      const registry = resolveArtifactRegistry(config, configured);
      ctx.logger.info(
        `Resolved ${resolved
          .map(
            e =>
              `${e.name} (${runtimeName} ${e.cluster}, ${e.accountId}/${e.region})`,
          )
          .join(', ')}; images in ${registry.host}`,
      );
      ctx.output('environments', resolved);
      ctx.output(
        'names',
        resolved.map(e => e.name),
      );
      ctx.output('registry', registry.host);
    },
  });
}
