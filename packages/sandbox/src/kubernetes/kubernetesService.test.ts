import {
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  PatchStrategy,
  VersionApi,
  setHeaderOptions,
  type V1Deployment,
  type V1ReplicaSet,
} from '@kubernetes/client-node';
import {
  createSandboxServer,
  type SandboxServer,
} from '../server/createSandboxServer';
import { rawRequest } from '../testing/rawRequest';

const NAMESPACE = 'team-freight';
const REVISION = 'deployment.kubernetes.io/revision';

describe('Kubernetes API', () => {
  let now: Date;
  let server: SandboxServer;
  const advance = (seconds: number) => {
    now = new Date(now.getTime() + seconds * 1000);
  };
  const config = (cluster = 'prod-eks') => {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [
        {
          name: cluster,
          server: `${server.url}/k8s/${cluster}`,
          skipTLSVerify: true,
        },
      ],
      users: [{ name: 'backstage', token: 'any-token' }],
      contexts: [{ name: cluster, cluster, user: 'backstage' }],
      currentContext: cluster,
    });
    return kc;
  };
  const apps = (cluster?: string) => config(cluster).makeApiClient(AppsV1Api);
  const core = (cluster?: string) => config(cluster).makeApiClient(CoreV1Api);
  const revisionOf = (o: V1Deployment | V1ReplicaSet) =>
    Number(o.metadata!.annotations![REVISION]);

  beforeEach(async () => {
    now = new Date('2026-03-02T09:30:00Z');
    server = await createSandboxServer({
      port: 0,
      now: () => now,
      rolloutSeconds: 20,
    });
  });

  afterEach(async () => {
    await server.close();
  });

  it('answers /version and lists namespaces per cluster', async () => {
    const version = await config().makeApiClient(VersionApi).getCode();
    expect(version).toMatchObject({ major: '1', minor: '31' });
    const namespaces = await core().listNamespace();
    expect(namespaces.items.map(n => n.metadata!.name)).toEqual([
      'default',
      'kube-system',
      NAMESPACE,
    ]);
    const ns = await core().readNamespace({ name: NAMESPACE });
    expect(ns.status!.phase).toBe('Active');
  });

  it('lists the EKS Deployments with their labels, across and within namespaces', async () => {
    const all = await apps().listDeploymentForAllNamespaces();
    expect(all.items.map(d => d.metadata!.name).sort()).toEqual([
      'carrier-matching-worker',
      'freight-quote-api',
      'shipment-tracking-api',
    ]);
    const quote = all.items.find(
      d => d.metadata!.name === 'freight-quote-api',
    )!;
    expect(quote.metadata!.labels).toMatchObject({
      'backstage.io/kubernetes-id': 'freight-quote-api',
      'shipyard.io/component': 'freight-quote-api',
      'shipyard.io/environment': 'prod',
    });
    const service = server.scenario.findServices({
      component: 'freight-quote-api',
      environment: 'prod',
    })[0];
    const latest = service.deployments.at(-1)!;
    expect(quote.spec!.template.spec!.containers[0].image).toBe(latest.image);
    expect(revisionOf(quote)).toBe(latest.revision);
    expect(quote.status).toMatchObject({
      replicas: service.desiredCount,
      readyReplicas: service.desiredCount,
      updatedReplicas: service.desiredCount,
    });

    const inNamespace = await apps().listNamespacedDeployment({
      namespace: NAMESPACE,
    });
    expect(inNamespace.items).toHaveLength(3);
    expect(
      (await apps().listNamespacedDeployment({ namespace: 'default' })).items,
    ).toEqual([]);
    const dev = await apps('dev-eks').listDeploymentForAllNamespaces();
    expect(dev.items[0].metadata!.labels!['shipyard.io/environment']).toBe(
      'dev',
    );
  });

  it('filters by the label selector the Backstage kubernetes plugin sends', async () => {
    const selector = 'backstage.io/kubernetes-id=shipment-tracking-api';
    const deployments = await apps().listDeploymentForAllNamespaces({
      labelSelector: selector,
    });
    expect(deployments.items.map(d => d.metadata!.name)).toEqual([
      'shipment-tracking-api',
    ]);
    const replicaSets = await apps().listReplicaSetForAllNamespaces({
      labelSelector: selector,
    });
    const service = server.scenario.findServices({
      component: 'shipment-tracking-api',
      environment: 'prod',
    })[0];
    expect(replicaSets.items.length).toBeGreaterThan(1);
    expect(replicaSets.items.length).toBeLessThanOrEqual(
      service.deployments.length,
    );
    expect(
      new Set(
        replicaSets.items.map(r => r.spec!.template!.spec!.containers[0].image),
      ),
    ).toEqual(new Set(service.deployments.map(d => d.image)));
    const pods = await core().listPodForAllNamespaces({
      labelSelector: selector,
    });
    expect(pods.items).toHaveLength(service.desiredCount);
    expect(pods.items.every(p => p.status!.phase === 'Running')).toBe(true);
    const services = await core().listServiceForAllNamespaces({
      labelSelector: selector,
    });
    expect(services.items.map(s => s.spec!.ports![0].targetPort)).toEqual([
      8080,
    ]);
    const none = await apps().listDeploymentForAllNamespaces({
      labelSelector: 'backstage.io/kubernetes-id in (nothing,else)',
    });
    expect(none.items).toEqual([]);
    const workers = await apps().listDeploymentForAllNamespaces({
      labelSelector:
        'shipyard.io/component!=freight-quote-api,shipyard.io/component!=shipment-tracking-api',
    });
    expect(workers.items.map(d => d.metadata!.name)).toEqual([
      'carrier-matching-worker',
    ]);
  });

  it('rolls a Deployment back to a previous ReplicaSet through client-node, progressing over time', async () => {
    const client = apps();
    const before = await client.readNamespacedDeployment({
      name: 'freight-quote-api',
      namespace: NAMESPACE,
    });
    const replicaSets = (
      await client.listNamespacedReplicaSet({
        namespace: NAMESPACE,
        labelSelector: 'backstage.io/kubernetes-id=freight-quote-api',
      })
    ).items.sort((a, b) => revisionOf(b) - revisionOf(a));
    const [current, previous] = replicaSets;
    expect(revisionOf(current)).toBe(revisionOf(before));
    const previousImage = previous.spec!.template!.spec!.containers[0].image;

    // What `kubectl rollout undo` does: put the previous ReplicaSet's template back.
    const template = structuredClone(previous.spec!.template!);
    delete template.metadata!.labels!['pod-template-hash'];
    const patched = await client.patchNamespacedDeployment(
      {
        name: 'freight-quote-api',
        namespace: NAMESPACE,
        body: [{ op: 'replace', path: '/spec/template', value: template }],
      },
      setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
    );
    const revision = revisionOf(before) + 1;
    expect(revisionOf(patched)).toBe(revision);
    expect(patched.spec!.template.spec!.containers[0].image).toBe(
      previousImage,
    );
    expect(patched.status!.readyReplicas).toBe(before.spec!.replicas);
    expect(patched.status!.updatedReplicas).toBe(before.spec!.replicas);
    expect(
      patched.status!.conditions!.find(c => c.type === 'Progressing')!.reason,
    ).toBe('ReplicaSetUpdated');

    // The old ReplicaSet is re-used with the new revision, its old one kept in the history.
    const reused = await client.readNamespacedReplicaSet({
      name: previous.metadata!.name!,
      namespace: NAMESPACE,
    });
    expect(revisionOf(reused)).toBe(revision);
    expect(
      reused.metadata!.annotations![
        'deployment.kubernetes.io/revision-history'
      ],
    ).toBe(String(revisionOf(previous)));

    advance(10);
    const halfway = await client.readNamespacedDeployment({
      name: 'freight-quote-api',
      namespace: NAMESPACE,
    });
    const replicas = before.spec!.replicas!;
    const newReady = (
      await client.readNamespacedReplicaSet({
        name: previous.metadata!.name!,
        namespace: NAMESPACE,
      })
    ).status!.readyReplicas;
    expect(newReady).toBe(Math.floor(replicas / 2));
    expect(halfway.status!.readyReplicas).toBe(replicas);

    advance(10);
    const done = await client.readNamespacedDeployment({
      name: 'freight-quote-api',
      namespace: NAMESPACE,
    });
    expect(
      done.status!.conditions!.find(c => c.type === 'Progressing')!.reason,
    ).toBe('NewReplicaSetAvailable');
    const pods = await core().listNamespacedPod({
      namespace: NAMESPACE,
      labelSelector: 'backstage.io/kubernetes-id=freight-quote-api',
    });
    expect(pods.items.map(p => p.spec!.containers[0].image)).toEqual(
      Array(replicas).fill(previousImage),
    );
    const oldRs = await client.readNamespacedReplicaSet({
      name: current.metadata!.name!,
      namespace: NAMESPACE,
    });
    expect(oldRs.spec!.replicas).toBe(0);
  });

  it('accepts strategic merge and merge patches, scales, and a bad image degrades the service', async () => {
    const client = apps();
    const service = server.scenario.findServices({
      component: 'shipment-tracking-api',
      environment: 'prod',
    })[0];
    const badImage = `${service.accountId}.dkr.ecr.eu-west-1.amazonaws.com/shipment-tracking-api:9.9.9-bad`;
    await client.patchNamespacedDeployment(
      {
        name: 'shipment-tracking-api',
        namespace: NAMESPACE,
        body: {
          spec: {
            template: {
              spec: {
                containers: [
                  { name: 'shipment-tracking-api', image: badImage },
                ],
              },
            },
          },
        },
      },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
    advance(20);
    expect(server.state.isDegraded(service.id)).toBe(true);
    const scaled = await client.patchNamespacedDeployment(
      {
        name: 'shipment-tracking-api',
        namespace: NAMESPACE,
        body: { spec: { replicas: 7 } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(scaled.spec!.replicas).toBe(7);
    expect(scaled.spec!.template.spec!.containers[0].image).toBe(badImage);
    advance(600);
    const pods = await core().listNamespacedPod({
      namespace: NAMESPACE,
      labelSelector: 'backstage.io/kubernetes-id=shipment-tracking-api',
    });
    expect(pods.items).toHaveLength(7);
    expect(
      pods.items[0].status!.containerStatuses![0].restartCount,
    ).toBeGreaterThan(0);
  });

  it('replaces a Deployment with PUT and refuses a stale resourceVersion with 409 Conflict', async () => {
    const client = apps();
    const current = await client.readNamespacedDeployment({
      name: 'freight-quote-api',
      namespace: NAMESPACE,
    });
    const stale = structuredClone(current);
    const body = structuredClone(current);
    body.spec!.replicas = 5;
    const replaced = await client.replaceNamespacedDeployment({
      name: 'freight-quote-api',
      namespace: NAMESPACE,
      body,
    });
    expect(replaced.spec!.replicas).toBe(5);
    expect(replaced.metadata!.resourceVersion).not.toBe(
      current.metadata!.resourceVersion,
    );
    stale.spec!.replicas = 6;
    await expect(
      client.replaceNamespacedDeployment({
        name: 'freight-quote-api',
        namespace: NAMESPACE,
        body: stale,
      }),
    ).rejects.toMatchObject({ code: 409 });
    const status = await rawRequest(server.url, {
      method: 'PUT',
      path: `/k8s/prod-eks/apis/apps/v1/namespaces/${NAMESPACE}/deployments/freight-quote-api`,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(stale),
    });
    expect(status.status).toBe(409);
    expect(JSON.parse(status.body)).toMatchObject({
      kind: 'Status',
      reason: 'Conflict',
      code: 409,
    });
  });

  it('answers Status objects: 404 NotFound and 422 Invalid', async () => {
    const client = apps();
    await expect(
      client.readNamespacedDeployment({ name: 'ghost', namespace: NAMESPACE }),
    ).rejects.toMatchObject({ code: 404 });
    const missing = await rawRequest(server.url, {
      path: `/k8s/prod-eks/apis/apps/v1/namespaces/${NAMESPACE}/deployments/ghost`,
    });
    expect(JSON.parse(missing.body)).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'NotFound',
      message: 'deployments.apps "ghost" not found',
      code: 404,
    });
    await expect(
      client.patchNamespacedDeployment(
        {
          name: 'freight-quote-api',
          namespace: NAMESPACE,
          body: [{ op: 'replace', path: '/spec/replicas', value: -1 }],
        },
        setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
      ),
    ).rejects.toMatchObject({ code: 422 });
    const invalid = await rawRequest(server.url, {
      method: 'PATCH',
      path: `/k8s/prod-eks/apis/apps/v1/namespaces/${NAMESPACE}/deployments/freight-quote-api`,
      headers: { 'content-type': 'application/merge-patch+json' },
      body: JSON.stringify({
        spec: {
          template: { spec: { containers: [{ name: 'x', image: '' }] } },
        },
      }),
    });
    expect(invalid.status).toBe(422);
    expect(JSON.parse(invalid.body)).toMatchObject({
      kind: 'Status',
      reason: 'Invalid',
      code: 422,
    });
    const unknownCluster = await rawRequest(server.url, {
      path: '/k8s/nope/api/v1/pods',
    });
    expect(unknownCluster.status).toBe(404);
  });

  it('serves empty lists for the other kinds the kubernetes plugin asks for, and injects faults', async () => {
    const hpas = await rawRequest(server.url, {
      path: '/k8s/prod-eks/apis/autoscaling/v2/horizontalpodautoscalers?labelSelector=backstage.io%2Fkubernetes-id%3Dfreight-quote-api',
    });
    expect(JSON.parse(hpas.body)).toMatchObject({
      kind: 'HorizontalPodAutoscalerList',
      items: [],
    });
    server.faults.add({
      service: 'kubernetes',
      operation: 'listDeploymentsForAllNamespaces',
      kind: 'throttle',
      count: 1,
    });
    await expect(apps().listDeploymentForAllNamespaces()).rejects.toMatchObject(
      { code: 429 },
    );
    expect((await apps().listDeploymentForAllNamespaces()).items).toHaveLength(
      3,
    );
    expect(
      server.stats.snapshot().services.kubernetes.operations
        .listDeploymentsForAllNamespaces,
    ).toMatchObject({ requests: 2, ok: 1, throttled: 1 });
  });
});
