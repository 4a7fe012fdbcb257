import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';

/**
 * A group ref as the policy compares it: a ref without a kind is a group,
 * one without a namespace is in `default`, lower case (as ownership refs
 * are). With `configKey`, a malformed ref is an InputError naming the key,
 * which stops start-up.
 */
export function normalizeRef(ref: string, configKey?: string): string {
  try {
    return stringifyEntityRef(
      parseEntityRef(ref, {
        defaultKind: 'group',
        defaultNamespace: 'default',
      }),
    ).toLocaleLowerCase('en-US');
  } catch (error) {
    if (configKey) {
      throw new InputError(
        `Invalid entity ref '${ref}' in ${configKey}: ${error}`,
      );
    }
    throw error;
  }
}
