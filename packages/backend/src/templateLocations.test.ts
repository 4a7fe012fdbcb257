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
import catalogModuleScaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';

jest.setTimeout(60_000);

const root = path.resolve(__dirname, '../../..');
const templatesLocation = path.join(root, 'templates/all.yaml');
const developerRepo = path.resolve(
  __dirname,
  '__fixtures__/developer-repo/catalog-info.yaml',
);

/** The names of the templates in templates/<name>/template.yaml. */
function platformTemplateNames(): string[] {
  const dir = path.join(root, 'templates');
  return fs
    .readdirSync(dir)
    .map(name => path.join(dir, name, 'template.yaml'))
    .filter(file => fs.existsSync(file))
    .map(file => parse(fs.readFileSync(file, 'utf8')).metadata.name)
    .sort();
}

async function developmentCatalogRules() {
  const { appConfigs } = await loadConfig({
    configRoot: root,
    configTargets: [{ path: path.join(root, 'app-config.yaml') }],
  });
  return ConfigReader.fromConfigs(appConfigs).get('catalog.rules');
}

async function eventually<T>(check: () => Promise<T | undefined>): Promise<T> {
  for (let attempt = 0; attempt < 150; attempt++) {
    const result = await check();
    if (result !== undefined) return result;
    await new Promise(r => setTimeout(r, 200));
  }
  throw new Error('Condition not met within 30 seconds');
}

describe('where Template entities may come from', () => {
  it("accepts the platform's templates and refuses one from a developer's repository", async () => {
    const backend = await startTestBackend({
      features: [
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              rules: await developmentCatalogRules(),
              locations: [
                { type: 'file', target: templatesLocation },
                { type: 'file', target: developerRepo },
              ],
            },
          },
        }),
        catalogPlugin,
        catalogModuleScaffolderEntityModel,
      ],
    });
    const get = async (query: string) => {
      const res = await fetch(
        `http://localhost:${backend.server.port()}/api/catalog${query}`,
        { headers: { authorization: mockCredentials.user.header() } },
      );
      return res.json();
    };

    const expected = platformTemplateNames();
    expect(expected.length).toBeGreaterThan(0);
    const templates = await eventually(async () => {
      const items: Array<{ metadata: { name: string } }> = await get(
        '/entities?filter=kind=template',
      );
      const names = items.map(e => e.metadata.name).sort();
      // The developer's component arriving shows that its file was read through.
      const component = await get('/entities?filter=kind=component');
      return names.length >= expected.length && component.length > 0
        ? names
        : undefined;
    });
    expect(templates).toEqual(expected);

    // The developer's file is read (its component is in the catalog), its Template is not.
    const fromDeveloper: Array<{ metadata: { name: string } }> = await get(
      '/entities?filter=kind=component',
    );
    expect(fromDeveloper.map(e => e.metadata.name)).toEqual(['basket-api']);
    expect(templates).not.toContain('join-the-sre-group');

    await backend.stop();
  });
});
