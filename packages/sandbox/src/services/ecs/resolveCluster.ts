import type { OperationContext } from '../../server/OperationHandler';
import { SandboxError } from '../../server/SandboxError';
import type { ScenarioCluster } from '../../scenario/Scenario';

/**
 * Finds an ECS cluster of the caller's account and region by name or ARN; ECS's default
 * cluster (`default`) when none is given.
 */
export function resolveCluster(
  ctx: OperationContext,
  reference: string | undefined,
): ScenarioCluster {
  const ref = reference ?? 'default';
  const arn = /^arn:aws:ecs:([^:]+):(\d{12}):cluster\/(.+)$/.exec(ref);
  const name = arn ? arn[3] : ref;
  const cluster =
    (!arn || (arn[1] === ctx.region && arn[2] === ctx.accountId)) &&
    ctx.scenario.clusters.find(
      c =>
        c.kind === 'ecs' &&
        c.name === name &&
        c.accountId === ctx.accountId &&
        c.region === ctx.region,
    );
  if (!cluster) {
    throw new SandboxError('ClusterNotFoundException', 'Cluster not found.');
  }
  return cluster;
}
