import type {
  GetResourcesOutput,
  ResourceTagMapping,
} from '@aws-sdk/client-resource-groups-tagging-api';
import { InputReader } from '../../../server/InputReader';
import type { OperationHandler } from '../../../server/OperationHandler';
import { paginate } from '../../../server/paginate';
import type { TagFilterQuery } from '../../../state/TagIndex';
import type { ScenarioTaggedResource } from '../../../scenario/Scenario';

const VALIDATION = 'InvalidParameterException';
/** `service[:resourceType]`, spelled as in ARNs. */
const RESOURCE_TYPE = /^[a-z0-9-]+(:[a-zA-Z0-9-]+)?$/;

function toMapping(resource: ScenarioTaggedResource): ResourceTagMapping {
  return {
    ResourceARN: resource.arn,
    Tags: Object.entries(resource.tags).map(([Key, Value]) => ({ Key, Value })),
  };
}

export const getResources: OperationHandler<unknown, GetResourcesOutput> = (
  input,
  ctx,
) => {
  const reader = InputReader.of(input, VALIDATION);
  const resourcesPerPage = reader.integer('ResourcesPerPage', {
    min: 1,
    max: 100,
  });
  const tagsPerPage = reader.integer('TagsPerPage', { min: 100, max: 500 });
  const token = reader.string('PaginationToken');
  const arnList = reader.stringList('ResourceARNList', { maxItems: 100 });
  const typeFilters = reader.stringList('ResourceTypeFilters', {
    maxItems: 100,
  });
  const filterReaders = reader.structureList('TagFilters', { maxItems: 50 });
  const includeCompliance = reader.boolean('IncludeComplianceDetails') ?? false;
  if (reader.boolean('ExcludeCompliantResources') && !includeCompliance) {
    throw reader.invalid(
      'ExcludeCompliantResources can only be set when IncludeComplianceDetails is true.',
    );
  }
  if (resourcesPerPage !== undefined && tagsPerPage !== undefined) {
    throw reader.invalid(
      'Specify either ResourcesPerPage or TagsPerPage, not both.',
    );
  }
  for (const type of typeFilters ?? []) {
    if (!RESOURCE_TYPE.test(type)) {
      throw reader.invalid(`Unsupported resource type filter: ${type}`);
    }
  }
  const tagFilters: TagFilterQuery[] = (filterReaders ?? []).map(f => ({
    key: f.requiredString('Key', { minLength: 1, maxLength: 128 }),
    values: f.stringList('Values', { maxItems: 20 }),
  }));

  if (arnList) {
    if (tagFilters.length || typeFilters?.length) {
      throw reader.invalid(
        'ResourceARNList cannot be specified together with TagFilters or ResourceTypeFilters.',
      );
    }
    if (
      resourcesPerPage !== undefined ||
      tagsPerPage !== undefined ||
      token !== undefined
    ) {
      throw reader.invalid(
        'ResourceARNList cannot be specified together with pagination parameters.',
      );
    }
    const found = arnList
      .map(arn => ctx.state.tags.get(arn))
      .filter(
        (r): r is ScenarioTaggedResource =>
          !!r && r.accountId === ctx.accountId && r.region === ctx.region,
      );
    return {
      ResourceTagMappingList: found.map(toMapping),
      PaginationToken: '',
    };
  }

  const resources = ctx.state.tags.query(ctx.accountId, ctx.region, {
    tagFilters,
    resourceTypes: typeFilters,
  });
  const { page, nextToken } = paginate(resources, {
    pageSize:
      tagsPerPage === undefined
        ? resourcesPerPage ?? 50
        : remaining => {
            // A resource and its tags never straddle two pages; a resource without tags counts as one.
            let tags = 0;
            let count = 0;
            for (const r of remaining) {
              tags += Math.max(1, Object.keys(r.tags).length);
              if (tags > tagsPerPage && count > 0) {
                break;
              }
              count += 1;
            }
            return count;
          },
    token: token === '' ? undefined : token,
    errorName: VALIDATION,
  });
  return {
    ResourceTagMappingList: page.map(toMapping),
    // AWS ends a listing with an empty token rather than none.
    PaginationToken: nextToken ?? '',
  };
};
