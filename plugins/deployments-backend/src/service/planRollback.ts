import { NotFoundError } from '@backstage/errors';
import { Revision } from '@internal/plugin-deployments-common';
import { StoredDeployment, StoredRevision } from '../database/DeploymentsStore';

/**
 * Which revisions a target can go back to, and which one Shipyard proposes.
 *
 * Candidates are every stored revision of the target except the running
 * one, newest first. The proposal is the revision of the newest deployment
 * before the running one that ran something else: the last version that
 * ran, which is what an SRE reaches for first. Without deployment records it
 * is the newest other revision.
 *
 * @throws NotFoundError when `toRevision` is not a candidate, or there is none.
 */
export function planRollback(request: {
  targetId: string;
  running?: Revision;
  deployments: StoredDeployment[];
  revisions: StoredRevision[];
  toRevision?: string;
}): { to: StoredRevision; candidates: StoredRevision[] } {
  const { running } = request;
  const candidates = request.revisions.filter(
    r => r.revision.id !== running?.id,
  );
  if (candidates.length === 0) {
    throw new NotFoundError(
      `No earlier revision of ${request.targetId} is known to roll back to; the deployments collector records them as they run`,
    );
  }
  if (request.toRevision !== undefined) {
    const chosen = candidates.find(r => r.revision.id === request.toRevision);
    if (!chosen) {
      throw new NotFoundError(
        `${request.toRevision} is not a revision ${
          request.targetId
        } can roll back to${
          request.toRevision === running?.id ? ': it is the one running' : ''
        }`,
      );
    }
    return { to: chosen, candidates };
  }
  const byId = new Map(candidates.map(r => [r.revision.id, r]));
  const previous = request.deployments
    .filter(d => d.targetId === request.targetId)
    .sort((a, b) => b.deployedAt.getTime() - a.deployedAt.getTime())
    .find(d => d.revision.id !== running?.id && byId.has(d.revision.id));
  return {
    to: previous ? byId.get(previous.revision.id)! : candidates[0],
    candidates,
  };
}
