import { AddressInfo, createServer } from 'node:net';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import {
  createSandboxServer,
  FaultSpec,
  SandboxHttpService,
  SandboxServer,
} from 'sandbox';
import { AwsServiceUnavailableError } from '../errors/AwsServiceUnavailableError';
import {
  createKubernetesTestClients,
  fakeCluster,
  kubernetesStatus,
  testCluster,
} from './__testUtils__/createKubernetesTestClients';

const REVISION = 'deployment.kubernetes.io/revision';
const NAMESPACE = 'team-freight';
const NAME = 'freight-quote-api';
const ref = {
  environment: 'prod',
  cluster: 'prod-eks',
  namespace: NAMESPACE,
  name: NAME,
};
const WHERE =
  'EKS cluster prod-eks (environment prod, account 222222222222, eu-west-1)';

const imageOf = (template: JsonObject) =>
  (template as any).spec.containers[0].image as string;

describe('DefaultKubernetesDeploymentWriter against the sandbox', () => {
  let server: SandboxServer;
  let destroy: (() => void) | undefined;
  let now: Date;

  afterEach(async () => {
    destroy?.();
    destroy = undefined;
    await server?.close();
  });

  async function start(
    options: {
      faults?: FaultSpec[];
      httpServices?: SandboxHttpService[];
      eksClusters?: (server: SandboxServer) => JsonObject[];
      maxAttempts?: number;
    } = {},
  ) {
    now = new Date('2026-03-02T09:30:00Z');
    server = await createSandboxServer({
      port: 0,
      now: () => now,
      rolloutSeconds: 20,
      faults: options.faults,
      httpServices: options.httpServices,
    });
    const clients = createKubernetesTestClients(server, {
      maxAttempts: options.maxAttempts,
      eksClusters: options.eksClusters?.(server),
    });
    destroy = clients.destroy;
    return clients;
  }

  it('rolls back to the previous ReplicaSet as `kubectl rollout undo` does, and the rollout completes', async () => {
    const { reader, writer, counter } = await start();
    const before = await reader.getDeployment(ref);
    const replicaSets = await reader.listReplicaSets({
      ...ref,
      labelSelector: 'app=freight-quote-api',
    });
    const byRevision = [...replicaSets].sort(
      (a, b) =>
        Number(b.metadata.annotations[REVISION]) -
        Number(a.metadata.annotations[REVISION]),
    );
    const previous = byRevision[1];
    const template = structuredClone(previous.spec.template) as any;
    delete template.metadata.labels['pod-template-hash'];

    const patched = await writer.patchDeployment({
      ...ref,
      patch: {
        metadata: { resourceVersion: before.metadata.resourceVersion! },
        spec: { template },
      },
    });
    expect(imageOf(patched.spec.template)).toBe(
      imageOf(previous.spec.template),
    );
    expect(Number(patched.metadata.annotations[REVISION])).toBe(
      Number(before.metadata.annotations[REVISION]) + 1,
    );
    expect(patched.status.conditions).toContainEqual(
      expect.objectContaining({
        type: 'Progressing',
        reason: 'ReplicaSetUpdated',
      }),
    );

    now = new Date(now.getTime() + 30_000);
    const after = await reader.getDeployment(ref);
    expect(after.status).toEqual(
      expect.objectContaining({
        updatedReplicas: 4,
        readyReplicas: 4,
        unavailableReplicas: 0,
      }),
    );
    expect(after.status.conditions).toContainEqual(
      expect.objectContaining({
        type: 'Progressing',
        reason: 'NewReplicaSetAvailable',
      }),
    );
    expect(counter.snapshot()).toContainEqual(
      expect.objectContaining({
        service: 'Kubernetes',
        operation: 'patchNamespacedDeployment',
        outcome: 'success',
        count: 1,
        retries: 0,
      }),
    );
  });

  it('sends a strategic merge patch with a field manager, and returns the Deployment the server answered', async () => {
    const api = fakeCluster('fake-k8s', '/fake-k8s/', request => ({
      statusCode: 200,
      body: {
        kind: 'Deployment',
        metadata: {
          name: NAME,
          namespace: NAMESPACE,
          uid: 'u-1',
          generation: 3,
          annotations: { [REVISION]: '3' },
        },
        spec: {
          replicas: JSON.parse(request.body.toString()).spec.replicas,
          selector: { matchLabels: { app: NAME } },
          template: { spec: { containers: [{ name: NAME, image: 'x:1' }] } },
        },
        status: { observedGeneration: 2, replicas: 2 },
      },
    }));
    const { writer } = await start({
      httpServices: [api],
      eksClusters: s => [
        testCluster(s, 'prod-eks', { url: `${s.url}/fake-k8s/prod-eks` }),
      ],
    });
    const patched = await writer.patchDeployment({
      ...ref,
      patch: { spec: { replicas: 5 } },
    });
    await writer.patchDeployment({
      ...ref,
      patch: { spec: { replicas: 6 } },
      fieldManager: 'shipyard-rollback',
    });
    const [first, second] = api.requests;
    expect(first.method).toBe('PATCH');
    expect(first.path).toBe(
      `/fake-k8s/prod-eks/apis/apps/v1/namespaces/${NAMESPACE}/deployments/${NAME}`,
    );
    expect(first.headers['content-type']).toBe(
      'application/strategic-merge-patch+json',
    );
    expect(first.headers.authorization).toBe('Bearer sandbox');
    expect(JSON.parse(first.body.toString())).toEqual({
      spec: { replicas: 5 },
    });
    expect(first.query.get('fieldManager')).toBe('shipyard');
    expect(second.query.get('fieldManager')).toBe('shipyard-rollback');
    // Counts and lists the API server left out read as 0 and empty.
    expect(patched).toEqual({
      metadata: {
        name: NAME,
        namespace: NAMESPACE,
        uid: 'u-1',
        generation: 3,
        labels: {},
        annotations: { [REVISION]: '3' },
      },
      spec: {
        replicas: 5,
        selector: { matchLabels: { app: NAME } },
        template: { spec: { containers: [{ name: NAME, image: 'x:1' }] } },
      },
      status: {
        observedGeneration: 2,
        replicas: 2,
        updatedReplicas: 0,
        readyReplicas: 0,
        availableReplicas: 0,
        unavailableReplicas: 0,
        conditions: [],
      },
    });
  });

  it('refuses a stale resourceVersion with ConflictError', async () => {
    const { reader, writer } = await start();
    const before = await reader.getDeployment(ref);
    await writer.patchDeployment({ ...ref, patch: { spec: { replicas: 5 } } });
    const error = await writer
      .patchDeployment({
        ...ref,
        patch: {
          metadata: { resourceVersion: before.metadata.resourceVersion! },
          spec: { replicas: 3 },
        },
      })
      .catch(e => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toMatch(
      /^Kubernetes patchNamespacedDeployment in .* conflicts with a change made meanwhile \(Conflict\); .*the object has been modified/,
    );
    expect((await reader.getDeployment(ref)).spec.replicas).toBe(5);
  });

  it("turns a 422 into InputError with the API server's message, without retrying", async () => {
    const { writer, counter } = await start();
    const error = await writer
      .patchDeployment({
        ...ref,
        patch: {
          spec: {
            template: {
              spec: { containers: [{ name: NAME, image: '' }] },
            },
          },
        },
      })
      .catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain(
      `The Kubernetes API of ${WHERE} rejected Kubernetes patchNamespacedDeployment as invalid (Invalid)`,
    );
    expect(error.message).toContain(
      'Deployment.apps "freight-quote-api" is invalid: spec.template.spec.containers[0].image: Required value',
    );
    expect(counter.snapshot()).toEqual([
      expect.objectContaining({
        outcome: 'error',
        errorName: 'Invalid',
        retries: 0,
      }),
    ]);
  });

  it('names the Deployment it did not find', async () => {
    const { writer } = await start();
    const error = await writer
      .patchDeployment({
        ...ref,
        name: 'no-such-api',
        patch: { spec: { replicas: 1 } },
      })
      .catch(e => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toMatch(
      /^Kubernetes patchNamespacedDeployment in .* found no deployments\.apps "no-such-api" in namespace team-freight;/,
    );
  });

  it('names the RBAC permission a 403 lacks', async () => {
    const api = fakeCluster('rbac-k8s', '/rbac-k8s/', () => ({
      statusCode: 403,
      body: kubernetesStatus(403, 'Forbidden', 'deployments.apps is forbidden'),
    }));
    const { writer } = await start({
      httpServices: [api],
      eksClusters: s => [
        testCluster(s, 'prod-eks', { url: `${s.url}/rbac-k8s/prod-eks` }),
      ],
    });
    const error = await writer
      .patchDeployment({ ...ref, patch: { spec: { replicas: 1 } } })
      .catch(e => e);
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error.message).toMatch(
      /^Shipyard may not patch deployments\.apps in namespace team-freight in EKS cluster prod-eks /,
    );
    expect(api.requests).toHaveLength(1);
  });

  it('retries a throttled patch and succeeds', async () => {
    const { reader, writer, counter } = await start({
      faults: [
        {
          service: 'kubernetes',
          operation: 'patchDeployment',
          kind: 'throttle',
          count: 1,
        },
      ],
    });
    const patched = await writer.patchDeployment({
      ...ref,
      patch: { spec: { replicas: 6 } },
    });
    expect(patched.spec.replicas).toBe(6);
    expect(
      server.stats.snapshot().services.kubernetes.operations.patchDeployment,
    ).toEqual(expect.objectContaining({ requests: 2, throttled: 1 }));
    expect(counter.snapshot()).toEqual([
      expect.objectContaining({
        operation: 'patchNamespacedDeployment',
        outcome: 'success',
        retries: 1,
      }),
    ]);
    expect((await reader.getDeployment(ref)).spec.replicas).toBe(6);
  });

  it('does not re-send a patch after a server error, and says the outcome is unknown', async () => {
    const { writer, counter } = await start({
      maxAttempts: 3,
      faults: [
        {
          service: 'kubernetes',
          operation: 'patchDeployment',
          kind: 'error',
          count: 1,
        },
      ],
    });
    const error = await writer
      .patchDeployment({ ...ref, patch: { spec: { replicas: 6 } } })
      .catch(e => e);
    expect(error).toBeInstanceOf(AwsServiceUnavailableError);
    expect(error.retryAfterSeconds).toBe(15);
    expect(error.message).toMatch(
      /answered InternalError to Kubernetes patchNamespacedDeployment; the change may have been applied, so read the object again before retrying; try again in 15 seconds/,
    );
    expect(
      server.stats.snapshot().services.kubernetes.operations.patchDeployment
        .requests,
    ).toBe(1);
    expect(counter.snapshot()).toEqual([
      expect.objectContaining({ outcome: 'error', retries: 0 }),
    ]);
  });

  it('does not re-send a patch when the API server cannot be reached', async () => {
    const closedPort = await new Promise<number>(resolve => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const { writer, counter } = await start({
      maxAttempts: 3,
      eksClusters: s => [
        testCluster(s, 'prod-eks', {
          url: `http://127.0.0.1:${closedPort}/k8s/prod-eks`,
        }),
      ],
    });
    const error = await writer
      .patchDeployment({ ...ref, patch: { spec: { replicas: 6 } } })
      .catch(e => e);
    expect(error).toBeInstanceOf(AwsServiceUnavailableError);
    expect(error.message).toMatch(
      /^Could not reach the Kubernetes API of EKS cluster prod-eks .* for Kubernetes patchNamespacedDeployment; the change may have been applied/,
    );
    expect(counter.snapshot()).toEqual([
      expect.objectContaining({ outcome: 'error', retries: 0 }),
    ]);
  });
});
