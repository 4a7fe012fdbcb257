/** The commit a revision was built from, as the deployment pipeline recorded it. */
export interface RecordedCommit {
  /** The full commit SHA, lower case. */
  sha?: string;
  committedAt?: Date;
}

// SHA-1 (40) or SHA-256 (64) object names; abbreviated ones (7+) are accepted
// since a hand-run deploy may write `git rev-parse --short HEAD`.
const COMMIT_SHA = /^[0-9a-f]{7,64}$/i;

// RFC 3339 date-time, as the pipeline writes it (GitLab's $CI_COMMIT_TIMESTAMP
// in UTC, `2026-12-02T03:12:16Z`) or with an offset. Date.parse alone would
// also accept `12/02/2026` or `2026`, which no pipeline of ours writes:
// such values are more likely a wrong tag than a time to compute with.
const RFC_3339 =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/i;

/**
 * Reads the pipeline's commit-sha and committed-at tags (ECS) or annotations
 * (EKS). A value that is absent or malformed is left out, never an error:
 * tags are written by hand now and then, and one bad tag must not stop a
 * collector pass.
 */
export function readCommit(
  sha: string | undefined,
  committedAt: string | undefined,
): RecordedCommit {
  const trimmedSha = sha?.trim();
  const trimmedAt = committedAt?.trim();
  const at =
    trimmedAt && RFC_3339.test(trimmedAt) ? new Date(trimmedAt) : undefined;
  return {
    ...(trimmedSha && COMMIT_SHA.test(trimmedSha)
      ? { sha: trimmedSha.toLowerCase() }
      : {}),
    ...(at && !Number.isNaN(at.getTime()) ? { committedAt: at } : {}),
  };
}
