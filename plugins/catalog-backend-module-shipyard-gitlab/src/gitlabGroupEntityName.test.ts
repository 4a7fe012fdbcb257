import { KubernetesValidatorFunctions } from '@backstage/catalog-model';
import { gitlabGroupEntityName } from './gitlabGroupEntityName';

describe('gitlabGroupEntityName', () => {
  it('names a group by its full path, with -- for each /', () => {
    expect(gitlabGroupEntityName('northwind')).toBe('northwind');
    expect(gitlabGroupEntityName('northwind/team-storefront')).toBe(
      'northwind--team-storefront',
    );
    expect(gitlabGroupEntityName('Northwind/Platform/SRE')).toBe(
      'northwind--platform--sre',
    );
  });

  it('keeps apart groups whose paths differ only by / and -', () => {
    // The GitLab module's default names both `platform-sre`.
    const nested = gitlabGroupEntityName('northwind/platform/sre');
    const flat = gitlabGroupEntityName('northwind/platform-sre');
    expect(nested).toBe('northwind--platform--sre');
    expect(flat).toBe('northwind--platform-sre');
  });

  it('keeps the root group apart from a subgroup of the same name', () => {
    expect(gitlabGroupEntityName('northwind')).not.toBe(
      gitlabGroupEntityName('northwind/northwind'),
    );
  });

  it.each([
    // An older GitLab allowed consecutive separators: a plain `--` join would make these
    // `northwind--platform--sre` too.
    ['northwind/platform--sre'],
    ['northwind/platform-/sre'],
    ['northwind/-platform/sre'],
    ['northwind/platform/sre_'],
  ])('names %s, which the plain form cannot carry, with a hash', path => {
    const name = gitlabGroupEntityName(path);
    expect(name).toMatch(/^[a-z0-9-]+---[0-9a-f]{16}$/);
    expect(name).not.toBe('northwind--platform--sre');
    expect(name).not.toBe(gitlabGroupEntityName('northwind/platform/sre'));
  });

  it('gives distinct hashed names to distinct paths with the same last segment', () => {
    expect(gitlabGroupEntityName('a/platform--sre')).not.toBe(
      gitlabGroupEntityName('b/platform--sre'),
    );
    expect(gitlabGroupEntityName('a/platform--sre')).toMatch(
      /^platform-sre---[0-9a-f]{16}$/,
    );
  });

  it('hashes a path whose plain name would be longer than the catalog allows', () => {
    const deep = `northwind/${'engineering/'.repeat(5)}payments`;
    const name = gitlabGroupEntityName(deep);
    expect(name).toMatch(/^payments---[0-9a-f]{16}$/);
    expect(gitlabGroupEntityName(`${deep}-eu`)).not.toBe(name);
  });

  it.each([
    'northwind',
    'northwind/platform/sre',
    'northwind/platform--sre',
    `northwind/${'x'.repeat(200)}`,
    'northwind/___',
    `northwind/${'engineering/'.repeat(9)}a`,
  ])('gives %s a valid entity name', path => {
    expect(
      KubernetesValidatorFunctions.isValidObjectName(
        gitlabGroupEntityName(path),
      ),
    ).toBe(true);
  });

  it.each(['', 'northwind/', '/northwind', 'northwind//sre'])(
    'refuses the malformed path %j',
    path => {
      expect(() => gitlabGroupEntityName(path)).toThrow(
        /Invalid GitLab group path/,
      );
    },
  );
});
