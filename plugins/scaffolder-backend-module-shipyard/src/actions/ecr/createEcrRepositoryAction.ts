import {
  CreateRepositoryCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetRepositoryPolicyCommand,
  ListTagsForResourceCommand,
  Repository,
  SetRepositoryPolicyCommand,
} from '@aws-sdk/client-ecr';
import { ConflictError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  ShipyardEnvironment,
  ShipyardTagKeys,
} from '@internal/plugin-aws-common';
import {
  AwsClientFactory,
  mapAwsError,
  ShipyardEnvironments,
} from '@internal/plugin-aws-node';
import { ShipyardScaffolderConfig } from '../../config/ShipyardScaffolderConfig';
import {
  ArtifactRegistry,
  resolveArtifactRegistry,
} from '../../config/resolveArtifactRegistry';
import { assertInitiatorIsMember } from './assertInitiatorIsMember';
import { examples } from './createEcrRepositoryAction.examples';
import { pullPolicy } from './pullPolicy';
import {
  RepositoryInput,
  validateRepositoryInput,
} from './validateRepositoryInput';

/**
 * `shipyard:ecr:create-repository`: creates a service's image repository in
 * the artifact account, with immutable tags, scan on push and the Shipyard
 * tags, and a repository policy that lets every other environment account
 * pull. The owner must be one of the initiating user's groups. Running the
 * template again reuses the repository it created (same component and owner
 * tags); a repository of another component or owner, or without an owner
 * tag, is refused, never taken over. A dry run checks the same input and
 * owner, makes no AWS call and gives the would-be URI.
 *
 * @public
 */
export function createEcrRepositoryAction(options: {
  clientFactory: AwsClientFactory;
  environments: ShipyardEnvironments;
  config: ShipyardScaffolderConfig;
  tagKeys: ShipyardTagKeys;
}) {
  const { clientFactory, environments, config, tagKeys } = options;
  return createTemplateAction({
    id: 'shipyard:ecr:create-repository',
    description:
      "Creates the service's ECR repository in the artifact account (shipyard.scaffolder.ecr) with immutable image tags, scan on push, the Shipyard tags and a policy that lets the other environments' accounts pull; reuses the repository when it already belongs to the same component and owner. The owner must be one of the initiating user's groups.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        repositoryName: z =>
          z
            .string()
            .describe(
              'ECR repository name: lowercase letters and digits separated by ".", "_" or "-", "/" between path parts, e.g. returns-api',
            ),
        component: z =>
          z
            .string()
            .describe(
              `The component's name, the value of the ${tagKeys.component} tag: letters, digits, ".", "_", "-", up to 63 characters`,
            ),
        owner: z =>
          z
            .string()
            .describe(
              `The owning group's entity name (team-storefront, not group:default/team-storefront), the value of the ${tagKeys.owner} tag; the user running the template must be a member of it`,
            ),
        system: z =>
          z
            .string()
            .describe(
              `The system's entity name, the value of the ${tagKeys.system} tag`,
            ),
      },
      output: {
        repositoryUri: z =>
          z
            .string()
            .describe(
              'Where to push images: <account>.dkr.ecr.<region>.amazonaws.com/<repositoryName>',
            ),
      },
    },
    async handler(ctx) {
      const input = validateRepositoryInput(ctx.input);
      assertInitiatorIsMember(ctx.user, input.owner);
      const configured = environments.list();
      const registry = resolveArtifactRegistry(config, configured);
      const pullAccounts = environmentAccountsBesides(
        configured,
        registry.accountId,
      );
      const uri = `${registry.host}/${input.repositoryName}`;
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would create the ECR repository ${
            input.repositoryName
          } in account ${registry.accountId} (${
            registry.region
          }) for component ${input.component} of ${
            input.owner
          }, pullable from ${pullAccounts.join(', ') || 'no other account'}`,
        );
        ctx.output('repositoryUri', uri);
        return;
      }
      const ecr = clientFactory.getClient(ECRClient, {
        accountId: registry.accountId,
        region: registry.region,
      });
      const created = await createRepository(ecr, registry, input, tagKeys);
      if (created) {
        ctx.logger.info(
          `Created the ECR repository ${input.repositoryName} in account ${registry.accountId} (${registry.region})`,
        );
      } else {
        ctx.logger.info(
          `Reusing the ECR repository ${input.repositoryName} in account ${registry.accountId} (${registry.region}): it already belongs to component ${input.component} of ${input.owner}`,
        );
      }
      const repository =
        created ?? (await findOwnRepository(ecr, registry, input, tagKeys));
      // A new repository has no policy yet; a reused one may have the platform's statements.
      const granted = await grantPull(
        ecr,
        registry,
        input,
        pullAccounts,
        created !== undefined,
      );
      ctx.logger.info(
        pullAccounts.length === 0
          ? `Every environment is in the artifact account ${registry.accountId}: no repository policy needed`
          : `${granted ? 'Granted' : 'Already granted'} pulling from ${
              input.repositoryName
            } to the environment accounts ${pullAccounts.join(', ')}`,
      );
      ctx.output('repositoryUri', repository.repositoryUri ?? uri);
    },
  });
}

/** The accounts of the configured environments other than the artifact account, sorted. */
function environmentAccountsBesides(
  configured: readonly ShipyardEnvironment[],
  artifactAccountId: string,
): string[] {
  const accountIds = configured.flatMap(e => [
    ...e.accounts.map(a => a.accountId),
    ...e.ecsClusters.map(c => c.accountId),
    ...e.eksClusters.map(c => c.accountId),
  ]);
  return [...new Set(accountIds)]
    .filter(accountId => accountId !== artifactAccountId)
    .sort();
}

/**
 * Lets the environment accounts pull from the repository: images live in the artifact account,
 * and the other accounts' deploy roles and ECS task execution roles need the repository's
 * consent too. Idempotent: the policy is set only when Shipyard's statement is missing or out of
 * date, and other statements are kept.
 *
 * @returns whether the policy was changed.
 */
async function grantPull(
  ecr: ECRClient,
  registry: ArtifactRegistry,
  input: RepositoryInput,
  accountIds: readonly string[],
  isNew: boolean,
): Promise<boolean> {
  if (accountIds.length === 0) {
    return false;
  }
  let current: string | undefined;
  if (!isNew) {
    try {
      const result = await ecr.send(
        new GetRepositoryPolicyCommand({
          repositoryName: input.repositoryName,
        }),
      );
      current = result.policyText;
    } catch (error) {
      if ((error as Error)?.name !== 'RepositoryPolicyNotFoundException') {
        throw mapAwsError(
          error,
          callContext(registry, 'GetRepositoryPolicy', input),
        );
      }
    }
  }
  const policyText = pullPolicy(current, accountIds);
  if (policyText === undefined) {
    return false;
  }
  try {
    await ecr.send(
      new SetRepositoryPolicyCommand({
        repositoryName: input.repositoryName,
        policyText,
      }),
    );
  } catch (error) {
    throw mapAwsError(
      error,
      callContext(registry, 'SetRepositoryPolicy', input),
    );
  }
  return true;
}

/** @returns the new repository, or undefined when the name is taken. */
async function createRepository(
  ecr: ECRClient,
  registry: ArtifactRegistry,
  input: RepositoryInput,
  tagKeys: ShipyardTagKeys,
): Promise<Repository | undefined> {
  try {
    const result = await ecr.send(
      new CreateRepositoryCommand({
        repositoryName: input.repositoryName,
        // An image tag is a commit SHA: it must always name the same image.
        imageTagMutability: 'IMMUTABLE',
        imageScanningConfiguration: { scanOnPush: true },
        tags: [
          { Key: tagKeys.component, Value: input.component },
          { Key: tagKeys.owner, Value: input.owner },
          { Key: tagKeys.system, Value: input.system },
        ],
      }),
    );
    return result.repository;
  } catch (error) {
    if ((error as Error)?.name === 'RepositoryAlreadyExistsException') {
      return undefined;
    }
    throw mapAwsError(error, callContext(registry, 'CreateRepository', input));
  }
}

/**
 * The existing repository of that name, when its tags say it is this
 * component's and this owner's: a tag is what grants, so a repository
 * another team holds (or one without component or owner tag) is never
 * taken over.
 */
async function findOwnRepository(
  ecr: ECRClient,
  registry: ArtifactRegistry,
  input: RepositoryInput,
  tagKeys: ShipyardTagKeys,
): Promise<Repository> {
  let repository: Repository | undefined;
  let tags: Record<string, string>;
  try {
    const described = await ecr.send(
      new DescribeRepositoriesCommand({
        repositoryNames: [input.repositoryName],
      }),
    );
    repository = described.repositories?.[0];
  } catch (error) {
    throw mapAwsError(
      error,
      callContext(registry, 'DescribeRepositories', input),
    );
  }
  try {
    const listed = await ecr.send(
      new ListTagsForResourceCommand({
        resourceArn: repository?.repositoryArn,
      }),
    );
    tags = Object.fromEntries(
      (listed.tags ?? []).map(t => [t.Key ?? '', t.Value ?? '']),
    );
  } catch (error) {
    throw mapAwsError(
      error,
      callContext(registry, 'ListTagsForResource', input),
    );
  }
  const where = `The ECR repository ${input.repositoryName} already exists in account ${registry.accountId} (${registry.region})`;
  const component = tags[tagKeys.component];
  if (component !== input.component) {
    throw new ConflictError(
      `${where} and ${
        component === undefined
          ? `carries no ${tagKeys.component} tag`
          : `belongs to component ${component}`
      }; choose another repository name for ${input.component}`,
    );
  }
  const owner = tags[tagKeys.owner];
  if (owner === undefined) {
    // Whoever runs the template could otherwise claim it by naming their own team.
    throw new ConflictError(
      `${where} for component ${input.component} but carries no ${tagKeys.owner} tag, so nothing says it is ${input.owner}'s; ask the platform team to tag it, or choose another name`,
    );
  }
  if (owner !== input.owner) {
    throw new ConflictError(
      `${where} for component ${input.component} owned by ${owner}, not ${input.owner}; ask ${owner} or the platform team to hand it over, or choose another name`,
    );
  }
  return repository!;
}

function callContext(
  registry: ArtifactRegistry,
  operation: string,
  input: RepositoryInput,
) {
  return {
    accountId: registry.accountId,
    region: registry.region,
    service: 'ECR',
    operation,
    resource: `repository ${input.repositoryName}`,
  };
}
