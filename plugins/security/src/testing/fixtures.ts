import {
  ComponentSecurity,
  Detector,
  EnvironmentSecurity,
  Finding,
  FindingList,
  FindingSummary,
  Overview,
  SecurityClient,
  SeverityCounts,
  TrendPoint,
} from '@internal/plugin-security-common';
import { minutesAgo } from '@internal/shipyard-react/testing';

// Test data shaped as the security backend answers, for the plugin's tests.

const DAY_MINUTES = 24 * 60;

export function counts(extra: Partial<SeverityCounts> = {}): SeverityCounts {
  return { critical: 0, high: 0, medium: 0, low: 0, unknown: 0, ...extra };
}

export function detector(extra: Partial<Detector> = {}): Detector {
  return {
    accountId: '222222222222',
    region: 'eu-west-1',
    status: 'enabled',
    detectorId: 'd0e1f2',
    checkedAt: minutesAgo(2),
    ...extra,
  };
}

/** Days ending today (UTC), oldest first, with the same counts every day. */
export function trend(days: number, each: Partial<SeverityCounts> = {}) {
  const today = Date.now();
  return Array.from(
    { length: days },
    (_, i): TrendPoint => ({
      day: new Date(today - (days - 1 - i) * DAY_MINUTES * 60_000)
        .toISOString()
        .slice(0, 10),
      ...counts(each),
    }),
  );
}

/** prod: 1 critical, 2 high, 3 medium, 4 low (1 high a platform finding), GuardDuty on in both regions. */
export function environmentSecurity(
  extra: Partial<EnvironmentSecurity> = {},
): EnvironmentSecurity {
  return {
    environment: 'prod',
    tier: 'prod',
    detectors: [
      detector(),
      detector({ region: 'eu-central-1', detectorId: 'a1b2c3' }),
    ],
    counts: counts({ critical: 1, high: 2, medium: 3, low: 4 }),
    platformCounts: counts({ high: 1 }),
    trend: trend(30, { critical: 1, high: 2, medium: 3, low: 4 }),
    topTypes: [
      { type: 'Runtime:Container/ReverseShell', count: 4 },
      { type: 'Recon:EC2/PortProbeUnprotectedPort', count: 3 },
    ],
    ...extra,
  };
}

/** dev (GuardDuty off in its account), staging and prod, answered in tier order as the API does. */
export function overview(extra: Partial<Overview> = {}): Overview {
  return {
    freshness: { syncedAt: minutesAgo(3), stale: false },
    scope: 'all',
    details: 'all',
    environments: [
      environmentSecurity({
        environment: 'dev',
        tier: 'dev',
        detectors: [
          detector({
            accountId: '111111111111',
            status: 'off',
            detectorId: undefined,
          }),
        ],
        counts: counts(),
        platformCounts: counts(),
        trend: trend(30),
        topTypes: [],
      }),
      environmentSecurity({
        environment: 'staging',
        tier: 'staging',
        detectors: [
          detector({
            accountId: '111111111111',
            status: 'error',
            message:
              'GuardDuty throttled ListFindings (TooManyRequestsException)',
          }),
        ],
        counts: counts({ medium: 2 }),
        platformCounts: counts(),
        trend: trend(30, { medium: 2 }),
        topTypes: [{ type: 'Execution:Runtime/NewBinaryExecuted', count: 2 }],
      }),
      environmentSecurity(),
    ],
    services: [
      {
        entityRef: 'component:default/checkout-api',
        title: 'Checkout API',
        owner: 'group:default/team-storefront',
        system: 'system:default/storefront',
        environment: 'prod',
        counts: counts({ critical: 1, high: 1 }),
      },
      {
        entityRef: 'component:default/freight-quote-api',
        title: 'Freight quote API',
        owner: 'group:default/team-freight',
        environment: 'prod',
        counts: counts({ medium: 3, low: 4 }),
      },
    ],
    ...extra,
  };
}

/** A high reverse shell in checkout-api's prod task. */
export function findingSummary(
  extra: Partial<FindingSummary> = {},
): FindingSummary {
  const id = extra.id ?? 'f1a2b3c4';
  return {
    id,
    accountId: '222222222222',
    region: 'eu-west-1',
    environment: 'prod',
    tier: 'prod',
    entityRef: 'component:default/checkout-api',
    title: 'Checkout API',
    owner: 'group:default/team-storefront',
    type: 'Runtime:Container/ReverseShell',
    findingTitle: 'A container opened a reverse shell.',
    severity: 8.4,
    band: 'high',
    resource: {
      type: 'ECSCluster',
      label: 'task 3f2c… in prod-apps',
      arn: 'arn:aws:ecs:eu-west-1:222222222222:task/prod-apps/3f2c',
    },
    firstSeen: minutesAgo(3 * DAY_MINUTES),
    lastSeen: minutesAgo(90),
    count: 7,
    archived: false,
    consoleUrl: `https://eu-west-1.console.aws.amazon.com/guardduty/home?region=eu-west-1#/findings?fId=${id}`,
    ...extra,
  };
}

/** A platform finding: a probed bastion instance, attributed to no service. */
export function platformFinding(
  extra: Partial<FindingSummary> = {},
): FindingSummary {
  return findingSummary({
    id: 'p9q8r7',
    entityRef: undefined,
    title: undefined,
    owner: undefined,
    type: 'Recon:EC2/PortProbeUnprotectedPort',
    findingTitle: 'An unprotected port on an EC2 instance is being probed.',
    severity: 2,
    band: 'low',
    resource: { type: 'Instance', label: 'instance i-0abc (bastion)' },
    count: 12,
    ...extra,
  });
}

export function findingList(
  items: FindingSummary[],
  extra: Partial<FindingList> = {},
): FindingList {
  return {
    items,
    totalCount: items.length,
    offset: 0,
    limit: 50,
    ...extra,
  };
}

export function finding(
  summary: FindingSummary,
  detail: Record<string, unknown> = { id: summary.id, schemaVersion: '2.0' },
): Finding {
  return {
    summary,
    description: `${
      summary.findingTitle ?? ''
    } Affected: checkout-api in prod.`,
    detail,
  };
}

/** checkout-api in dev (GuardDuty off), staging (nothing) and prod (three findings). */
export function componentSecurity(
  extra: Partial<ComponentSecurity> = {},
): ComponentSecurity {
  return {
    entityRef: 'component:default/checkout-api',
    freshness: { syncedAt: minutesAgo(3), stale: false },
    details: true,
    environments: [
      {
        environment: 'dev',
        tier: 'dev',
        detectors: [detector({ accountId: '111111111111', status: 'off' })],
        counts: counts(),
      },
      {
        environment: 'staging',
        tier: 'staging',
        detectors: [detector({ accountId: '111111111111' })],
        counts: counts(),
      },
      {
        environment: 'prod',
        tier: 'prod',
        detectors: [detector(), detector({ region: 'eu-central-1' })],
        counts: counts({ critical: 1, high: 1 }),
      },
    ],
    findings: [
      findingSummary({
        id: 'c1',
        band: 'critical',
        severity: 9.4,
        type: 'AttackSequence:ECS/CompromisedCluster',
        findingTitle:
          'A sequence of actions indicates a compromised ECS cluster.',
      }),
      findingSummary({
        id: 'a1',
        archived: true,
        archivedAt: minutesAgo(DAY_MINUTES),
        band: 'medium',
        severity: 5,
        type: 'Execution:Runtime/NewBinaryExecuted',
        findingTitle:
          'A newly created or recently modified binary was executed in a container.',
      }),
      findingSummary({ id: 'h1' }),
    ],
    ...extra,
  };
}

/** Every method of the client as a jest mock; a test sets the answers it needs. */
export function mockSecurityApi() {
  const api = {
    getSecurityOverview: jest.fn(),
    listSecurityFindings: jest.fn(),
    getSecurityFinding: jest.fn(),
    getComponentSecurity: jest.fn(),
  };
  return {
    mocks: api,
    api: api as Partial<SecurityClient> as SecurityClient,
  };
}
