// `[kind:][namespace/]name`, as the catalog writes entity refs.
const ENTITY_REF = /^(?:([^:/]+):)?(?:([^:/]+)\/)?([^:/]+)$/;

/**
 * The environment name a template gave, either as a name (`dev`) or as the
 * entity ref of the environment's catalog entity (`resource:default/dev`,
 * which an EntityPicker on `kind: Resource, spec.type: environment` yields).
 * Environments are surfaced as Resources in the default namespace, named
 * after the environment; any other kind or namespace is not an environment.
 *
 * @returns the name, or undefined when `value` is another entity's ref.
 */
export function environmentNameOf(value: string): string | undefined {
  const match = ENTITY_REF.exec(value.trim());
  if (!match) {
    return undefined;
  }
  const [, kind, namespace, name] = match;
  if (kind !== undefined && kind.toLocaleLowerCase('en-US') !== 'resource') {
    return undefined;
  }
  if (namespace !== undefined && namespace !== 'default') {
    return undefined;
  }
  return name;
}
