import { CollectorRun } from '@internal/plugin-aws-node';
import { Knex } from 'knex';
import { CollectorRunStore } from './CollectorRunStore';
import { StoredCollectorRun } from './StoredCollectorRun';
import { deleteCollectorRunsBeyond } from './operations/deleteCollectorRunsBeyond';
import { insertCollectorRun } from './operations/insertCollectorRun';
import { readLatestCollectorRuns } from './operations/readLatestCollectorRuns';

/**
 * How many runs of each collector are kept. At one run every 10 minutes that
 * is about 33 hours of history, far more than the status route shows.
 */
const DEFAULT_RUNS_KEPT_PER_COLLECTOR = 200;

/**
 * Stores collector runs in the plugin's database, so that every replica's
 * status route shows the runs that any replica made. Only the newest runs of
 * each collector are kept.
 */
export class DefaultCollectorRunStore implements CollectorRunStore {
  private readonly knex: Knex;
  private readonly runsKeptPerCollector: number;

  static create(options: {
    knex: Knex;
    runsKeptPerCollector?: number;
  }): DefaultCollectorRunStore {
    return new DefaultCollectorRunStore(
      options.knex,
      options.runsKeptPerCollector ?? DEFAULT_RUNS_KEPT_PER_COLLECTOR,
    );
  }

  private constructor(knex: Knex, runsKeptPerCollector: number) {
    this.knex = knex;
    this.runsKeptPerCollector = runsKeptPerCollector;
  }

  async recordRun(run: CollectorRun): Promise<void> {
    await insertCollectorRun(this.knex, run);
    // Runs are recorded once per interval across replicas, so pruning after
    // each one keeps the table bounded without a separate schedule.
    await deleteCollectorRunsBeyond(this.knex, {
      collectorId: run.collectorId,
      keep: this.runsKeptPerCollector,
    });
  }

  async listLatestRuns(options: {
    limitPerCollector: number;
  }): Promise<Record<string, StoredCollectorRun[]>> {
    return readLatestCollectorRuns(this.knex, options);
  }
}
