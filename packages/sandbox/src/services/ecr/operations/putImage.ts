import { createHash } from 'node:crypto';
import type { PutImageResponse } from '@aws-sdk/client-ecr';
import { InputReader } from '../../../server/InputReader';
import type { OperationHandler } from '../../../server/OperationHandler';
import { SandboxError } from '../../../server/SandboxError';
import { DOCKER_MANIFEST_V2 } from '../../../state/RepositoryStore';
import { ECR_VALIDATION_ERROR, repositoryNotFound } from '../ecrErrors';

/** The size of an image is that of its config and layers, as the manifest states them. */
function imageSize(
  manifest: Record<string, unknown>,
  fallback: number,
): number {
  const sizeOf = (d: unknown) =>
    typeof (d as { size?: unknown })?.size === 'number'
      ? (d as { size: number }).size
      : 0;
  const layers = Array.isArray(manifest.layers) ? manifest.layers : [];
  const total =
    sizeOf(manifest.config) +
    layers.reduce((sum: number, l) => sum + sizeOf(l), 0);
  return total > 0 ? total : fallback;
}

/**
 * Publishes a manifest under a tag, which is all a pipeline needs to make an image tag exist;
 * layers are not uploaded.
 */
export const putImage: OperationHandler<unknown, PutImageResponse> = (
  input,
  ctx,
) => {
  const reader = InputReader.of(input, ECR_VALIDATION_ERROR);
  const name = reader.requiredString('repositoryName', {
    minLength: 2,
    maxLength: 256,
  });
  const manifestText = reader.requiredString('imageManifest', {
    minLength: 1,
    maxLength: 4194304,
  });
  const tag = reader.string('imageTag', { minLength: 1, maxLength: 300 });
  const givenDigest = reader.string('imageDigest');
  const registryId = reader.string('registryId') ?? ctx.accountId;
  let manifest: Record<string, unknown>;
  try {
    manifest = JSON.parse(manifestText);
  } catch {
    throw reader.invalid(
      "Invalid parameter at 'ImageManifest' failed to satisfy constraint: 'Invalid JSON syntax'",
    );
  }
  const repository =
    registryId === ctx.accountId
      ? ctx.state.repositories.get(ctx.accountId, ctx.region, name)
      : undefined;
  if (!repository) {
    throw repositoryNotFound(name, registryId);
  }
  const digest = `sha256:${createHash('sha256')
    .update(manifestText)
    .digest('hex')}`;
  if (givenDigest !== undefined && givenDigest !== digest) {
    throw new SandboxError(
      'ImageDigestDoesNotMatchException',
      `Invalid parameter at 'imageDigest' failed to satisfy constraint: 'The provided digest does not match the digest of the image manifest'`,
    );
  }
  const existing = repository.images.find(i => i.digest === digest);
  if (existing && (tag === undefined || existing.tags.includes(tag))) {
    throw new SandboxError(
      'ImageAlreadyExistsException',
      `Image with digest '${digest}'${
        tag ? ` and tag '${tag}'` : ''
      } already exists in the repository with name '${name}' in registry with id '${registryId}'`,
    );
  }
  if (tag !== undefined) {
    const holder = repository.images.find(i => i.tags.includes(tag));
    if (holder) {
      if (repository.imageTagMutability.startsWith('IMMUTABLE')) {
        throw new SandboxError(
          'ImageTagAlreadyExistsException',
          `The image tag '${tag}' already exists in the '${name}' repository and cannot be overwritten because the repository is immutable.`,
        );
      }
      // A mutable tag moves to the new image.
      holder.tags = holder.tags.filter(t => t !== tag);
    }
  }
  const mediaType =
    reader.string('imageManifestMediaType') ??
    (typeof manifest.mediaType === 'string'
      ? manifest.mediaType
      : DOCKER_MANIFEST_V2);
  if (existing) {
    existing.tags.push(tag!);
  } else {
    repository.images.push({
      digest,
      tags: tag === undefined ? [] : [tag],
      sizeInBytes: imageSize(manifest, manifestText.length),
      pushedAt: ctx.now,
      manifest: manifestText,
      manifestMediaType: mediaType,
    });
  }
  return {
    image: {
      registryId,
      repositoryName: name,
      imageId: { imageDigest: digest, imageTag: tag },
      imageManifest: manifestText,
      imageManifestMediaType: mediaType,
    },
  };
};
