import { catalogEntity } from '../testing';
import { entityPath } from './EntityPath';

describe('entityPath', () => {
  it('is the namespace, lower-case kind and name', () => {
    expect(entityPath(catalogEntity('Component', 'checkout-api'))).toEqual({
      namespace: 'default',
      kind: 'component',
      name: 'checkout-api',
    });
  });

  it('defaults the namespace', () => {
    const entity = catalogEntity('Resource', 'staging', {}, 'environment');
    delete entity.metadata.namespace;
    expect(entityPath(entity)).toEqual({
      namespace: 'default',
      kind: 'resource',
      name: 'staging',
    });
  });
});
