import type { DescribeImagesResponse, ImageDetail } from '@aws-sdk/client-ecr';
import { InputReader } from '../../../server/InputReader';
import type { OperationHandler } from '../../../server/OperationHandler';
import { paginate } from '../../../server/paginate';
import { SandboxError } from '../../../server/SandboxError';
import type {
  ImageRecord,
  RepositoryRecord,
} from '../../../state/RepositoryStore';
import { ECR_VALIDATION_ERROR, repositoryNotFound } from '../ecrErrors';

function toImageDetail(
  repository: RepositoryRecord,
  image: ImageRecord,
): ImageDetail {
  return {
    registryId: repository.accountId,
    repositoryName: repository.name,
    imageDigest: image.digest,
    imageTags: image.tags.length ? [...image.tags] : undefined,
    imageSizeInBytes: image.sizeInBytes,
    imagePushedAt: image.pushedAt,
    imageManifestMediaType: image.manifestMediaType,
    artifactMediaType: 'application/vnd.docker.container.image.v1+json',
    imageStatus: 'ACTIVE',
  };
}

export const describeImages: OperationHandler<
  unknown,
  DescribeImagesResponse
> = (input, ctx) => {
  const reader = InputReader.of(input, ECR_VALIDATION_ERROR);
  const name = reader.requiredString('repositoryName', {
    minLength: 2,
    maxLength: 256,
  });
  const registryId = reader.string('registryId') ?? ctx.accountId;
  const imageIds = reader.structureList('imageIds', { maxItems: 100 });
  const maxResults = reader.integer('maxResults', { min: 1, max: 1000 });
  const token = reader.string('nextToken');
  const tagStatus =
    reader
      .structure('filter')
      ?.enumValue('tagStatus', ['TAGGED', 'UNTAGGED', 'ANY']) ?? 'ANY';
  if (imageIds && (maxResults !== undefined || token !== undefined)) {
    throw reader.invalid(
      'Invalid parameter: maxResults and nextToken cannot be specified together with imageIds',
    );
  }
  const repository =
    registryId === ctx.accountId
      ? ctx.state.repositories.get(ctx.accountId, ctx.region, name)
      : undefined;
  if (!repository) {
    throw repositoryNotFound(name, registryId);
  }

  if (imageIds) {
    const details = imageIds.map(id => {
      const digest = id.string('imageDigest');
      const tag = id.string('imageTag');
      const image = repository.images.find(
        i =>
          (digest === undefined || i.digest === digest) &&
          (tag === undefined || i.tags.includes(tag)),
      );
      if (!image || (digest === undefined && tag === undefined)) {
        throw new SandboxError(
          'ImageNotFoundException',
          `The image with imageId {imageDigest:'${
            digest ?? 'null'
          }', imageTag:'${
            tag ?? 'null'
          }'} does not exist within the repository with name '${name}' in the registry with id '${registryId}'`,
        );
      }
      return toImageDetail(repository, image);
    });
    return { imageDetails: details };
  }
  const images = repository.images.filter(
    i =>
      tagStatus === 'ANY' ||
      (tagStatus === 'TAGGED' ? i.tags.length > 0 : i.tags.length === 0),
  );
  const { page, nextToken } = paginate(images, {
    pageSize: maxResults ?? 100,
    token,
    errorName: ECR_VALIDATION_ERROR,
  });
  return {
    imageDetails: page.map(i => toImageDetail(repository, i)),
    nextToken,
  };
};
