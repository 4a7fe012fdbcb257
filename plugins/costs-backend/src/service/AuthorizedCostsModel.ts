import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ConditionalEvaluations } from '@internal/plugin-aws-node';
import {
  ComponentCosts,
  costsReadPermission,
  Portfolio,
} from '@internal/plugin-costs-common';
import { withheldTotals } from './costFigures';
import { CostsModel, StoredCostsModel } from './CostsModel';

/**
 * Distinct sets of decisions kept per portfolio: one per role and team in
 * practice; a bound against a policy that decides per user.
 */
const MAX_VIEWS_PER_PORTFOLIO = 100;

/**
 * How the portfolio shows the services a caller may not read
 * (`shipyard.costs.othersAs`): left out, or added up per environment.
 */
export type OthersAs = 'hidden' | 'total';

/**
 * Decides, with the caller's credentials, what the caller may see of the
 * stored costs, which are the same for every caller. A component's costs:
 * the caller's own catalog lookup first, so that a component not in the
 * catalog (or hidden from the caller there) is a 404 to every caller, then
 * `costs.read` on it (403). The portfolio: `costs.read` on every service it
 * would show, as one decision for the caller's role, and only when that is
 * conditional (the owner, for developers) batched requests for every
 * service's entity ref, whose conditions the catalog evaluates. What is not
 * allowed is left out, or totalled per environment in `withheld`.
 * Unattributed cost belongs to no service and is shown to every reader.
 * Every call asks the permission backend for the caller's decision; only
 * the catalog's evaluation of the same conditions on the same services (for
 * a few seconds) and the narrowing are shared, between callers whose
 * decisions are the same.
 */
export class AuthorizedCostsModel implements CostsModel {
  static create(options: {
    model: StoredCostsModel;
    catalog: CatalogService;
    permissions: PermissionsService;
    othersAs: OthersAs;
  }): AuthorizedCostsModel {
    return new AuthorizedCostsModel(
      options,
      ConditionalEvaluations.create(options),
    );
  }

  /** The narrowed views of each portfolio the model gave, by decisions. */
  private readonly views = new WeakMap<Portfolio, Map<string, Portfolio>>();

  private constructor(
    private readonly options: {
      model: StoredCostsModel;
      catalog: CatalogService;
      permissions: PermissionsService;
      othersAs: OthersAs;
    },
    /**
     * The catalog's evaluations of a conditional decision: a team's
     * developers reading the portfolio at once ask the same conditions on
     * the same services (about a thousand). Shared for 5 s, so an ownership
     * change shows within 5 s; the decision itself is asked on every call.
     */
    private readonly evaluations: ConditionalEvaluations,
  ) {}

  async getPortfolio(
    request: Parameters<CostsModel['getPortfolio']>[0],
  ): Promise<Portfolio> {
    const portfolio = await this.options.model.getPortfolio({
      months: request.months,
    });
    const refs = [
      ...new Set(
        [...portfolio.rows, ...portfolio.anomalies].flatMap(item =>
          item.entityRef ? [item.entityRef] : [],
        ),
      ),
    ];
    const allowed = await this.decide(refs, request.credentials);
    // Callers with the same decisions on the same portfolio (every manager,
    // every SRE, a team's developers) get the same object, so that what is
    // derived from it (the router's serialized answer) is reused.
    let views = this.views.get(portfolio);
    if (!views) {
      views = new Map();
      this.views.set(portfolio, views);
    }
    const key = allowed.map(a => (a ? '1' : '0')).join('');
    let view = views.get(key);
    if (!view) {
      view = this.narrow(portfolio, new Set(refs.filter((_, i) => allowed[i])));
      if (views.size >= MAX_VIEWS_PER_PORTFOLIO) {
        views.clear();
      }
      views.set(key, view);
    }
    return view;
  }

  /**
   * Whether the caller may read each of `refs`: one decision without a
   * resource first, which the policy answers ALLOW or DENY outright for
   * whole roles (managers, SREs, unassigned); only a conditional answer (a
   * developer's, by owner) is asked per service, in batches that the
   * catalog evaluates (the same conditions on the same services once per
   * few seconds).
   */
  private async decide(
    refs: string[],
    credentials: BackstageCredentials,
  ): Promise<boolean[]> {
    const { permissions } = this.options;
    if (refs.length === 0) {
      return [];
    }
    const [overall] = await permissions.authorizeConditional(
      [{ permission: costsReadPermission }],
      { credentials },
    );
    if (overall.result !== AuthorizeResult.CONDITIONAL) {
      return refs.map(() => overall.result === AuthorizeResult.ALLOW);
    }
    const allowed = await this.evaluations.allowedRefs({
      decision: overall,
      permission: costsReadPermission,
      refs,
      credentials,
    });
    return refs.map(ref => allowed.has(ref));
  }

  private narrow(portfolio: Portfolio, allowed: Set<string>): Portfolio {
    const readable = (item: { entityRef?: string }) =>
      item.entityRef === undefined || allowed.has(item.entityRef);
    return {
      ...portfolio,
      rows: portfolio.rows.filter(readable),
      ...(this.options.othersAs === 'total'
        ? {
            withheld: withheldTotals(
              portfolio.rows.filter(row => !readable(row)),
            ),
          }
        : {}),
      anomalies: portfolio.anomalies.filter(readable),
    };
  }

  async getComponentCosts(
    request: Parameters<CostsModel['getComponentCosts']>[0],
  ): Promise<ComponentCosts> {
    const { model, catalog, permissions } = this.options;
    // Before costs.read: its conditions (a developer's, by owner) deny an
    // entity the catalog does not hold, which would answer 403 to some
    // callers and 404 to others.
    const entity = await catalog.getEntityByRef(request.entityRef, {
      credentials: request.credentials,
    });
    if (!entity) {
      throw new NotFoundError(
        `No entity ${stringifyEntityRef(request.entityRef)} in the catalog`,
      );
    }
    const resourceRef = stringifyEntityRef(entity);
    const [decision] = await permissions.authorize(
      [{ permission: costsReadPermission, resourceRef }],
      { credentials: request.credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Not allowed to read the costs of ${resourceRef} (${costsReadPermission.name})`,
      );
    }
    return model.getComponentCosts({
      entityRef: resourceRef,
      months: request.months,
    });
  }
}
