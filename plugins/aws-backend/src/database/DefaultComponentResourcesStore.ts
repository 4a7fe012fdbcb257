import { Knex } from 'knex';
import { ComponentResourcesStore } from './ComponentResourcesStore';
import { StoredComponentResources } from './StoredComponentResources';
import { deleteComponentResourcesCollectedBefore } from './operations/deleteComponentResourcesCollectedBefore';
import { readComponentResources } from './operations/readComponentResources';
import { upsertComponentResources } from './operations/upsertComponentResources';

/** {@link ComponentResourcesStore} in the plugin's database. */
export class DefaultComponentResourcesStore implements ComponentResourcesStore {
  private readonly knex: Knex;

  static create(options: { knex: Knex }): DefaultComponentResourcesStore {
    return new DefaultComponentResourcesStore(options.knex);
  }

  private constructor(knex: Knex) {
    this.knex = knex;
  }

  upsert(resources: StoredComponentResources[]): Promise<void> {
    return upsertComponentResources(this.knex, resources);
  }

  get(options: {
    componentRef: string;
    environment: string;
  }): Promise<StoredComponentResources | undefined> {
    return readComponentResources(this.knex, options);
  }

  deleteCollectedBefore(options: {
    environment: string;
    before: Date;
  }): Promise<number> {
    return deleteComponentResourcesCollectedBefore(this.knex, options);
  }
}
