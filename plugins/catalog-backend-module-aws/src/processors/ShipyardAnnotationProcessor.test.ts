import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { mockServices } from '@backstage/backend-test-utils';
import { DefaultShipyardEnvironments } from '@internal/plugin-aws-node';
import {
  CatalogProcessorResult,
  LocationSpec,
} from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ShipyardAnnotationProcessor } from './ShipyardAnnotationProcessor';

const location: LocationSpec = {
  type: 'file',
  target: '/catalog/components.yaml',
};

function component(annotations: Record<string, string>, kind = 'Component') {
  return named('default', 'catalog-api', annotations, kind);
}

function named(
  namespace: string,
  name: string,
  annotations: Record<string, string>,
  kind = 'Component',
) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace, annotations },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'team-storefront',
    },
  } as Entity;
}

async function process(
  entity: Entity,
  environmentNames = ['dev', 'staging', 'prod'],
  /** The entities already in the catalog. */
  catalogEntities: Entity[] = [],
) {
  const environments = DefaultShipyardEnvironments.fromConfig(
    new ConfigReader({
      aws: { accountDefaults: { roleName: 'shipyard-reader' } },
      shipyard: {
        environments: environmentNames.map(name => ({
          name,
          tier: 'dev',
          accounts: [{ accountId: '111111111111', regions: ['eu-west-1'] }],
        })),
      },
    }),
  );
  const processor = ShipyardAnnotationProcessor.create({
    environments,
    catalog: catalogServiceMock({ entities: catalogEntities }),
    auth: mockServices.auth(),
  });
  const emitted: CatalogProcessorResult[] = [];
  const result = await processor.postProcessEntity(entity, location, r =>
    emitted.push(r),
  );
  const errors = emitted.flatMap(r => (r.type === 'error' ? [r] : []));
  const relations = emitted.flatMap(r =>
    r.type === 'relation'
      ? [
          `${r.relation.source.kind.toLocaleLowerCase()}:${
            r.relation.source.name
          } ${r.relation.type} ${r.relation.target.kind}:${
            r.relation.target.namespace
          }/${r.relation.target.name}`,
        ]
      : [],
  );
  return { result, errors, relations };
}

describe('ShipyardAnnotationProcessor', () => {
  it('relates a component with a runtime to every configured environment, both ways', async () => {
    const entity = component({ 'shipyard.io/runtime': 'ecs' });
    const { result, errors, relations } = await process(entity);

    expect(result).toBe(entity);
    expect(errors).toEqual([]);
    expect(relations).toEqual([
      'component:catalog-api dependsOn resource:default/dev',
      'resource:dev dependencyOf Component:default/catalog-api',
      'component:catalog-api dependsOn resource:default/staging',
      'resource:staging dependencyOf Component:default/catalog-api',
      'component:catalog-api dependsOn resource:default/prod',
      'resource:prod dependencyOf Component:default/catalog-api',
    ]);
  });

  it('relates only to the environments named in shipyard.io/environments', async () => {
    const { errors, relations } = await process(
      component({
        'shipyard.io/runtime': 'eks',
        'shipyard.io/environments': 'staging, prod',
      }),
    );
    expect(errors).toEqual([]);
    expect(relations.filter(r => r.includes('dependsOn'))).toEqual([
      'component:catalog-api dependsOn resource:default/staging',
      'component:catalog-api dependsOn resource:default/prod',
    ]);
  });

  it('follows the environments service when the configuration changes', async () => {
    const environmentsConfig = (names: string[]) => ({
      aws: { accountDefaults: { roleName: 'shipyard-reader' } },
      shipyard: {
        environments: names.map(name => ({
          name,
          tier: 'dev',
          accounts: [{ accountId: '111111111111', regions: ['eu-west-1'] }],
        })),
      },
    });
    const config = mockServices.rootConfig({
      data: environmentsConfig(['dev']),
    });
    const processor = ShipyardAnnotationProcessor.create({
      environments: DefaultShipyardEnvironments.fromConfig(config, {
        logger: mockServices.logger.mock(),
      }),
      catalog: catalogServiceMock(),
      auth: mockServices.auth(),
    });
    config.update({ data: environmentsConfig(['dev', 'qa']) });

    const emitted: CatalogProcessorResult[] = [];
    await processor.postProcessEntity(
      component({ 'shipyard.io/runtime': 'ecs' }),
      location,
      r => emitted.push(r),
    );
    expect(
      emitted.flatMap(r =>
        r.type === 'relation' && r.relation.type === 'dependsOn'
          ? [r.relation.target.name]
          : [],
      ),
    ).toEqual(['dev', 'qa']);
  });

  it('reports a malformed runtime as an input error and emits no relation', async () => {
    const { errors, relations } = await process(
      component({ 'shipyard.io/runtime': 'lambda' }),
    );
    expect(relations).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0].location).toEqual(location);
    expect(errors[0].error.name).toBe('InputError');
    expect(errors[0].error.message).toContain('shipyard.io/runtime');
    expect(errors[0].error.message).toContain('lambda');
  });

  it.each([
    ['shipyard.io/account', '222222222222'],
    ['shipyard.io/role', 'admin'],
    ['shipyard.io/region', 'us-east-1'],
  ])('rejects the grant attempt %s', async (key, value) => {
    const { errors, relations } = await process(
      component({ 'shipyard.io/runtime': 'ecs', [key]: value }),
    );
    expect(relations).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0].error.name).toBe('InputError');
    expect(errors[0].error.message).toContain(key);
    expect(errors[0].error.message).toMatch(/never grant/);
  });

  it('rejects an ARN in a tag value, on any kind of entity', async () => {
    const { errors } = await process(
      component(
        {
          'shipyard.io/component-tag':
            'arn:aws:iam::222222222222:role/OrganizationAccountAccessRole',
        },
        'Resource',
      ),
    );
    expect(errors).toHaveLength(1);
    expect(errors[0].error.message).toContain('ARN');
  });

  it('names the known environments when one is unknown', async () => {
    const { errors, relations } = await process(
      component({
        'shipyard.io/runtime': 'ecs',
        'shipyard.io/environments': 'prod,production',
      }),
    );
    expect(relations).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0].error.message).toContain('"production"');
    expect(errors[0].error.message).toContain('dev, staging, prod');
  });

  it('leaves entities without Shipyard annotations alone', async () => {
    const { errors, relations } = await process(
      component({ 'backstage.io/techdocs-ref': 'dir:.' }),
    );
    expect(errors).toEqual([]);
    expect(relations).toEqual([]);
  });

  it('emits no relation for a component without a runtime or for other kinds', async () => {
    await expect(
      process(component({ 'shipyard.io/component-tag': 'catalog' })),
    ).resolves.toMatchObject({ errors: [], relations: [] });
    await expect(
      process(component({ 'shipyard.io/runtime': 'ecs' }, 'System')),
    ).resolves.toMatchObject({ errors: [], relations: [] });
  });

  describe('a component tag value belongs to one entity', () => {
    const holder = named('default', 'checkout-api', {
      'shipyard.io/runtime': 'ecs',
    });

    it('rejects a claim by annotation on a value another component holds, naming the holder', async () => {
      const { errors, relations } = await process(
        named('default', 'basket-api', {
          'shipyard.io/runtime': 'ecs',
          'shipyard.io/component-tag': 'checkout-api',
        }),
        undefined,
        [holder],
      );
      expect(relations).toEqual([]);
      expect(errors).toHaveLength(1);
      expect(errors[0].location).toEqual(location);
      expect(errors[0].error.name).toBe('InputError');
      expect(errors[0].error.message).toMatch(
        /^Component tag value "checkout-api" is held by component:default\/checkout-api; component:default\/basket-api cannot claim it/,
      );
      expect(errors[0].error.message).toContain('shipyard.io/component-tag');
    });

    it('rejects the same name in another namespace', async () => {
      const { errors, relations } = await process(
        named('other', 'checkout-api', { 'shipyard.io/runtime': 'eks' }),
        undefined,
        [holder],
      );
      expect(relations).toEqual([]);
      expect(errors.map(e => e.error.message)).toEqual([
        expect.stringMatching(
          /^Component tag value "checkout-api" is held by component:default\/checkout-api; component:other\/checkout-api cannot claim it/,
        ),
      ]);
    });

    it('keeps the holder valid when lower-ranked claimants are in the catalog already', async () => {
      const { errors, relations } = await process(holder, undefined, [
        named('other', 'checkout-api', { 'shipyard.io/runtime': 'eks' }),
        named('default', 'basket-api', {
          'shipyard.io/runtime': 'ecs',
          'shipyard.io/component-tag': 'checkout-api',
        }),
      ]);
      expect(errors).toEqual([]);
      expect(relations).toHaveLength(6);
    });

    it('counts only components with a valid runtime that claim the same value', async () => {
      const claimant = {
        'shipyard.io/runtime': 'ecs',
        'shipyard.io/component-tag': 'checkout-api',
      };
      const { errors, relations } = await process(
        named('other', 'checkout-svc', claimant),
        undefined,
        [
          // Named after the value but tagged with another one.
          named('default', 'checkout-api', {
            'shipyard.io/runtime': 'ecs',
            'shipyard.io/component-tag': 'checkout-web',
          }),
          // No runtime: not linked to AWS resources.
          named('default', 'checkout-docs', {
            'shipyard.io/component-tag': 'checkout-api',
          }),
          // A malformed runtime: the catalog holds it back.
          named('default', 'checkout-lambda', {
            'shipyard.io/runtime': 'lambda',
            'shipyard.io/component-tag': 'checkout-api',
          }),
          named('default', 'checkout-system', claimant, 'System'),
          // The stored version of the entity being processed.
          named('other', 'checkout-svc', claimant),
        ],
      );
      expect(errors).toEqual([]);
      expect(relations).toHaveLength(6);
    });
  });
});
