import { sandboxPortalConfig } from 'sandbox';
import { mockServices } from '@backstage/backend-test-utils';
import {
  EntityProviderConnection,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';
import { DefaultShipyardEnvironments } from '@internal/plugin-aws-node';
import { EnvironmentEntityProvider } from './EnvironmentEntityProvider';

/** The demo environments and their sandbox credentials, as app-config.yaml has them. */
const demoEnvironmentsConfig = sandboxPortalConfig();

function setup(data: object = demoEnvironmentsConfig) {
  const config = mockServices.rootConfig({ data: data as any });
  const logger = mockServices.logger.mock();
  // The real service, following config changes as environmentsServiceRef does.
  const environments = DefaultShipyardEnvironments.fromConfig(config, {
    logger,
  });
  const provider = EnvironmentEntityProvider.fromConfig(config, {
    environments,
    logger,
  });
  const connection = {
    applyMutation: jest.fn(async (_mutation: EntityProviderMutation) => {}),
    refresh: jest.fn(async () => {}),
  } satisfies EntityProviderConnection;
  return { config, logger, environments, provider, connection };
}

function emittedEntities(
  connection: { applyMutation: jest.Mock<any, [EntityProviderMutation]> },
  call = 0,
) {
  const mutation = connection.applyMutation.mock.calls[call][0];
  if (mutation.type !== 'full') {
    throw new Error(`Expected a full mutation, got ${mutation.type}`);
  }
  return mutation.entities.map(e => e.entity);
}

describe('EnvironmentEntityProvider', () => {
  it('emits one Resource of type environment per configured environment at connect', async () => {
    const { provider, connection } = setup();
    await provider.connect(connection);

    expect(connection.applyMutation).toHaveBeenCalledTimes(1);
    const mutation = connection.applyMutation.mock.calls[0][0];
    expect(mutation).toMatchObject({ type: 'full' });
    expect(
      mutation.type === 'full' &&
        mutation.entities.every(
          e => e.locationKey === provider.getProviderName(),
        ),
    ).toBe(true);
    const entities = emittedEntities(connection);
    expect(entities.map(e => e.metadata.name)).toEqual([
      'dev',
      'staging',
      'prod',
    ]);

    const prod = entities[2];
    expect(prod).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: 'prod',
        title: 'Production',
        description: expect.stringContaining('prod tier'),
        labels: { 'shipyard.io/tier': 'prod' },
        tags: ['environment', 'prod'],
        annotations: {
          'backstage.io/managed-by-location':
            'shipyard-config:shipyard.environments',
          'backstage.io/managed-by-origin-location':
            'shipyard-config:shipyard.environments',
          'shipyard.io/tier': 'prod',
          'environment.shipyard.io/accounts': '222222222222',
          'environment.shipyard.io/regions': 'eu-west-1,eu-central-1',
          'environment.shipyard.io/ecs-clusters':
            '222222222222/eu-west-1/prod-apps,222222222222/eu-central-1/prod-apps-dr',
          'environment.shipyard.io/eks-clusters':
            '222222222222/eu-west-1/prod-eks',
        },
      },
      spec: { type: 'environment', owner: 'group:default/platform-sre' },
    });
    expect(prod.metadata.description).toContain('222222222222');
    expect(prod.metadata.description).toContain('eu-central-1');
  });

  it('uses shipyard.environmentOwner as the owner', async () => {
    const { provider, connection } = setup({
      ...demoEnvironmentsConfig,
      shipyard: {
        ...demoEnvironmentsConfig.shipyard,
        environmentOwner: 'group:ops/cloud-team',
      },
    });
    await provider.connect(connection);
    expect(emittedEntities(connection).map(e => e.spec?.owner)).toEqual([
      'group:ops/cloud-team',
      'group:ops/cloud-team',
      'group:ops/cloud-team',
    ]);
  });

  it('emits the environments again when the configuration changes', async () => {
    const { config, provider, connection } = setup();
    await provider.connect(connection);

    const [dev, , prod] = demoEnvironmentsConfig.shipyard.environments;
    config.update({
      data: {
        ...demoEnvironmentsConfig,
        shipyard: {
          environments: [
            dev,
            { ...prod, title: 'Production (EU)' },
            {
              name: 'qa',
              tier: 'staging',
              accounts: [{ accountId: '111111111111', regions: ['eu-west-1'] }],
            },
          ],
        },
      },
    });

    await new Promise(resolve => setImmediate(resolve));
    expect(connection.applyMutation).toHaveBeenCalledTimes(2);
    const entities = emittedEntities(connection, 1);
    expect(entities.map(e => e.metadata.name)).toEqual(['dev', 'prod', 'qa']);
    expect(entities[1].metadata.title).toBe('Production (EU)');
    expect(entities[2].metadata.annotations).not.toHaveProperty(
      'environment.shipyard.io/ecs-clusters',
    );
  });

  it('keeps the previous environments when the changed configuration is invalid', async () => {
    const { config, logger, provider, connection } = setup();
    await provider.connect(connection);

    config.update({
      data: {
        ...demoEnvironmentsConfig,
        shipyard: {
          environments: [
            {
              name: 'prod',
              tier: 'prod',
              accounts: [{ accountId: '333333333333', regions: ['eu-west-1'] }],
            },
          ],
        },
      },
    });

    await new Promise(resolve => setImmediate(resolve));
    expect(connection.applyMutation).toHaveBeenCalledTimes(1);
    expect(logger.error).toHaveBeenCalledWith(
      expect.stringContaining('333333333333'),
    );
  });

  it('emits exactly what the environments service serves after a change', async () => {
    const { config, environments, provider, connection } = setup();
    await provider.connect(connection);
    // A second connect must not double the subscription.
    await provider.connect(connection);
    connection.applyMutation.mockClear();

    const [dev] = demoEnvironmentsConfig.shipyard.environments;
    config.update({
      data: {
        ...demoEnvironmentsConfig,
        shipyard: { environments: [dev] },
      },
    });

    await new Promise(resolve => setImmediate(resolve));
    expect(connection.applyMutation).toHaveBeenCalledTimes(1);
    expect(emittedEntities(connection).map(e => e.metadata.name)).toEqual(
      environments.list().map(e => e.name),
    );
    expect(environments.list().map(e => e.name)).toEqual(['dev']);
  });

  it('does not emit again when an unrelated key changes', async () => {
    const { config, provider, connection } = setup();
    await provider.connect(connection);
    config.update({
      data: { ...demoEnvironmentsConfig, app: { title: 'Shipyard' } },
    });
    await new Promise(resolve => setImmediate(resolve));
    expect(connection.applyMutation).toHaveBeenCalledTimes(1);
  });
});
