import fs from 'node:fs';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { parse } from 'yaml';
import { DefaultRoleMapping } from './DefaultRoleMapping';

const mapping = (roles?: object) =>
  DefaultRoleMapping.fromConfig(
    new ConfigReader(roles ? { shipyard: { permissions: { roles } } } : {}),
  );

describe('DefaultRoleMapping', () => {
  it.each([
    [['user:default/sam.okafor', 'group:default/platform-sre'], 'sre'],
    [
      ['user:default/mei.chen', 'group:default/engineering-managers'],
      'manager',
    ],
    [['user:default/ana.lima', 'group:default/team-storefront'], 'developer'],
    [['user:default/jonas.weber', 'group:default/team-freight'], 'developer'],
    [['user:default/new.joiner'], 'unassigned'],
    [[], 'unassigned'],
  ])('by default maps %j to %s', (refs, role) => {
    expect(mapping().roleOf(refs)).toBe(role);
  });

  it('gives the most capable role to a member of several groups', () => {
    const m = mapping();
    expect(
      m.roleOf([
        'group:default/engineering-managers',
        'group:default/team-payments',
      ]),
    ).toBe('developer');
    expect(
      m.roleOf(['group:default/team-payments', 'group:default/platform-sre']),
    ).toBe('sre');
  });

  it('compares refs without regard to case', () => {
    expect(mapping().roleOf(['group:default/Platform-SRE'])).toBe('sre');
  });

  it('accepts short refs in config and grants roles to listed users', () => {
    const m = mapping({
      sre: ['ops', 'user:default/break.glass'],
      manager: ['group:leadership'],
      developer: ['group:default/team-freight'],
    });
    expect(m.roleOf(['group:default/ops'])).toBe('sre');
    expect(m.roleOf(['user:default/break.glass'])).toBe('sre');
    expect(m.roleOf(['group:default/leadership'])).toBe('manager');
    expect(m.roleOf(['group:default/team-freight'])).toBe('developer');
    // With an explicit developer list, membership of another group grants nothing.
    expect(m.roleOf(['group:default/team-storefront'])).toBe('unassigned');
    expect(m.roleOf(['group:default/platform-sre'])).toBe('unassigned');
  });

  it('ignores malformed ownership claims', () => {
    expect(
      mapping().roleOf(['not:a:valid:ref', 'group:default/platform-sre']),
    ).toBe('sre');
  });

  it('refuses malformed refs in config, naming the key', () => {
    expect(() => mapping({ sre: ['group:default/'] })).toThrow(
      /shipyard\.permissions\.roles\.sre/,
    );
  });

  describe('in production', () => {
    const production = (roles?: object) =>
      DefaultRoleMapping.fromConfig(
        new ConfigReader({
          auth: { environment: 'production' },
          ...(roles ? { shipyard: { permissions: { roles } } } : {}),
        }),
      );

    it('refuses to start without an explicit mapping of every role', () => {
      expect(() => production()).toThrow(
        'shipyard.permissions.roles must list every role explicitly in production (auth.environment is production); not set: shipyard.permissions.roles.sre, shipyard.permissions.roles.developer, shipyard.permissions.roles.manager',
      );
      // Without a developer list any group, the root group included, would make a developer.
      expect(() =>
        production({ sre: ['platform-sre'], manager: ['managers'] }),
      ).toThrow(/not set: shipyard\.permissions\.roles\.developer;/);
    });

    it('refuses when NODE_ENV is production, whatever auth.environment says', () => {
      const nodeEnv = process.env.NODE_ENV;
      process.env.NODE_ENV = 'production';
      try {
        expect(() => mapping({ sre: ['ops'] })).toThrow(
          /in production \(NODE_ENV is production\); not set: shipyard\.permissions\.roles\.developer, shipyard\.permissions\.roles\.manager;/,
        );
      } finally {
        process.env.NODE_ENV = nodeEnv;
      }
    });

    it('accepts explicit lists, an empty one included', () => {
      const m = production({ sre: ['ops'], developer: ['devs'], manager: [] });
      expect(m.roleOf(['group:default/devs'])).toBe('developer');
      expect(m.roleOf(['group:default/engineering-managers'])).toBe(
        'unassigned',
      );
    });
  });

  describe("app-config.production.yaml's roles", () => {
    /** The GitLab org ingestion's names (docs/configuration.md#shipyardpermissionsroles) for a root group `northwind`. */
    const env: Record<string, string> = {
      GITLAB_GROUP: 'northwind',
      SHIPYARD_SRE_GROUP: 'group:default/northwind--platform--sre',
      SHIPYARD_DEVELOPER_GROUP: 'group:default/northwind--developers',
      SHIPYARD_MANAGER_GROUP: 'group:default/northwind--engineering-managers',
    };
    const overlay = parse(
      fs.readFileSync(
        path.resolve(__dirname, '../../../app-config.production.yaml'),
        'utf8',
      ),
    );
    const substituted = JSON.parse(
      JSON.stringify(overlay).replace(/\$\{([A-Z0-9_]+)\}/g, (_, name) => {
        if (!(name in env)) {
          return `placeholder-${name}`;
        }
        return env[name];
      }),
    );
    const roles = substituted.shipyard.permissions.roles;
    const root = `group:default/${env.GITLAB_GROUP}`;

    it('maps every role explicitly, so that production starts', () => {
      expect(roles).toEqual({
        sre: [env.SHIPYARD_SRE_GROUP],
        developer: [env.SHIPYARD_DEVELOPER_GROUP],
        manager: [env.SHIPYARD_MANAGER_GROUP],
      });
      expect(substituted.auth.environment).toBe('production');
    });

    it('makes nobody a developer for being in the root group', () => {
      const m = DefaultRoleMapping.fromConfig(new ConfigReader(substituted));
      expect(substituted.catalog.providers.gitlab.org.group).toBe(
        env.GITLAB_GROUP,
      );
      expect(m.roleOf(['user:default/guest', root])).toBe('unassigned');
      // A manager is in the root group too; the manager role must stay reachable.
      expect(m.roleOf([root, env.SHIPYARD_MANAGER_GROUP])).toBe('manager');
      expect(m.roleOf([root, 'group:default/northwind--team-freight'])).toBe(
        'unassigned',
      );
      expect(m.roleOf([root, env.SHIPYARD_DEVELOPER_GROUP])).toBe('developer');
      expect(m.roleOf([root, env.SHIPYARD_SRE_GROUP])).toBe('sre');
    });
  });
});
