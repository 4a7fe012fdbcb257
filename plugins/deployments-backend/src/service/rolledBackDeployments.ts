import { StoredDeployment } from '../database/DeploymentsStore';
import { StoredRollback } from '../database/RollbackStore';

/** Whether the rollback's mutation reached AWS: refused attempts moved nothing. */
export function reachedAws(rollback: StoredRollback): boolean {
  return rollback.steps.some(s => s.state === 'rolling-out');
}

/**
 * Which deployments a Shipyard rollback moved away from, each with the
 * rollbacks that did: for every rollback that reached AWS, the deployment
 * that was running on its target when it was requested (the newest one
 * before the request), if that deployment ran the rollback's `from`
 * revision. A revision deployed twice is only blamed for the deployment
 * that was actually rolled back.
 *
 * `deployments` must include the rollbacks' own deployment records: they are
 * what ran before a second rollback.
 */
export function rolledBackDeployments(
  deployments: StoredDeployment[],
  rollbacks: StoredRollback[],
): Map<string, StoredRollback[]> {
  const byTarget = new Map<string, StoredDeployment[]>();
  for (const d of deployments) {
    const key = `${d.environment}\n${d.targetId}`;
    byTarget.set(key, [...(byTarget.get(key) ?? []), d]);
  }
  const result = new Map<string, StoredRollback[]>();
  for (const rollback of rollbacks.filter(reachedAws)) {
    const running = (
      byTarget.get(`${rollback.environment}\n${rollback.targetId}`) ?? []
    )
      .filter(d => d.deployedAt <= rollback.requestedAt)
      .sort((a, b) => b.deployedAt.getTime() - a.deployedAt.getTime())[0];
    if (running && running.revision.id === rollback.from.id) {
      result.set(running.id, [...(result.get(running.id) ?? []), rollback]);
    }
  }
  return result;
}
