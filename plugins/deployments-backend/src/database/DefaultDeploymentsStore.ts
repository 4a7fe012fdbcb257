import { InputError } from '@backstage/errors';
import { chunk } from '@internal/plugin-aws-node';
import { Knex } from 'knex';
import {
  DeploymentsStore,
  StoredDeployment,
  StoredRevision,
  StoredTarget,
} from './DeploymentsStore';

/** SQLite's and PostgreSQL's bind limits are far above this; it bounds one statement. */
const ROWS_PER_STATEMENT = 200;

type TargetRow = {
  entity_ref: string;
  environment: string;
  target_id: string;
  data: string;
  collected_at: string | number;
};

type RevisionRow = {
  revision_id: string;
  target_id: string;
  data: string;
  fetched_at: string | number;
};

type DeploymentRow = {
  id: string;
  entity_ref: string;
  owner: string | null;
  environment: string;
  target_id: string;
  revision_id: string;
  revision: string;
  deployed_at: string | number;
  deployed_by: string | null;
  committed_at: string | number | null;
  rollback_id: string | null;
};

function toTarget(row: TargetRow): StoredTarget {
  const data = JSON.parse(row.data) as Omit<StoredTarget, 'collectedAt'>;
  return { ...data, collectedAt: new Date(Number(row.collected_at)) };
}

function toDeployment(row: DeploymentRow): StoredDeployment {
  return {
    id: row.id,
    entityRef: row.entity_ref,
    ...(row.owner ? { owner: row.owner } : {}),
    environment: row.environment,
    targetId: row.target_id,
    revision: JSON.parse(row.revision),
    deployedAt: new Date(Number(row.deployed_at)),
    ...(row.deployed_by ? { deployedBy: row.deployed_by } : {}),
    ...(row.committed_at !== null
      ? { committedAt: new Date(Number(row.committed_at)) }
      : {}),
    ...(row.rollback_id ? { rollbackId: row.rollback_id } : {}),
  };
}

/** {@link DeploymentsStore} on the plugin's Knex database (SQLite or PostgreSQL). */
export class DefaultDeploymentsStore implements DeploymentsStore {
  static create(options: { knex: Knex }): DefaultDeploymentsStore {
    return new DefaultDeploymentsStore(options.knex);
  }

  private constructor(private readonly knex: Knex) {}

  async replaceTargets(
    environment: string,
    targets: StoredTarget[],
    collectedAt: Date,
  ): Promise<void> {
    const misplaced = targets.find(t => t.environment !== environment);
    if (misplaced) {
      throw new InputError(
        `Cannot replace the targets of ${environment} with ${misplaced.target.id} of ${misplaced.environment}`,
      );
    }
    // PostgreSQL refuses an upsert that touches the same row twice: the last
    // one seen wins.
    const unique = [
      ...new Map(
        targets.map(t => [targetKey(t.entityRef, t.target.id), t]),
      ).values(),
    ];
    await this.knex.transaction(async tx => {
      for (const batch of chunk(unique, ROWS_PER_STATEMENT)) {
        await tx<TargetRow>('deployment_targets')
          .insert(
            batch.map(t => ({
              entity_ref: t.entityRef,
              environment: t.environment,
              target_id: t.target.id,
              data: JSON.stringify({
                entityRef: t.entityRef,
                owner: t.owner,
                environment: t.environment,
                target: t.target,
              }),
              collected_at: t.collectedAt.getTime(),
            })),
          )
          .onConflict(['entity_ref', 'environment', 'target_id'])
          .merge(['data', 'collected_at'])
          // A run that finishes late does not overwrite what a newer one saw.
          .where(
            'deployment_targets.collected_at',
            '<=',
            tx.ref('excluded.collected_at'),
          );
      }
      // Removes what this run did not see, unless a newer run wrote it; a
      // target this run saw stays even if its own collectedAt is older.
      const seen = new Set(
        unique.map(t => targetKey(t.entityRef, t.target.id)),
      );
      const older = await tx<TargetRow>('deployment_targets')
        .where({ environment })
        .andWhere('collected_at', '<', collectedAt.getTime())
        .select('entity_ref', 'target_id');
      const gone = older.filter(
        r => !seen.has(targetKey(r.entity_ref, r.target_id)),
      );
      for (const batch of chunk(gone, ROWS_PER_STATEMENT)) {
        await tx('deployment_targets')
          .where({ environment })
          .whereIn(
            ['entity_ref', 'target_id'],
            batch.map(r => [r.entity_ref, r.target_id]),
          )
          .delete();
      }
    });
  }

  async listTargets(entityRef: string): Promise<StoredTarget[]> {
    const rows = await this.knex<TargetRow>('deployment_targets')
      .where({ entity_ref: entityRef })
      .orderBy('target_id');
    return rows.map(toTarget);
  }

  async getTarget(key: {
    entityRef: string;
    environment: string;
    targetId: string;
  }): Promise<StoredTarget | undefined> {
    const row = await this.knex<TargetRow>('deployment_targets')
      .where({
        entity_ref: key.entityRef,
        environment: key.environment,
        target_id: key.targetId,
      })
      .first();
    return row ? toTarget(row) : undefined;
  }

  async knownRevisionIds(ids: string[]): Promise<Set<string>> {
    const known = new Set<string>();
    for (const batch of chunk(ids, ROWS_PER_STATEMENT)) {
      const rows = await this.knex<RevisionRow>('revisions')
        .whereIn('revision_id', batch)
        .select('revision_id');
      rows.forEach(r => known.add(r.revision_id));
    }
    return known;
  }

  async saveRevisions(revisions: StoredRevision[]): Promise<void> {
    for (const batch of chunk(revisions, ROWS_PER_STATEMENT)) {
      await this.knex<RevisionRow>('revisions')
        .insert(
          batch.map(r => ({
            revision_id: r.revision.id,
            target_id: r.targetId,
            data: JSON.stringify(r),
            fetched_at: Date.now(),
          })),
        )
        .onConflict('revision_id')
        .ignore();
    }
  }

  async getRevision(id: string): Promise<StoredRevision | undefined> {
    const row = await this.knex<RevisionRow>('revisions')
      .where({ revision_id: id })
      .first();
    return row ? JSON.parse(row.data) : undefined;
  }

  async listRevisions(targetId: string): Promise<StoredRevision[]> {
    const rows = await this.knex<RevisionRow>('revisions')
      .where({ target_id: targetId })
      .orderBy('revision_id');
    // Sorted in JS: the number is inside the revision string, and a stable
    // sort keeps equal numbers in revision id order.
    return rows
      .map(r => JSON.parse(r.data) as StoredRevision)
      .sort((a, b) => revisionNumber(b) - revisionNumber(a));
  }

  async recordDeployments(deployments: StoredDeployment[]): Promise<void> {
    for (const batch of chunk(deployments, ROWS_PER_STATEMENT)) {
      await this.knex<DeploymentRow>('deployments')
        .insert(
          batch.map(d => ({
            id: d.id,
            entity_ref: d.entityRef,
            owner: d.owner ?? null,
            environment: d.environment,
            target_id: d.targetId,
            revision_id: d.revision.id,
            revision: JSON.stringify(d.revision),
            deployed_at: d.deployedAt.getTime(),
            deployed_by: d.deployedBy ?? null,
            committed_at: d.committedAt?.getTime() ?? null,
            rollback_id: d.rollbackId ?? null,
          })),
        )
        .onConflict('id')
        .ignore();
    }
  }

  async listDeployments(filter: {
    entityRef?: string;
    environment?: string;
    targetId?: string;
    owner?: string;
    since?: Date;
    limit: number;
  }): Promise<StoredDeployment[]> {
    const query = this.knex<DeploymentRow>('deployments');
    if (filter.entityRef) {
      query.where('entity_ref', filter.entityRef);
    }
    if (filter.environment) {
      query.where('environment', filter.environment);
    }
    if (filter.targetId) {
      query.where('target_id', filter.targetId);
    }
    if (filter.owner) {
      query.where('owner', filter.owner);
    }
    if (filter.since) {
      query.where('deployed_at', '>=', filter.since.getTime());
    }
    const rows = await query
      .orderBy([
        { column: 'deployed_at', order: 'desc' },
        { column: 'id', order: 'asc' },
      ])
      .limit(filter.limit);
    return rows.map(toDeployment);
  }
}

/** A target's key within one environment. */
function targetKey(entityRef: string, targetId: string): string {
  return JSON.stringify([entityRef, targetId]);
}

/** The number after the last `:` (ECS family:revision) or the whole (EKS). */
function revisionNumber(r: StoredRevision): number {
  return Number(r.revision.revision.split(':').pop()) || 0;
}
