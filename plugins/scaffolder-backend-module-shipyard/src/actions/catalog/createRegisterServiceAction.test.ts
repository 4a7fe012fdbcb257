import fs from 'node:fs/promises';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { ConflictError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createRegisterServiceAction } from './createRegisterServiceAction';

const integrations = ScmIntegrations.fromConfig(
  new ConfigReader({
    integrations: {
      gitlab: [
        {
          host: 'localhost:4566',
          baseUrl: 'http://localhost:4566/gitlab',
          apiBaseUrl: 'http://localhost:4566/gitlab/api/v4',
          token: 'sandbox',
        },
      ],
    },
  }),
);

const contentsUrl =
  'http://localhost:4566/gitlab/northwind/storefront/basket-api/-/blob/main';

const component = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'basket-api' },
  spec: {
    type: 'service',
    lifecycle: 'experimental',
    owner: 'team-storefront',
  },
};

function setup(options: { addLocation?: jest.Mock } = {}) {
  const addLocation =
    options.addLocation ??
    jest.fn(async (request: { dryRun?: boolean }) => ({
      location: { id: '1', type: 'url', target: 'x' },
      entities: request.dryRun
        ? [
            {
              kind: 'Location',
              apiVersion: 'backstage.io/v1alpha1',
              metadata: { name: 'generated-abc' },
            },
            component,
          ]
        : [],
    }));
  const catalog = { addLocation } as unknown as CatalogService;
  const action = createRegisterServiceAction({
    catalog,
    auth: mockServices.auth(),
    integrations,
  });
  return { action, addLocation };
}

describe('shipyard:catalog:register', () => {
  it("registers the project's file with the scaffolder's own credentials, not the developer's", async () => {
    const { action, addLocation } = setup();
    const ctx = createMockActionContext({
      input: { repoContentsUrl: contentsUrl },
    });
    await action.handler(ctx);

    const target = `${contentsUrl}/catalog-info.yaml`;
    expect(addLocation).toHaveBeenNthCalledWith(
      1,
      { type: 'url', target },
      { credentials: mockCredentials.service('plugin:test') },
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/basket-api',
    );
    expect(ctx.output).toHaveBeenCalledWith('catalogInfoUrl', target);
  });

  it('treats a file registered already (a retried task) as registered', async () => {
    let calls = 0;
    const addLocation = jest.fn(async () => {
      calls += 1;
      if (calls === 1) throw new ConflictError('Location already exists');
      return { location: {}, entities: [component] };
    });
    const { action } = setup({ addLocation });
    const ctx = createMockActionContext({
      input: { repoContentsUrl: contentsUrl },
    });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/basket-api',
    );
  });

  it.each([
    [
      'a host that is no configured GitLab',
      'https://github.com/acme/repo/blob/main',
      undefined,
      /not on a configured GitLab/,
    ],
    [
      'a path leaving the project',
      contentsUrl,
      '/../../other/catalog-info.yaml',
      /must be a \.yaml file inside the project/,
    ],
    [
      'a file that is not YAML',
      contentsUrl,
      '/script.sh',
      /must be a \.yaml file/,
    ],
  ])(
    'refuses %s and registers nothing',
    async (_, repoContentsUrl, catalogInfoPath, message) => {
      const { action, addLocation } = setup();
      const ctx = createMockActionContext({
        input: { repoContentsUrl, catalogInfoPath },
      });
      await expect(action.handler(ctx)).rejects.toThrow(message);
      expect(addLocation).not.toHaveBeenCalled();
    },
  );

  it('in a dry run, outputs the entity of the rendered file and registers nothing', async () => {
    const { action, addLocation } = setup();
    // The mock context ignores isDryRun among its options.
    const ctx = {
      ...createMockActionContext({ input: { repoContentsUrl: contentsUrl } }),
      isDryRun: true,
    };
    await fs.mkdir(ctx.workspacePath, { recursive: true });
    await fs.writeFile(
      path.join(ctx.workspacePath, 'catalog-info.yaml'),
      `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: basket-api\nspec: {}\n`,
    );
    await action.handler(ctx);
    expect(addLocation).not.toHaveBeenCalled();
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/basket-api',
    );
  });

  it('in a dry run after a publish step that could not dry run, still checks the rendered file', async () => {
    const { action, addLocation } = setup();
    const ctx = {
      ...createMockActionContext({
        input: {
          repoContentsUrl: '<example>',
          catalogInfoPath: '/catalog-info.yaml',
        },
      }),
      isDryRun: true,
    };
    await fs.mkdir(ctx.workspacePath, { recursive: true });
    await fs.writeFile(
      path.join(ctx.workspacePath, 'catalog-info.yaml'),
      `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: basket-api\nspec: {}\n`,
    );
    await action.handler(ctx);
    expect(addLocation).not.toHaveBeenCalled();
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/basket-api',
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'catalogInfoUrl',
      '<example>/catalog-info.yaml',
    );
    // A real URL elsewhere is refused in a dry run too; the placeholder only outside one.
    await expect(
      action.handler({
        ...ctx,
        input: {
          repoContentsUrl: 'https://github.com/acme/basket-api/tree/main',
        },
      }),
    ).rejects.toThrow('is not on a configured GitLab');
    await expect(action.handler({ ...ctx, isDryRun: false })).rejects.toThrow(
      '<example> is not on a configured GitLab',
    );
  });
});
