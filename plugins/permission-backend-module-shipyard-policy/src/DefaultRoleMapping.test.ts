import { ConfigReader } from '@backstage/config';
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
});
