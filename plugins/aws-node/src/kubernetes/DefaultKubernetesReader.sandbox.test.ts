import { ConfigReader } from '@backstage/config';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import {
  createSandboxServer,
  sandboxPortalConfig,
  SandboxHttpService,
  SandboxRequest,
  SandboxServer,
} from 'sandbox';
import { DefaultAwsCallCounter } from '../clients/DefaultAwsCallCounter';
import { DefaultAwsClientFactory } from '../clients/DefaultAwsClientFactory';
import { DefaultShipyardEnvironments } from '../environments/DefaultShipyardEnvironments';
import { AwsServiceUnavailableError } from '../errors/AwsServiceUnavailableError';
import { DefaultKubernetesReader } from './DefaultKubernetesReader';

const PROD = '222222222222';

function status(code: number, reason: string, message: string) {
  return {
    statusCode: code,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      kind: 'Status',
      status: 'Failure',
      code,
      reason,
      message,
    }),
  };
}

/**
 * A cluster API under `prefix` that lets a test see each request: it answers what `answer`
 * returns for the request (a 401 for a token it refuses, pages of Deployments, ...).
 */
function fakeCluster(
  name: string,
  prefix: string,
  answer: (request: SandboxRequest) => { statusCode: number; body: unknown },
): SandboxHttpService & { requests: SandboxRequest[] } {
  const requests: SandboxRequest[] = [];
  return {
    name,
    pathPrefix: prefix,
    requests,
    errors: { throttling: { name: 'TooManyRequests', statusCode: 429 } },
    operationOf: () => 'listDeploymentsForAllNamespaces',
    renderError: error => status(error.statusCode, error.name, error.message),
    handle(request) {
      requests.push(request);
      const { statusCode, body } = answer(request);
      return {
        statusCode,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      };
    },
  };
}

function deployment(namespace: string, name: string) {
  return {
    metadata: {
      namespace,
      name,
      labels: {
        'shipyard.io/component': name,
        'shipyard.io/environment': 'prod',
      },
    },
  };
}

describe('DefaultKubernetesReader against the sandbox', () => {
  let server: SandboxServer;
  let factory: DefaultAwsClientFactory | undefined;

  afterEach(async () => {
    factory?.destroy();
    factory = undefined;
    await server?.close();
  });

  /** The demo prod environment with these EKS clusters instead of the sandbox's. */
  function createReader(
    options: { eksClusters?: JsonObject[]; maxAttempts?: number } = {},
  ) {
    const data = sandboxPortalConfig(server, {
      maxAttempts: options.maxAttempts ?? 3,
    }) as unknown as JsonObject & { shipyard: { environments: JsonObject[] } };
    if (options.eksClusters) {
      data.shipyard.environments = data.shipyard.environments.map(env =>
        env.name === 'prod'
          ? { ...env, eksClusters: options.eksClusters }
          : env,
      );
    }
    const config = new ConfigReader(data);
    const counter = DefaultAwsCallCounter.create();
    factory = DefaultAwsClientFactory.fromConfig(config, { counter });
    const reader = DefaultKubernetesReader.fromConfig(config, {
      environments: DefaultShipyardEnvironments.fromConfig(config),
      clientFactory: factory,
      counter,
    });
    return { reader, counter };
  }

  const cluster = (name: string, extra: JsonObject = {}): JsonObject => ({
    name,
    accountId: PROD,
    region: 'eu-west-1',
    url: `${server.url}/k8s/${name}`,
    authProvider: 'serviceAccount',
    serviceAccountToken: 'sandbox',
    ...extra,
  });

  it("lists the component's Deployment on prod-eks with its namespace, and counts the call", async () => {
    server = await createSandboxServer({ port: 0 });
    const { reader, counter } = createReader();
    const found = await reader.listDeployments({
      environment: 'prod',
      cluster: 'prod-eks',
      labelSelector: 'shipyard.io/component=freight-quote-api',
    });
    expect(found).toEqual([
      {
        namespace: 'team-freight',
        name: 'freight-quote-api',
        labels: expect.objectContaining({
          'shipyard.io/component': 'freight-quote-api',
          'shipyard.io/environment': 'prod',
        }),
      },
    ]);
    expect(counter.snapshot()).toEqual([
      {
        accountId: PROD,
        region: 'eu-west-1',
        service: 'Kubernetes',
        operation: 'listDeploymentsForAllNamespaces',
        outcome: 'success',
        count: 1,
        retries: 0,
      },
    ]);
    expect(
      server.stats.count('kubernetes', 'listDeploymentsForAllNamespaces'),
    ).toBe(1);
  });

  it('sends the service account token, or an EKS token for the account with authProvider aws', async () => {
    const api = fakeCluster('fake-k8s', '/fake-k8s/', () => ({
      statusCode: 200,
      body: { kind: 'DeploymentList', metadata: {}, items: [] },
    }));
    server = await createSandboxServer({ port: 0, httpServices: [api] });
    const { reader } = createReader({
      eksClusters: [
        cluster('token-eks', {
          url: `${server.url}/fake-k8s/token-eks`,
          serviceAccountToken: 's3cret',
        }),
        {
          name: 'iam-eks',
          accountId: PROD,
          region: 'eu-west-1',
          url: `${server.url}/fake-k8s/iam-eks`,
        },
      ],
    });
    for (const name of ['token-eks', 'iam-eks']) {
      await reader.listDeployments({
        environment: 'prod',
        cluster: name,
        labelSelector: 'shipyard.io/component=x',
      });
    }
    const [first, second] = api.requests.map(r => r.headers.authorization);
    expect(first).toBe('Bearer s3cret');
    expect(second).toMatch(/^Bearer k8s-aws-v1\.[A-Za-z0-9_-]+$/);
    const presigned = new URL(
      Buffer.from(
        second!.slice('Bearer k8s-aws-v1.'.length),
        'base64url',
      ).toString(),
    );
    // Signed with the account's credentials from aws.accounts, in the cluster's
    // region, against the configured STS endpoint (the sandbox).
    expect(presigned.origin).toBe(new URL(server.url).origin);
    expect(presigned.searchParams.get('X-Amz-Credential')).toMatch(
      /^SANDBOX222222222222\/\d{8}\/eu-west-1\/sts\/aws4_request$/,
    );
    expect(presigned.searchParams.get('X-Amz-SignedHeaders')).toBe(
      'host;x-k8s-aws-id',
    );
    expect(api.requests[0].query.get('labelSelector')).toBe(
      'shipyard.io/component=x',
    );
  });

  it('follows continue tokens until the last page', async () => {
    const pages = [
      [deployment('team-a', 'a-1'), deployment('team-a', 'a-2')],
      [deployment('team-b', 'b-1')],
    ];
    const api = fakeCluster('paged-k8s', '/paged-k8s/', request => {
      const index = Number(request.query.get('continue') ?? '0');
      return {
        statusCode: 200,
        body: {
          kind: 'DeploymentList',
          metadata:
            index + 1 < pages.length ? { continue: String(index + 1) } : {},
          items: pages[index],
        },
      };
    });
    server = await createSandboxServer({ port: 0, httpServices: [api] });
    const { reader, counter } = createReader({
      eksClusters: [
        cluster('prod-eks', { url: `${server.url}/paged-k8s/prod-eks` }),
      ],
    });
    const found = await reader.listDeployments({
      environment: 'prod',
      cluster: 'prod-eks',
      labelSelector: 'shipyard.io/component',
    });
    expect(found.map(d => `${d.namespace}/${d.name}`)).toEqual([
      'team-a/a-1',
      'team-a/a-2',
      'team-b/b-1',
    ]);
    expect(
      api.requests.map(r => [r.query.get('limit'), r.query.get('continue')]),
    ).toEqual([
      ['500', null],
      ['500', '1'],
    ]);
    expect(counter.snapshot()[0].count).toBe(2);
  });

  it('maps a 401 from a cluster that rejects the token to NotAllowedError naming the cluster and the fix', async () => {
    const api = fakeCluster('locked-k8s', '/locked-k8s/', () => ({
      statusCode: 401,
      body: {
        kind: 'Status',
        code: 401,
        reason: 'Unauthorized',
        message: 'Unauthorized',
      },
    }));
    server = await createSandboxServer({ port: 0, httpServices: [api] });
    const { reader, counter } = createReader({
      eksClusters: [
        cluster('prod-eks', { url: `${server.url}/locked-k8s/prod-eks` }),
      ],
    });
    const error = await reader
      .listDeployments({
        environment: 'prod',
        cluster: 'prod-eks',
        labelSelector: 'shipyard.io/component=x',
      })
      .catch(e => e);
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error.message).toMatch(
      /^The Kubernetes API of EKS cluster prod-eks \(environment prod, account 222222222222, eu-west-1\) rejected Shipyard's token .*serviceAccountToken/,
    );
    // Not retried: a rejected token does not get better.
    expect(api.requests).toHaveLength(1);
    expect(counter.snapshot()).toEqual([
      expect.objectContaining({
        outcome: 'error',
        errorName: 'Unauthorized',
        count: 1,
      }),
    ]);
  });

  it('maps a 403 to NotAllowedError saying what RBAC to grant', async () => {
    const api = fakeCluster('rbac-k8s', '/rbac-k8s/', () => ({
      statusCode: 403,
      body: {
        kind: 'Status',
        code: 403,
        reason: 'Forbidden',
        message: 'forbidden',
      },
    }));
    server = await createSandboxServer({ port: 0, httpServices: [api] });
    const { reader } = createReader({
      eksClusters: [
        cluster('prod-eks', { url: `${server.url}/rbac-k8s/prod-eks` }),
      ],
    });
    await expect(
      reader.listDeployments({
        environment: 'prod',
        cluster: 'prod-eks',
        labelSelector: 'shipyard.io/component=x',
      }),
    ).rejects.toThrow(
      /^Shipyard may not list deployments.apps in all namespaces in EKS cluster prod-eks .*ClusterRole/,
    );
  });

  it('maps the 404 of an unknown cluster path to NotFoundError', async () => {
    server = await createSandboxServer({ port: 0 });
    const { reader } = createReader({
      eksClusters: [cluster('gone-eks')],
    });
    const error = await reader
      .listDeployments({
        environment: 'prod',
        cluster: 'gone-eks',
        labelSelector: 'shipyard.io/component=x',
      })
      .catch(e => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toContain('EKS cluster gone-eks');
    expect(error.message).toContain('no EKS cluster named "gone-eks"');
  });

  it("turns the sandbox's injected Kubernetes throttling into a 503 after the retries", async () => {
    server = await createSandboxServer({
      port: 0,
      faults: [{ service: 'kubernetes', kind: 'throttle' }],
    });
    const { reader, counter } = createReader({ maxAttempts: 2 });
    const error = await reader
      .listDeployments({
        environment: 'prod',
        cluster: 'prod-eks',
        labelSelector: 'shipyard.io/component=freight-quote-api',
      })
      .catch(e => e);
    expect(error).toBeInstanceOf(AwsServiceUnavailableError);
    expect(error.name).toBe('ServiceUnavailableError');
    expect(error.retryAfterSeconds).toBe(5);
    expect(error.message).toMatch(
      /is throttling Kubernetes listDeploymentsForAllNamespaces/,
    );
    expect(
      server.stats.snapshot().services.kubernetes.operations
        .listDeploymentsForAllNamespaces,
    ).toEqual(expect.objectContaining({ requests: 2, throttled: 2 }));
    expect(counter.snapshot()).toEqual([
      expect.objectContaining({
        service: 'Kubernetes',
        outcome: 'error',
        errorName: 'TooManyRequests',
        count: 1,
        retries: 1,
      }),
    ]);
  });

  it('recovers when throttling stops within the attempts', async () => {
    server = await createSandboxServer({
      port: 0,
      faults: [{ service: 'kubernetes', kind: 'throttle', count: 1 }],
    });
    const { reader, counter } = createReader({ maxAttempts: 3 });
    const found = await reader.listDeployments({
      environment: 'prod',
      cluster: 'prod-eks',
      labelSelector: 'shipyard.io/component=freight-quote-api',
    });
    expect(found.map(d => d.name)).toEqual(['freight-quote-api']);
    expect(counter.snapshot()).toEqual([
      expect.objectContaining({ outcome: 'success', count: 1, retries: 1 }),
    ]);
  });

  it('refuses a cluster without a url with an InputError naming the key', async () => {
    server = await createSandboxServer({ port: 0 });
    const { reader } = createReader({
      eksClusters: [{ name: 'prod-eks', accountId: PROD, region: 'eu-west-1' }],
    });
    await expect(
      reader.listDeployments({
        environment: 'prod',
        cluster: 'prod-eks',
        labelSelector: 'shipyard.io/component=x',
      }),
    ).rejects.toThrow(InputError);
  });
});
