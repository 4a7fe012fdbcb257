import { SHIPYARD_DEPLOYMENT_TAGS } from './demoOrganisation';

/** An instant as the pipeline writes it in tags and annotations: ISO 8601 in UTC, to the second. */
export function toIsoSeconds(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/**
 * The tags the deployment pipeline writes on what it deploys (an ECS task definition revision,
 * the ECS service): who deployed and when, and the commit when the deployment names one.
 *
 * @public
 */
export function deploymentTags(deployment: {
  deployedBy: string;
  deployedAt: Date;
  commitSha?: string;
  committedAt?: Date;
}): Record<string, string> {
  return {
    [SHIPYARD_DEPLOYMENT_TAGS.deployedBy]: deployment.deployedBy,
    [SHIPYARD_DEPLOYMENT_TAGS.deployedAt]: toIsoSeconds(deployment.deployedAt),
    ...commitEntries(SHIPYARD_DEPLOYMENT_TAGS, deployment),
  };
}

/**
 * The commit's tags or annotations (`keys` names them), both or neither: a commit time without
 * its SHA, or the reverse, is not what the pipeline writes.
 */
export function commitEntries(
  keys: { commitSha: string; committedAt: string },
  commit: { commitSha?: string; committedAt?: Date },
): Record<string, string> {
  return commit.commitSha && commit.committedAt
    ? {
        [keys.commitSha]: commit.commitSha,
        [keys.committedAt]: toIsoSeconds(commit.committedAt),
      }
    : {};
}
