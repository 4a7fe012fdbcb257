import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  GitlabOrgEntityProviderTransformsExtensionPoint,
  gitlabOrgEntityProviderTransformsExtensionPoint,
} from '@backstage/plugin-catalog-backend-module-gitlab-org';
import { catalogModuleShipyardGitlab } from './module';
import { groupEntitiesTransformer } from './groupEntitiesTransformer';
import { userTransformer } from './userTransformer';

const orgProvider = {
  catalog: {
    providers: {
      gitlab: {
        org: {
          host: 'gitlab.example.com',
          group: 'northwind',
          orgEnabled: true,
        },
        repositories: { host: 'gitlab.example.com', group: 'northwind/apps' },
      },
    },
  },
};

async function start(data: object) {
  const transforms: jest.Mocked<GitlabOrgEntityProviderTransformsExtensionPoint> =
    { setGroupTransformer: jest.fn(), setUserTransformer: jest.fn() };
  const backend = await startTestBackend({
    extensionPoints: [
      [gitlabOrgEntityProviderTransformsExtensionPoint, transforms],
    ],
    features: [
      catalogModuleShipyardGitlab,
      mockServices.rootConfig.factory({ data }),
    ],
  });
  return { backend, transforms };
}

describe('catalogModuleShipyardGitlab', () => {
  it("sets the org ingestion's group and user transformers", async () => {
    const { backend, transforms } = await start(orgProvider);
    expect(transforms.setGroupTransformer).toHaveBeenCalledWith(
      groupEntitiesTransformer,
    );
    expect(transforms.setUserTransformer).toHaveBeenCalledWith(userTransformer);
    await backend.stop();
  });

  it.each([
    ['developer', 'group:default/northwind'],
    ['manager', 'northwind'],
    ['sre', 'group:default/Northwind'],
  ])(
    'refuses to start when %s is given to the root group (%s)',
    async (role, ref) => {
      await expect(
        start({
          ...orgProvider,
          shipyard: { permissions: { roles: { [role]: [ref] } } },
        }),
      ).rejects.toThrow(
        `shipyard.permissions.roles.${role} lists ${ref}, the root group of the GitLab org ingestion`,
      );
    },
  );

  it.each([{ allowInherited: true }, { relations: ['INHERITED'] }])(
    'refuses to start when the org ingestion takes inherited memberships (%j)',
    async inherited => {
      await expect(
        start({
          catalog: {
            providers: {
              gitlab: {
                org: {
                  ...orgProvider.catalog.providers.gitlab.org,
                  ...inherited,
                },
              },
            },
          },
        }),
      ).rejects.toThrow(
        'catalog.providers.gitlab.org ingests inherited group memberships',
      );
    },
  );

  it('names a nested root group as its entity is named', async () => {
    const nested = {
      catalog: {
        providers: {
          gitlab: {
            org: { host: 'h', group: 'acme/northwind', orgEnabled: true },
          },
        },
      },
    };
    await expect(
      start({
        ...nested,
        shipyard: {
          permissions: { roles: { developer: ['acme--northwind'] } },
        },
      }),
    ).rejects.toThrow(/root group/);
    // The group of a provider that does not ingest the org, and subgroups, may hold roles.
    const { backend } = await start({
      ...nested,
      shipyard: {
        permissions: {
          roles: {
            developer: ['acme--northwind--team-freight', 'acme'],
            sre: ['group:default/acme--northwind--platform--sre'],
          },
        },
      },
    });
    await backend.stop();
  });
});
