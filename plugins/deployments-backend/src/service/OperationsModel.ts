import { ShipyardEnvironments } from '@internal/plugin-aws-node';
import { DoraFigures, Operation } from '@internal/plugin-deployments-common';
import { DeploymentsStore } from '../database/DeploymentsStore';
import { RollbackStore } from '../database/RollbackStore';
import { doraFigures } from './doraFigures';
import { rolledBackDeployments } from './rolledBackDeployments';

/** The most records one DORA window reads; more than any portfolio deploys in a year. */
const DORA_RECORD_LIMIT = 50_000;

/**
 * The portfolio's feeds: recent deployments and rollbacks, and DORA figures
 * per team and environment. Reads the database only.
 */
export class OperationsModel {
  private readonly store: DeploymentsStore;
  private readonly rollbacks: RollbackStore;
  private readonly environments: Pick<ShipyardEnvironments, 'get'>;

  static create(options: {
    store: DeploymentsStore;
    rollbacks: RollbackStore;
    environments: Pick<ShipyardEnvironments, 'get'>;
  }): OperationsModel {
    return new OperationsModel(options);
  }

  private constructor(options: {
    store: DeploymentsStore;
    rollbacks: RollbackStore;
    environments: Pick<ShipyardEnvironments, 'get'>;
  }) {
    this.store = options.store;
    this.rollbacks = options.rollbacks;
    this.environments = options.environments;
  }

  /**
   * An environment filter must name a configured environment: an empty feed
   * for a typo would read as "nothing happened there".
   * @throws InputError naming the configured environments.
   */
  private checkEnvironment(environment: string | undefined): void {
    if (environment !== undefined) {
      this.environments.get(environment);
    }
  }

  async listOperations(filter: {
    owner?: string;
    entityRef?: string;
    environment?: string;
    type?: 'deployment' | 'rollback';
    limit: number;
  }): Promise<Operation[]> {
    this.checkEnvironment(filter.environment);
    const { type, ...where } = filter;
    const rollbacks = await this.rollbacks.list(where);
    const allDeployments =
      type === 'rollback' ? [] : await this.store.listDeployments(where);
    const rolledBack = rolledBackDeployments(allDeployments, rollbacks);
    // A rollback's own deployment record would show the same change twice.
    const deployments = allDeployments.filter(d => !d.rollbackId);

    const operations: Operation[] = [
      ...deployments.map(d => ({
        id: d.id,
        type: 'deployment' as const,
        entityRef: d.entityRef,
        ...(d.owner ? { owner: d.owner } : {}),
        environment: d.environment,
        target: d.targetId,
        revision: d.revision,
        at: d.deployedAt.toISOString(),
        ...(d.deployedBy ? { by: d.deployedBy } : {}),
        rolledBack: rolledBack.has(d.id),
      })),
      ...(type === 'deployment' ? [] : rollbacks).map(r => ({
        id: r.id,
        type: 'rollback' as const,
        entityRef: r.entityRef,
        ...(r.owner ? { owner: r.owner } : {}),
        environment: r.environment,
        target: r.targetId,
        revision: r.to,
        at: r.requestedAt.toISOString(),
        by: r.requestedBy,
        state: r.state,
        reason: r.reason,
      })),
    ];
    return operations
      .sort((a, b) => b.at.localeCompare(a.at))
      .slice(0, filter.limit);
  }

  async getDoraFigures(request: {
    owner?: string;
    environment?: string;
    days: number;
    now?: Date;
  }): Promise<{ from: string; to: string; items: DoraFigures[] }> {
    this.checkEnvironment(request.environment);
    const to = request.now ?? new Date();
    const from = new Date(to.getTime() - request.days * 86_400_000);
    const where = {
      owner: request.owner,
      environment: request.environment,
      since: from,
      limit: DORA_RECORD_LIMIT,
    };
    const deployments = await this.store.listDeployments(where);
    const rollbacks = await this.rollbacks.list(where);
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      items: doraFigures({ deployments, rollbacks, days: request.days }),
    };
  }
}
