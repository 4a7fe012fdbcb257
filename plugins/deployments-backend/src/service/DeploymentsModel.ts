import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ShipyardEnvironment } from '@internal/plugin-aws-common';
import {
  ShipyardEnvironments,
  loadShipyardComponent,
} from '@internal/plugin-aws-node';
import {
  ComponentDeployments,
  EnvironmentSummary,
  Revision,
  RollbackPlan,
} from '@internal/plugin-deployments-common';
import { DeploymentsStore, StoredTarget } from '../database/DeploymentsStore';
import { RollbackStore } from '../database/RollbackStore';
import {
  authorizeRollbacks,
  rollbackDeniedReason,
} from '../permissions/authorizeRollbacks';
import { findDrift } from './findDrift';
import { planRollback } from './planRollback';
import { rollbackChanges } from './rollbackChanges';
import { toRollback } from './toRollback';

/** How many deployments of a target the Deployments tab lists. */
export const HISTORY_LIMIT = 20;

interface Options {
  store: DeploymentsStore;
  rollbacks: RollbackStore;
  catalog: CatalogService;
  environments: ShipyardEnvironments;
  permissions: PermissionsService;
}

/** An environment as the API names it: what any signed-in user may see. */
export function toEnvironmentSummary(
  environment: ShipyardEnvironment,
): EnvironmentSummary {
  return {
    name: environment.name,
    tier: environment.tier,
    ...(environment.title ? { title: environment.title } : {}),
  };
}

/**
 * The read side of the Deployments tab: what the collector stored, per
 * environment the component runs in, with history, drift and whether the
 * caller may roll back there. Reads the database and the catalog, never AWS.
 */
export class DeploymentsModel {
  private readonly options: Options;

  static create(options: Options): DeploymentsModel {
    return new DeploymentsModel(options);
  }

  private constructor(options: Options) {
    this.options = options;
  }

  async getComponentDeployments(request: {
    entityRef: CompoundEntityRef;
    credentials: BackstageCredentials;
  }): Promise<ComponentDeployments> {
    const { store } = this.options;
    const { component, environments } = await loadShipyardComponent(
      this.options,
      request,
    );
    const stored = await store.listTargets(component.ref);
    const allowed = await authorizeRollbacks(this.options.permissions, {
      entityRef: component.ref,
      environments: environments.map(e => e.name),
      credentials: request.credentials,
    });

    const byEnvironment = new Map<string, StoredTarget[]>();
    for (const target of stored) {
      const list = byEnvironment.get(target.environment) ?? [];
      list.push(target);
      byEnvironment.set(target.environment, list);
    }
    const running = new Map<string, Revision | undefined>(
      environments.map(e => [
        e.name,
        byEnvironment.get(e.name)?.[0]?.target.running,
      ]),
    );

    const items = [];
    for (const environment of environments) {
      const targets = byEnvironment.get(environment.name) ?? [];
      const withHistory = [];
      let activeRollback;
      for (const t of targets) {
        const history = await store.listDeployments({
          targetId: t.target.id,
          environment: environment.name,
          limit: HISTORY_LIMIT,
        });
        withHistory.push({
          ...t.target,
          history: history.map(d => ({
            ...d.revision,
            deployedAt: d.deployedAt.toISOString(),
            ...(d.deployedBy ? { deployedBy: d.deployedBy } : {}),
          })),
        });
        activeRollback ??= await this.options.rollbacks.getActive(
          t.target.id,
          environment.name,
        );
      }
      const collectedAt = targets
        .map(t => t.collectedAt)
        .sort((a, b) => a.getTime() - b.getTime())[0];
      const drift = findDrift(environment, running, environments);
      const mayRollBack = allowed.get(environment.name) ?? false;
      items.push({
        environment: toEnvironmentSummary(environment),
        ...(collectedAt ? { collectedAt: collectedAt.toISOString() } : {}),
        targets: withHistory,
        ...(drift ? { drift } : {}),
        rollback: mayRollBack
          ? { allowed: true }
          : {
              allowed: false,
              reason: rollbackDeniedReason(component.ref, environment.name),
            },
        ...(activeRollback
          ? { activeRollback: toRollback(activeRollback) }
          : {}),
      });
    }
    return { entityRef: component.ref, items };
  }

  async getRollbackPlan(request: {
    entityRef: CompoundEntityRef;
    environment: string;
    target: string;
    toRevision?: string;
    credentials: BackstageCredentials;
  }): Promise<RollbackPlan> {
    const { store } = this.options;
    const {
      component,
      environments: [environment],
    } = await loadShipyardComponent(this.options, request);
    const target = await store.getTarget({
      entityRef: component.ref,
      environment: environment.name,
      targetId: request.target,
    });
    if (!target) {
      throw new NotFoundError(
        `${component.ref} has no deployment target ${request.target} in ${environment.name}`,
      );
    }
    const running = target.target.running;
    if (!running) {
      throw new NotFoundError(
        `${request.target} in ${environment.name} runs no known revision yet; wait for the next collection`,
      );
    }
    const revisions = await store.listRevisions(target.target.id);
    const deployments = await store.listDeployments({
      targetId: target.target.id,
      environment: environment.name,
      limit: HISTORY_LIMIT,
    });
    const { to, candidates } = planRollback({
      targetId: target.target.id,
      running,
      revisions,
      deployments,
      toRevision: request.toRevision,
    });
    const from = revisions.find(r => r.revision.id === running.id);
    return {
      environment: toEnvironmentSummary(environment),
      target: target.target.id,
      from: running,
      to: to.revision,
      candidates: candidates.map(c => c.revision),
      changes: rollbackChanges(from, to),
      confirmationRequired: environment.tier === 'prod',
    };
  }
}
