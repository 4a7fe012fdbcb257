import {
  DeploymentTarget,
  Revision,
} from '@internal/plugin-deployments-common';

// Enough to tell digests apart at a glance, as `docker images` does.
const DIGEST_HEX_CHARS = 12;
const GIT_SHA_CHARS = 7;

/** `sha256:4f1c2a9b8e7d…` → `sha256:4f1c2a9b8e7d`. */
export function shortDigest(digest: string): string {
  const [algorithm, hex] = digest.includes(':')
    ? digest.split(':', 2)
    : [undefined, digest];
  const short = hex.slice(0, DIGEST_HEX_CHARS);
  return algorithm ? `${algorithm}:${short}` : short;
}

/** A commit's short form, as `git log --oneline` shows it. */
export function shortSha(sha: string): string {
  return sha.slice(0, GIT_SHA_CHARS);
}

/** What people call a revision: its image tag, else its digest, else its image. */
export function versionLabel(revision: Revision): string {
  if (revision.imageTag) {
    return revision.imageTag;
  }
  if (revision.imageDigest) {
    return shortDigest(revision.imageDigest);
  }
  return revision.image;
}

/**
 * The revision as the platform names it: the task definition's
 * `family:revision` on ECS, the ReplicaSet (and its revision number) on EKS.
 */
export function revisionLabel(
  kind: DeploymentTarget['kind'],
  revision: Revision,
): string {
  if (kind === 'eks-deployment') {
    // The id is `eks:<cluster>/<namespace>/<ReplicaSet>`: people know the ReplicaSet by name.
    const name = revision.id.slice(revision.id.lastIndexOf('/') + 1);
    return `ReplicaSet ${name} (revision ${revision.revision})`;
  }
  return revision.revision;
}

/** `cluster / namespace / name`, the way the consoles show a workload. */
export function targetLabel(target: DeploymentTarget): string {
  return [target.cluster, target.namespace, target.name]
    .filter(Boolean)
    .join(' / ');
}
