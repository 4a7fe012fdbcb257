import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
  type CoreV1Event,
  type V1ReplicaSet,
} from '@kubernetes/client-node';
import { deploymentTags } from '../scenario/deploymentTags';
import {
  loadBalancerDimension,
  targetGroupDimension,
} from '../scenario/metrics/ServiceMetrics';
import {
  createSandboxServer,
  type SandboxServer,
} from '../server/createSandboxServer';
import {
  CRASH_BACKOFF_MS,
  CRASH_EXIT_CODE,
  CRASH_PERIOD_MS,
} from '../state/crashLoop';
import { rawRequest } from '../testing/rawRequest';
import { sandboxClientConfig } from '../testing/sandboxClientConfig';

const NAMESPACE = 'team-freight';
const NAME = 'freight-quote-api';
const SELECTOR = `backstage.io/kubernetes-id=${NAME}`;
const REVISION = 'deployment.kubernetes.io/revision';
const DEPLOYED_BY = 'shipyard.io/deployed-by';
const DEPLOYED_AT = 'shipyard.io/deployed-at';
const COMMIT_SHA = 'shipyard.io/commit-sha';
const COMMITTED_AT = 'shipyard.io/committed-at';

/** What the deployments backend asks the EKS clusters' Kubernetes API, through client-node. */
describe('Kubernetes deployments and rollback', () => {
  let now: Date;
  let server: SandboxServer;
  let apps: AppsV1Api;
  let core: CoreV1Api;
  const advance = (ms: number) => {
    now = new Date(now.getTime() + ms);
  };
  const revisionOf = (rs: V1ReplicaSet) =>
    Number(rs.metadata!.annotations![REVISION]);
  const service = () =>
    server.scenario.findServices({ component: NAME, environment: 'prod' })[0];
  const readDeployment = () =>
    apps.readNamespacedDeployment({ name: NAME, namespace: NAMESPACE });
  const replicaSets = async () =>
    (
      await apps.listNamespacedReplicaSet({
        namespace: NAMESPACE,
        labelSelector: SELECTOR,
      })
    ).items.sort((a, b) => revisionOf(b) - revisionOf(a));
  const pods = async () =>
    (
      await core.listNamespacedPod({
        namespace: NAMESPACE,
        labelSelector: SELECTOR,
      })
    ).items;
  const deploymentEvents = async () =>
    (
      await core.listNamespacedEvent({
        namespace: NAMESPACE,
        fieldSelector: `involvedObject.name=${NAME},involvedObject.kind=Deployment`,
      })
    ).items;
  const patch = (body: object, strategy: PatchStrategy) =>
    apps.patchNamespacedDeployment(
      { name: NAME, namespace: NAMESPACE, body },
      setHeaderOptions('Content-Type', strategy),
    );

  beforeEach(async () => {
    now = new Date('2026-03-02T09:30:00Z');
    server = await createSandboxServer({
      port: 0,
      now: () => now,
      rolloutSeconds: 20,
    });
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [
        {
          name: 'prod-eks',
          server: `${server.url}/k8s/prod-eks`,
          skipTLSVerify: true,
        },
      ],
      users: [{ name: 'backstage', token: 'any-token' }],
      contexts: [{ name: 'prod-eks', cluster: 'prod-eks', user: 'backstage' }],
      currentContext: 'prod-eks',
    });
    apps = kc.makeApiClient(AppsV1Api);
    core = kc.makeApiClient(CoreV1Api);
  });

  afterEach(async () => {
    await server.close();
  });

  it("reads a Deployment with the catalog's link labels, its revision and who deployed it", async () => {
    const latest = service().deployments.at(-1)!;
    const deployment = await readDeployment();
    expect(deployment.metadata!.labels).toMatchObject({
      'shipyard.io/component': NAME,
      'shipyard.io/environment': 'prod',
      'shipyard.io/owner': 'team-freight',
      'shipyard.io/system': 'freight-marketplace',
    });
    const pipeline = deploymentTags(latest);
    expect(deployment.metadata!.annotations).toEqual({
      [REVISION]: String(latest.revision),
      [DEPLOYED_BY]: pipeline['shipyard:deployed-by'],
      [DEPLOYED_AT]: pipeline['shipyard:deployed-at'],
      [COMMIT_SHA]: latest.commitSha,
      [COMMITTED_AT]: pipeline['shipyard:committed-at'],
    });
    expect(deployment.spec!.template.spec!.containers[0]).toMatchObject({
      name: NAME,
      image: latest.image,
      resources: { limits: { memory: `${service().memory}Mi` } },
    });
    expect(deployment.status).toMatchObject({
      replicas: service().desiredCount,
      readyReplicas: service().desiredCount,
      updatedReplicas: service().desiredCount,
    });
  });

  it('labels every EKS Deployment of every environment with its link labels and deployer', async () => {
    for (const cluster of ['dev-eks', 'staging-eks', 'prod-eks']) {
      const response = await rawRequest(server.url, {
        path: `/k8s/${cluster}/apis/apps/v1/deployments`,
      });
      const { items } = JSON.parse(response.body);
      const services = server.scenario.services.filter(
        s => s.cluster === cluster,
      );
      expect(items).toHaveLength(services.length);
      for (const s of services) {
        const deployment = items.find((d: any) => d.metadata.name === s.name);
        expect(deployment.metadata.labels).toMatchObject({
          'shipyard.io/component': s.component,
          'shipyard.io/environment': s.environment,
          'shipyard.io/owner': s.owner,
          'shipyard.io/system': s.system,
        });
        const pipeline = deploymentTags(s.deployments.at(-1)!);
        expect(deployment.metadata.annotations).toMatchObject({
          [DEPLOYED_BY]: pipeline['shipyard:deployed-by'],
          [DEPLOYED_AT]: pipeline['shipyard:deployed-at'],
        });
      }
    }
  });

  it('lists ReplicaSets by label selector with their revision, template, deployer and owner', async () => {
    const deployment = await readDeployment();
    const list = await replicaSets();
    expect(list.length).toBeGreaterThanOrEqual(3);
    const history = service().deployments;
    for (const rs of list) {
      const image = rs.spec!.template!.spec!.containers[0].image;
      const last = history.filter(d => d.image === image).at(-1)!;
      expect(revisionOf(rs)).toBe(last.revision);
      expect(rs.metadata!.annotations).toMatchObject({
        [DEPLOYED_BY]: last.deployedBy,
        [DEPLOYED_AT]: deploymentTags(last)['shipyard:deployed-at'],
      });
      expect(rs.metadata!.ownerReferences).toEqual([
        expect.objectContaining({
          kind: 'Deployment',
          name: NAME,
          uid: deployment.metadata!.uid,
          controller: true,
        }),
      ]);
      expect(rs.spec!.template!.metadata!.labels).toMatchObject({
        'pod-template-hash': rs.metadata!.labels!['pod-template-hash'],
        'shipyard.io/owner': 'team-freight',
      });
    }
    expect(revisionOf(list[0])).toBe(
      Number(deployment.metadata!.annotations![REVISION]),
    );
    expect(list[0].status!.readyReplicas).toBe(service().desiredCount);
    expect(list.slice(1).map(rs => rs.spec!.replicas)).toEqual(
      Array(list.length - 1).fill(0),
    );
  });

  it('crash-loops the pods of a bad image: restarts, OOMKilled with exit code 137, CrashLoopBackOff, BackOff events', async () => {
    const replicas = service().desiredCount;
    const badImage = `${
      service().accountId
    }.dkr.ecr.eu-west-1.amazonaws.com/${NAME}:9.9.9-bad`;
    await patch(
      {
        metadata: {
          annotations: {
            [DEPLOYED_BY]: 'jonas.weber',
            [DEPLOYED_AT]: '2026-03-02T09:30:00Z',
          },
        },
        spec: {
          template: { spec: { containers: [{ name: NAME, image: badImage }] } },
        },
      },
      PatchStrategy.StrategicMergePatch,
    );
    // The last pod starts when the rollout completes; stop just after its first crash.
    advance(20_000 + CRASH_PERIOD_MS + CRASH_BACKOFF_MS / 2);
    const crashing = (await pods()).find(
      p => p.status!.containerStatuses![0].state!.waiting,
    )!;
    const status = crashing.status!.containerStatuses![0];
    expect(status).toMatchObject({
      image: badImage,
      ready: false,
      restartCount: 1,
      state: {
        waiting: {
          reason: 'CrashLoopBackOff',
          message: expect.stringContaining('back-off'),
        },
      },
      lastState: {
        terminated: { exitCode: CRASH_EXIT_CODE, reason: 'OOMKilled' },
      },
    });
    expect(crashing.status!.phase).toBe('Running');
    const deployment = await readDeployment();
    expect(deployment.status!.readyReplicas).toBeLessThan(replicas);

    advance(10 * 60_000);
    const all = await pods();
    expect(all).toHaveLength(replicas);
    for (const pod of all) {
      const container = pod.status!.containerStatuses![0];
      expect(container.restartCount).toBeGreaterThanOrEqual(5);
      expect(container.lastState!.terminated).toMatchObject({
        exitCode: CRASH_EXIT_CODE,
        reason: 'OOMKilled',
      });
    }
    const [newest] = await replicaSets();
    expect(newest.metadata!.annotations![DEPLOYED_BY]).toBe('jonas.weber');
    expect(server.state.isDegraded(service().id)).toBe(true);

    const warnings = (
      await core.listNamespacedEvent({
        namespace: NAMESPACE,
        fieldSelector: 'type=Warning,reason=BackOff',
      })
    ).items;
    const podNames = new Set(all.map(p => p.metadata!.name));
    expect(
      new Set(warnings.map((e: CoreV1Event) => e.involvedObject.name)),
    ).toEqual(podNames);
    expect(warnings[0]).toMatchObject({
      involvedObject: {
        kind: 'Pod',
        fieldPath: `spec.containers{${NAME}}`,
      },
      source: { component: 'kubelet' },
      count: expect.any(Number),
    });
  });

  it('undoes a rollout with a merge patch of an old template: the old ReplicaSet takes the newest revision', async () => {
    const replicas = service().desiredCount;
    const [current, previous] = await replicaSets();
    const before = Number(
      (await readDeployment()).metadata!.annotations![REVISION],
    );
    const template = structuredClone(previous.spec!.template!);
    delete template.metadata!.labels!['pod-template-hash'];
    const patched = await patch(
      {
        metadata: { annotations: { [DEPLOYED_BY]: 'sam.okafor' } },
        spec: { template },
      },
      PatchStrategy.MergePatch,
    );
    expect(patched.metadata!.annotations).toMatchObject({
      [REVISION]: String(before + 1),
      [DEPLOYED_BY]: 'sam.okafor',
    });
    expect(patched.spec!.template.spec!.containers[0].image).toBe(
      previous.spec!.template!.spec!.containers[0].image,
    );

    const [reused, replaced] = await replicaSets();
    expect(reused.metadata!.name).toBe(previous.metadata!.name);
    expect(revisionOf(reused)).toBe(before + 1);
    expect(
      reused.metadata!.annotations![
        'deployment.kubernetes.io/revision-history'
      ],
    ).toBe(String(revisionOf(previous)));
    expect(reused.metadata!.annotations![DEPLOYED_BY]).toBe('sam.okafor');
    expect(replaced.metadata!.name).toBe(current.metadata!.name);
    expect(reused.status!.readyReplicas).toBe(0);

    const scaledUp = `Scaled up replica set ${
      previous.metadata!.name
    } to ${replicas} from 0`;
    expect((await deploymentEvents()).map(e => e.message)).toContain(scaledUp);

    advance(10_000);
    expect((await replicaSets())[0].status!.readyReplicas).toBe(
      Math.floor(replicas / 2),
    );
    advance(10_000);
    const done = await readDeployment();
    expect(
      done.status!.conditions!.find(c => c.type === 'Progressing')!.reason,
    ).toBe('NewReplicaSetAvailable');
    expect((await replicaSets())[1].spec!.replicas).toBe(0);
    const events = await deploymentEvents();
    expect(
      events.every(
        e =>
          e.involvedObject.kind === 'Deployment' &&
          e.involvedObject.name === NAME &&
          e.reason === 'ScalingReplicaSet',
      ),
    ).toBe(true);
    expect(events.map(e => e.message)).toEqual(
      expect.arrayContaining([
        scaledUp,
        `Scaled down replica set ${
          current.metadata!.name
        } to 0 from ${replicas}`,
      ]),
    );
    expect(
      (await pods()).map(p => p.metadata!.labels!['pod-template-hash']),
    ).toEqual(
      Array(replicas).fill(previous.metadata!.labels!['pod-template-hash']),
    );
  });

  it("carries the pipeline's commit on the Deployment and each ReplicaSet's pod template; restating it rolls nothing out, undoing brings the older commit back", async () => {
    const history = service().deployments;
    const commitOf = (d: (typeof history)[number]) => ({
      [COMMIT_SHA]: d.commitSha,
      [COMMITTED_AT]: deploymentTags(d)['shipyard:committed-at'],
    });
    const deployment = await readDeployment();
    expect(deployment.spec!.template.metadata!.annotations).toEqual(
      commitOf(history.at(-1)!),
    );
    const list = await replicaSets();
    for (const rs of list) {
      const image = rs.spec!.template!.spec!.containers[0].image;
      const last = history.filter(d => d.image === image).at(-1)!;
      expect(rs.spec!.template!.metadata!.annotations).toEqual(commitOf(last));
    }
    // Distinct releases, distinct commits.
    expect(
      new Set(
        list.map(rs => rs.spec!.template!.metadata!.annotations![COMMIT_SHA]),
      ).size,
    ).toBe(list.length);

    // The pipeline re-applying the same template is no new rollout.
    const restated = await patch(
      {
        spec: {
          template: {
            metadata: { annotations: commitOf(history.at(-1)!) },
          },
        },
      },
      PatchStrategy.StrategicMergePatch,
    );
    expect(restated.metadata!.annotations![REVISION]).toBe(
      deployment.metadata!.annotations![REVISION],
    );
    expect(server.state.services.history(service().id)).toHaveLength(
      history.length,
    );

    const [, previous] = list;
    const template = structuredClone(previous.spec!.template!) as any;
    delete template.metadata.labels['pod-template-hash'];
    const undone = await patch(
      { spec: { template: { ...template, $patch: 'replace' } } },
      PatchStrategy.StrategicMergePatch,
    );
    expect(undone.spec!.template.metadata!.annotations).toEqual(
      previous.spec!.template!.metadata!.annotations,
    );
    const [reused] = await replicaSets();
    expect(reused.metadata!.name).toBe(previous.metadata!.name);
    expect(reused.spec!.template!.metadata!.annotations).toEqual(
      previous.spec!.template!.metadata!.annotations,
    );
  });

  it('a bad image fires the error-rate alarm and raises 5XX and pod restarts; rolling the template back clears it', async () => {
    const cloudwatch = new CloudWatchClient(
      sandboxClientConfig(server, { accountId: service().accountId }),
    );
    try {
      const errorRate = service().alarms.find(a => a.kind === 'error-rate')!;
      const alarm = async () =>
        (
          await cloudwatch.send(
            new DescribeAlarmsCommand({ AlarmNames: [errorRate.name] }),
          )
        ).MetricAlarms![0].StateValue;
      const errorsInLast = async (minutes: number) => {
        const { MetricDataResults } = await cloudwatch.send(
          new GetMetricDataCommand({
            StartTime: new Date(now.getTime() - minutes * 60_000),
            EndTime: now,
            MetricDataQueries: [
              {
                Id: 'errors',
                MetricStat: {
                  Metric: {
                    Namespace: 'AWS/ApplicationELB',
                    MetricName: 'HTTPCode_Target_5XX_Count',
                    Dimensions: [
                      {
                        Name: 'TargetGroup',
                        Value: targetGroupDimension(service().targetGroupArn!),
                      },
                      {
                        Name: 'LoadBalancer',
                        Value: loadBalancerDimension(
                          service().loadBalancerArn!,
                        ),
                      },
                    ],
                  },
                  Period: minutes * 60,
                  Stat: 'Sum',
                },
              },
            ],
          }),
        );
        return MetricDataResults![0].Values!.reduce((a, b) => a + b, 0);
      };
      expect(await alarm()).toBe('OK');
      const healthyErrors = await errorsInLast(10);

      const [current] = await replicaSets();
      const good = structuredClone(current.spec!.template!) as any;
      delete good.metadata.labels['pod-template-hash'];
      const badImage = `${
        service().accountId
      }.dkr.ecr.eu-west-1.amazonaws.com/${NAME}:9.9.9-bad`;
      await patch(
        {
          spec: {
            template: {
              spec: { containers: [{ name: NAME, image: badImage }] },
            },
          },
        },
        PatchStrategy.StrategicMergePatch,
      );
      advance(10 * 60_000);
      expect(await alarm()).toBe('ALARM');
      expect(await errorsInLast(10)).toBeGreaterThan(10 * healthyErrors);
      expect(server.state.isDegraded(service().id)).toBe(true);

      // What the deployments plugin's rollback sends: the stored template, whole.
      await patch(
        { spec: { template: { ...good, $patch: 'replace' } } },
        PatchStrategy.StrategicMergePatch,
      );
      advance(10 * 60_000);
      expect(server.state.isDegraded(service().id)).toBe(false);
      expect(await alarm()).toBe('OK');
      expect((await pods()).map(p => p.spec!.containers[0].image)).toEqual(
        Array(service().desiredCount).fill(
          current.spec!.template!.spec!.containers[0].image,
        ),
      );
    } finally {
      cloudwatch.destroy();
    }
  });

  it('refuses a malformed field selector with 400 BadRequest', async () => {
    const response = await rawRequest(server.url, {
      path: `/k8s/prod-eks/api/v1/namespaces/${NAMESPACE}/events?fieldSelector=involvedObject.name`,
    });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({
      kind: 'Status',
      reason: 'BadRequest',
    });
  });
});
