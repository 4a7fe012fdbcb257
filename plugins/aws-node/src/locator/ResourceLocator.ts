import { LocatedResources, ShipyardRuntime } from '@internal/plugin-aws-common';

/**
 * A component to locate: its component tag value (the entity name, or the
 * `shipyard.io/component-tag` annotation) and, when known, its runtime.
 *
 * @public
 */
export interface LocatableComponent {
  componentTagValue: string;
  /**
   * `ecs` leaves out EKS workloads; `eks` or undefined lists where to look in
   * each EKS cluster of the environment.
   */
  runtime?: ShipyardRuntime;
}

/**
 * Options for a lookup.
 *
 * @public
 */
export interface LocateOptions {
  signal?: AbortSignal;
  /**
   * Skip the cache and ask AWS; use before a mutation, to check the target
   * still carries the component's tags.
   */
  bypassCache?: boolean;
}

/**
 * Finds a component's AWS resources in an environment through their tags
 * (`shipyard:component`, `shipyard:environment`), in every account and region
 * of the environment.
 *
 * @public
 */
export interface ResourceLocator {
  /**
   * One component: one GetResources query per (account, region), filtered by
   * both tags. For live views of a single service.
   * @throws InputError for an unknown environment, and the errors of
   *   `mapAwsError`.
   */
  locate(
    request: LocatableComponent & { environment: string },
    options?: LocateOptions,
  ): Promise<LocatedResources>;

  /**
   * Many components, for collectors: one paginated GetResources query per
   * (account, region), filtered by the environment tag only, grouped by the
   * component tag. Every requested component is in the result, with empty
   * lists when nothing carries its tag.
   */
  locateMany(
    components: LocatableComponent[],
    environment: string,
    options?: LocateOptions,
  ): Promise<Map<string, LocatedResources>>;
}
