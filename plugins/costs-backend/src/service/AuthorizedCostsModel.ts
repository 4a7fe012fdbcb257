import { PermissionsService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  ComponentCosts,
  costsReadPermission,
  Portfolio,
} from '@internal/plugin-costs-common';
import { withheldTotals } from './costFigures';
import { CostsModel } from './CostsModel';

/**
 * How the portfolio shows the services a caller may not read
 * (`shipyard.costs.othersAs`): left out, or added up per environment.
 */
export type OthersAs = 'hidden' | 'total';

/**
 * Authorizes `costs.read` on every service a view would show, with the
 * caller's credentials: a component's costs only when allowed (403
 * otherwise); in the portfolio, one batched request for every service's
 * entity ref, whose conditions (the owner, for developers) the catalog
 * evaluates. What is not allowed is left out, or totalled per environment in
 * `withheld`. Unattributed cost belongs to no service and is shown to every
 * reader.
 */
export class AuthorizedCostsModel implements CostsModel {
  static create(options: {
    model: CostsModel;
    permissions: PermissionsService;
    othersAs: OthersAs;
  }): AuthorizedCostsModel {
    return new AuthorizedCostsModel(options);
  }

  private constructor(
    private readonly options: {
      model: CostsModel;
      permissions: PermissionsService;
      othersAs: OthersAs;
    },
  ) {}

  async getPortfolio(
    request: Parameters<CostsModel['getPortfolio']>[0],
  ): Promise<Portfolio> {
    const { model, permissions, othersAs } = this.options;
    const portfolio = await model.getPortfolio(request);
    const refs = [
      ...new Set(
        [...portfolio.rows, ...portfolio.anomalies].flatMap(item =>
          item.entityRef ? [item.entityRef] : [],
        ),
      ),
    ];
    const decisions = refs.length
      ? await permissions.authorize(
          refs.map(resourceRef => ({
            permission: costsReadPermission,
            resourceRef,
          })),
          { credentials: request.credentials },
        )
      : [];
    const allowed = new Set(
      refs.filter((_, i) => decisions[i].result === AuthorizeResult.ALLOW),
    );
    const readable = (item: { entityRef?: string }) =>
      item.entityRef === undefined || allowed.has(item.entityRef);
    return {
      ...portfolio,
      rows: portfolio.rows.filter(readable),
      ...(othersAs === 'total'
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
    const { model, permissions } = this.options;
    const resourceRef = stringifyEntityRef(request.entityRef);
    const [decision] = await permissions.authorize(
      [{ permission: costsReadPermission, resourceRef }],
      { credentials: request.credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Not allowed to read the costs of ${resourceRef} (${costsReadPermission.name})`,
      );
    }
    return model.getComponentCosts(request);
  }
}
