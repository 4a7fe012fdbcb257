import type { OperationContext } from '../../server/OperationHandler';
import type { ScenarioCluster, ScenarioService } from '../../scenario/Scenario';

/** Finds a service of a cluster by name or ARN (short or long ARN format). */
export function resolveService(
  ctx: OperationContext,
  cluster: ScenarioCluster,
  reference: string,
): ScenarioService | undefined {
  const arn =
    /^arn:aws:ecs:([^:]+):(\d{12}):service\/(?:([^/]+)\/)?([^/]+)$/.exec(
      reference,
    );
  if (arn && (arn[1] !== ctx.region || arn[2] !== ctx.accountId)) {
    return undefined;
  }
  if (arn?.[3] && arn[3] !== cluster.name) {
    return undefined;
  }
  const name = arn ? arn[4] : reference;
  return ctx.state.services.find(ctx.accountId, ctx.region, cluster.name, name);
}
