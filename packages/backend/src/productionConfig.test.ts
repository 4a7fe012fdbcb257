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

/** The embedded default: app-config.yaml alone. */
async function defaultConfig() {
  const { appConfigs } = await loadConfig({
    configRoot: root,
    configTargets: [{ path: path.join(root, 'app-config.yaml') }],
  });
  return ConfigReader.fromConfigs(appConfigs);
}

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
    expect(config.getOptional('kubernetes.serviceLocatorMethod')).toEqual({
      type: 'multiTenant',
    });
    expect(config.getOptional('kubernetes.clusterLocatorMethods')).toEqual([]);
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

  it('lets the browser connect to the portal and https hosts only', async () => {
    const config = await productionConfig();
    // app-config.yaml allows http: for the sandbox; production replaces the whole list.
    expect(config.getStringArray('backend.csp.connect-src')).toEqual([
      "'self'",
      'https:',
    ]);
  });

  it('signs people in by GitLab username only, without an e-mail fallback', async () => {
    const config = await productionConfig();
    expect(
      config.get('auth.providers.gitlab.production.signIn.resolvers'),
    ).toEqual([{ resolver: 'usernameMatchingUserEntityName' }]);
  });

  it('serves TechDocs built in CI from S3, with the portal role and no keys', async () => {
    const config = await productionConfig();
    expect(config.getString('techdocs.builder')).toBe('external');
    // Nothing generates or stores docs on a replica.
    expect(config.getOptional('techdocs.generator')).toBeUndefined();
    expect(config.get('techdocs.publisher')).toEqual({
      type: 'awsS3',
      awsS3: {
        bucketName: 'placeholder-SHIPYARD_TECHDOCS_BUCKET',
        region: 'placeholder-SHIPYARD_TECHDOCS_REGION',
      },
    });
    // Static keys and endpoints are how a publisher escapes the portal's role; none is set.
    expect(config.getOptional('integrations.awsS3')).toBeUndefined();
  });
});

// Without kubernetes.objectTypes the Kubernetes plugin fetches its defaults, configmaps included.
const readableObjectTypes = [
  'pods',
  'services',
  'limitranges',
  'resourcequotas',
  'deployments',
  'replicasets',
  'horizontalpodautoscalers',
  'jobs',
  'cronjobs',
  'ingresses',
  'statefulsets',
  'daemonsets',
];

describe.each([
  ['the embedded default (app-config.yaml)', defaultConfig],
  ['production', productionConfig],
])('kubernetes.objectTypes in %s', (_name, load) => {
  it('lists the workload types and never ConfigMaps or Secrets', async () => {
    const types = (await load()).getStringArray('kubernetes.objectTypes');
    expect(types).toEqual(readableObjectTypes);
    expect(types.filter(t => /configmaps|secrets/.test(t))).toEqual([]);
  });
});

describe('the embedded default', () => {
  it('keeps building TechDocs locally, so yarn start shows docs without S3', async () => {
    const config = await defaultConfig();
    expect(config.getString('techdocs.builder')).toBe('local');
    expect(config.getString('techdocs.publisher.type')).toBe('local');
  });
});
