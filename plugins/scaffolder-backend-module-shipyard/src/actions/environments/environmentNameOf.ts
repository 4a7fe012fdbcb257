import { DEFAULT_NAMESPACE, parseEntityRef } from '@backstage/catalog-model';

/**
 * The environment name a template gave, either as a name (`dev`) or as the
 * entity ref of the environment's catalog entity (`resource:default/dev`,
 * which an EntityPicker on `kind: Resource, spec.type: environment` yields).
 * Environments are surfaced as Resources in the default namespace, named
 * after the environment; any other kind or namespace is not an environment.
 *
 * @returns the name, or undefined when `value` is another entity's ref or no ref at all.
 */
export function environmentNameOf(value: string): string | undefined {
  let ref;
  try {
    ref = parseEntityRef(value.trim(), {
      defaultKind: 'resource',
      defaultNamespace: DEFAULT_NAMESPACE,
    });
  } catch {
    return undefined;
  }
  if (
    ref.kind.toLocaleLowerCase('en-US') !== 'resource' ||
    ref.namespace !== DEFAULT_NAMESPACE
  ) {
    return undefined;
  }
  return ref.name;
}
