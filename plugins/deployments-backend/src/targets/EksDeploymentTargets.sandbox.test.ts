import {
  mockServices,
  ServiceFactoryTester,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ConflictError, InputError } from '@backstage/errors';
import {
  DefaultAwsCallCounter,
  DefaultAwsClientFactory,
  DefaultKubernetesDeploymentWriter,
  DefaultKubernetesReader,
  DefaultResourceLocator,
  DefaultShipyardEnvironments,
  KubernetesDeploymentWriter,
  PatchDeploymentRequest,
  readShipyardTagKeys,
  ShipyardComponent,
} from '@internal/plugin-aws-node';
import {
  createSandboxServer,
  CRASH_BACKOFF_MS,
  CRASH_EXIT_CODE,
  CRASH_PERIOD_MS,
  deploymentTags,
  sandboxPortalConfig,
  SandboxServer,
} from 'sandbox';
import { StoredRevision } from '../database/DeploymentsStore';
import { CollectedEnvironment } from './DeploymentTargets';
import { EksDeploymentTargets } from './EksDeploymentTargets';

const NAME = 'freight-quote-api';
const NAMESPACE = 'team-freight';
const TARGET = `eks:prod-eks/${NAMESPACE}/${NAME}`;
const k8sRef = {
  environment: 'prod',
  cluster: 'prod-eks',
  namespace: NAMESPACE,
  name: NAME,
};

function component(
  name: string,
  extra: Partial<ShipyardComponent> & {
    runtime?: 'ecs' | 'eks';
    environments?: string[];
  } = {},
): ShipyardComponent {
  const { runtime = 'eks', environments, ...rest } = extra;
  return {
    ref: `component:default/${name}`,
    annotations: {
      runtime,
      componentTagValue: name,
      ...(environments ? { environments } : {}),
    },
    owner: 'group:default/team-freight',
    system: 'system:default/freight-marketplace',
    ...rest,
  };
}

const noneKnown = async (_ids: string[]) => new Set<string>();
const newestFirst = (revisions: StoredRevision[]) =>
  [...revisions].sort(
    (a, b) => Number(b.revision.revision) - Number(a.revision.revision),
  );

describe('EksDeploymentTargets against the sandbox', () => {
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
      wrapWriter?: (
        writer: KubernetesDeploymentWriter,
      ) => KubernetesDeploymentWriter;
    } = {},
  ) {
    now = new Date('2026-03-02T09:30:00Z');
    server = await createSandboxServer({
      port: 0,
      now: () => now,
      rolloutSeconds: 20,
    });
    const config = new ConfigReader(
      sandboxPortalConfig(server, { maxAttempts: 3 }),
    );
    const counter = DefaultAwsCallCounter.create();
    const clientFactory = DefaultAwsClientFactory.fromConfig(config, {
      counter,
    });
    destroy = () => clientFactory.destroy();
    const environments = DefaultShipyardEnvironments.fromConfig(config);
    const deps = { environments, clientFactory, counter };
    const reader = DefaultKubernetesReader.fromConfig(config, deps);
    const writer = DefaultKubernetesDeploymentWriter.fromConfig(config, deps);
    const cache = await ServiceFactoryTester.from(
      mockServices.cache.factory(),
    ).getSubject('deployments');
    const locator = DefaultResourceLocator.fromConfig(config, {
      ...deps,
      cache,
      kubernetes: reader,
    });
    const targets = EksDeploymentTargets.create({
      environments,
      locator,
      reader,
      writer: options.wrapWriter?.(writer) ?? writer,
      tagKeys: readShipyardTagKeys(config),
    });
    return { targets, reader, writer };
  }

  const scenarioService = (environment = 'prod') =>
    server.scenario.findServices({ component: NAME, environment })[0];

  const collectProd = (
    targets: EksDeploymentTargets,
    components = [component(NAME)],
    knownRevisionIds: (ids: string[]) => Promise<Set<string>> = noneKnown,
  ) => targets.collect({ environment: 'prod', components, knownRevisionIds });

  it("collects freight-quote-api's Deployment in prod: running image, counts, rollout, events", async () => {
    const { targets } = await start();
    const service = scenarioService();
    const latest = service.deployments.at(-1)!;
    const collected = await collectProd(targets, [
      component(NAME),
      component('checkout-api', { runtime: 'ecs' }),
      component('carrier-matching-worker', { environments: ['dev'] }),
    ]);

    expect(collected.targets).toHaveLength(1);
    const [stored] = collected.targets;
    expect(stored).toEqual({
      entityRef: `component:default/${NAME}`,
      owner: 'group:default/team-freight',
      environment: 'prod',
      collectedAt: expect.any(Date),
      target: expect.objectContaining({
        id: TARGET,
        kind: 'eks-deployment',
        cluster: 'prod-eks',
        namespace: NAMESPACE,
        name: NAME,
        accountId: service.accountId,
        region: 'eu-west-1',
        rolloutState: 'COMPLETED',
        rolloutReason: expect.stringContaining('has successfully progressed'),
        desiredCount: service.desiredCount,
        runningCount: service.desiredCount,
        pendingCount: 0,
        history: [],
        failures: [],
      }),
    });
    const { target } = stored;
    expect(target.mismatches).toBeUndefined();
    expect(target.running).toEqual(
      expect.objectContaining({
        id: expect.stringMatching(
          new RegExp(`^eks:prod-eks/${NAMESPACE}/${NAME}-[a-z0-9]{10}$`),
        ),
        revision: String(latest.revision),
        image: latest.image,
        imageTag: latest.imageTag,
        cpu: `${service.cpu}m`,
        memory: `${service.memory}Mi`,
        deployedBy: latest.deployedBy,
        deployedAt: new Date(
          deploymentTags(latest)['shipyard:deployed-at'],
        ).toISOString(),
      }),
    );
    // The last deployment was more than the API server's hour of events ago.
    expect(target.events).toEqual([]);
  });

  it('collects one revision per ReplicaSet with its pod template, and the deployments with who, when and the commit', async () => {
    const { targets } = await start();
    const history = scenarioService().deployments;
    const collected = await collectProd(targets);

    const images = new Set(history.map(d => d.image));
    expect(collected.revisions).toHaveLength(images.size);
    for (const stored of collected.revisions) {
      const last = history
        .filter(d => d.image === stored.revision.image)
        .at(-1)!;
      expect(stored).toEqual({
        targetId: TARGET,
        family: `${NAMESPACE}/${NAME}`,
        revision: expect.objectContaining({
          revision: String(last.revision),
          deployedBy: last.deployedBy,
          // The commit from the pod template's annotations, not a guess
          // from the image tag.
          gitSha: last.commitSha,
          committedAt: last.committedAt.toISOString(),
        }),
        spec: { environment: [], secrets: [], podTemplate: expect.anything() },
      });
      const template = stored.spec.podTemplate as any;
      expect(template.spec.containers[0].image).toBe(stored.revision.image);
      expect(template.metadata.labels).not.toHaveProperty('pod-template-hash');
      expect(template.metadata.labels).toMatchObject({
        app: NAME,
        'shipyard.io/environment': 'prod',
      });
    }

    expect(collected.deployments).toHaveLength(images.size);
    for (const deployment of collected.deployments) {
      const revision = collected.revisions.find(
        r => r.revision.id === deployment.revision.id,
      )!;
      expect(deployment).toEqual({
        id: expect.stringMatching(/^[0-9a-f]{64}$/),
        entityRef: `component:default/${NAME}`,
        owner: 'group:default/team-freight',
        environment: 'prod',
        targetId: TARGET,
        revision: revision.revision,
        deployedAt: new Date(revision.revision.deployedAt!),
        deployedBy: revision.revision.deployedBy,
        committedAt: new Date(revision.revision.committedAt!),
      });
      expect(deployment.committedAt!.getTime()).toBeLessThan(
        deployment.deployedAt.getTime(),
      );
    }
  });

  it('emits no revisions once every id is known, and the same deployment ids again', async () => {
    const { targets } = await start();
    const first = await collectProd(targets);
    const asked: string[][] = [];
    const second = await collectProd(targets, undefined, async ids => {
      asked.push(ids);
      return new Set(ids);
    });
    expect(asked).toEqual([first.revisions.map(r => r.revision.id)]);
    expect(second.revisions).toEqual([]);
    expect(second.deployments.map(d => d.id).sort()).toEqual(
      first.deployments.map(d => d.id).sort(),
    );
    expect(second.targets).toHaveLength(1);
  });

  it('names revisions by cluster, since clusters running the same template share ReplicaSet names', async () => {
    const { targets } = await start();
    const collect = (environment: string) =>
      targets.collect({
        environment,
        components: [component(NAME)],
        knownRevisionIds: noneKnown,
      });
    const [dev, staging] = await Promise.all([
      collect('dev'),
      collect('staging'),
    ]);
    const rsName = (r: StoredRevision) => r.revision.id.split('/').at(-1);
    expect(dev.revisions.map(rsName).sort()).toEqual(
      staging.revisions.map(rsName).sort(),
    );
    const devIds = new Set(dev.revisions.map(r => r.revision.id));
    expect(staging.revisions.some(r => devIds.has(r.revision.id))).toBe(false);
    expect(staging.revisions[0].revision.id).toMatch(/^eks:staging-eks\//);
  });

  it('shows the owner label that differs from the entity as a mismatch, under the tag key', async () => {
    const { targets } = await start();
    const collected = await collectProd(targets, [
      component(NAME, { owner: 'group:default/team-payments' }),
    ]);
    expect(collected.targets[0].target.mismatches).toEqual([
      {
        tag: 'shipyard:owner',
        expected: 'team-payments',
        actual: 'team-freight',
      },
    ]);
  });

  it('reads the Deployment live with its link labels as tags', async () => {
    const { targets } = await start();
    const live = await targets.readLive({
      environment: 'prod',
      targetId: TARGET,
    });
    expect(live).toEqual({
      target: expect.objectContaining({
        id: TARGET,
        rolloutState: 'COMPLETED',
        running: expect.objectContaining({
          image: scenarioService().deployments.at(-1)!.image,
        }),
        events: [],
        failures: [],
      }),
      tags: {
        'shipyard:component': NAME,
        'shipyard:environment': 'prod',
        'shipyard:owner': 'team-freight',
        'shipyard:system': 'freight-marketplace',
      },
      family: `${NAMESPACE}/${NAME}`,
      cluster: 'prod-eks',
    });
  });

  it('refuses to read a target in a cluster that is not of the environment', async () => {
    const { targets } = await start();
    const error = await targets
      .readLive({
        environment: 'prod',
        targetId: `eks:staging-eks/${NAMESPACE}/${NAME}`,
      })
      .catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      'EKS cluster staging-eks is not a cluster of environment prod (its clusters: prod-eks)',
    );
    expect(targets.handles(TARGET)).toBe(true);
    expect(targets.handles('arn:aws:ecs:eu-west-1:1:service/prod-apps/x')).toBe(
      false,
    );
  });

  it('rolls back to an older ReplicaSet: the rollout runs, then the old image runs, deployed by the requester, with its commit', async () => {
    const { targets, reader } = await start();
    const collected = await collectProd(targets);
    const [, previous] = newestFirst(collected.revisions);

    await targets.rollback({
      environment: 'prod',
      targetId: TARGET,
      to: previous,
      requestedBy: 'user:default/sam.okafor',
    });
    const rolling = await targets.readLive({
      environment: 'prod',
      targetId: TARGET,
    });
    expect(rolling.target.rolloutState).toBe('IN_PROGRESS');

    now = new Date(now.getTime() + 30_000);
    const after = await collectProd(targets);
    const { target } = after.targets[0];
    expect(target.rolloutState).toBe('COMPLETED');
    expect(target.running).toEqual(
      expect.objectContaining({
        id: previous.revision.id,
        image: previous.revision.image,
        revision: String(
          Number(newestFirst(collected.revisions)[0].revision.revision) + 1,
        ),
        deployedBy: 'user:default/sam.okafor',
        gitSha: previous.revision.gitSha,
        committedAt: previous.revision.committedAt,
      }),
    );
    expect(previous.revision.gitSha).not.toBe(
      newestFirst(collected.revisions)[0].revision.gitSha,
    );
    const { annotations } = (await reader.getDeployment(k8sRef)).metadata;
    expect(annotations['shipyard.io/commit-sha']).toBe(
      previous.revision.gitSha,
    );
    expect(target.events.length).toBeGreaterThan(0);
    expect(target.events.length).toBeLessThanOrEqual(10);
    const times = target.events.map(e => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    // The Deployment's events and its pods', the newest ten.
    const replaced = newestFirst(collected.revisions)[0].revision.id;
    expect(target.events.map(e => e.message)).toEqual(
      expect.arrayContaining([
        `Scaled down replica set ${replaced.split('/').at(-1)} to 0 from ${
          target.desiredCount
        }`,
        `Started container ${NAME}`,
      ]),
    );
    const rolledBack = after.deployments.find(
      d => d.deployedBy === 'user:default/sam.okafor',
    );
    // A rollback re-uses a known ReplicaSet, yet is a new deployment: the
    // ReplicaSet now carries the rollback's deployed-at; the others are as before.
    expect(rolledBack?.revision.id).toBe(previous.revision.id);
    const before = collected.deployments.map(d => d.id);
    expect(before).not.toContain(rolledBack!.id);
    expect(after.deployments.map(d => d.id)).toEqual(
      expect.arrayContaining(
        collected.deployments
          .filter(d => d.revision.id !== previous.revision.id)
          .map(d => d.id),
      ),
    );
  });

  it("rolls back to a template without a recorded commit: the Deployment's commit annotations go, rather than name the newer commit", async () => {
    const { targets, reader } = await start();
    const [current, previous] = newestFirst(
      (await collectProd(targets)).revisions,
    );
    const before = await reader.getDeployment(k8sRef);
    expect(before.metadata.annotations['shipyard.io/commit-sha']).toBe(
      current.revision.gitSha,
    );
    // A revision deployed before the pipeline recorded commits.
    const template = structuredClone(previous.spec.podTemplate) as any;
    delete template.metadata.annotations;

    await targets.rollback({
      environment: 'prod',
      targetId: TARGET,
      to: { ...previous, spec: { ...previous.spec, podTemplate: template } },
      requestedBy: 'user:default/sam.okafor',
    });

    const { annotations } = (await reader.getDeployment(k8sRef)).metadata;
    expect(annotations).not.toHaveProperty('shipyard.io/commit-sha');
    expect(annotations).not.toHaveProperty('shipyard.io/committed-at');
    expect(annotations['shipyard.io/deployed-by']).toBe(
      'user:default/sam.okafor',
    );
  });

  it('sends the whole stored template with the Deployment resourceVersion, and a concurrent change gives ConflictError', async () => {
    const sent: PatchDeploymentRequest[] = [];
    const { targets, reader } = await start({
      wrapWriter: writer => ({
        async patchDeployment(request, options) {
          sent.push(request);
          // Someone scales the Deployment between our read and our patch.
          await writer.patchDeployment({
            ...k8sRef,
            patch: { spec: { replicas: 6 } },
          });
          return writer.patchDeployment(request, options);
        },
      }),
    });
    const [, previous] = newestFirst((await collectProd(targets)).revisions);
    const before = await reader.getDeployment(k8sRef);

    const error = await targets
      .rollback({
        environment: 'prod',
        targetId: TARGET,
        to: previous,
        requestedBy: 'user:default/sam.okafor',
      })
      .catch(e => e);
    expect(error).toBeInstanceOf(ConflictError);
    const after = await reader.getDeployment(k8sRef);
    expect(after.spec.replicas).toBe(6);
    expect((after.spec.template as any).spec.containers[0].image).toBe(
      (before.spec.template as any).spec.containers[0].image,
    );

    const { patch } = sent[0] as any;
    const stored = previous.spec.podTemplate as any;
    expect(patch.metadata).toEqual({
      resourceVersion: before.metadata.resourceVersion,
      annotations: {
        'shipyard.io/deployed-by': 'user:default/sam.okafor',
        'shipyard.io/deployed-at': expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        // The Deployment's commit follows the template back.
        'shipyard.io/commit-sha': previous.revision.gitSha,
        'shipyard.io/committed-at':
          stored.metadata.annotations['shipyard.io/committed-at'],
      },
    });
    const { $patch, metadata, ...rest } = patch.spec.template;
    expect($patch).toBe('replace');
    // The template is the stored one: who and when go on the Deployment only.
    expect(metadata.annotations).toEqual(stored.metadata.annotations);
    expect(metadata.labels).toEqual(stored.metadata.labels);
    expect(rest).toEqual({ spec: stored.spec });
  });

  it('refuses a revision of another Deployment, of the same Deployment in another cluster, or without a pod template', async () => {
    const { targets, reader } = await start();
    const worker = await collectProd(targets, [
      component('carrier-matching-worker'),
    ]);
    const staging = await targets.collect({
      environment: 'staging',
      components: [component(NAME)],
      knownRevisionIds: noneKnown,
    });
    const [current] = newestFirst((await collectProd(targets)).revisions);
    const before = await reader.getDeployment(k8sRef);

    const attempts: [StoredRevision, RegExp][] = [
      [
        worker.revisions[0],
        /is of Deployment team-freight\/carrier-matching-worker .*not of team-freight\/freight-quote-api/,
      ],
      [
        staging.revisions[0],
        /\(eks:staging-eks\/.*not of team-freight\/freight-quote-api/,
      ],
      [
        { ...current, spec: { environment: [], secrets: [] } },
        /has no stored pod template/,
      ],
    ];
    for (const [to, message] of attempts) {
      const error = await targets
        .rollback({
          environment: 'prod',
          targetId: TARGET,
          to,
          requestedBy: 'user:default/sam.okafor',
        })
        .catch(e => e);
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toMatch(message);
    }
    const after = await reader.getDeployment(k8sRef);
    expect(after.metadata.resourceVersion).toBe(
      before.metadata.resourceVersion,
    );
  });

  it('shows the crash-looping pods of a bad image with container, exit code and revision', async () => {
    const { targets, writer } = await start();
    const service = scenarioService();
    const badImage = `${service.accountId}.dkr.ecr.eu-west-1.amazonaws.com/${NAME}:9.9.9-bad`;
    await writer.patchDeployment({
      ...k8sRef,
      patch: {
        metadata: {
          annotations: {
            'shipyard.io/deployed-by': 'jonas.weber',
            'shipyard.io/deployed-at': '2026-03-02T09:30:00Z',
          },
        },
        spec: {
          template: { spec: { containers: [{ name: NAME, image: badImage }] } },
        },
      },
    });
    // Past the rollout and the last pod's first crash, within its back-off.
    now = new Date(
      now.getTime() + 20_000 + CRASH_PERIOD_MS + CRASH_BACKOFF_MS / 2,
    );
    const collected: CollectedEnvironment = await collectProd(targets);
    const { target } = collected.targets[0];

    expect(target.running?.image).toBe(badImage);
    expect(target.rolloutState).toBe('IN_PROGRESS');
    expect(target.runningCount).toBeLessThan(target.desiredCount);
    expect(target.failures.length).toBeGreaterThan(0);
    for (const failure of target.failures) {
      expect(failure).toEqual({
        id: expect.stringMatching(new RegExp(`^${NAME}-`)),
        at: expect.any(String),
        reason: 'CrashLoopBackOff, last terminated: OOMKilled',
        container: NAME,
        exitCode: CRASH_EXIT_CODE,
        revision: target.running!.revision,
      });
    }
    expect(target.events.map(e => e.message)).toContainEqual(
      expect.stringContaining('Back-off restarting failed container'),
    );
  });
});
