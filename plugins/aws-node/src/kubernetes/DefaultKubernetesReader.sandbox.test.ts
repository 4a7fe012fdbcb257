import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import { createSandboxServer, SandboxServer } from 'sandbox';
import { AwsServiceUnavailableError } from '../errors/AwsServiceUnavailableError';
import {
  createKubernetesTestClients,
  fakeCluster,
  PROD_ACCOUNT as PROD,
  testCluster,
} from './__testUtils__/createKubernetesTestClients';

function deploymentItem(namespace: string, name: string) {
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
  let destroy: (() => void) | undefined;

  afterEach(async () => {
    destroy?.();
    destroy = undefined;
    await server?.close();
  });

  function createReader(
    options: { eksClusters?: JsonObject[]; maxAttempts?: number } = {},
  ) {
    const clients = createKubernetesTestClients(server, options);
    destroy = clients.destroy;
    return clients;
  }

  const cluster = (name: string, extra: JsonObject = {}) =>
    testCluster(server, name, extra);

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
      [deploymentItem('team-a', 'a-1'), deploymentItem('team-a', 'a-2')],
      [deploymentItem('team-b', 'b-1')],
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

  it("maps the API server's 400 for a selector it cannot parse to InputError, without retrying", async () => {
    server = await createSandboxServer({ port: 0 });
    const { reader, counter } = createReader({ maxAttempts: 3 });
    const error = await reader
      .listDeployments({
        environment: 'prod',
        cluster: 'prod-eks',
        labelSelector: 'shipyard.io/component=%bad',
      })
      .catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(
      /^The Kubernetes API of EKS cluster prod-eks .* rejected Kubernetes listDeploymentsForAllNamespaces as invalid \(BadRequest\); caused by BadRequest: 400 BadRequest: unable to parse requirement: shipyard.io\/component=%bad$/,
    );
    expect(counter.snapshot()).toEqual([
      expect.objectContaining({
        outcome: 'error',
        errorName: 'BadRequest',
        count: 1,
        retries: 0,
      }),
    ]);
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

  describe('what a rollback reads', () => {
    const NAMESPACE = 'team-freight';
    const ref = {
      environment: 'prod',
      cluster: 'prod-eks',
      namespace: NAMESPACE,
    };
    const REVISION = 'deployment.kubernetes.io/revision';
    let now: Date;

    beforeEach(async () => {
      now = new Date('2026-03-02T09:30:00Z');
      server = await createSandboxServer({
        port: 0,
        now: () => now,
        rolloutSeconds: 20,
      });
    });

    it('reads a Deployment with its revision, template and rollout status', async () => {
      const { reader, counter } = createReader();
      const deployment = await reader.getDeployment({
        ...ref,
        name: 'freight-quote-api',
      });
      expect(deployment).toEqual({
        metadata: expect.objectContaining({
          name: 'freight-quote-api',
          namespace: NAMESPACE,
          uid: expect.stringMatching(/^[0-9a-f-]{36}$/),
          resourceVersion: expect.any(String),
          generation: expect.any(Number),
          labels: expect.objectContaining({
            'shipyard.io/component': 'freight-quote-api',
            'shipyard.io/owner': 'team-freight',
          }),
          annotations: expect.objectContaining({
            [REVISION]: expect.stringMatching(/^\d+$/),
          }),
        }),
        spec: {
          replicas: 4,
          selector: { matchLabels: { app: 'freight-quote-api' } },
          template: expect.objectContaining({
            spec: expect.objectContaining({
              containers: [
                expect.objectContaining({
                  name: 'freight-quote-api',
                  image: expect.stringMatching(/freight-quote-api:[\d.]+$/),
                }),
              ],
            }),
          }),
        },
        status: {
          observedGeneration: deployment.metadata.generation,
          replicas: 4,
          updatedReplicas: 4,
          readyReplicas: 4,
          availableReplicas: 4,
          unavailableReplicas: 0,
          conditions: [
            expect.objectContaining({ type: 'Available', status: 'True' }),
            expect.objectContaining({
              type: 'Progressing',
              status: 'True',
              reason: 'NewReplicaSetAvailable',
            }),
          ],
        },
      });
      expect(counter.snapshot()).toEqual([
        expect.objectContaining({
          service: 'Kubernetes',
          operation: 'readNamespacedDeployment',
          outcome: 'success',
          count: 1,
        }),
      ]);
    });

    it("lists the Deployment's ReplicaSets and pods by label: the current revision's template runs in every pod", async () => {
      const { reader, counter } = createReader();
      const deployment = await reader.getDeployment({
        ...ref,
        name: 'freight-quote-api',
      });
      const replicaSets = await reader.listReplicaSets({
        ...ref,
        labelSelector: 'app=freight-quote-api',
      });
      expect(replicaSets.length).toBeGreaterThan(1);
      for (const rs of replicaSets) {
        expect(rs.metadata.ownerReferences).toEqual([
          expect.objectContaining({
            kind: 'Deployment',
            name: 'freight-quote-api',
            uid: deployment.metadata.uid,
            controller: true,
          }),
        ]);
        expect(rs.metadata.creationTimestamp).toMatch(/Z$/);
      }
      const current = replicaSets.find(
        rs =>
          rs.metadata.annotations[REVISION] ===
          deployment.metadata.annotations[REVISION],
      )!;
      const image = (template: any) => template.spec.containers[0].image;
      expect(image(current.spec.template)).toBe(
        image(deployment.spec.template),
      );
      expect(current.spec.replicas).toBe(4);
      expect(current.status).toEqual({ replicas: 4, readyReplicas: 4 });
      expect(
        replicaSets.filter(rs => rs !== current).map(rs => rs.status.replicas),
      ).toEqual(replicaSets.slice(1).map(() => 0));

      const pods = await reader.listPods({
        ...ref,
        labelSelector: 'app=freight-quote-api',
      });
      expect(pods).toHaveLength(4);
      for (const pod of pods) {
        expect(pod.metadata.labels['pod-template-hash']).toBe(
          current.metadata.labels['pod-template-hash'],
        );
        expect(pod.status.phase).toBe('Running');
        expect(pod.status.containerStatuses).toEqual([
          {
            name: 'freight-quote-api',
            image: image(current.spec.template),
            imageID: expect.stringMatching(/@sha256:[0-9a-f]{64}$/),
            ready: true,
            restartCount: 0,
            state: { running: { startedAt: expect.any(String) } },
            lastState: {},
          },
        ]);
      }
      expect(
        counter
          .snapshot()
          .map(c => c.operation)
          .sort(),
      ).toEqual([
        'listNamespacedPod',
        'listNamespacedReplicaSet',
        'readNamespacedDeployment',
      ]);
    });

    it('shows a crash-looping bad image in pods (exit code, reason) and events (BackOff), narrowed by a field selector', async () => {
      const { reader, writer } = createReader();
      const before = await reader.getDeployment({
        ...ref,
        name: 'freight-quote-api',
      });
      const container = (before.spec.template as any).spec.containers[0];
      await writer.patchDeployment({
        ...ref,
        name: 'freight-quote-api',
        patch: {
          spec: {
            template: {
              spec: {
                containers: [
                  {
                    name: container.name,
                    image: container.image.replace(/:[^:]+$/, ':9.9.9-bad'),
                  },
                ],
              },
            },
          },
        },
      });
      now = new Date(now.getTime() + 15 * 60_000);

      const pods = await reader.listPods({
        ...ref,
        labelSelector: 'app=freight-quote-api',
      });
      const restarted = pods
        .flatMap(p => p.status.containerStatuses)
        .filter(c => c.restartCount > 0);
      expect(restarted.length).toBeGreaterThan(0);
      expect(restarted[0].image).toMatch(/:9\.9\.9-bad$/);
      expect(restarted[0].lastState.terminated).toEqual({
        exitCode: expect.any(Number),
        reason: 'OOMKilled',
        startedAt: expect.any(String),
        finishedAt: expect.any(String),
      });
      expect(restarted[0].lastState.terminated!.exitCode).not.toBe(0);

      const warnings = await reader.listEvents({
        ...ref,
        fieldSelector: 'type=Warning',
      });
      expect(warnings.length).toBeGreaterThan(0);
      expect(warnings.every(e => e.type === 'Warning')).toBe(true);
      expect(warnings[0]).toEqual({
        metadata: { name: expect.any(String), namespace: NAMESPACE },
        involvedObject: expect.objectContaining({
          kind: 'Pod',
          name: expect.stringMatching(/^freight-quote-api-/),
          fieldPath: 'spec.containers{freight-quote-api}',
        }),
        type: 'Warning',
        reason: 'BackOff',
        message: expect.stringMatching(/^Back-off restarting failed container/),
        firstTimestamp: expect.any(String),
        lastTimestamp: expect.any(String),
        count: expect.any(Number),
      });

      const ofDeployment = await reader.listEvents({
        ...ref,
        fieldSelector:
          'involvedObject.kind=Deployment,involvedObject.name=freight-quote-api',
      });
      // The new ReplicaSet scaled up, the old one down.
      expect(ofDeployment.map(e => e.message).sort()).toEqual([
        expect.stringMatching(
          /^Scaled down replica set freight-quote-api-\w+ to 0/,
        ),
        expect.stringMatching(
          /^Scaled up replica set freight-quote-api-\w+ to 4/,
        ),
      ]);
      expect(
        ofDeployment.map(e => [e.involvedObject.kind, e.reason, e.count]),
      ).toEqual([
        ['Deployment', 'ScalingReplicaSet', 1],
        ['Deployment', 'ScalingReplicaSet', 1],
      ]);
      const all = await reader.listEvents(ref);
      expect(all.length).toBeGreaterThan(ofDeployment.length + warnings.length);
    });

    it('names the Deployment it did not find, without retrying', async () => {
      const { reader, counter } = createReader();
      const error = await reader
        .getDeployment({ ...ref, name: 'no-such-api' })
        .catch(e => e);
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error.message).toMatch(
        /^Kubernetes readNamespacedDeployment in EKS cluster prod-eks \(environment prod, account 222222222222, eu-west-1\) found no deployments\.apps "no-such-api" in namespace team-freight; caused by NotFound/,
      );
      expect(counter.snapshot()).toEqual([
        expect.objectContaining({ outcome: 'error', retries: 0 }),
      ]);
    });

    it('retries a GET after a server error', async () => {
      server.faults.add({
        service: 'kubernetes',
        operation: 'readDeployment',
        kind: 'error',
        count: 1,
      });
      const { reader, counter } = createReader();
      const deployment = await reader.getDeployment({
        ...ref,
        name: 'freight-quote-api',
      });
      expect(deployment.metadata.name).toBe('freight-quote-api');
      expect(counter.snapshot()).toEqual([
        expect.objectContaining({ outcome: 'success', retries: 1 }),
      ]);
    });

    it('refuses a name with a slash before calling the cluster', async () => {
      const { reader, counter } = createReader();
      await expect(
        reader.getDeployment({ ...ref, name: '../secrets/x' }),
      ).rejects.toThrow(InputError);
      await expect(
        reader.listPods({ ...ref, namespace: '', labelSelector: 'app=x' }),
      ).rejects.toThrow(InputError);
      expect(counter.snapshot()).toEqual([]);
    });
  });

  it('follows continue tokens for pods, and names the RBAC permission a 403 lacks', async () => {
    const pod = (name: string) => ({
      metadata: { name, namespace: 'team-a', labels: { app: 'a' } },
      status: { phase: 'Running' },
    });
    const api = fakeCluster('paged-k8s', '/paged-k8s/', request => {
      if (request.path.endsWith('/replicasets')) {
        return {
          statusCode: 403,
          body: {
            kind: 'Status',
            code: 403,
            reason: 'Forbidden',
            message: 'replicasets.apps is forbidden',
          },
        };
      }
      return {
        statusCode: 200,
        body: request.query.get('continue')
          ? { kind: 'PodList', metadata: {}, items: [pod('a-2')] }
          : {
              kind: 'PodList',
              metadata: { continue: 'next' },
              items: [pod('a-1')],
            },
      };
    });
    server = await createSandboxServer({ port: 0, httpServices: [api] });
    const { reader } = createReader({
      eksClusters: [
        cluster('prod-eks', { url: `${server.url}/paged-k8s/prod-eks` }),
      ],
    });
    const ref = {
      environment: 'prod',
      cluster: 'prod-eks',
      namespace: 'team-a',
    };
    const pods = await reader.listPods({ ...ref, labelSelector: 'app=a' });
    expect(pods).toEqual([
      expect.objectContaining({
        metadata: expect.objectContaining({ name: 'a-1', annotations: {} }),
        status: { phase: 'Running', containerStatuses: [] },
      }),
      expect.objectContaining({
        metadata: expect.objectContaining({ name: 'a-2' }),
      }),
    ]);
    expect(
      api.requests.map(r => [
        r.path,
        r.query.get('labelSelector'),
        r.query.get('continue'),
      ]),
    ).toEqual([
      ['/paged-k8s/prod-eks/api/v1/namespaces/team-a/pods', 'app=a', null],
      ['/paged-k8s/prod-eks/api/v1/namespaces/team-a/pods', 'app=a', 'next'],
    ]);

    const error = await reader
      .listReplicaSets({ ...ref, labelSelector: 'app=a' })
      .catch(e => e);
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error.message).toMatch(
      /^Shipyard may not list replicasets\.apps in namespace team-a in EKS cluster prod-eks /,
    );
  });
});
