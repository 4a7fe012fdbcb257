import { ComponentCosts, Portfolio } from '@internal/plugin-costs-common';
import { CostsModel } from './CostsModel';

interface Entry {
  expiresAt: number;
  portfolio: Promise<Portfolio>;
}

/**
 * Keeps the whole portfolio of the model inside it (DefaultCostsModel: every
 * service, read with the plugin's own credentials) per `months` for `ttlMs`,
 * and hands the same object to every caller in that time; callers that miss
 * together share one load, and a failed load is not kept. The portfolio
 * changes only when the collector refreshes (a few times a day), but at 1,000
 * services it is tens of thousands of stored rows to read and add up per
 * view. Who may see which service is decided afterwards, per caller, by
 * AuthorizedCostsModel around this one; a component's costs are read each
 * time, as they start with the caller's own catalog lookup.
 *
 * In process rather than in the cache service: the object is reused as it
 * is, and an identical object lets AuthorizedCostsModel and the router reuse
 * what they derived from it.
 */
export class CachedCostsModel implements CostsModel {
  private readonly entries = new Map<number, Entry>();

  static create(options: {
    model: CostsModel;
    ttlMs: number;
    now?: () => number;
  }): CachedCostsModel {
    return new CachedCostsModel(options);
  }

  private constructor(
    private readonly options: {
      model: CostsModel;
      ttlMs: number;
      now?: () => number;
    },
  ) {}

  async getPortfolio(
    request: Parameters<CostsModel['getPortfolio']>[0],
  ): Promise<Portfolio> {
    const now = (this.options.now ?? Date.now)();
    const entry = this.entries.get(request.months);
    if (entry && entry.expiresAt > now) {
      return entry.portfolio;
    }
    const portfolio = this.options.model.getPortfolio(request);
    const created = { expiresAt: now + this.options.ttlMs, portfolio };
    this.entries.set(request.months, created);
    try {
      return await portfolio;
    } catch (error) {
      if (this.entries.get(request.months) === created) {
        this.entries.delete(request.months);
      }
      throw error;
    }
  }

  getComponentCosts(
    request: Parameters<CostsModel['getComponentCosts']>[0],
  ): Promise<ComponentCosts> {
    return this.options.model.getComponentCosts(request);
  }
}
