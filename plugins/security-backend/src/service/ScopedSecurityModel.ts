import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import {
  ComponentSecurity,
  Finding,
  FindingList,
  Overview,
  SeverityBand,
} from '@internal/plugin-security-common';

/**
 * Which findings a view covers: every one, platform findings included, or
 * those of these components (entity refs as the directory spells them),
 * platform findings never.
 */
export type FindingAccess =
  | { all: true }
  | { all: false; entityRefs: ReadonlySet<string> };

/** A findings list request, validated (environment configured, refs parsed). */
export interface FindingsFilter {
  environment?: string;
  bands?: SeverityBand[];
  /** Only components owned by this entity ref. */
  owner?: string;
  /** Only this component's findings. */
  entityRef?: string;
  /** True: only the platform findings (attributed to no catalog component). */
  platform?: boolean;
  type?: string;
  maxAgeDays?: number;
  q?: string;
  archived: boolean;
  offset: number;
  limit: number;
}

/**
 * The security views of the stored findings for an access decided
 * elsewhere: DefaultSecurityModel answers them, AuthorizedSecurityModel
 * decides the access from the caller's permissions.
 */
export interface ScopedSecurityModel {
  /** The overview of what `access` covers, without who may see it. */
  getOverview(request: {
    environment?: string;
    days: number;
    access: FindingAccess;
  }): Promise<Omit<Overview, 'scope' | 'details'>>;
  listFindings(request: {
    filter: FindingsFilter;
    access: FindingAccess;
  }): Promise<FindingList>;
  /** One finding; undefined when none is stored under that id. */
  getFinding(findingId: string): Promise<Finding | undefined>;
  /**
   * The entity ref of a component, as the catalog spells it.
   * @throws NotFoundError when the caller cannot find it in the catalog.
   */
  findComponent(request: {
    entityRef: CompoundEntityRef;
    credentials: BackstageCredentials;
  }): Promise<string>;
  getComponentSecurity(request: {
    entityRef: string;
    details: boolean;
  }): Promise<ComponentSecurity>;
  /**
   * The Shipyard components a findings view may show, narrowed by owner or
   * entity ref: what a conditional decision is asked about.
   */
  listComponentRefs(filter?: {
    owner?: string;
    entityRef?: string;
  }): Promise<string[]>;
}
