import { ComponentCosts, Portfolio } from '@internal/plugin-costs-common';
import { StoredCostsModel } from './CostsModel';
import { SharedLoadCache } from './SharedLoadCache';

/** Components whose costs are kept: a bound on memory, each is tens of kB. */
const MAX_COMPONENT_ENTRIES = 500;
/** A portfolio per `months`: 1 to 12 in the contract. */
const MAX_PORTFOLIO_ENTRIES = 12;

/**
 * Keeps what the model inside it (DefaultCostsModel) answers for `ttlMs`
 * and hands the same object to every caller in that time: the whole
 * portfolio per `months`, and a component's costs per (entity ref, `months`)
 * for the 500 components most recently read. Callers that miss together
 * share one load, and a failed load is not kept. The stored costs change
 * only when the collector refreshes (a few times a day), but at 1,000
 * services a portfolio is tens of thousands of stored rows to read and add
 * up per view, and a component's costs five store reads. Who may see which
 * service is decided per caller, around this one, by AuthorizedCostsModel.
 *
 * In process rather than in the cache service: the object is reused as it
 * is, and an identical object lets AuthorizedCostsModel and the router reuse
 * what they derived from it (a narrowed view, the serialized answer).
 */
export class CachedCostsModel implements StoredCostsModel {
  private readonly portfolios: SharedLoadCache<Portfolio>;
  private readonly components: SharedLoadCache<ComponentCosts>;

  static create(options: {
    model: StoredCostsModel;
    ttlMs: number;
    now?: () => number;
  }): CachedCostsModel {
    return new CachedCostsModel(options);
  }

  private constructor(
    private readonly options: {
      model: StoredCostsModel;
      ttlMs: number;
      now?: () => number;
    },
  ) {
    const { ttlMs, now } = options;
    this.portfolios = SharedLoadCache.create({
      ttlMs,
      now,
      maxEntries: MAX_PORTFOLIO_ENTRIES,
    });
    this.components = SharedLoadCache.create({
      ttlMs,
      now,
      maxEntries: MAX_COMPONENT_ENTRIES,
    });
  }

  getPortfolio(request: { months: number }): Promise<Portfolio> {
    return this.portfolios.get(String(request.months), () =>
      this.options.model.getPortfolio({ months: request.months }),
    );
  }

  getComponentCosts(request: {
    entityRef: string;
    months: number;
  }): Promise<ComponentCosts> {
    const { entityRef, months } = request;
    return this.components.get(`${months}\n${entityRef}`, () =>
      this.options.model.getComponentCosts({ entityRef, months }),
    );
  }
}
