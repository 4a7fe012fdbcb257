import { Entity, getCompoundEntityRef } from '@backstage/catalog-model';

/** An entity as the plugins' routes address it: `/components/:namespace/:kind/:name`. */
export interface EntityPath {
  namespace: string;
  kind: string;
  name: string;
}

/** Kinds compare case-insensitively; lower case matches the catalog's URLs. */
export function entityPath(entity: Entity): EntityPath {
  const ref = getCompoundEntityRef(entity);
  return { ...ref, kind: ref.kind.toLocaleLowerCase('en-US') };
}
