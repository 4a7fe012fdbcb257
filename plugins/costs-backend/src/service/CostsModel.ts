import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import { ComponentCosts, Portfolio } from '@internal/plugin-costs-common';

/**
 * The read side of the costs views for one caller (the router's):
 * AuthorizedCostsModel, which decides what the caller may see of a
 * {@link StoredCostsModel}.
 */
export interface CostsModel {
  /** Costs per service and environment over the last `months` months. */
  getPortfolio(request: {
    months: number;
    credentials: BackstageCredentials;
  }): Promise<Portfolio>;
  /**
   * One component's costs per environment.
   * @throws NotFoundError when it is not in the catalog (or the caller may
   *   not see it there), NotAllowedError when the caller may not read its
   *   costs.
   */
  getComponentCosts(request: {
    entityRef: CompoundEntityRef;
    months: number;
    credentials: BackstageCredentials;
  }): Promise<ComponentCosts>;
}

/**
 * What the stored costs say, the same for every caller: it takes no
 * credentials, so that its answers can be kept and shared
 * (CachedCostsModel around DefaultCostsModel).
 */
export interface StoredCostsModel {
  /** Every service's costs per environment over the last `months` months. */
  getPortfolio(request: { months: number }): Promise<Portfolio>;
  /**
   * One component's costs per environment; none for an entity that is not
   * a component Shipyard links to AWS.
   */
  getComponentCosts(request: {
    /** The full ref, as the catalog spells it (stringifyEntityRef of the entity). */
    entityRef: string;
    months: number;
  }): Promise<ComponentCosts>;
}
