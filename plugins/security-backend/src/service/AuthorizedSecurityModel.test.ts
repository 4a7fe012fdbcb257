import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { awsDiagnosticsReadPermission } from '@internal/plugin-aws-common';
import {
  Finding,
  securityFindingsReadPermission,
  securityOverviewReadPermission,
} from '@internal/plugin-security-common';
import { AuthorizedSecurityModel } from './AuthorizedSecurityModel';
import { FindingsFilter, ScopedSecurityModel } from './ScopedSecurityModel';

const OURS = 'component:default/checkout-api';
const ALSO_OURS = 'component:default/storefront-web';
const THEIRS = 'component:default/freight-quote-api';

const finding = (id: string, entityRef?: string): Finding => ({
  summary: {
    id,
    accountId: '222222222222',
    region: 'eu-west-1',
    environment: 'prod',
    tier: 'prod',
    ...(entityRef ? { entityRef } : {}),
    band: 'high',
    resource: { label: 'somewhere' },
    archived: false,
    consoleUrl: 'https://example.test',
  },
  detail: {},
});

const FILTER: FindingsFilter = { archived: false, offset: 0, limit: 50 };

type Decision = 'ALLOW' | 'DENY' | 'CONDITIONAL';

/**
 * A caller whose findings decision is `findings` (conditional: allowed on
 * `readable` only) and who may count everything when `count`.
 */
function setUp(options: {
  findings: Decision;
  count: boolean;
  readable?: string[];
  /** aws.diagnostics.read */
  diagnostics?: boolean;
}) {
  const inner: jest.Mocked<ScopedSecurityModel> = {
    getOverview: jest.fn(async _request => ({
      freshness: { stale: false },
      environments: [],
      services: [],
    })),
    listFindings: jest.fn(async ({ filter }) => ({
      items: [],
      totalCount: 0,
      offset: filter.offset,
      limit: filter.limit,
    })),
    getFinding: jest.fn(
      async id =>
        ({
          ours: finding('ours', OURS),
          theirs: finding('theirs', THEIRS),
          platform: finding('platform'),
        }[id]),
    ),
    findComponent: jest.fn(async ({ entityRef }) => {
      if (entityRef.name === 'missing') {
        throw new NotFoundError('No entity');
      }
      return `component:default/${entityRef.name}`;
    }),
    getComponentSecurity: jest.fn(async ({ entityRef, details }) => ({
      entityRef,
      details,
      freshness: { stale: false },
      environments: [],
    })),
    listComponentRefs: jest.fn(async filter =>
      [OURS, ALSO_OURS, THEIRS].filter(
        ref =>
          (!filter?.entityRef || ref === filter.entityRef) &&
          (!filter?.owner ||
            (filter.owner === 'group:default/team-freight') ===
              (ref === THEIRS)),
      ),
    ),
  };
  const permissions = mockServices.permissions.mock();
  permissions.authorizeConditional.mockImplementation(async () => [
    options.findings === 'CONDITIONAL'
      ? {
          result: AuthorizeResult.CONDITIONAL,
          pluginId: 'catalog',
          resourceType: 'catalog-entity',
          conditions: {
            rule: 'IS_ENTITY_OWNER',
            resourceType: 'catalog-entity',
            params: { claims: ['group:default/team-storefront'] },
          },
        }
      : { result: AuthorizeResult[options.findings] },
  ]);
  permissions.authorize.mockImplementation(async requests =>
    requests.map(r => {
      if (r.permission.name === securityOverviewReadPermission.name) {
        return {
          result: options.count ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
        };
      }
      if (r.permission.name === awsDiagnosticsReadPermission.name) {
        return {
          result: options.diagnostics
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
        };
      }
      const { resourceRef } = r as { resourceRef: string };
      const allowed =
        options.findings === 'ALLOW' ||
        (options.findings === 'CONDITIONAL' &&
          (options.readable ?? []).includes(resourceRef));
      return {
        result: allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
      };
    }),
  );
  const model = AuthorizedSecurityModel.create({ model: inner, permissions });
  /** The resource refs asked about, per authorize call. */
  const askedRefs = () =>
    permissions.authorize.mock.calls
      .map(([requests]) =>
        requests.flatMap(r =>
          'resourceRef' in r && r.resourceRef ? [r.resourceRef] : [],
        ),
      )
      .filter(refs => refs.length > 0);
  return { model, inner, permissions, askedRefs };
}

const credentials = mockCredentials.user('user:default/ana.lima');

describe('AuthorizedSecurityModel', () => {
  describe('getOverview', () => {
    it('counts everything for a caller who may count the portfolio, with the details their findings decision gives', async () => {
      for (const [findings, details] of [
        ['DENY', 'none'],
        ['ALLOW', 'all'],
        ['CONDITIONAL', 'own'],
      ] as const) {
        const { model, inner, askedRefs } = setUp({ findings, count: true });
        const overview = await model.getOverview({
          environment: 'prod',
          days: 90,
          credentials,
        });
        expect(overview).toMatchObject({ scope: 'all', details });
        expect(inner.getOverview).toHaveBeenCalledWith({
          environment: 'prod',
          days: 90,
          access: { all: true },
        });
        // Counting needs no per-service decision.
        expect(askedRefs()).toEqual([]);
      }
    });

    it("counts only a developer's own services, asking about every component in one batch with the caller's credentials", async () => {
      const { model, inner, permissions } = setUp({
        findings: 'CONDITIONAL',
        count: false,
        readable: [OURS, ALSO_OURS],
      });
      const overview = await model.getOverview({ days: 30, credentials });
      expect(overview).toMatchObject({ scope: 'own', details: 'own' });
      expect(inner.getOverview).toHaveBeenCalledWith({
        environment: undefined,
        days: 30,
        access: { all: false, entityRefs: new Set([OURS, ALSO_OURS]) },
      });
      expect(permissions.authorizeConditional).toHaveBeenCalledWith(
        [{ permission: securityFindingsReadPermission }],
        { credentials },
      );
      expect(permissions.authorize).toHaveBeenCalledWith(
        [OURS, ALSO_OURS, THEIRS].map(resourceRef => ({
          permission: securityFindingsReadPermission,
          resourceRef,
        })),
        { credentials },
      );
    });

    it('counts everything for a caller who may read every finding, without asking whether they may count', async () => {
      const { model, inner, permissions } = setUp({
        findings: 'ALLOW',
        count: false,
      });
      const overview = await model.getOverview({ days: 30, credentials });
      expect(overview).toMatchObject({ scope: 'all', details: 'all' });
      expect(inner.getOverview.mock.lastCall![0].access).toEqual({ all: true });
      expect(permissions.authorize).not.toHaveBeenCalled();
    });

    it('gives callers with the same decisions on the same overview the same object, and others their own', async () => {
      const { model, inner } = setUp({ findings: 'DENY', count: true });
      const overview = {
        freshness: { stale: false },
        environments: [],
        services: [],
      };
      inner.getOverview.mockResolvedValue(overview);
      const first = await model.getOverview({ days: 30, credentials });
      expect(await model.getOverview({ days: 30, credentials })).toBe(first);

      const sre = setUp({ findings: 'ALLOW', count: true });
      sre.inner.getOverview.mockResolvedValue(overview);
      const other = await sre.model.getOverview({ days: 30, credentials });
      expect(other).toMatchObject({ details: 'all' });
      expect(first).toMatchObject({ details: 'none' });
    });

    it('refuses a caller who may neither count nor read, before reading', async () => {
      const { model, inner } = setUp({ findings: 'DENY', count: false });
      await expect(
        model.getOverview({ days: 30, credentials }),
      ).rejects.toThrow(NotAllowedError);
      expect(inner.getOverview).not.toHaveBeenCalled();
    });
  });

  describe('listFindings', () => {
    it('lists every finding, platform included, for an outright allow, asking about no component', async () => {
      const { model, inner, askedRefs } = setUp({
        findings: 'ALLOW',
        count: true,
      });
      await model.listFindings({ filter: FILTER, credentials });
      expect(inner.listFindings).toHaveBeenCalledWith({
        filter: FILTER,
        access: { all: true },
      });
      expect(askedRefs()).toEqual([]);
    });

    it('refuses a caller who may read no finding (a manager counts only), before reading', async () => {
      const { model, inner } = setUp({ findings: 'DENY', count: true });
      await expect(
        model.listFindings({ filter: FILTER, credentials }),
      ).rejects.toThrow(NotAllowedError);
      expect(inner.listFindings).not.toHaveBeenCalled();
    });

    it("narrows a developer's list to their services, asking only about the components the filter names", async () => {
      const { model, inner, askedRefs } = setUp({
        findings: 'CONDITIONAL',
        count: false,
        readable: [OURS],
      });
      await model.listFindings({ filter: FILTER, credentials });
      expect(inner.listFindings.mock.lastCall![0].access).toEqual({
        all: false,
        entityRefs: new Set([OURS]),
      });
      expect(askedRefs()).toEqual([[OURS, ALSO_OURS, THEIRS]]);

      const byOwner = {
        ...FILTER,
        owner: 'group:default/team-storefront',
      };
      await model.listFindings({ filter: byOwner, credentials });
      expect(askedRefs().at(-1)).toEqual([OURS, ALSO_OURS]);
      expect(inner.listFindings.mock.lastCall![0]).toEqual({
        filter: byOwner,
        access: { all: false, entityRefs: new Set([OURS]) },
      });
    });

    it("refuses another team's service by entity ref (403), and lists a component nobody knows as empty", async () => {
      const { model, inner } = setUp({
        findings: 'CONDITIONAL',
        count: false,
        readable: [OURS],
      });
      await expect(
        model.listFindings({
          filter: { ...FILTER, entityRef: THEIRS },
          credentials,
        }),
      ).rejects.toThrow(
        `Not allowed to read the findings of ${THEIRS} (security.findings.read)`,
      );
      expect(inner.listFindings).not.toHaveBeenCalled();

      await model.listFindings({
        filter: { ...FILTER, entityRef: OURS },
        credentials,
      });
      expect(inner.listFindings.mock.lastCall![0].access).toEqual({
        all: false,
        entityRefs: new Set([OURS]),
      });

      const unknown = 'component:default/no-such-service';
      await model.listFindings({
        filter: { ...FILTER, entityRef: unknown },
        credentials,
      });
      expect(inner.listFindings.mock.lastCall![0].access).toEqual({
        all: false,
        entityRefs: new Set(),
      });
    });

    it('asks in batches of at most 250 components, keeping each decision with its component', async () => {
      const refs = Array.from(
        { length: 600 },
        (_, i) => `component:default/service-${i}`,
      );
      const { model, inner, askedRefs } = setUp({
        findings: 'CONDITIONAL',
        count: false,
        readable: refs.filter((_, i) => i % 3 === 0),
      });
      inner.listComponentRefs.mockResolvedValue(refs);
      await model.listFindings({ filter: FILTER, credentials });
      expect(askedRefs().map(batch => batch.length)).toEqual([250, 250, 100]);
      expect(inner.listFindings.mock.lastCall![0].access).toEqual({
        all: false,
        entityRefs: new Set(refs.filter((_, i) => i % 3 === 0)),
      });
    });
  });

  describe("a failed sync's reason", () => {
    const failed = {
      environment: 'prod',
      tier: 'prod' as const,
      detectors: [
        {
          accountId: '222222222222',
          region: 'eu-west-1',
          status: 'error' as const,
          message:
            'GuardDuty denied the portal; caused by AccessDeniedException: User: arn:aws:sts::222222222222:assumed-role/shipyard-portal/x is not authorized',
        },
        {
          accountId: '222222222222',
          region: 'eu-central-1',
          status: 'off' as const,
        },
      ],
      counts: { critical: 0, high: 0, medium: 0, low: 0, unknown: 0 },
    };

    it('is shown to who may read AWS diagnostics, and withheld from the others, in the overview and a tab', async () => {
      for (const diagnostics of [true, false]) {
        const { model, inner } = setUp({
          findings: 'ALLOW',
          count: true,
          diagnostics,
        });
        inner.getOverview.mockResolvedValue({
          freshness: { stale: false },
          environments: [
            {
              ...failed,
              platformCounts: failed.counts,
              trend: [],
              topTypes: [],
            },
          ],
          services: [],
        });
        inner.getComponentSecurity.mockResolvedValue({
          entityRef: OURS,
          details: true,
          freshness: { stale: false },
          environments: [failed],
        });
        const overview = await model.getOverview({ days: 30, credentials });
        const tab = await model.getComponentSecurity({
          entityRef: {
            kind: 'Component',
            namespace: 'default',
            name: 'checkout-api',
          },
          credentials,
        });
        for (const detectors of [
          overview.environments[0].detectors,
          tab.environments[0].detectors,
        ]) {
          expect(detectors[0].status).toBe('error');
          expect(detectors[0].message).toBe(
            diagnostics
              ? failed.detectors[0].message
              : 'The last sync of GuardDuty here failed; the reason is shown to those who may read AWS diagnostics (aws.diagnostics.read).',
          );
          expect(detectors[1]).toEqual(failed.detectors[1]);
        }
      }
    });

    it('is not asked about when no sync failed', async () => {
      const { model, permissions } = setUp({ findings: 'ALLOW', count: true });
      await model.getOverview({ days: 30, credentials });
      expect(permissions.authorize).not.toHaveBeenCalled();
    });
  });

  describe("a conditional decision's evaluation", () => {
    it('is shared by the calls of a few seconds with the same conditions on the same components, and asked again after', async () => {
      const { model, inner, permissions, askedRefs } = setUp({
        findings: 'CONDITIONAL',
        count: false,
        readable: [OURS],
      });
      const now = Date.now();
      const clock = jest.spyOn(Date, 'now').mockReturnValue(now);
      try {
        // The Security page: its overview and its findings at once.
        await Promise.all([
          model.getOverview({ days: 30, credentials }),
          model.listFindings({ filter: FILTER, credentials }),
        ]);
        expect(askedRefs()).toEqual([[OURS, ALSO_OURS, THEIRS]]);
        // Each call still asked for the decision itself.
        expect(permissions.authorizeConditional).toHaveBeenCalledTimes(2);
        expect(inner.listFindings.mock.lastCall![0].access).toEqual({
          all: false,
          entityRefs: new Set([OURS]),
        });

        clock.mockReturnValue(now + 5_000);
        await model.listFindings({ filter: FILTER, credentials });
        expect(askedRefs()).toHaveLength(2);
      } finally {
        clock.mockRestore();
      }
    });

    it('is not shared between different conditions', async () => {
      const { model, permissions, askedRefs } = setUp({
        findings: 'CONDITIONAL',
        count: false,
        readable: [OURS],
      });
      await model.listFindings({ filter: FILTER, credentials });
      permissions.authorizeConditional.mockResolvedValueOnce([
        {
          result: AuthorizeResult.CONDITIONAL,
          pluginId: 'catalog',
          resourceType: 'catalog-entity',
          conditions: {
            rule: 'IS_ENTITY_OWNER',
            resourceType: 'catalog-entity',
            params: { claims: ['group:default/team-freight'] },
          },
        },
      ]);
      await model.listFindings({ filter: FILTER, credentials });
      expect(askedRefs()).toHaveLength(2);
    });

    it('is not kept when it failed', async () => {
      const { model, permissions } = setUp({
        findings: 'CONDITIONAL',
        count: false,
        readable: [OURS],
      });
      permissions.authorize.mockRejectedValueOnce(new Error('unavailable'));
      await expect(
        model.listFindings({ filter: FILTER, credentials }),
      ).rejects.toThrow('unavailable');
      await expect(
        model.listFindings({ filter: FILTER, credentials }),
      ).resolves.toBeDefined();
    });
  });

  describe('getFinding', () => {
    it('gives any finding to an outright allow, and 404 for an unknown one', async () => {
      const { model } = setUp({ findings: 'ALLOW', count: true });
      for (const id of ['ours', 'theirs', 'platform']) {
        await expect(
          model.getFinding({ findingId: id, credentials }),
        ).resolves.toMatchObject({ summary: { id } });
      }
      await expect(
        model.getFinding({ findingId: 'nothing', credentials }),
      ).rejects.toThrow(NotFoundError);
    });

    it("gives a developer their service's finding, 403 for another team's and for a platform finding", async () => {
      const { model } = setUp({
        findings: 'CONDITIONAL',
        count: false,
        readable: [OURS],
      });
      await expect(
        model.getFinding({ findingId: 'ours', credentials }),
      ).resolves.toMatchObject({ summary: { id: 'ours' } });
      await expect(
        model.getFinding({ findingId: 'theirs', credentials }),
      ).rejects.toThrow(NotAllowedError);
      await expect(
        model.getFinding({ findingId: 'platform', credentials }),
      ).rejects.toThrow(NotAllowedError);
    });

    it('refuses a caller who may read no finding, before reading it', async () => {
      const { model, inner } = setUp({ findings: 'DENY', count: true });
      await expect(
        model.getFinding({ findingId: 'ours', credentials }),
      ).rejects.toThrow(NotAllowedError);
      expect(inner.getFinding).not.toHaveBeenCalled();
    });
  });

  describe('getComponentSecurity', () => {
    const entityRef = (name: string) => ({
      kind: 'Component',
      namespace: 'default',
      name,
    });

    it('answers 404 for a missing component to every caller, before any decision', async () => {
      for (const findings of ['ALLOW', 'DENY', 'CONDITIONAL'] as const) {
        const { model, permissions } = setUp({ findings, count: false });
        await expect(
          model.getComponentSecurity({
            entityRef: entityRef('missing'),
            credentials,
          }),
        ).rejects.toThrow(NotFoundError);
        expect(permissions.authorize).not.toHaveBeenCalled();
        expect(permissions.authorizeConditional).not.toHaveBeenCalled();
      }
    });

    type Caller = Parameters<typeof setUp>[0];
    const sre: Caller = { findings: 'ALLOW', count: true };
    const owner: Caller = {
      findings: 'CONDITIONAL',
      count: false,
      readable: [OURS],
    };
    const manager: Caller = { findings: 'DENY', count: true };
    const otherTeam: Caller = {
      findings: 'CONDITIONAL',
      count: false,
      readable: [THEIRS],
    };
    const nobody: Caller = { findings: 'DENY', count: false };

    it.each([
      ['an SRE', true, sre],
      ["the owning team's developer", true, owner],
      ['a manager', false, manager],
    ] as const)('gives %s details: %s', async (_who, details, caller) => {
      const { model, inner, permissions } = setUp(caller);
      await expect(
        model.getComponentSecurity({
          entityRef: entityRef('checkout-api'),
          credentials,
        }),
      ).resolves.toMatchObject({ details });
      expect(inner.getComponentSecurity).toHaveBeenCalledWith({
        entityRef: OURS,
        details,
      });
      expect(permissions.authorize).toHaveBeenCalledWith(
        [{ permission: securityFindingsReadPermission, resourceRef: OURS }],
        { credentials },
      );
    });

    it.each([
      ["another team's developer", otherTeam],
      ['a caller without a role', nobody],
    ] as const)('refuses %s (403), before reading', async (_who, caller) => {
      const { model, inner } = setUp(caller);
      await expect(
        model.getComponentSecurity({
          entityRef: entityRef('checkout-api'),
          credentials,
        }),
      ).rejects.toThrow(
        `Not allowed to read the findings of ${OURS} (security.findings.read)`,
      );
      expect(inner.getComponentSecurity).not.toHaveBeenCalled();
    });
  });
});
