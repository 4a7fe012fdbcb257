import { DoraFigures } from '@internal/plugin-deployments-common';
import { StoredDeployment } from '../database/DeploymentsStore';
import { StoredRollback } from '../database/RollbackStore';
import { reachedAws, rolledBackDeployments } from './rolledBackDeployments';

const median = (values: number[]): number | undefined => {
  if (values.length === 0) {
    return undefined;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * DORA figures per owning team and environment over a window of `days`:
 * deployment frequency, change failure rate (the share of deployments a
 * Shipyard rollback later moved away from, see `rolledBackDeployments`) and
 * time to restore (from the bad deployment to its rollback's success).
 * Rollbacks' own deployment records are not deployments here; refused
 * rollback attempts are not rollbacks. Lead time needs commit times, which no
 * source records yet, so it is left out.
 */
export function doraFigures(request: {
  deployments: StoredDeployment[];
  rollbacks: StoredRollback[];
  days: number;
}): DoraFigures[] {
  const rolledBack = rolledBackDeployments(
    request.deployments,
    request.rollbacks,
  );
  const groups = new Map<
    string,
    { owner: string; environment: string; deployments: StoredDeployment[] }
  >();
  for (const d of request.deployments) {
    if (!d.owner || d.rollbackId) {
      continue;
    }
    const key = `${d.owner}\n${d.environment}`;
    const group = groups.get(key) ?? {
      owner: d.owner,
      environment: d.environment,
      deployments: [],
    };
    group.deployments.push(d);
    groups.set(key, group);
  }

  return [...groups.values()]
    .sort((a, b) =>
      `${a.owner} ${a.environment}` < `${b.owner} ${b.environment}` ? -1 : 1,
    )
    .map(group => {
      const rollbacks = request.rollbacks.filter(
        r =>
          r.owner === group.owner &&
          r.environment === group.environment &&
          reachedAws(r),
      );
      const failed = group.deployments.filter(d => rolledBack.has(d.id));
      const restoreMinutes = failed.flatMap(d => {
        const restored = rolledBack
          .get(d.id)!
          .filter(r => r.state === 'succeeded' && r.finishedAt)
          .map(r => r.finishedAt!.getTime())
          .sort((a, b) => a - b)[0];
        return restored === undefined
          ? []
          : [(restored - d.deployedAt.getTime()) / 60_000];
      });
      const mttr = median(restoreMinutes);
      const count = group.deployments.length;
      return {
        owner: group.owner,
        environment: group.environment,
        deployments: count,
        deploymentsPerWeek: Math.round((count / request.days) * 7 * 100) / 100,
        changeFailureRate:
          count === 0 ? 0 : Math.round((failed.length / count) * 1000) / 1000,
        rollbacks: rollbacks.length,
        ...(mttr !== undefined
          ? { medianTimeToRestoreMinutes: Math.round(mttr * 10) / 10 }
          : {}),
      };
    });
}
