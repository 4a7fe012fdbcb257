import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '@backstage/config-loader';
import { ConfigReader } from '@backstage/config';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { eventually } from '@internal/backend-test-helpers';
import {
  CatalogError,
  catalogErrorCollector,
} from './__testUtils__/catalogErrorCollector';
import catalogModuleScaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';

jest.setTimeout(60_000);

const root = path.resolve(__dirname, '../../..');
const developerRepo = path.resolve(
  __dirname,
  '__fixtures__/developer-repo/catalog-info.yaml',
);
// A developer's copy of a template under a folder named templates/, like the platform's.
const developerTemplateCopy = path.resolve(
  __dirname,
  '__fixtures__/developer-repo/templates/ecs-service.yaml',
);

/** The names of the Template entities in the platform's templates/<name>.yaml. */
function platformTemplateNames(): string[] {
  const dir = path.join(root, 'templates');
  return fs
    .readdirSync(dir)
    .filter(file => file.endsWith('.yaml'))
    .map(file => parse(fs.readFileSync(path.join(dir, file), 'utf8')))
    .filter(entity => entity.kind === 'Template')
    .map(entity => entity.metadata.name)
    .sort();
}

/**
 * The embedded default's catalog rules and its template locations (with their rules), targets
 * resolved from packages/backend as the backend resolves them.
 */
async function developmentCatalogConfig() {
  const { appConfigs } = await loadConfig({
    configRoot: root,
    configTargets: [{ path: path.join(root, 'app-config.yaml') }],
  });
  const catalog = ConfigReader.fromConfigs(appConfigs).getConfig('catalog');
  const templateLocations = catalog
    .getConfigArray('locations')
    .filter(l => l.getString('target').includes('templates/'))
    .map(l => ({
      type: l.getString('type'),
      target: path.resolve(root, 'packages/backend', l.getString('target')),
      rules: l.get('rules'),
    }));
  return { rules: catalog.get('rules'), templateLocations };
}

describe('where Template entities may come from', () => {
  it("accepts the platform's templates and refuses one from a developer's repository", async () => {
    const errors: CatalogError[] = [];
    const { rules, templateLocations } = await developmentCatalogConfig();
    const backend = await startTestBackend({
      features: [
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              rules,
              locations: [
                ...templateLocations,
                { type: 'file', target: developerRepo },
                { type: 'file', target: developerTemplateCopy },
              ],
            },
          },
        }),
        catalogPlugin,
        catalogModuleScaffolderEntityModel,
        catalogErrorCollector(errors),
      ],
    });
    const names = async (kind: string): Promise<string[]> => {
      const res = await fetch(
        `http://localhost:${backend.server.port()}/api/catalog/entities?filter=kind=${kind}`,
        { headers: { authorization: mockCredentials.user.header() } },
      );
      const items: Array<{ metadata: { name: string } }> = await res.json();
      return items.map(e => e.metadata.name).sort();
    };

    // The developer's file is refused as a whole, naming the template that made it so ...
    const refused = await eventually("the developer's file refused", async () =>
      errors.find(e => e.location === `file:${developerRepo}`),
    );
    expect(refused.errors).toEqual([
      expect.objectContaining({
        name: 'NotAllowedError',
        message: expect.stringMatching(/template:default\/join-the-sre-group/i),
      }),
    ]);

    // So is a copy of a platform template, although it sits under a folder named templates/.
    const copy = await eventually('the template copy refused', async () =>
      errors.find(e => e.location === `file:${developerTemplateCopy}`),
    );
    expect(copy.errors).toEqual([
      expect.objectContaining({
        name: 'NotAllowedError',
        message: expect.stringMatching(
          /template:default\/ecs-service-with-extras/i,
        ),
      }),
    ]);

    // ... while every platform template is in the catalog, and only those.
    const expected = platformTemplateNames();
    expect(expected.length).toBeGreaterThan(0);
    const templates = await eventually(
      'the platform templates in the catalog',
      async () => {
        const found = await names('template');
        return found.length >= expected.length ? found : undefined;
      },
    );
    expect(templates).toEqual(expected);
    expect(await names('component')).toEqual([]);

    await backend.stop();
  });
});
