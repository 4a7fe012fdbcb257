import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { HumanDuration, durationToMilliseconds } from '@backstage/types';
import {
  ComponentResources,
  EnvironmentResources,
  ShipyardEnvironment,
  ShipyardTagKeys,
  linkTagMismatches,
} from '@internal/plugin-aws-common';
import {
  ResourceLocator,
  ShipyardComponent,
  ShipyardEnvironments,
  expectedLinkTags,
  loadShipyardComponent,
} from '@internal/plugin-aws-node';
import { RESOURCE_INVENTORY_COLLECTOR_ID } from '../collectors/createResourceInventoryCollector';
import { CollectorRunStore } from '../database/CollectorRunStore';
import { ComponentResourcesStore } from '../database/ComponentResourcesStore';
import { StoredComponentResources } from '../database/StoredComponentResources';
import { ComponentResourcesModel } from './ComponentResourcesModel';

interface Options {
  store: ComponentResourcesStore;
  runStore: Pick<CollectorRunStore, 'listLatestRuns'>;
  catalog: CatalogService;
  environments: ShipyardEnvironments;
  locator: Pick<ResourceLocator, 'locate'>;
  tagKeys: ShipyardTagKeys;
  /** The resource inventory's frequency, to say when its next run is due. */
  collectionFrequency: HumanDuration;
}

/**
 * Decides what the "Runs in" card shows, so that the browser parses nothing:
 * which environments a component runs in (its annotations against the
 * configured environments, by tier), the configured tag it is found by, what
 * the collector stored and when it runs next. Reads the database; only
 * `refresh` calls AWS, through the locator.
 */
export class DefaultComponentResourcesModel implements ComponentResourcesModel {
  private readonly options: Options;

  static create(options: Options): DefaultComponentResourcesModel {
    return new DefaultComponentResourcesModel(options);
  }

  private constructor(options: Options) {
    this.options = options;
  }

  async get(options: {
    entityRef: CompoundEntityRef;
    environment?: string;
    credentials: BackstageCredentials;
  }): Promise<ComponentResources> {
    const { component, environments } = await loadShipyardComponent(
      this.options,
      options,
    );
    const componentRef = component.ref;
    const nextCollectionAt = await this.nextCollectionAt();

    const items: EnvironmentResources[] = [];
    for (const environment of environments) {
      const stored = await this.options.store.get({
        componentRef,
        environment: environment.name,
      });
      items.push(this.toItem(environment, component, nextCollectionAt, stored));
    }
    return { entityRef: componentRef, items };
  }

  async refresh(options: {
    entityRef: CompoundEntityRef;
    environment: string;
    credentials: BackstageCredentials;
  }): Promise<ComponentResources> {
    const {
      component,
      environments: [environment],
    } = await loadShipyardComponent(this.options, options);
    const componentRef = component.ref;
    const annotations = component.annotations;
    if (!annotations.runtime) {
      throw new InputError(
        `${componentRef} has no shipyard.io/runtime annotation, so Shipyard does not look for its AWS resources`,
      );
    }

    const located = await this.options.locator.locate({
      componentTagValue: annotations.componentTagValue,
      runtime: annotations.runtime,
      environment: environment.name,
    });
    const stored: StoredComponentResources = {
      ...located,
      componentRef,
      collectedAt: new Date(),
    };
    await this.options.store.upsert([stored]);
    return {
      entityRef: componentRef,
      items: [
        this.toItem(
          environment,
          component,
          await this.nextCollectionAt(),
          stored,
        ),
      ],
    };
  }

  private async nextCollectionAt(): Promise<string | undefined> {
    const runs = await this.options.runStore.listLatestRuns({
      limitPerCollector: 1,
    });
    const [latest] = runs[RESOURCE_INVENTORY_COLLECTOR_ID] ?? [];
    if (!latest) {
      return undefined;
    }
    return new Date(
      latest.startedAt.getTime() +
        durationToMilliseconds(this.options.collectionFrequency),
    ).toISOString();
  }

  private toItem(
    environment: ShipyardEnvironment,
    component: ShipyardComponent,
    nextCollectionAt: string | undefined,
    stored: StoredComponentResources | undefined,
  ): EnvironmentResources {
    const { annotations } = component;
    const { tagKeys } = this.options;
    // The owner and system tags must be the entity's: a catalog file can claim
    // a component tag value, only the platform tags resources.
    const expected = expectedLinkTags(component, environment.name, tagKeys);
    const withMismatches = <
      T extends { ownerTag?: string; systemTag?: string },
    >(
      resources: T[],
    ): T[] =>
      resources.map(resource => {
        const mismatches = linkTagMismatches(
          {
            ...(resource.ownerTag !== undefined
              ? { [tagKeys.owner]: resource.ownerTag }
              : {}),
            ...(resource.systemTag !== undefined
              ? { [tagKeys.system]: resource.systemTag }
              : {}),
          },
          {
            [tagKeys.owner]: expected[tagKeys.owner],
            [tagKeys.system]: expected[tagKeys.system],
          },
        );
        return mismatches.length > 0 ? { ...resource, mismatches } : resource;
      });
    return {
      environment,
      componentTag: {
        key: this.options.tagKeys.component,
        value: stored?.componentTagValue ?? annotations.componentTagValue,
      },
      ...(stored ? { collectedAt: stored.collectedAt.toISOString() } : {}),
      ...(nextCollectionAt ? { nextCollectionAt } : {}),
      ecsServices: withMismatches(stored?.ecsServices ?? []),
      eksWorkloads: withMismatches(stored?.eksWorkloads ?? []),
      targetGroups: stored?.targetGroups ?? [],
      alarms: stored?.alarms ?? [],
    };
  }
}
