import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { normalizeRef } from './normalizeRef';
import { RoleMapping } from './RoleMapping';
import { ShipyardRole } from './ShipyardRole';

const CONFIG_KEY = 'shipyard.permissions.roles';

/** The roles a mapping grants; `unassigned` is what remains. */
const MAPPED_ROLES: ShipyardRole[] = ['sre', 'developer', 'manager'];

const DEFAULT_REFS = {
  sre: ['group:default/platform-sre'],
  manager: ['group:default/engineering-managers'],
};

/**
 * Maps group membership to roles as configured under `shipyard.permissions.roles`.
 *
 * @public
 */
export class DefaultRoleMapping implements RoleMapping {
  static fromConfig(config: Config): DefaultRoleMapping {
    assertExplicitInProduction(config);
    const read = (role: ShipyardRole) => {
      const refs = config.getOptionalStringArray(`${CONFIG_KEY}.${role}`);
      return refs?.map(ref => normalizeRef(ref, `${CONFIG_KEY}.${role}`));
    };
    const developer = read('developer');
    return new DefaultRoleMapping(
      new Set(read('sre') ?? DEFAULT_REFS.sre),
      new Set(read('manager') ?? DEFAULT_REFS.manager),
      developer && new Set(developer),
    );
  }

  private constructor(
    private readonly sre: Set<string>,
    private readonly manager: Set<string>,
    /** Undefined means: a member of any group not mapped to another role. */
    private readonly developer: Set<string> | undefined,
  ) {}

  roleOf(ownershipEntityRefs: string[]): ShipyardRole {
    const refs = ownershipEntityRefs.flatMap(ref => {
      try {
        return [normalizeRef(ref)];
      } catch {
        // A malformed claim grants nothing; it must not fail the whole decision.
        return [];
      }
    });
    const matches = (roleRefs: Set<string>) => refs.some(r => roleRefs.has(r));

    // Roles are grants, so the most capable matching role wins.
    if (matches(this.sre)) {
      return 'sre';
    }
    if (
      this.developer ? matches(this.developer) : this.isInUnmappedGroup(refs)
    ) {
      return 'developer';
    }
    if (matches(this.manager)) {
      return 'manager';
    }
    return 'unassigned';
  }

  private isInUnmappedGroup(refs: string[]): boolean {
    return refs.some(
      ref =>
        ref.startsWith('group:') &&
        !this.sre.has(ref) &&
        !this.manager.has(ref),
    );
  }
}

/**
 * The defaults suit the demo organisation only. In production they would make a developer of
 * every member of any group, the organisation's root group included, so each role must be listed.
 * Production is either signal: NODE_ENV (set by the image, whatever the configuration says) or
 * auth.environment (set by app-config.production.yaml).
 */
function assertExplicitInProduction(config: Config) {
  const signals = [
    ...(process.env.NODE_ENV === 'production' ? ['NODE_ENV'] : []),
    ...(config.getOptionalString('auth.environment') === 'production'
      ? ['auth.environment']
      : []),
  ];
  const missing = MAPPED_ROLES.filter(
    role => !config.has(`${CONFIG_KEY}.${role}`),
  );
  if (signals.length > 0 && missing.length > 0) {
    throw new InputError(
      `${CONFIG_KEY} must list every role explicitly in production (${signals.join(
        ' and ',
      )} ${signals.length > 1 ? 'are' : 'is'} production); not set: ${missing
        .map(role => `${CONFIG_KEY}.${role}`)
        .join(', ')}; see docs/configuration.md#shipyardpermissionsroles`,
    );
  }
}
