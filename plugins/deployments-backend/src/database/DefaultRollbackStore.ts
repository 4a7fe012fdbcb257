import { ConflictError, NotFoundError } from '@backstage/errors';
import { chunk } from '@internal/plugin-aws-node';
import { RollbackState } from '@internal/plugin-deployments-common';
import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import {
  CreateIntentResult,
  RollbackIntent,
  RollbackStore,
  StoredRollback,
} from './RollbackStore';

type RollbackRow = {
  id: string;
  entity_ref: string;
  owner: string | null;
  environment: string;
  target_id: string;
  requested_by: string;
  idempotency_key: string | null;
  active_key: string | null;
  from_revision: string;
  to_revision: string;
  reason: string;
  state: string;
  error: string | null;
  error_cause: string | null;
  requested_at: string | number;
  updated_at: string | number;
  finished_at: string | number | null;
};

type StepRow = {
  rollback_id: string;
  state: string;
  at: string | number;
  message: string | null;
};

const FINISHED: RollbackState[] = ['succeeded', 'failed'];

/** Rollback ids per statement when reading their steps. */
const IDS_PER_STATEMENT = 500;

/**
 * How often createIntent tries again when the rollback that blocked it
 * finished before it could be named.
 */
const INSERT_ATTEMPTS = 3;

function activeKey(targetId: string, environment: string): string {
  return `${targetId}@${environment}`;
}

/** A unique-constraint violation, as SQLite and PostgreSQL report it. */
function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    /UNIQUE constraint failed/i.test(e?.message ?? '')
  );
}

/** {@link RollbackStore} on the plugin's Knex database (SQLite or PostgreSQL). */
export class DefaultRollbackStore implements RollbackStore {
  static create(options: { knex: Knex }): DefaultRollbackStore {
    return new DefaultRollbackStore(options.knex);
  }

  private constructor(private readonly knex: Knex) {}

  async createIntent(intent: RollbackIntent): Promise<CreateIntentResult> {
    // An empty key is no key: it must not make every keyless request of a
    // requester the same one.
    const idempotencyKey = intent.idempotencyKey || undefined;
    if (idempotencyKey) {
      const first = await this.findByIdempotencyKey(
        intent.requestedBy,
        idempotencyKey,
      );
      if (first) {
        return { created: false, rollback: first };
      }
    }
    for (let attempt = 1; ; attempt++) {
      const id = randomUUID();
      try {
        await this.insertIntent(id, { ...intent, idempotencyKey });
        return { created: true, rollback: (await this.get(id))! };
      } catch (error) {
        if (!isUniqueViolation(error)) {
          throw error;
        }
      }
      // A retry of a request that raced its first attempt: answer that one.
      if (idempotencyKey) {
        const first = await this.findByIdempotencyKey(
          intent.requestedBy,
          idempotencyKey,
        );
        if (first) {
          return { created: false, rollback: first };
        }
      }
      const running = await this.getActive(intent.targetId, intent.environment);
      if (running) {
        throw new ConflictError(
          `A rollback of ${intent.targetId} in ${intent.environment} is already running (${running.id}, requested by ${running.requestedBy}, ${running.state}); wait for it to finish`,
        );
      }
      // The blocking rollback finished in between: the target is free again.
      if (attempt >= INSERT_ATTEMPTS) {
        throw new ConflictError(
          `A rollback of ${intent.targetId} in ${intent.environment} was running; try again`,
        );
      }
    }
  }

  private async insertIntent(id: string, intent: RollbackIntent) {
    const now = Date.now();
    await this.knex.transaction(async tx => {
      await tx<RollbackRow>('rollbacks').insert({
        id,
        entity_ref: intent.entityRef,
        owner: intent.owner ?? null,
        environment: intent.environment,
        target_id: intent.targetId,
        requested_by: intent.requestedBy,
        idempotency_key: intent.idempotencyKey ?? null,
        active_key: activeKey(intent.targetId, intent.environment),
        from_revision: JSON.stringify(intent.from),
        to_revision: JSON.stringify(intent.to),
        reason: intent.reason,
        state: 'requested',
        error: null,
        error_cause: null,
        requested_at: now,
        updated_at: now,
        finished_at: null,
      });
      await tx<StepRow>('rollback_steps').insert({
        rollback_id: id,
        state: 'requested',
        at: now,
        message: `Requested by ${intent.requestedBy}: ${intent.reason}`,
      });
    });
  }

  async transition(
    id: string,
    state: RollbackState,
    detail: { message?: string; error?: string; cause?: string } = {},
  ): Promise<StoredRollback> {
    const now = Date.now();
    const finished = FINISHED.includes(state);
    await this.knex.transaction(async tx => {
      const updated = await tx<RollbackRow>('rollbacks')
        .where({ id })
        .whereNotIn('state', FINISHED)
        .update({
          state,
          updated_at: now,
          ...(detail.error ? { error: detail.error } : {}),
          ...(detail.cause ? { error_cause: detail.cause } : {}),
          ...(finished ? { finished_at: now, active_key: null } : {}),
        });
      if (updated) {
        await tx<StepRow>('rollback_steps').insert({
          rollback_id: id,
          state,
          at: now,
          message: detail.error ?? detail.message ?? null,
        });
      }
    });
    const rollback = await this.get(id);
    if (!rollback) {
      throw new NotFoundError(`No rollback ${id}`);
    }
    return rollback;
  }

  async get(id: string): Promise<StoredRollback | undefined> {
    const row = await this.knex<RollbackRow>('rollbacks').where({ id }).first();
    return row ? (await this.withSteps([row]))[0] : undefined;
  }

  async listUnfinished(): Promise<StoredRollback[]> {
    const rows = await this.knex<RollbackRow>('rollbacks')
      .whereNotIn('state', FINISHED)
      .orderBy([
        { column: 'requested_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ]);
    return this.withSteps(rows);
  }

  async getActive(
    targetId: string,
    environment: string,
  ): Promise<StoredRollback | undefined> {
    const row = await this.knex<RollbackRow>('rollbacks')
      .where({ active_key: activeKey(targetId, environment) })
      .first();
    return row ? (await this.withSteps([row]))[0] : undefined;
  }

  async list(filter: {
    entityRef?: string;
    environment?: string;
    owner?: string;
    since?: Date;
    limit: number;
  }): Promise<StoredRollback[]> {
    const query = this.knex<RollbackRow>('rollbacks');
    if (filter.entityRef) {
      query.where('entity_ref', filter.entityRef);
    }
    if (filter.environment) {
      query.where('environment', filter.environment);
    }
    if (filter.owner) {
      query.where('owner', filter.owner);
    }
    if (filter.since) {
      query.where('requested_at', '>=', filter.since.getTime());
    }
    const rows = await query
      .orderBy([
        { column: 'requested_at', order: 'desc' },
        { column: 'id', order: 'asc' },
      ])
      .limit(filter.limit);
    return this.withSteps(rows);
  }

  private async findByIdempotencyKey(
    requestedBy: string,
    key: string,
  ): Promise<StoredRollback | undefined> {
    const row = await this.knex<RollbackRow>('rollbacks')
      .where({ requested_by: requestedBy, idempotency_key: key })
      .first();
    return row ? (await this.withSteps([row]))[0] : undefined;
  }

  private async withSteps(rows: RollbackRow[]): Promise<StoredRollback[]> {
    if (!rows.length) {
      return [];
    }
    const steps: StepRow[] = [];
    for (const ids of chunk(
      rows.map(r => r.id),
      IDS_PER_STATEMENT,
    )) {
      steps.push(
        ...(await this.knex<StepRow & { id: number }>('rollback_steps')
          .whereIn('rollback_id', ids)
          .orderBy('id', 'asc')),
      );
    }
    return rows.map(row => ({
      id: row.id,
      entityRef: row.entity_ref,
      ...(row.owner ? { owner: row.owner } : {}),
      environment: row.environment,
      targetId: row.target_id,
      requestedBy: row.requested_by,
      ...(row.idempotency_key ? { idempotencyKey: row.idempotency_key } : {}),
      from: JSON.parse(row.from_revision),
      to: JSON.parse(row.to_revision),
      reason: row.reason,
      state: row.state as RollbackState,
      ...(row.error ? { error: row.error } : {}),
      ...(row.error_cause ? { errorCause: row.error_cause } : {}),
      requestedAt: new Date(Number(row.requested_at)),
      updatedAt: new Date(Number(row.updated_at)),
      ...(row.finished_at !== null && row.finished_at !== undefined
        ? { finishedAt: new Date(Number(row.finished_at)) }
        : {}),
      steps: steps
        .filter(s => s.rollback_id === row.id)
        .map(s => ({
          state: s.state as RollbackState,
          at: new Date(Number(s.at)).toISOString(),
          ...(s.message ? { message: s.message } : {}),
        })),
    }));
  }
}
