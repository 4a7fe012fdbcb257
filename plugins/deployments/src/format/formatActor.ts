import { parseEntityRef } from '@backstage/catalog-model';

/**
 * Who did something, for reading: a user entity ref in the default namespace
 * loses its kind and namespace (`user:default/sam.okafor` → `sam.okafor`);
 * anything else (a pipeline's name) is shown as it is.
 */
export function formatActor(actor: string): string {
  if (!actor.startsWith('user:')) {
    return actor;
  }
  try {
    const ref = parseEntityRef(actor);
    return ref.namespace === 'default'
      ? ref.name
      : `${ref.namespace}/${ref.name}`;
  } catch {
    return actor;
  }
}
