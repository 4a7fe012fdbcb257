import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  listShipyardComponents,
  ShipyardEnvironments,
} from '@internal/plugin-aws-node';

/** A catalog component as the security views show it. */
export interface SecurityComponent {
  entityRef: string;
  title?: string;
  owner?: string;
  system?: string;
  /** The value of its component tag: what its findings are stored under. */
  tagValue: string;
}

/** The catalog's Shipyard components by component tag value and by entity ref. */
export interface SecurityComponentDirectory {
  byTagValue: ReadonlyMap<string, SecurityComponent>;
  /** By entity ref in lower case ({@link refKey}): refs compare case-insensitively. */
  byRef: ReadonlyMap<string, SecurityComponent>;
  /** Which read of the catalog this is: what was computed from another is stale. */
  version: number;
}

/** An entity ref as {@link SecurityComponentDirectory.byRef} keys it. */
export function refKey(entityRef: string): string {
  return entityRef.toLocaleLowerCase('en-US');
}

/** How long one read of the catalog serves: every view needs all components. */
const TTL_MS = 30_000;

/**
 * Maps stored component tag values to the catalog's components (the holder
 * of each value, as the collectors resolve it), read with the plugin's own
 * credentials: who may read a component's findings is decided per caller
 * afterwards. Kept for a few seconds, so that a burst of views reads the
 * catalog once; nothing another replica needs.
 */
export class SecurityComponents {
  private loaded?: {
    at: number;
    directory: Promise<SecurityComponentDirectory>;
  };
  private reads = 0;

  static create(deps: {
    auth: AuthService;
    catalog: CatalogService;
    environments: ShipyardEnvironments;
    logger: LoggerService;
  }): SecurityComponents {
    return new SecurityComponents(deps);
  }

  private constructor(
    private readonly deps: {
      auth: AuthService;
      catalog: CatalogService;
      environments: ShipyardEnvironments;
      logger: LoggerService;
    },
  ) {}

  async directory(): Promise<SecurityComponentDirectory> {
    const now = Date.now();
    if (!this.loaded || now - this.loaded.at >= TTL_MS) {
      this.reads += 1;
      const directory = this.load(this.reads);
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

  private async load(version: number): Promise<SecurityComponentDirectory> {
    const { auth, catalog } = this.deps;
    const components = await listShipyardComponents(this.deps);
    const titles = new Map<string, string>();
    if (components.length > 0) {
      const { items } = await catalog.getEntitiesByRefs(
        {
          entityRefs: components.map(c => c.ref),
          fields: ['metadata.title'],
        },
        { credentials: await auth.getOwnServiceCredentials() },
      );
      items.forEach((entity, i) => {
        const title = entity?.metadata.title;
        if (title) {
          titles.set(components[i].ref, title);
        }
      });
    }
    const byTagValue = new Map<string, SecurityComponent>();
    const byRef = new Map<string, SecurityComponent>();
    for (const c of components) {
      const title = titles.get(c.ref);
      const component: SecurityComponent = {
        entityRef: c.ref,
        ...(title ? { title } : {}),
        ...(c.owner ? { owner: c.owner } : {}),
        ...(c.system ? { system: c.system } : {}),
        tagValue: c.annotations.componentTagValue,
      };
      byTagValue.set(component.tagValue, component);
      byRef.set(refKey(component.entityRef), component);
    }
    return { byTagValue, byRef, version };
  }
}
