import {
  componentEntityV1alpha1Validator,
  DefaultNamespaceEntityPolicy,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
  type Entity,
} from '@backstage/catalog-model';
import { parseShipyardAnnotations } from '@internal/plugin-aws-common';
import { parse as parseYaml } from 'yaml';
import { exampleFormValues } from './__testUtils__/exampleFormValues';
import { renderTemplate } from './__testUtils__/renderTemplate';

// The policies the catalog applies to every entity it reads (its default set).
const catalogPolicies = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new SchemaValidEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
]);

describe.each([
  ['ecs-service', 'ecs'],
  ['eks-service', 'eks'],
] as const)('the catalog entry %s renders', (templateName, runtime) => {
  it('is a valid Component with the owner, system and Shipyard annotations chosen', async () => {
    const rendered = await renderTemplate(templateName, {
      ...exampleFormValues(templateName),
      // Picked out of order; the entry lists them as the pipeline deploys: dev, staging, prod.
      environments: ['prod', 'dev'],
    });
    const entity: Entity = parseYaml(rendered.files.get('catalog-info.yaml')!);

    await expect(catalogPolicies.enforce(entity)).resolves.toBeDefined();
    await expect(componentEntityV1alpha1Validator.check(entity)).resolves.toBe(
      true,
    );
    expect(
      parseShipyardAnnotations(entity, {
        environmentNames: ['dev', 'staging', 'prod'],
      }),
    ).toEqual({
      value: {
        runtime,
        componentTagValue: 'checkout-api',
        environments: ['dev', 'prod'],
      },
    });
    expect(entity).toMatchObject({
      metadata: {
        name: 'checkout-api',
        description:
          'Takes orders from the storefront and hands them to payments.',
        annotations: {
          'gitlab.com/project-slug': 'northwind/storefront/checkout-api',
        },
        tags: ['nodejs', runtime],
      },
      spec: {
        type: 'service',
        lifecycle: 'experimental',
        owner: 'group:default/team-storefront',
        system: 'storefront',
      },
    });
  });
});
