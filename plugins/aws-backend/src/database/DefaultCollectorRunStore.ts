import { CollectorRun, CollectorRunStore } from '@internal/plugin-aws-node';
import { Knex } from 'knex';
import { StoredCollectorRun } from '../types';
import { insertCollectorRun } from './operations/insertCollectorRun';
import { readLatestCollectorRuns } from './operations/readLatestCollectorRuns';

/**
 * Stores collector runs in the plugin's database, so that every replica's
 * status route shows the runs that any replica made.
 */
export class DefaultCollectorRunStore implements CollectorRunStore {
  private readonly knex: Knex;

  static create(options: { knex: Knex }): DefaultCollectorRunStore {
    return new DefaultCollectorRunStore(options.knex);
  }

  private constructor(knex: Knex) {
    this.knex = knex;
  }

  async recordRun(run: CollectorRun): Promise<void> {
    await insertCollectorRun(this.knex, run);
  }

  /** The newest runs of each collector, newest first. */
  async listLatestRuns(options: {
    limitPerCollector: number;
  }): Promise<Record<string, StoredCollectorRun[]>> {
    return readLatestCollectorRuns(this.knex, options);
  }
}
