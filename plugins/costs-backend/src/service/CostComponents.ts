import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  listShipyardComponents,
  ShipyardEnvironments,
} from '@internal/plugin-aws-node';

/** A catalog component as the costs views show it. */
export interface CostComponent {
  entityRef: string;
  name: string;
  title?: string;
  owner?: string;
  system?: string;
  /** The value of its component tag: what its costs are grouped under. */
  tagValue: string;
}

/** The catalog's components by component tag value and by entity ref. */
export interface CostComponentDirectory {
  byTagValue: Map<string, CostComponent>;
  byRef: Map<string, CostComponent>;
}

/** How long one read of the catalog serves: every view needs all components. */
const TTL_MS = 30_000;

/**
 * Maps stored component tag values to the catalog's components (the holder of
 * each value, as every collector resolves it), read with the plugin's own
 * credentials: who may see a component's costs is decided per caller
 * afterwards. Kept for a few seconds, so that a burst of views reads the
 * catalog once; nothing another replica needs.
 */
export class CostComponents {
  private loaded?: { at: number; directory: Promise<CostComponentDirectory> };

  static create(deps: {
    auth: AuthService;
    catalog: CatalogService;
    environments: ShipyardEnvironments;
    logger: LoggerService;
  }): CostComponents {
    return new CostComponents(deps);
  }

  private constructor(
    private readonly deps: {
      auth: AuthService;
      catalog: CatalogService;
      environments: ShipyardEnvironments;
      logger: LoggerService;
    },
  ) {}

  async directory(): Promise<CostComponentDirectory> {
    const now = Date.now();
    if (!this.loaded || now - this.loaded.at >= TTL_MS) {
      const directory = this.load();
      this.loaded = { at: now, directory };
      // A failed read is not kept: the next view tries again.
      directory.catch(() => {
        if (this.loaded?.directory === directory) {
          this.loaded = undefined;
        }
      });
    }
    return this.loaded.directory;
  }

  private async load(): Promise<CostComponentDirectory> {
    const { auth, catalog } = this.deps;
    const components = await listShipyardComponents(this.deps);
    const credentials = await auth.getOwnServiceCredentials();
    // The names as written (a ref is lower case) and the titles.
    const names = new Map<string, { name: string; title?: string }>();
    if (components.length > 0) {
      const { items } = await catalog.getEntitiesByRefs(
        {
          entityRefs: components.map(c => c.ref),
          fields: ['metadata.name', 'metadata.title'],
        },
        { credentials },
      );
      items.forEach((entity, i) => {
        if (entity) {
          names.set(components[i].ref, entity.metadata);
        }
      });
    }
    const directory: CostComponentDirectory = {
      byTagValue: new Map(),
      byRef: new Map(),
    };
    for (const c of components) {
      const found = names.get(c.ref);
      const title = found?.title;
      const component: CostComponent = {
        entityRef: c.ref,
        name: found?.name ?? parseEntityRef(c.ref).name,
        ...(title ? { title } : {}),
        ...(c.owner ? { owner: c.owner } : {}),
        ...(c.system ? { system: c.system } : {}),
        tagValue: c.annotations.componentTagValue,
      };
      directory.byTagValue.set(component.tagValue, component);
      directory.byRef.set(component.entityRef, component);
    }
    return directory;
  }
}
