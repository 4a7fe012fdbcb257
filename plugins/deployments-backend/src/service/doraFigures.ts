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
 * Shipyard rollback later moved away from, see `rolledBackDeployments`), time
 * to restore (from the bad deployment to its rollback's success) and lead
 * time for changes (the median of deployedAt - committedAt, in minutes, over
 * the deployments whose commit time the pipeline recorded: the
 * shipyard:committed-at tag or shipyard.io/committed-at annotation, with how
 * many that is). A commit time after its deployment (a wrong tag, or a
 * committer's clock ahead) says nothing about lead time and is left out
 * rather than pull the median down.
 * Rollbacks' own deployment records are not deployments here (a rollback
 * redeploys an old commit; its "lead time" would be the age of that commit);
 * refused rollback attempts are not rollbacks.
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
      const leadMinutes = group.deployments.flatMap(d => {
        const lead = d.committedAt
          ? d.deployedAt.getTime() - d.committedAt.getTime()
          : -1;
        return lead >= 0 ? [lead / 60_000] : [];
      });
      const leadTime = median(leadMinutes);
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
        ...(leadTime !== undefined
          ? { medianLeadTimeMinutes: Math.round(leadTime * 10) / 10 }
          : {}),
        leadTimeDeployments: leadMinutes.length,
      };
    });
}
