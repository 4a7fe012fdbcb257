import type { ScenarioTaggedResource } from '../scenario/Scenario';

/** @public */
export interface TagFilterQuery {
  key: string;
  /** Any of these values; empty or undefined means the key with any value. */
  values?: string[];
}

/**
 * Every tagged resource per account and region, indexed by tag so that lookups by component
 * stay cheap at a 1,000-service scale.
 *
 * @public
 */
export class TagIndex {
  private readonly regions = new Map<
    string,
    {
      all: ScenarioTaggedResource[];
      byTag: Map<string, ScenarioTaggedResource[]>;
    }
  >();
  private readonly byArn = new Map<string, ScenarioTaggedResource>();
  /** Insertion order, to merge several index lists back into a stable order. */
  private readonly sequence = new Map<ScenarioTaggedResource, number>();
  private nextSequence = 0;

  private constructor() {}

  static create(options: {
    resources: readonly ScenarioTaggedResource[];
  }): TagIndex {
    const index = new TagIndex();
    for (const resource of options.resources) {
      index.put(resource);
    }
    return index;
  }

  /** Adds a resource, or replaces the tags of one with the same ARN. */
  put(resource: ScenarioTaggedResource) {
    const existing = this.byArn.get(resource.arn);
    if (existing) {
      this.remove(existing);
    }
    const region = this.region(resource.accountId, resource.region);
    region.all.push(resource);
    for (const [key, value] of Object.entries(resource.tags)) {
      const k = `${key}\u0000${value}`;
      const list = region.byTag.get(k) ?? [];
      list.push(resource);
      region.byTag.set(k, list);
    }
    this.byArn.set(resource.arn, resource);
    this.sequence.set(resource, this.nextSequence++);
  }

  get(arn: string): ScenarioTaggedResource | undefined {
    return this.byArn.get(arn);
  }

  /**
   * The resources of a region that carry every filter's key (with one of its values, when
   * given) and whose type matches one of `resourceTypes` (`ecs` matches every ECS type,
   * `ecs:service` only services), in a stable order.
   */
  query(
    accountId: string,
    region: string,
    options: { tagFilters?: TagFilterQuery[]; resourceTypes?: string[] },
  ): ScenarioTaggedResource[] {
    const state = this.regions.get(`${accountId}/${region}`);
    if (!state) {
      return [];
    }
    const filters = options.tagFilters ?? [];
    let candidates = state.all;
    let merged = false;
    // Start from the narrowest indexed filter rather than scanning the whole region.
    for (const filter of filters) {
      if (!filter.values?.length) {
        continue;
      }
      const union = filter.values.flatMap(
        v => state.byTag.get(`${filter.key}\u0000${v}`) ?? [],
      );
      if (union.length < candidates.length) {
        merged = filter.values.length > 1;
        candidates = merged ? [...new Set(union)] : union;
      }
    }
    const types = options.resourceTypes ?? [];
    const result = candidates.filter(
      r =>
        filters.every(f =>
          f.values?.length
            ? f.values.includes(r.tags[f.key])
            : r.tags[f.key] !== undefined,
        ) &&
        (types.length === 0 ||
          types.some(
            t => r.resourceType === t || r.resourceType.startsWith(`${t}:`),
          )),
    );
    if (merged) {
      result.sort((a, b) => this.sequence.get(a)! - this.sequence.get(b)!);
    }
    return result;
  }

  private region(accountId: string, region: string) {
    const key = `${accountId}/${region}`;
    let state = this.regions.get(key);
    if (!state) {
      state = { all: [], byTag: new Map() };
      this.regions.set(key, state);
    }
    return state;
  }

  private remove(resource: ScenarioTaggedResource) {
    const region = this.region(resource.accountId, resource.region);
    region.all = region.all.filter(r => r !== resource);
    for (const [key, value] of Object.entries(resource.tags)) {
      const k = `${key}\u0000${value}`;
      region.byTag.set(
        k,
        (region.byTag.get(k) ?? []).filter(r => r !== resource),
      );
    }
    this.byArn.delete(resource.arn);
    this.sequence.delete(resource);
  }
}
