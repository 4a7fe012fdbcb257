/** What an image reference says about the version it runs. */
export interface ImageVersion {
  imageTag?: string;
  imageDigest?: string;
  gitSha?: string;
}

// A full or abbreviated git commit SHA as pipelines tag images: the whole
// tag, or its last `-`/`.`/`_` separated part (`1.42.0-3f9c2ab`).
const GIT_SHA = /(?:^|[-._])([0-9a-f]{7,40})$/;

/**
 * Splits `registry/repo:tag@sha256:…` into tag and digest, and finds the git
 * SHA: the commit the pipeline recorded (its commit-sha tag or annotation,
 * already validated by `readCommit`) when there is one, since it is what was
 * built; else in the image tag or, failing that, in the image's
 * `org.opencontainers.image.revision` label when the caller has it. Those two
 * are guesses: a tag like `1.2.3-deadbeef` names a commit by convention only.
 */
export function describeImage(
  image: string,
  sources: { revisionLabel?: string; commitSha?: string } = {},
): ImageVersion {
  const { revisionLabel, commitSha } = sources;
  const [reference, digest] = image.split('@');
  const lastSlash = reference.lastIndexOf('/');
  const colon = reference.indexOf(':', lastSlash + 1);
  const imageTag = colon >= 0 ? reference.slice(colon + 1) : undefined;
  const fromTag = imageTag?.match(GIT_SHA)?.[1];
  const gitSha =
    commitSha ??
    fromTag ??
    (revisionLabel && /^[0-9a-f]{7,40}$/.test(revisionLabel)
      ? revisionLabel
      : undefined);
  return {
    ...(imageTag ? { imageTag } : {}),
    ...(digest ? { imageDigest: digest } : {}),
    ...(gitSha ? { gitSha } : {}),
  };
}
