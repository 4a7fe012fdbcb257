import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ShipyardEnvironments,
  listShipyardComponents,
} from '@internal/plugin-aws-node';
import {
  DeploymentsStore,
  StoredDeployment,
} from '../database/DeploymentsStore';
import { RollbackStore, StoredRollback } from '../database/RollbackStore';
import { RollbackService } from '../service/RollbackService';
import { DeploymentTargets } from '../targets/DeploymentTargets';

/** How far apart a rollback request and the deployment it caused may be. */
const ROLLBACK_LINK_WINDOW_MS = 15 * 60_000;

/**
 * Marks the deployments that Shipyard rollbacks started, so that the feeds
 * show the rollback once rather than also as a deployment.
 */
export function linkRollbacks(
  deployments: StoredDeployment[],
  rollbacks: StoredRollback[],
): StoredDeployment[] {
  return deployments.map(d => {
    const cause = rollbacks.find(
      r =>
        r.targetId === d.targetId &&
        r.environment === d.environment &&
        r.to.id === d.revision.id &&
        r.requestedBy === d.deployedBy &&
        Math.abs(d.deployedAt.getTime() - r.requestedAt.getTime()) <=
          ROLLBACK_LINK_WINDOW_MS,
    );
    return cause ? { ...d, rollbackId: cause.id } : d;
  });
}

/**
 * One pass of the deployments collector: for every environment, what each
 * runtime's targets report for the catalog's Shipyard components, stored;
 * then every unfinished rollback settled from AWS. An environment that fails
 * (AWS throttling, an unreachable cluster) keeps what was stored before and
 * does not stop the others; the run then fails naming it.
 */
export async function collectDeployments(deps: {
  auth: AuthService;
  catalog: CatalogService;
  environments: ShipyardEnvironments;
  logger: LoggerService;
  store: DeploymentsStore;
  rollbackStore: RollbackStore;
  rollbacks: Pick<RollbackService, 'settleUnfinished'>;
  targets: DeploymentTargets[];
  signal?: AbortSignal;
}): Promise<void> {
  const components = await listShipyardComponents(deps);
  const failures: string[] = [];
  for (const environment of deps.environments.list()) {
    if (deps.signal?.aborted) {
      break;
    }
    const collectedAt = new Date();
    try {
      const results = await Promise.all(
        deps.targets.map(t =>
          t.collect({
            environment: environment.name,
            components,
            knownRevisionIds: ids => deps.store.knownRevisionIds(ids),
            signal: deps.signal,
          }),
        ),
      );
      const recent = await deps.rollbackStore.list({
        environment: environment.name,
        since: new Date(collectedAt.getTime() - 86_400_000),
        limit: 500,
      });
      await deps.store.saveRevisions(results.flatMap(r => r.revisions));
      await deps.store.recordDeployments(
        linkRollbacks(
          results.flatMap(r => r.deployments),
          recent,
        ),
      );
      await deps.store.replaceTargets(
        environment.name,
        results.flatMap(r => r.targets),
        collectedAt,
      );
      deps.logger.info(
        `Collected ${results.reduce(
          (n, r) => n + r.targets.length,
          0,
        )} deployment targets in ${environment.name}`,
      );
    } catch (error) {
      deps.logger.warn(
        `Could not collect deployments in ${environment.name}: ${stringifyError(
          error,
        )}`,
      );
      failures.push(`${environment.name}: ${stringifyError(error)}`);
    }
  }
  await deps.rollbacks.settleUnfinished();
  if (failures.length > 0) {
    throw new Error(
      `Deployments of ${
        failures.length
      } environment(s) could not be collected; what was stored before stays. ${failures.join(
        '; ',
      )}`,
    );
  }
}
