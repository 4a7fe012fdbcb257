import {
  GitLabGroup,
  GitLabUser,
  GitlabProviderConfig,
  GroupNameTransformer,
} from '@backstage/plugin-catalog-backend-module-gitlab';
import { groupEntitiesTransformer } from './groupEntitiesTransformer';
import { userTransformer } from './userTransformer';

const providerConfig = {
  id: 'org',
  host: 'gitlab.example.com',
  group: 'northwind',
} as GitlabProviderConfig;
const integrationConfig = {
  host: 'gitlab.example.com',
  apiBaseUrl: 'https://gitlab.example.com/api/v4',
  baseUrl: 'https://gitlab.example.com',
};

const root: GitLabGroup = { id: 1, name: 'Northwind', full_path: 'northwind' };
const platform: GitLabGroup = {
  id: 2,
  name: 'Platform',
  full_path: 'northwind/platform',
  parent_id: 1,
};
const sre: GitLabGroup = {
  id: 3,
  name: 'SRE',
  full_path: 'northwind/platform/sre',
  parent_id: 2,
  description: 'On call',
  visibility: 'private',
};
const platformSre: GitLabGroup = {
  id: 4,
  name: 'Platform SRE (contractors)',
  full_path: 'northwind/platform-sre',
  parent_id: 1,
};

/** What the provider hands in: the GitLab module's default, which merges the two groups. */
const defaultNames: GroupNameTransformer = ({ group }) =>
  group.full_path.replace('northwind/', '').replaceAll('/', '-');

const user = (username: string, groups: GitLabGroup[]): GitLabUser => ({
  id: username.length,
  username,
  name: username,
  email: `${username}@example.com`,
  state: 'active',
  web_url: `https://gitlab.example.com/${username}`,
  avatar_url: '',
  groups,
});

describe('the GitLab org transformers', () => {
  const groups = groupEntitiesTransformer({
    groups: [root, platform, sre, platformSre],
    providerConfig,
    groupNameTransformer: defaultNames,
  });

  it('keeps northwind/platform/sre and northwind/platform-sre two groups', () => {
    expect(groups.map(g => [g.metadata.name, g.spec.parent])).toEqual([
      ['northwind', undefined],
      ['northwind--platform', 'northwind'],
      ['northwind--platform--sre', 'northwind--platform'],
      ['northwind--platform-sre', 'northwind'],
    ]);
  });

  it("keeps the GitLab module's annotations and profile", () => {
    expect(groups[2]).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: {
        name: 'northwind--platform--sre',
        description: 'On call',
        annotations: {
          'gitlab.example.com/team-path': 'northwind/platform/sre',
          'gitlab.example.com/visibility': 'private',
        },
      },
      spec: {
        type: 'team',
        children: [],
        parent: 'northwind--platform',
        profile: { displayName: 'SRE' },
      },
    });
  });

  it('names memberships as the groups are named, so colliding paths grant different groups', () => {
    const onCall = userTransformer({
      user: user('sam.okafor', [root, sre]),
      integrationConfig,
      providerConfig,
      groupNameTransformer: defaultNames,
    });
    const contractor = userTransformer({
      user: user('kim.contractor', [root, platformSre]),
      integrationConfig,
      providerConfig,
      groupNameTransformer: defaultNames,
    });
    expect(onCall.spec.memberOf).toEqual([
      'northwind',
      'northwind--platform--sre',
    ]);
    expect(contractor.spec.memberOf).toEqual([
      'northwind',
      'northwind--platform-sre',
    ]);
    const names = new Set(groups.map(g => g.metadata.name));
    for (const m of [...onCall.spec.memberOf!, ...contractor.spec.memberOf!]) {
      expect(names).toContain(m);
    }
  });

  it("keeps the GitLab module's user entity otherwise", () => {
    expect(
      userTransformer({
        user: {
          ...user('ana.lima', []),
          group_saml_identity: { extern_uid: 'saml-7' },
        },
        integrationConfig,
        providerConfig,
        groupNameTransformer: defaultNames,
      }),
    ).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: {
        name: 'ana.lima',
        annotations: {
          'gitlab.example.com/user-login':
            'https://gitlab.example.com/ana.lima',
          'gitlab.example.com/user-id': '8',
          'gitlab.example.com/saml-external-uid': 'saml-7',
        },
      },
      spec: {
        profile: {
          displayName: 'ana.lima',
          picture: undefined,
          email: 'ana.lima@example.com',
        },
        memberOf: [],
      },
    });
  });
});
