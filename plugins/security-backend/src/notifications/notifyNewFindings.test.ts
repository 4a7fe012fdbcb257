import { mockServices, TestDatabaseId } from '@backstage/backend-test-utils';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { createTestDatabases } from '@internal/test-databases';
import { applyDatabaseMigrations } from '../database/applyDatabaseMigrations';
import { DefaultSecurityStore } from '../database/DefaultSecurityStore';
import { StoredFinding } from '../database/SecurityStore';
import { refKey, SecurityComponent } from '../service/SecurityComponents';
import { notifyNewFindings } from './notifyNewFindings';

jest.setTimeout(120_000);

const PROD = '222222222222';
const SRE = 'group:default/platform-sre';

const CHECKOUT: SecurityComponent = {
  entityRef: 'component:default/checkout-api',
  title: 'Checkout API',
  owner: 'group:default/team-storefront',
  tagValue: 'checkout-api',
};
const ORPHANED: SecurityComponent = {
  entityRef: 'component:payments/ledger',
  tagValue: 'ledger',
};
const DIRECTORY = {
  byTagValue: new Map([CHECKOUT, ORPHANED].map(c => [c.tagValue, c])),
  byRef: new Map([CHECKOUT, ORPHANED].map(c => [refKey(c.entityRef), c])),
  version: 1,
};

const finding = (
  id: string,
  more: Partial<StoredFinding> = {},
): StoredFinding => ({
  accountId: PROD,
  region: 'eu-west-1',
  id,
  environment: 'prod',
  component: 'checkout-api',
  type: 'Runtime:Container/ReverseShell',
  title: 'A container opened a reverse shell.',
  severity: 8.5,
  band: 'high',
  resourceLabel: `task ${id} in prod-apps`,
  archived: false,
  raw: {},
  ...more,
});

describe('notifyNewFindings', () => {
  const databases = createTestDatabases();

  async function setUp(databaseId: TestDatabaseId) {
    const knex = await databases.init(databaseId);
    await applyDatabaseMigrations(knex);
    const store = DefaultSecurityStore.create({ knex });
    const send = jest.fn<Promise<void>, [NotificationSendOptions]>(
      async () => {},
    );
    const logger = mockServices.logger.mock();
    const notify = (findings: StoredFinding[], notifyGroups = [SRE]) =>
      notifyNewFindings(
        {
          notifications: { send },
          store,
          components: { directory: async () => DIRECTORY },
          logger,
          notifyGroups,
        },
        findings,
      );
    const notifiedIds = async () =>
      (
        await store.queryFindings({ archived: false, offset: 0, limit: 100 })
      ).items
        .filter(f => f.notifiedAt)
        .map(f => f.id)
        .sort();
    return { store, send, logger, notify, notifiedIds };
  }

  it.each(databases.eachSupportedId())(
    "tells the owning team and the groups of each finding, linking to the service's Security tab, then marks it notified, %p",
    async databaseId => {
      const { store, send, notify, notifiedIds } = await setUp(databaseId);
      const findings = [
        finding('high-1'),
        finding('crit-1', {
          band: 'critical',
          severity: 9.6,
          type: 'AttackSequence:ECS/CompromisedCluster',
          environment: 'staging',
          accountId: '111111111111',
        }),
      ];
      await store.upsertFindings(findings);
      const before = Date.now();
      await notify(findings);

      expect(send).toHaveBeenCalledTimes(2);
      expect(send).toHaveBeenCalledWith({
        recipients: {
          type: 'entity',
          entityRef: ['group:default/team-storefront', SRE],
        },
        payload: {
          title:
            'High GuardDuty finding Runtime:Container/ReverseShell on checkout-api in prod',
          description:
            'A container opened a reverse shell. Resource: task high-1 in prod-apps.',
          link: '/catalog/default/component/checkout-api/security',
          severity: 'high',
          topic: 'security:component:default/checkout-api@prod',
          scope: `guardduty:${PROD}/eu-west-1/high-1`,
        },
      });
      expect(send).toHaveBeenCalledWith(
        expect.objectContaining({
          payload: expect.objectContaining({
            title:
              'Critical GuardDuty finding AttackSequence:ECS/CompromisedCluster on checkout-api in staging',
            severity: 'critical',
          }),
        }),
      );
      expect(await notifiedIds()).toEqual(['crit-1', 'high-1']);
      const stored = await store.getFinding('high-1');
      expect(stored!.notifiedAt!.getTime()).toBeGreaterThanOrEqual(
        before - 1000,
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'tells only the groups of a finding whose service has no owner or is not in the catalog, with a link to the finding, %p',
    async databaseId => {
      const { store, send, notify, notifiedIds } = await setUp(databaseId);
      const findings = [
        finding('ownerless', { component: 'ledger' }),
        finding('retired', { component: 'retired-thing' }),
      ];
      await store.upsertFindings(findings);
      await notify(findings);
      expect(send.mock.calls.map(([options]) => options)).toEqual([
        {
          recipients: { type: 'entity', entityRef: [SRE] },
          payload: expect.objectContaining({
            title: expect.stringContaining('on ledger in prod'),
            link: '/catalog/payments/component/ledger/security',
          }),
        },
        {
          recipients: { type: 'entity', entityRef: [SRE] },
          payload: expect.objectContaining({
            title: expect.stringContaining('on retired-thing in prod'),
            link: '/security?finding=retired',
            topic: 'security:platform@prod',
          }),
        },
      ]);
      expect(await notifiedIds()).toEqual(['ownerless', 'retired']);
    },
  );

  it.each(databases.eachSupportedId())(
    'sends nobody anything without recipients, and leaves those findings not notified, %p',
    async databaseId => {
      const { store, send, notify, notifiedIds } = await setUp(databaseId);
      const findings = [finding('ownerless', { component: 'ledger' })];
      await store.upsertFindings(findings);
      await notify(findings, []);
      expect(send).not.toHaveBeenCalled();
      expect(await notifiedIds()).toEqual([]);
    },
  );

  it.each(databases.eachSupportedId())(
    'sends the others when one fails, marks only those, and then fails naming how many were not sent, %p',
    async databaseId => {
      const { store, send, logger, notify, notifiedIds } = await setUp(
        databaseId,
      );
      const findings = [finding('a'), finding('b'), finding('c')];
      await store.upsertFindings(findings);
      send.mockImplementation(async options => {
        if (options.payload.scope?.endsWith('/b')) {
          throw new Error('notifications backend unavailable');
        }
      });
      await expect(notify(findings)).rejects.toThrow(
        '1 of 3 new findings could not be notified; see the log',
      );
      expect(send).toHaveBeenCalledTimes(3);
      expect(await notifiedIds()).toEqual(['a', 'c']);
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringContaining(
          'Could not notify of GuardDuty finding b (account 222222222222, eu-west-1): Error: notifications backend unavailable',
        ),
      );
    },
  );
});
