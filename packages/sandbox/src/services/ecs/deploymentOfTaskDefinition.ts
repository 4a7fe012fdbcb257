import type { TaskDefinition } from '@aws-sdk/client-ecs';
import type { LiveDeployment } from '../../state/LiveDeployment';

/** The tag of an image reference, `registry/repo:tag` (`latest` when none is given). */
function imageTagOf(image: string): string {
  const name = image.split('@')[0];
  const lastSegment = name.slice(name.lastIndexOf('/') + 1);
  const colon = lastSegment.indexOf(':');
  return colon >= 0 ? lastSegment.slice(colon + 1) : 'latest';
}

/**
 * The rollout ECS starts for a service running `taskDefinition`: its image is the one of the
 * container named after the service's component, else the first essential container.
 */
export function deploymentOfTaskDefinition(
  taskDefinition: TaskDefinition,
  component: string,
): Omit<LiveDeployment, 'id' | 'createdAt'> {
  const containers = taskDefinition.containerDefinitions ?? [];
  const container =
    containers.find(c => c.name === component) ??
    containers.find(c => c.essential !== false) ??
    containers[0];
  const image = container?.image ?? '';
  return {
    revision: taskDefinition.revision!,
    image,
    imageTag: imageTagOf(image),
    taskDefinitionArn: taskDefinition.taskDefinitionArn!,
    reason: 'update',
  };
}
