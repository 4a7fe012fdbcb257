import {
  SecurityClient,
  SeverityBand,
  severityBands,
} from '@internal/plugin-security-common';

/** The trend's length in days, as the API offers it. */
export type TrendDays = 30 | 90;

/** The service filter's value for findings attributed to no service. */
export const PLATFORM = 'platform';

/** The age filter's choices, in days since GuardDuty last saw a finding. */
export const AGES = [1, 7, 30, 90] as const;

/** Findings per page; the backend pages (offset and limit). */
export const PAGE_SIZE = 50;

/** What the Security page shows; it lives in the URL so that a view can be shared. */
export interface SecurityView {
  days: TrendDays;
  environment?: string;
  /** Several bands at once; none is every band. */
  bands: SeverityBand[];
  /** An owner entity ref. */
  team?: string;
  /** A component entity ref, or PLATFORM. */
  service?: string;
  type?: string;
  /** Last seen within this many days. */
  age?: number;
  q?: string;
  /** 0-based. */
  page: number;
  /** The finding whose detail is open. */
  finding?: string;
}

/** The filters of the findings list: changing one starts again at its first page. */
export const FILTER_KEYS = [
  'environment',
  'bands',
  'team',
  'service',
  'type',
  'age',
  'q',
] as const;

function positiveInt(value: string | null): number | undefined {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/** The view a URL's query names; anything unknown falls back to the default. */
export function readView(params: URLSearchParams): SecurityView {
  const bands = params
    .getAll('band')
    .filter((b): b is SeverityBand =>
      severityBands.includes(b as SeverityBand),
    );
  const page = positiveInt(params.get('page'));
  return {
    days: params.get('days') === '90' ? 90 : 30,
    environment: params.get('environment') || undefined,
    // In the bands' own order, whatever the URL's, and once each.
    bands: severityBands.filter(b => bands.includes(b)),
    team: params.get('team') || undefined,
    service: params.get('service') || undefined,
    type: params.get('type') || undefined,
    age: positiveInt(params.get('age')),
    q: params.get('q')?.trim() || undefined,
    page: page ? page - 1 : 0,
    finding: params.get('finding') || undefined,
  };
}

/** The URL query of a view; defaults are left out, the page counts from 1. */
export function writeView(view: SecurityView): URLSearchParams {
  const params = new URLSearchParams();
  if (view.days !== 30) params.set('days', String(view.days));
  if (view.environment) params.set('environment', view.environment);
  for (const band of view.bands) params.append('band', band);
  if (view.team) params.set('team', view.team);
  if (view.service) params.set('service', view.service);
  if (view.type) params.set('type', view.type);
  if (view.age) params.set('age', String(view.age));
  if (view.q) params.set('q', view.q);
  if (view.page > 0) params.set('page', String(view.page + 1));
  if (view.finding) params.set('finding', view.finding);
  return params;
}

/** True when any filter narrows the list. */
export function isFiltered(view: SecurityView): boolean {
  return FILTER_KEYS.some(key =>
    key === 'bands' ? view.bands.length > 0 : view[key] !== undefined,
  );
}

type ListQuery = NonNullable<
  NonNullable<Parameters<SecurityClient['listSecurityFindings']>[0]>['query']
>;

/** The list request of a view: only what it filters by, and its page. */
export function findingsQuery(view: SecurityView): ListQuery {
  const query: ListQuery = {};
  if (view.environment) query.environment = view.environment;
  if (view.bands.length > 0) query.band = view.bands;
  if (view.team) query.owner = view.team;
  if (view.service === PLATFORM) query.platform = true;
  else if (view.service) query.entityRef = view.service;
  if (view.type) query.type = view.type;
  if (view.age) query.maxAgeDays = view.age;
  if (view.q) query.q = view.q;
  query.offset = view.page * PAGE_SIZE;
  query.limit = PAGE_SIZE;
  return query;
}
