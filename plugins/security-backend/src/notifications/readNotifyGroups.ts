import { Config } from '@backstage/config';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';

const CONFIG_KEY = 'shipyard.security.notify.groups';
const DEFAULT_GROUPS = ['group:default/platform-sre'];

/**
 * The groups told of every new high or critical finding of a service
 * (`shipyard.security.notify.groups`, default the SREs), completed as refs:
 * without a kind a group, without a namespace in `default`. An invalid ref
 * stops start-up naming the key, rather than leave a team unwarned.
 */
export function readNotifyGroups(config: Config): string[] {
  const refs = config.getOptionalStringArray(CONFIG_KEY) ?? DEFAULT_GROUPS;
  return [
    ...new Set(
      refs.map(ref => {
        try {
          return stringifyEntityRef(
            parseEntityRef(ref, {
              defaultKind: 'group',
              defaultNamespace: 'default',
            }),
          );
        } catch (error) {
          throw new InputError(
            `Invalid entity ref '${ref}' in ${CONFIG_KEY}: ${error}`,
          );
        }
      }),
    ),
  ];
}
