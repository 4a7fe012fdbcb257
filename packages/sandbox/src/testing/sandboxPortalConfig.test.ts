import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { sandboxPortalConfig } from './sandboxPortalConfig';

describe('sandboxPortalConfig', () => {
  // The embedded default must describe exactly the world the sandbox serves.
  const appConfig = parse(
    fs.readFileSync(
      path.resolve(__dirname, '../../../../app-config.yaml'),
      'utf8',
    ),
  );

  // app-config.yaml points at the sandbox's default port, so compare with the config for a
  // server there: endpoint and EKS urls are only produced when a server is given.
  const expected = sandboxPortalConfig({ url: 'http://localhost:4566' });

  it("matches app-config.yaml's accounts and environments", () => {
    expect(appConfig.aws).toEqual(expected.aws);
    expect(appConfig.shipyard.environments).toEqual(
      expected.shipyard.environments,
    );
  });

  it("points app-config.yaml's AWS clients at the sandbox's default port", () => {
    expect(appConfig.shipyard.aws).toEqual(expected.shipyard.aws);
  });

  it("makes the GitLab stand-in app-config.yaml's GitLab, for the scaffolder and users' tokens", () => {
    expect(appConfig.integrations).toEqual(expected.integrations);
    expect(appConfig.auth.providers.gitlab).toEqual(
      expected.auth?.providers.gitlab,
    );
  });

  it("gives each EKS cluster the sandbox's Kubernetes API only when given a server", () => {
    expect(
      sandboxPortalConfig().shipyard.environments.flatMap(e => e.eksClusters),
    ).toEqual([
      { name: 'dev-eks', accountId: '111111111111', region: 'eu-west-1' },
      { name: 'staging-eks', accountId: '111111111111', region: 'eu-west-1' },
      { name: 'prod-eks', accountId: '222222222222', region: 'eu-west-1' },
    ]);
    expect(
      sandboxPortalConfig({
        url: 'http://127.0.0.1:9',
      }).shipyard.environments.find(e => e.name === 'prod')?.eksClusters,
    ).toEqual([
      {
        name: 'prod-eks',
        accountId: '222222222222',
        region: 'eu-west-1',
        url: 'http://127.0.0.1:9/k8s/prod-eks',
        authProvider: 'serviceAccount',
        serviceAccountToken: 'sandbox',
      },
    ]);
  });
});
