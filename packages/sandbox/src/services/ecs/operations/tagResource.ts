import type { TagResourceResponse } from '@aws-sdk/client-ecs';
import { InputReader } from '../../../server/InputReader';
import type { OperationHandler } from '../../../server/OperationHandler';
import { SandboxError } from '../../../server/SandboxError';
import { ECS_VALIDATION_ERROR } from '../ecsErrors';

/** ECS allows at most 50 tags per resource. */
const MAX_TAGS = 50;

/**
 * Adds or overwrites tags on an ECS resource of the caller's account and region, as the
 * deployment pipeline does with `shipyard:deployed-by` / `-at` on a service. The new tags are
 * what DescribeServices (include TAGS) and GetResources answer from then on.
 */
export const tagResource: OperationHandler<unknown, TagResourceResponse> = (
  input,
  ctx,
) => {
  const reader = InputReader.of(input, ECS_VALIDATION_ERROR);
  const arn = reader.requiredString('resourceArn');
  const tags = reader.structureList('tags', { maxItems: MAX_TAGS });
  if (!tags || tags.length === 0) {
    throw reader.invalid('Tags cannot be empty.');
  }
  const added = Object.fromEntries(
    tags.map(tag => [tag.requiredString('key'), tag.string('value') ?? '']),
  );
  const resource = ctx.state.tags.get(arn);
  if (
    !resource ||
    !resource.resourceType.startsWith('ecs:') ||
    resource.accountId !== ctx.accountId ||
    resource.region !== ctx.region
  ) {
    throw new SandboxError(
      'ResourceNotFoundException',
      'The specified resource could not be found.',
    );
  }
  const merged = { ...resource.tags, ...added };
  if (Object.keys(merged).length > MAX_TAGS) {
    throw reader.invalid(`A resource can have at most ${MAX_TAGS} tags.`);
  }
  ctx.state.tags.put({ ...resource, tags: merged });
  return {};
};
