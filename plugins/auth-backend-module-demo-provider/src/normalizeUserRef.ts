import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';

/**
 * Parses a user entity ref (the kind may be omitted, the namespace defaults to `default`) into
 * its lower-case canonical form, so that configured and requested refs compare equal.
 *
 * @public
 */
export function normalizeUserRef(ref: string): string {
  const parsed = parseEntityRef(ref, {
    defaultKind: 'user',
    defaultNamespace: 'default',
  });
  if (parsed.kind.toLocaleLowerCase('en-US') !== 'user') {
    throw new TypeError(`kind must be User, not ${parsed.kind}`);
  }
  return stringifyEntityRef(parsed).toLocaleLowerCase('en-US');
}
