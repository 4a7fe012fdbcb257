import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  SHIPYARD_TIERS,
  ShipyardEnvironment,
} from '@internal/plugin-aws-common';
import { ShipyardEnvironments } from '@internal/plugin-aws-node';
import {
  ComponentEnvironment,
  ComponentSecurity,
  Detector,
  EnvironmentSecurity,
  Finding,
  FindingList,
  FindingSummary,
  Freshness,
  Overview,
  ServiceCounts,
  severityBands,
} from '@internal/plugin-security-common';
import {
  FindingQuery,
  SecurityStore,
  StoredDetector,
  StoredFinding,
} from '../database/SecurityStore';
import { guardDutyConsoleUrl } from './guardDutyConsoleUrl';
import { RecentFindings, RecentFindingsSnapshot } from './RecentFindings';
import { ViewCache } from './ViewCache';
import {
  FindingAccess,
  FindingsFilter,
  ScopedSecurityModel,
} from './ScopedSecurityModel';
import {
  SecurityComponent,
  SecurityComponentDirectory,
  refKey,
} from './SecurityComponents';
import {
  compareCounts,
  countByBand,
  emptyCounts,
  topTypes,
  trendPoints,
} from './securityFigures';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** The overview's top finding types per environment. */
const TOP_TYPES = 5;
/** A component's archived findings shown with its active ones. */
const ARCHIVED_SHOWN_DAYS = 30;
/**
 * Overviews and list pages kept per generation of the data: one per
 * environment, range and team in practice, and the pages being browsed.
 */
const MAX_VIEWS = 500;

type FindingFields = Omit<StoredFinding, 'raw'>;

interface Options {
  store: SecurityStore;
  recent: RecentFindings;
  catalog: CatalogService;
  environments: ShipyardEnvironments;
  components: { directory(): Promise<SecurityComponentDirectory> };
  /** The collector's interval: no complete sync within two of them is stale. */
  syncIntervalMs: number;
}

/**
 * Reads what the security collector stored, for the access it is given
 * (AuthorizedSecurityModel decides it per caller). Never calls AWS.
 *
 * Findings are stored by component tag value; a finding whose value no
 * catalog component holds is a platform finding (nobody's service answers
 * for it), like one on an untagged resource: shown, never dropped. Findings
 * of an environment that is no longer configured are not shown.
 */
export class DefaultSecurityModel implements ScopedSecurityModel {
  static create(options: Options): DefaultSecurityModel {
    return new DefaultSecurityModel(options);
  }

  /**
   * What is computed from the stored findings, kept until they change:
   * every SRE and manager asks for the same overview, a team's developers
   * for theirs, and the first page of findings for all of them; at 10,000
   * findings each is tens to hundreds of milliseconds of database and CPU.
   */
  private readonly views = new ViewCache(MAX_VIEWS);
  /** Each kept overview with its freshness, as long as that stays the same. */
  private readonly overviews = new WeakMap<
    object,
    Omit<Overview, 'scope' | 'details'>
  >();

  private constructor(private readonly options: Options) {}

  async getOverview(request: {
    environment?: string;
    days: number;
    access: FindingAccess;
  }): Promise<Omit<Overview, 'scope' | 'details'>> {
    const now = new Date();
    const [snapshot, directory] = await Promise.all([
      this.options.recent.read(),
      this.options.components.directory(),
    ]);
    const key = JSON.stringify([
      'overview',
      request.environment,
      request.days,
      // Its trend ends today.
      now.toISOString().slice(0, 10),
      accessKey(request.access),
    ]);
    const body = await this.views.get(
      generationOf(snapshot, directory),
      key,
      async () => this.overviewBody(request, snapshot, directory, now),
    );
    // Whether a sync is overdue changes with time alone.
    const freshness = this.freshness(snapshot, now);
    const known = this.overviews.get(body);
    if (
      known?.freshness.stale === freshness.stale &&
      known.freshness.syncedAt === freshness.syncedAt
    ) {
      return known;
    }
    const overview = { freshness, ...body };
    this.overviews.set(body, overview);
    return overview;
  }

  private overviewBody(
    request: { environment?: string; days: number; access: FindingAccess },
    snapshot: RecentFindingsSnapshot,
    directory: SecurityComponentDirectory,
    now: Date,
  ): Pick<Overview, 'environments' | 'services'> {
    const environments = this.shownEnvironments(request.environment);
    const names = new Set(environments.map(e => e.name));
    const covered = snapshot.findings.filter(
      f =>
        names.has(f.environment) &&
        covers(request.access, componentOf(f, directory)),
    );
    const byEnvironment = groupBy(covered, f => f.environment);

    const services = new Map<string, ServiceCounts>();
    const items: EnvironmentSecurity[] = environments.map(environment => {
      const findings = byEnvironment.get(environment.name) ?? [];
      const active = findings.filter(f => !f.archived);
      for (const f of active) {
        const component = componentOf(f, directory);
        if (component) {
          const key = `${component.entityRef}\n${environment.name}`;
          let service = services.get(key);
          if (!service) {
            service = {
              ...catalogFields(component),
              environment: environment.name,
              counts: emptyCounts(),
            };
            services.set(key, service);
          }
          service.counts[f.band] += 1;
        }
      }
      return {
        environment: environment.name,
        tier: environment.tier,
        detectors: this.detectorsOf(environment, snapshot.detectors),
        counts: countByBand(active),
        platformCounts: countByBand(
          active.filter(f => !componentOf(f, directory)),
        ),
        trend: trendPoints(findings, { days: request.days, now }),
        topTypes: topTypes(active, TOP_TYPES),
      };
    });

    const order = new Map(environments.map((e, i) => [e.name, i]));
    return {
      environments: items,
      services: [...services.values()].sort(
        (a, b) =>
          compareCounts(a.counts, b.counts) ||
          a.entityRef.localeCompare(b.entityRef) ||
          order.get(a.environment)! - order.get(b.environment)!,
      ),
    };
  }

  async listFindings(request: {
    filter: FindingsFilter;
    access: FindingAccess;
  }): Promise<FindingList> {
    const { filter, access } = request;
    const [snapshot, directory] = await Promise.all([
      this.options.recent.read(),
      this.options.components.directory(),
    ]);
    const page = { offset: filter.offset, limit: filter.limit };
    const selection = select(filter, access, directory);
    if (!selection) {
      return { items: [], totalCount: 0, ...page };
    }
    const environments = this.shownEnvironments(filter.environment);
    const query: FindingQuery = {
      environments: environments.map(e => e.name),
      archived: filter.archived,
      ...page,
      ...(filter.bands ? { bands: filter.bands } : {}),
      ...(filter.type !== undefined ? { type: filter.type } : {}),
      ...(filter.q ? { text: filter.q } : {}),
      ...(filter.maxAgeDays
        ? {
            // To the minute, so that a page asked again is the same query.
            lastSeenSince: new Date(
              Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS -
                filter.maxAgeDays * DAY_MS,
            ),
          }
        : {}),
      ...storeSelection(selection, () => orphanValues(snapshot, directory)),
    };
    const tiers = new Map(environments.map(e => [e.name, e]));
    // One list object per query and generation, the same for every caller
    // (the router then serializes it once).
    return this.views.get(
      generationOf(snapshot, directory),
      JSON.stringify(['findings', query]),
      async () => {
        const { items, totalCount } = await this.options.store.queryFindings(
          query,
        );
        return {
          items: items.map(f =>
            toSummary(f, tiers.get(f.environment)!, componentOf(f, directory)),
          ),
          totalCount,
          ...page,
        };
      },
    );
  }

  async getFinding(findingId: string): Promise<Finding | undefined> {
    const [finding, directory] = await Promise.all([
      this.options.store.getFinding(findingId),
      this.options.components.directory(),
    ]);
    const environment = finding
      ? this.options.environments
          .list()
          .find(e => e.name === finding.environment)
      : undefined;
    if (!finding || !environment) {
      return undefined;
    }
    return {
      summary: toSummary(finding, environment, componentOf(finding, directory)),
      ...(finding.description ? { description: finding.description } : {}),
      detail: isRecord(finding.raw) ? finding.raw : {},
    };
  }

  async findComponent(request: {
    entityRef: CompoundEntityRef;
    credentials: BackstageCredentials;
  }): Promise<string> {
    const ref = stringifyEntityRef(request.entityRef);
    const directory = await this.options.components.directory();
    const known = directory.byRef.get(refKey(ref));
    if (known) {
      return known.entityRef;
    }
    // Not a component Shipyard links to AWS, or not in the catalog at all.
    const entity = await this.options.catalog.getEntityByRef(
      request.entityRef,
      { credentials: request.credentials },
    );
    if (!entity) {
      throw new NotFoundError(`No entity ${ref} in the catalog`);
    }
    return stringifyEntityRef(entity);
  }

  async getComponentSecurity(request: {
    entityRef: string;
    details: boolean;
  }): Promise<ComponentSecurity> {
    const now = Date.now();
    const [snapshot, directory] = await Promise.all([
      this.options.recent.read(),
      this.options.components.directory(),
    ]);
    const component = directory.byRef.get(refKey(request.entityRef));
    const environments = this.shownEnvironments();
    const byName = new Map(environments.map(e => [e.name, e]));
    const archivedSince = now - ARCHIVED_SHOWN_DAYS * DAY_MS;
    const findings = component
      ? snapshot.findings.filter(
          f =>
            f.component === component.tagValue &&
            byName.has(f.environment) &&
            (!f.archived || (f.archivedAt?.getTime() ?? 0) >= archivedSince),
        )
      : [];
    const active = groupBy(
      findings.filter(f => !f.archived),
      f => f.environment,
    );
    const items: ComponentEnvironment[] = environments.map(environment => ({
      environment: environment.name,
      tier: environment.tier,
      detectors: this.detectorsOf(environment, snapshot.detectors),
      counts: countByBand(active.get(environment.name) ?? []),
    }));
    return {
      entityRef: request.entityRef,
      freshness: this.freshness(snapshot, new Date(now)),
      details: request.details,
      environments: items,
      ...(request.details
        ? {
            findings: [...findings]
              .sort(mostSevereFirst)
              .map(f => toSummary(f, byName.get(f.environment)!, component)),
          }
        : {}),
    };
  }

  async listComponentRefs(filter?: {
    owner?: string;
    entityRef?: string;
  }): Promise<string[]> {
    const directory = await this.options.components.directory();
    return [...directory.byRef.values()]
      .filter(
        c =>
          (!filter?.owner || sameRef(c.owner, filter.owner)) &&
          (!filter?.entityRef || sameRef(c.entityRef, filter.entityRef)),
      )
      .map(c => c.entityRef);
  }

  /** The configured environments (or the one asked for), in tier order, then by name. */
  private shownEnvironments(name?: string): ShipyardEnvironment[] {
    const { environments } = this.options;
    // get() is the one lookup with the error that names the configured ones.
    const shown = name ? [environments.get(name)] : environments.list();
    return [...shown].sort(
      (a, b) =>
        SHIPYARD_TIERS.indexOf(a.tier) - SHIPYARD_TIERS.indexOf(b.tier) ||
        a.name.localeCompare(b.name),
    );
  }

  /**
   * GuardDuty in each account and region of the environment, as the last
   * sync found it; `unknown` before the collector first looked there.
   */
  private detectorsOf(
    environment: ShipyardEnvironment,
    stored: StoredDetector[],
  ): Detector[] {
    return this.options.environments.targets(environment.name).map(target => {
      const detector = stored.find(
        d => d.accountId === target.accountId && d.region === target.region,
      );
      if (!detector) {
        return { ...target, status: 'unknown' };
      }
      return {
        accountId: detector.accountId,
        region: detector.region,
        status: detector.status,
        ...(detector.detectorId ? { detectorId: detector.detectorId } : {}),
        checkedAt: detector.checkedAt.toISOString(),
        ...(detector.message ? { message: detector.message } : {}),
      };
    });
  }

  private freshness(snapshot: RecentFindingsSnapshot, now: Date): Freshness {
    const { lastSync } = snapshot;
    return {
      ...(lastSync ? { syncedAt: lastSync.toISOString() } : {}),
      stale:
        !lastSync ||
        now.getTime() - lastSync.getTime() > 2 * this.options.syncIntervalMs,
    };
  }
}

/**
 * Which findings a list shows, before it is a store query: every one, or
 * those of these components (tag values) and, with `platform`, the platform
 * findings.
 */
type Selection =
  | { components: 'all' }
  | { components: ReadonlySet<string>; platform: boolean };

/**
 * The filter's components within the access: undefined when that leaves
 * nothing to read. `platform: false` is no filter (only true narrows).
 */
function select(
  filter: FindingsFilter,
  access: FindingAccess,
  directory: SecurityComponentDirectory,
): Selection | undefined {
  const known = [...directory.byTagValue.values()];
  const narrowing = [
    ...(filter.entityRef
      ? [known.filter(c => sameRef(c.entityRef, filter.entityRef))]
      : []),
    ...(filter.owner
      ? [known.filter(c => sameRef(c.owner, filter.owner))]
      : []),
    ...(filter.platform ? [[]] : []),
    ...(access.all
      ? []
      : [known.filter(c => access.entityRefs.has(c.entityRef))]),
  ];
  if (narrowing.length === 0) {
    return { components: 'all' };
  }
  const components = new Set(
    narrowing
      .reduce((kept, matching) => kept.filter(c => matching.includes(c)))
      .map(c => c.tagValue),
  );
  // Platform findings are only read with every finding, and asked for alone.
  const platform =
    access.all && !!filter.platform && !filter.entityRef && !filter.owner;
  if (components.size === 0 && !platform) {
    return undefined;
  }
  return { components, platform };
}

/** The selection in the store's terms, where platform means "no tag value". */
function storeSelection(
  selection: Selection,
  orphans: () => string[],
): Pick<FindingQuery, 'components' | 'platform'> {
  if (selection.components === 'all') {
    return {};
  }
  const components = [...selection.components];
  return selection.platform
    ? { components: [...components, ...orphans()], platform: true }
    : { components };
}

/**
 * Tag values on recent findings that no catalog component holds (a
 * component renamed or removed): platform findings. Only recent findings
 * are looked at: one archived before the trend's range keeps its value.
 */
function orphanValues(
  snapshot: RecentFindingsSnapshot,
  directory: SecurityComponentDirectory,
): string[] {
  const values = new Set<string>();
  for (const { component } of snapshot.findings) {
    if (component && !directory.byTagValue.has(component)) {
      values.add(component);
    }
  }
  return [...values];
}

/** What a view computed from this data depends on, besides the request. */
function generationOf(
  snapshot: RecentFindingsSnapshot,
  directory: SecurityComponentDirectory,
): string {
  return `${snapshot.generation}\n${directory.version}`;
}

function accessKey(access: FindingAccess): string[] | 'all' {
  return access.all ? 'all' : [...access.entityRefs].sort();
}

function covers(
  access: FindingAccess,
  component: SecurityComponent | undefined,
): boolean {
  return (
    access.all || (!!component && access.entityRefs.has(component.entityRef))
  );
}

function componentOf(
  finding: { component?: string },
  directory: SecurityComponentDirectory,
): SecurityComponent | undefined {
  return finding.component
    ? directory.byTagValue.get(finding.component)
    : undefined;
}

function catalogFields(component: SecurityComponent) {
  return {
    entityRef: component.entityRef,
    ...(component.title ? { title: component.title } : {}),
    ...(component.owner ? { owner: component.owner } : {}),
    ...(component.system ? { system: component.system } : {}),
  };
}

function toSummary(
  finding: FindingFields,
  environment: ShipyardEnvironment,
  component: SecurityComponent | undefined,
): FindingSummary {
  return {
    id: finding.id,
    accountId: finding.accountId,
    region: finding.region,
    environment: environment.name,
    tier: environment.tier,
    ...(component
      ? {
          entityRef: component.entityRef,
          ...(component.title ? { title: component.title } : {}),
          ...(component.owner ? { owner: component.owner } : {}),
        }
      : {}),
    ...(finding.type ? { type: finding.type } : {}),
    ...(finding.title ? { findingTitle: finding.title } : {}),
    ...(finding.severity !== undefined ? { severity: finding.severity } : {}),
    band: finding.band,
    resource: {
      ...(finding.resourceType ? { type: finding.resourceType } : {}),
      label: finding.resourceLabel,
      ...(finding.resourceArn ? { arn: finding.resourceArn } : {}),
    },
    ...(finding.firstSeen
      ? { firstSeen: finding.firstSeen.toISOString() }
      : {}),
    ...(finding.lastSeen ? { lastSeen: finding.lastSeen.toISOString() } : {}),
    ...(finding.count !== undefined ? { count: finding.count } : {}),
    archived: finding.archived,
    ...(finding.archivedAt
      ? { archivedAt: finding.archivedAt.toISOString() }
      : {}),
    consoleUrl: guardDutyConsoleUrl(finding.region, finding.id),
  };
}

/** The store's order: band, then the most recently seen (never seen last). */
function mostSevereFirst(a: FindingFields, b: FindingFields): number {
  return (
    severityBands.indexOf(a.band) - severityBands.indexOf(b.band) ||
    (b.lastSeen?.getTime() ?? -Infinity) -
      (a.lastSeen?.getTime() ?? -Infinity) ||
    a.accountId.localeCompare(b.accountId) ||
    a.region.localeCompare(b.region) ||
    a.id.localeCompare(b.id)
  );
}

function sameRef(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && refKey(a) === refKey(b);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function groupBy<T>(items: Iterable<T>, keyOf: (item: T) => string) {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) {
      group.push(item);
    } else {
      groups.set(key, [item]);
    }
  }
  return groups;
}
