import { createHash } from 'node:crypto';

/**
 * The id of a deployment record: the same revision starting on the same
 * target at the same instant is one deployment, however often a collector
 * sees it. A hash, since target ids (ARNs) are longer than the column.
 */
export function deploymentId(
  targetId: string,
  revisionId: string,
  deployedAt: Date,
): string {
  return createHash('sha256')
    .update(`${targetId}\n${revisionId}\n${deployedAt.getTime()}`)
    .digest('hex');
}
