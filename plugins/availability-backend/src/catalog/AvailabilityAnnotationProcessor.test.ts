import { Entity } from '@backstage/catalog-model';
import { CatalogProcessorResult } from '@backstage/plugin-catalog-node';
import { AvailabilityAnnotationProcessor } from './AvailabilityAnnotationProcessor';

const location = { type: 'url', target: 'https://gitlab.example/x.yaml' };

async function process(annotations: Record<string, string>) {
  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'checkout-api', annotations },
    spec: {
      type: 'service',
      owner: 'team-storefront',
      lifecycle: 'production',
    },
  };
  const emitted: CatalogProcessorResult[] = [];
  const result = await new AvailabilityAnnotationProcessor().postProcessEntity(
    entity,
    location,
    r => emitted.push(r),
  );
  return { entity, result, emitted };
}

describe('AvailabilityAnnotationProcessor', () => {
  it('accepts valid annotations without a word', async () => {
    const { entity, result, emitted } = await process({
      'shipyard.io/availability-target': '99.95',
      'shipyard.io/availability-window': '28d',
    });
    expect(result).toBe(entity);
    expect(emitted).toEqual([]);
  });

  it('reports a malformed target as an input error on the entity and keeps it', async () => {
    const { entity, result, emitted } = await process({
      'shipyard.io/availability-target': '99,9',
    });
    expect(result).toBe(entity);
    expect(emitted).toEqual([
      expect.objectContaining({
        type: 'error',
        location,
        error: expect.objectContaining({
          name: 'InputError',
          message: expect.stringContaining('"99,9"'),
        }),
      }),
    ]);
  });
});
