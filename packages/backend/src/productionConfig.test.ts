import fs from 'node:fs';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { loadConfig } from '@backstage/config-loader';

const root = path.resolve(__dirname, '../../..');
const productionFile = path.join(root, 'app-config.production.yaml');

/** Every `${VAR}` app-config.production.yaml takes from the environment. */
const variables = [
  ...new Set(
    [
      ...fs
        .readFileSync(productionFile, 'utf8')
        .matchAll(/\$\{([A-Z0-9_]+)\}/g),
    ].map(m => m[1]),
  ),
].sort();

/** The configuration the portal runs with in production, every variable set to a placeholder. */
async function productionConfig() {
  const saved = { ...process.env };
  for (const v of variables) {
    process.env[v] = `placeholder-${v}`;
  }
  try {
    const { appConfigs } = await loadConfig({
      configRoot: root,
      configTargets: [
        { path: path.join(root, 'app-config.yaml') },
        { path: productionFile },
      ],
    });
    return ConfigReader.fromConfigs(appConfigs);
  } finally {
    process.env = saved;
  }
}

describe('app-config.production.yaml', () => {
  it.each(['docs/configuration.md', 'docker/.env.example'])(
    'has every environment variable it reads documented in %s',
    file => {
      const text = fs.readFileSync(path.join(root, file), 'utf8');
      expect(variables.filter(v => !text.includes(v))).toEqual([]);
    },
  );

  it('leaves nothing of the sandbox or the demo sign-in in production', async () => {
    const config = await productionConfig();
    expect(config.getOptional('shipyard.aws.endpoint')).toBeUndefined();
    expect(config.getOptional('shipyard.demoSignIn')).toBeUndefined();
    expect(config.getOptional('auth.providers.demo')).toBeUndefined();
    expect(config.getString('auth.environment')).toBe('production');
    // Clusters come from shipyard.environments through the Shipyard module, never from here.
    expect(config.getOptional('kubernetes')).toEqual({
      serviceLocatorMethod: { type: 'multiTenant' },
      clusterLocatorMethods: [],
    });
    // Production assumes a role in each account; no static keys, nothing pointing at a sandbox.
    for (const account of config.getConfigArray('aws.accounts')) {
      expect(account.getOptionalString('accessKeyId')).toBeUndefined();
      expect(account.getString('roleName')).toBe(
        'placeholder-SHIPYARD_AWS_ROLE_NAME',
      );
    }
    expect(JSON.stringify(config.get())).not.toMatch(
      /sandbox|localhost:4566|SANDBOX/i,
    );
  });

  it("accepts Template entities only from the platform repository's templates folder", async () => {
    const config = await productionConfig();
    const rules = config.getConfigArray('catalog.rules');
    const allows = (rule: (typeof rules)[number]) =>
      rule
        .get<Array<string | { kind: string }>>('allow')
        .map(a => (typeof a === 'string' ? a : a.kind));
    // No rule without a location lets a Template in from wherever it is found ...
    const unrestricted = rules.filter(r => !r.has('locations'));
    expect(unrestricted.flatMap(allows)).not.toContain('Template');
    // ... the only one that does names the templates folder.
    const templateRules = rules.filter(r => allows(r).includes('Template'));
    expect(
      templateRules.flatMap(r =>
        r.getConfigArray('locations').map(l => l.get()),
      ),
    ).toEqual([
      {
        type: 'url',
        pattern: 'placeholder-SHIPYARD_TEMPLATES_URL/*.yaml',
      },
    ]);
    expect(config.get('catalog.locations')).toEqual([
      { type: 'url', target: 'placeholder-SHIPYARD_TEMPLATES_URL/all.yaml' },
    ]);
  });

  it('runs on PostgreSQL with a Redis cache', async () => {
    const config = await productionConfig();
    expect(config.getString('backend.database.client')).toBe('pg');
    expect(config.getString('backend.cache.store')).toBe('redis');
  });
});
