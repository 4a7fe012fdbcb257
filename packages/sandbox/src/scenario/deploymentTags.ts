import { SHIPYARD_DEPLOYMENT_TAGS } from './demoOrganisation';

/** An instant as the pipeline writes it in tags and annotations: ISO 8601 in UTC, to the second. */
export function toIsoSeconds(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/**
 * The tags the deployment pipeline writes on what it deploys (an ECS task definition revision,
 * the ECS service): who deployed and when.
 *
 * @public
 */
export function deploymentTags(deployment: {
  deployedBy: string;
  deployedAt: Date;
}): Record<string, string> {
  return {
    [SHIPYARD_DEPLOYMENT_TAGS.deployedBy]: deployment.deployedBy,
    [SHIPYARD_DEPLOYMENT_TAGS.deployedAt]: toIsoSeconds(deployment.deployedAt),
  };
}
