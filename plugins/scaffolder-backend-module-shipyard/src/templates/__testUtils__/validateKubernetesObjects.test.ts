import { validateKubernetesObjects } from './validateKubernetesObjects';

describe('validateKubernetesObjects', () => {
  it('answers undefined for a valid object and the schema error for an invalid one', async () => {
    const errors = await validateKubernetesObjects([
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'basket-api' },
        spec: { ports: [{ port: 80 }] },
      } as any,
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'basket-api' },
        spec: { template: {} },
      } as any,
      { apiVersion: 'v1', kind: 'NoSuchKind' },
    ]);
    expect(errors[0]).toBeUndefined();
    expect(errors[1]).toMatch(/selector/);
    expect(errors[2]).toBe('no schema for v1 NoSuchKind');
  });
});
