import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import { ComponentCosts, Portfolio } from '@internal/plugin-costs-common';

/** The read side of the costs views. */
export interface CostsModel {
  /** Costs per service and environment over the last `months` months. */
  getPortfolio(request: {
    months: number;
    credentials: BackstageCredentials;
  }): Promise<Portfolio>;
  /**
   * One component's costs per environment.
   * @throws NotFoundError when it is not in the catalog, NotAllowedError when
   *   the caller may not read its costs.
   */
  getComponentCosts(request: {
    entityRef: CompoundEntityRef;
    months: number;
    credentials: BackstageCredentials;
  }): Promise<ComponentCosts>;
}
