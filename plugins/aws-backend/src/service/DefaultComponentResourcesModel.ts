import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  componentRunsIn,
  parseShipyardAnnotations,
} from '@internal/plugin-aws-common';
import {
  ResourceLocator,
  ShipyardEnvironments,
} from '@internal/plugin-aws-node';
import { Knex } from 'knex';
import { readComponentResources } from '../database/operations/readComponentResources';
import { upsertComponentResources } from '../database/operations/upsertComponentResources';
import { StoredComponentResources } from '../database/StoredComponentResources';
import {
  ComponentResourcesModel,
  ComponentResourcesResponse,
  EnvironmentResources,
} from './ComponentResourcesModel';

/** Reads from the database; only `refresh` calls AWS, through the locator. */
export class DefaultComponentResourcesModel implements ComponentResourcesModel {
  private readonly knex: Knex;
  private readonly catalog: CatalogService;
  private readonly environments: ShipyardEnvironments;
  private readonly locator: Pick<ResourceLocator, 'locate'>;

  static create(options: {
    knex: Knex;
    catalog: CatalogService;
    environments: ShipyardEnvironments;
    locator: Pick<ResourceLocator, 'locate'>;
  }): DefaultComponentResourcesModel {
    return new DefaultComponentResourcesModel(options);
  }

  private constructor(options: {
    knex: Knex;
    catalog: CatalogService;
    environments: ShipyardEnvironments;
    locator: Pick<ResourceLocator, 'locate'>;
  }) {
    this.knex = options.knex;
    this.catalog = options.catalog;
    this.environments = options.environments;
    this.locator = options.locator;
  }

  async get(options: {
    entityRef: CompoundEntityRef;
    environment?: string;
    credentials: BackstageCredentials;
  }): Promise<ComponentResourcesResponse> {
    const names = options.environment
      ? [this.checkEnvironment(options.environment)]
      : this.environments.list().map(e => e.name);
    const entity = await this.getEntity(options.entityRef, options.credentials);
    const componentRef = stringifyEntityRef(entity);

    const items: EnvironmentResources[] = [];
    for (const environment of names) {
      const stored = await readComponentResources(this.knex, {
        componentRef,
        environment,
      });
      items.push(stored ? toResponseItem(stored) : notCollected(environment));
    }
    return { entityRef: componentRef, items };
  }

  async refresh(options: {
    entityRef: CompoundEntityRef;
    environment: string;
    credentials: BackstageCredentials;
  }): Promise<ComponentResourcesResponse> {
    const environment = this.checkEnvironment(options.environment);
    const entity = await this.getEntity(options.entityRef, options.credentials);
    const componentRef = stringifyEntityRef(entity);

    const parsed = parseShipyardAnnotations(entity, {
      environmentNames: this.environments.list().map(e => e.name),
    });
    if (parsed.errors) {
      throw new InputError(
        `${componentRef} has invalid Shipyard annotations: ${parsed.errors.join(
          ' ',
        )}`,
      );
    }
    if (!parsed.value.runtime) {
      throw new InputError(
        `${componentRef} has no shipyard.io/runtime annotation, so Shipyard does not look for its AWS resources`,
      );
    }
    if (!componentRunsIn(parsed.value, environment)) {
      throw new InputError(
        `${componentRef} does not run in ${environment}: its shipyard.io/environments annotation lists ${parsed.value.environments?.join(
          ', ',
        )}`,
      );
    }

    const located = await this.locator.locate({
      componentTagValue: parsed.value.componentTagValue,
      runtime: parsed.value.runtime,
      environment,
    });
    const stored: StoredComponentResources = {
      ...located,
      componentRef,
      collectedAt: new Date(),
    };
    await upsertComponentResources(this.knex, [stored]);
    return { entityRef: componentRef, items: [toResponseItem(stored)] };
  }

  private checkEnvironment(name: string): string {
    // The environments service owns the lookup and its error: InputError
    // naming the configured environments.
    return this.environments.get(name).name;
  }

  private async getEntity(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    // The caller's credentials: an entity they may not read is not found.
    const entity = await this.catalog.getEntityByRef(ref, { credentials });
    if (!entity) {
      throw new NotFoundError(
        `No entity ${stringifyEntityRef(ref)} in the catalog`,
      );
    }
    return entity;
  }
}

function toResponseItem(
  stored: StoredComponentResources,
): EnvironmentResources {
  return {
    environment: stored.environment,
    componentTagValue: stored.componentTagValue,
    collectedAt: stored.collectedAt.toISOString(),
    ecsServices: stored.ecsServices,
    eksWorkloads: stored.eksWorkloads,
    targetGroups: stored.targetGroups,
    alarms: stored.alarms,
  };
}

function notCollected(environment: string): EnvironmentResources {
  return {
    environment,
    ecsServices: [],
    eksWorkloads: [],
    targetGroups: [],
    alarms: [],
  };
}
