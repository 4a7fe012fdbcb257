import {
  SHIPYARD_DEPLOYMENT_ANNOTATIONS,
  SHIPYARD_LABELS,
} from '../scenario/demoOrganisation';
import { commitEntries, toIsoSeconds } from '../scenario/deploymentTags';
import type { ScenarioCluster, ScenarioService } from '../scenario/Scenario';
import { stableHex } from '../scenario/stableHex';
import {
  CRASH_BACKOFF_MS,
  CRASH_EXIT_CODE,
  CRASH_PERIOD_MS,
  crashesBetween,
  isBadImageTag,
} from '../state/crashLoop';
import type { LiveDeployment, TaskView } from '../state/LiveDeployment';
import type { SandboxState } from '../state/SandboxState';
import { KubernetesError } from './KubernetesError';

type Json = any;

const REVISION = 'deployment.kubernetes.io/revision';
const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';

/** How long the API server keeps events (kube-apiserver's default `--event-ttl`). */
const EVENT_TTL_MS = 60 * 60_000;

/** Per state: how often each Deployment was changed through the API, for resourceVersion and generation. */
const mutationCounts = new WeakMap<SandboxState, Map<string, number>>();

/**
 * Per state: the annotations of each Deployment changed through the API (by service id), and
 * the ones each rollout started through the API copied onto its ReplicaSet (by deployment id).
 */
const deploymentAnnotations = new WeakMap<
  SandboxState,
  Map<string, Record<string, string>>
>();
const rolloutAnnotations = new WeakMap<
  SandboxState,
  Map<string, Record<string, string>>
>();
/** Per state: the pod template annotations of each rollout started through the API (by deployment id). */
const templateAnnotations = new WeakMap<
  SandboxState,
  Map<string, Record<string, string>>
>();

function stateMap<T>(
  maps: WeakMap<SandboxState, Map<string, T>>,
  state: SandboxState,
): Map<string, T> {
  let map = maps.get(state);
  if (!map) {
    map = new Map();
    maps.set(state, map);
  }
  return map;
}

interface ReplicaSetRecord {
  name: string;
  hash: string;
  image: string;
  imageTag: string;
  /** Every revision that rolled this template out, oldest first; the last is its revision. */
  revisions: number[];
  createdAt: Date;
  /** The rollout that last used this template. */
  latest: LiveDeployment;
}

/** A pod's container on a `bad` image: killed every CRASH_PERIOD_MS, restarted after a back-off. */
interface ContainerLife {
  ready: boolean;
  restarts: number;
  /** When the container now running started; undefined while pending or backing off. */
  runningSince?: Date;
  lastCrashAt?: Date;
  /** When the container killed last had started. */
  lastRunStartedAt?: Date;
}

function ipFor(key: string, prefix: string): string {
  const hex = stableHex(key, 4);
  return `${prefix}.${parseInt(hex.slice(0, 2), 16)}.${
    parseInt(hex.slice(2, 4), 16) || 1
  }`;
}

/**
 * One EKS cluster's workloads as the Kubernetes API shows them, derived from the sandbox state at
 * request time: a Deployment per EKS service, a ReplicaSet per distinct pod template in its
 * history, pods from the rollout (so ready replicas move as a rollout progresses), a Service per
 * component that serves traffic. Changing a Deployment's template starts a rollout in the state,
 * as UpdateService does on ECS.
 */
export class KubernetesCluster {
  private constructor(
    private readonly cluster: ScenarioCluster,
    private readonly state: SandboxState,
    private readonly now: Date,
  ) {}

  static of(
    cluster: ScenarioCluster,
    state: SandboxState,
    now: Date,
  ): KubernetesCluster {
    return new KubernetesCluster(cluster, state, now);
  }

  services(namespace?: string): ScenarioService[] {
    return this.state.services
      .inCluster(this.cluster.accountId, this.cluster.region, this.cluster.name)
      .filter(s => !namespace || s.namespace === namespace);
  }

  namespaces(): Json[] {
    const names = new Set(['default', 'kube-system']);
    this.services().forEach(s => s.namespace && names.add(s.namespace));
    return [...names].sort().map(name => ({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name,
        uid: this.uid(`namespace/${name}`),
        resourceVersion: '1',
        creationTimestamp: this.cluster.tags
          ? this.clusterCreatedAt()
          : undefined,
        labels: { 'kubernetes.io/metadata.name': name },
      },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    }));
  }

  findService(namespace: string, name: string): ScenarioService {
    const service = this.services(namespace).find(s => s.name === name);
    if (!service) {
      throw KubernetesError.notFound('deployments', name, 'apps');
    }
    return service;
  }

  deployment(service: ScenarioService): Json {
    const view = this.state.services.rollout(service.id, this.now);
    const primary = view.deployments.find(d => d.status === 'PRIMARY');
    const replicaSets = this.replicaSetRecords(service);
    const current = replicaSets.find(r => r.image === primary?.image);
    const mutations = this.mutations(service.id);
    const history = this.state.services.history(service.id);
    const generation = history.length + mutations;
    const desired = view.desiredCount;
    const ready = view.runningCount - this.backingOff(service).total;
    const updated = primary ? primary.runningCount + primary.pendingCount : 0;
    const complete = primary?.rolloutState === 'COMPLETED';
    const progressAt = primary?.updatedAt ?? service.createdAt;
    return {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: service.name,
        namespace: service.namespace,
        uid: this.uid(`deployment/${service.id}`),
        resourceVersion: String(100_000 + history.length * 10 + mutations),
        generation,
        creationTimestamp: iso(service.createdAt),
        labels: this.labels(service),
        annotations: {
          ...this.deploymentAnnotations(service),
          [REVISION]: String(current?.revisions.at(-1) ?? 1),
        },
      },
      spec: {
        replicas: desired,
        selector: { matchLabels: { app: service.name } },
        template: this.template(
          service,
          primary?.image ?? '',
          undefined,
          primary && this.templateAnnotations(primary),
        ),
        strategy: {
          type: 'RollingUpdate',
          rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' },
        },
        revisionHistoryLimit: 10,
        progressDeadlineSeconds: 600,
      },
      status: {
        observedGeneration: generation,
        replicas:
          updated +
          view.deployments
            .filter(d => d.status === 'ACTIVE')
            .reduce((n, d) => n + d.runningCount, 0),
        updatedReplicas: updated,
        readyReplicas: ready,
        availableReplicas: ready,
        unavailableReplicas: desired - ready > 0 ? desired - ready : undefined,
        conditions: [
          {
            type: 'Available',
            status: ready >= Math.ceil(desired * 0.75) ? 'True' : 'False',
            reason:
              ready >= Math.ceil(desired * 0.75)
                ? 'MinimumReplicasAvailable'
                : 'MinimumReplicasUnavailable',
            message:
              ready >= Math.ceil(desired * 0.75)
                ? 'Deployment has minimum availability.'
                : 'Deployment does not have minimum availability.',
            lastUpdateTime: iso(progressAt),
            lastTransitionTime: iso(progressAt),
          },
          {
            type: 'Progressing',
            status: 'True',
            reason: complete ? 'NewReplicaSetAvailable' : 'ReplicaSetUpdated',
            message: complete
              ? `ReplicaSet "${current?.name}" has successfully progressed.`
              : `ReplicaSet "${current?.name}" is progressing.`,
            lastUpdateTime: iso(progressAt),
            lastTransitionTime: iso(primary?.createdAt ?? service.createdAt),
          },
        ],
      },
    };
  }

  replicaSets(service: ScenarioService): Json[] {
    const view = this.state.services.rollout(service.id, this.now);
    const backingOff = this.backingOff(service);
    return this.replicaSetRecords(service).map(record => {
      const running = view.deployments.filter(d => d.image === record.image);
      const desired = running.reduce(
        (n, d) =>
          n + (d.status === 'PRIMARY' ? d.desiredCount : d.runningCount),
        0,
      );
      const ready =
        running.reduce((n, d) => n + d.runningCount, 0) -
        (backingOff.byImage.get(record.image) ?? 0);
      // The deployment controller copies the Deployment's annotations onto the ReplicaSet it
      // rolls out, so each revision keeps who deployed it.
      const annotations: Record<string, string> = {
        ...this.rolloutAnnotations(record.latest),
        [REVISION]: String(record.revisions.at(-1)),
        'deployment.kubernetes.io/desired-replicas': String(view.desiredCount),
        'deployment.kubernetes.io/max-replicas': String(
          Math.ceil(view.desiredCount * 1.25),
        ),
      };
      if (record.revisions.length > 1) {
        annotations[REVISION_HISTORY] = record.revisions.slice(0, -1).join(',');
      }
      return {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name: record.name,
          namespace: service.namespace,
          uid: this.uid(`replicaset/${service.id}/${record.hash}`),
          resourceVersion: String(100_000 + record.revisions.at(-1)! * 10),
          generation: 1,
          creationTimestamp: iso(record.createdAt),
          labels: {
            ...this.podLabels(service),
            'pod-template-hash': record.hash,
          },
          annotations,
          ownerReferences: [
            this.ownerReference(
              'Deployment',
              service.name,
              `deployment/${service.id}`,
            ),
          ],
        },
        spec: {
          replicas: desired,
          selector: {
            matchLabels: {
              app: service.name,
              'pod-template-hash': record.hash,
            },
          },
          template: this.template(
            service,
            record.image,
            record.hash,
            this.templateAnnotations(record.latest),
          ),
        },
        status: {
          replicas: desired,
          fullyLabeledReplicas: desired,
          readyReplicas: ready,
          availableReplicas: ready,
          observedGeneration: 1,
        },
      };
    });
  }

  pods(service: ScenarioService): Json[] {
    const records = this.replicaSetRecords(service);
    return this.state.services
      .tasks(service.id, this.now)
      .filter(t => t.lastStatus !== 'STOPPED')
      .map(task => {
        const rs = records.find(r => r.image === task.deployment.image)!;
        const name = podName(rs, task);
        const running = task.lastStatus === 'RUNNING';
        const uid = this.uid(`pod/${task.id}`);
        // A bad image is OOM-killed now and then and restarts after a back-off.
        const life = this.containerLife(task);
        const containerId = (restarts: number) =>
          `containerd://${stableHex(`container/${task.id}/${restarts}`, 64)}`;
        let state: Json = { waiting: { reason: 'ContainerCreating' } };
        if (life.runningSince) {
          state = { running: { startedAt: iso(life.runningSince) } };
        } else if (running) {
          state = {
            waiting: {
              reason: 'CrashLoopBackOff',
              message: `back-off ${
                CRASH_BACKOFF_MS / 1000
              }s restarting failed container=${service.component} pod=${name}_${
                service.namespace
              }(${uid})`,
            },
          };
        }
        const lastState: Json = life.lastCrashAt
          ? {
              terminated: {
                exitCode: CRASH_EXIT_CODE,
                reason: 'OOMKilled',
                startedAt: iso(life.lastRunStartedAt!),
                finishedAt: iso(life.lastCrashAt),
                containerID: containerId(life.restarts - 1),
              },
            }
          : {};
        const readySince =
          life.runningSince ?? life.lastCrashAt ?? task.createdAt;
        const notReady = {
          reason: 'ContainersNotReady',
          message: `containers with unready status: [${service.component}]`,
        };
        return {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {
            name,
            namespace: service.namespace,
            uid,
            resourceVersion: String(200_000 + task.deployment.revision),
            creationTimestamp: iso(task.createdAt),
            labels: {
              ...this.podLabels(service),
              'pod-template-hash': rs.hash,
            },
            ownerReferences: [
              this.ownerReference(
                'ReplicaSet',
                rs.name,
                `replicaset/${service.id}/${rs.hash}`,
              ),
            ],
          },
          spec: {
            ...this.template(service, rs.image, rs.hash).spec,
            nodeName: nodeNameOf(service, task),
          },
          status: {
            phase: running ? 'Running' : 'Pending',
            conditions: [
              {
                type: 'PodScheduled',
                status: 'True',
                lastTransitionTime: iso(task.createdAt),
              },
              {
                type: 'Ready',
                status: life.ready ? 'True' : 'False',
                ...(life.ready ? {} : notReady),
                lastTransitionTime: iso(readySince),
              },
              {
                type: 'ContainersReady',
                status: life.ready ? 'True' : 'False',
                ...(life.ready ? {} : notReady),
                lastTransitionTime: iso(readySince),
              },
            ],
            hostIP: ipFor(`host/${task.id}`, '10.0'),
            podIP: running ? ipFor(`pod/${task.id}`, '10.1') : undefined,
            startTime: iso(task.createdAt),
            containerStatuses: [
              {
                name: service.component,
                image: rs.image,
                imageID: `${rs.image.split(':')[0]}@sha256:${stableHex(
                  rs.image,
                  64,
                )}`,
                ready: life.ready,
                started: life.ready,
                restartCount: life.restarts,
                state,
                lastState,
                containerID: running
                  ? containerId(
                      life.runningSince ? life.restarts : life.restarts - 1,
                    )
                  : undefined,
              },
            ],
            qosClass: 'Burstable',
          },
        };
      });
  }

  kubernetesService(service: ScenarioService): Json | undefined {
    if (!service.containerPort) {
      return undefined;
    }
    return {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: service.name,
        namespace: service.namespace,
        uid: this.uid(`service/${service.id}`),
        resourceVersion: '1000',
        creationTimestamp: iso(service.createdAt),
        labels: this.labels(service),
      },
      spec: {
        type: 'ClusterIP',
        clusterIP: ipFor(`svc/${service.id}`, '172.20'),
        ports: [
          {
            name: 'http',
            protocol: 'TCP',
            port: 80,
            targetPort: service.containerPort,
          },
        ],
        selector: { app: service.name },
      },
      status: { loadBalancer: {} },
    };
  }

  /**
   * Replaces a Deployment with `updated` (the result of a PUT or of applying a PATCH): a new pod
   * template starts a rollout (a new ReplicaSet revision, or an old one's template again: a
   * rollback), a new replica count scales. Fails like the API server on a stale
   * resourceVersion (409) or an invalid object (422).
   */
  replaceDeployment(service: ScenarioService, updated: Json): Json {
    const current = this.deployment(service);
    const name = service.name;
    const invalid = (field: string, detail: string): never => {
      throw new KubernetesError(
        422,
        'Invalid',
        `Deployment.apps "${name}" is invalid: ${field}: ${detail}`,
        {
          name,
          group: 'apps',
          kind: 'Deployment',
        },
      );
    };
    if (
      typeof updated !== 'object' ||
      updated === null ||
      Array.isArray(updated)
    ) {
      throw new KubernetesError(
        400,
        'BadRequest',
        'the body of the request must be a Deployment',
      );
    }
    if (
      updated.metadata?.name !== undefined &&
      updated.metadata.name !== name
    ) {
      throw new KubernetesError(
        400,
        'BadRequest',
        `the name of the object (${updated.metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    const version = updated.metadata?.resourceVersion;
    if (
      version !== undefined &&
      version !== '' &&
      version !== current.metadata.resourceVersion
    ) {
      throw new KubernetesError(
        409,
        'Conflict',
        `Operation cannot be fulfilled on deployments.apps "${name}": the object has been modified; please apply your changes to the latest version and try again`,
        { name, group: 'apps', kind: 'deployments' },
      );
    }
    const replicas = updated.spec?.replicas ?? current.spec.replicas;
    if (!Number.isInteger(replicas) || replicas < 0) {
      invalid(
        'spec.replicas',
        `Invalid value: ${JSON.stringify(
          replicas,
        )}: must be greater than or equal to 0`,
      );
    }
    if (
      JSON.stringify(updated.spec?.selector) !==
      JSON.stringify(current.spec.selector)
    ) {
      invalid(
        'spec.selector',
        `Invalid value: ${JSON.stringify(
          updated.spec?.selector,
        )}: field is immutable`,
      );
    }
    const containers = updated.spec?.template?.spec?.containers;
    if (!Array.isArray(containers) || containers.length === 0) {
      invalid('spec.template.spec.containers', 'Required value');
    }
    const index = Math.max(
      0,
      containers.findIndex((c: Json) => c?.name === service.component),
    );
    const image = containers[index]?.image;
    if (typeof image !== 'string' || image.trim() === '') {
      invalid(
        `spec.template.spec.containers[${index}].image`,
        'Required value',
      );
    }
    const labels = updated.spec?.template?.metadata?.labels ?? {};
    if (labels.app !== service.name) {
      invalid(
        'spec.template.metadata.labels',
        `Invalid value: ${JSON.stringify(
          labels,
        )}: \`selector\` does not match template \`labels\``,
      );
    }

    let changed = false;
    if (replicas !== current.spec.replicas) {
      this.state.services.setDesiredCount(service.id, replicas);
      changed = true;
    }
    // What the client keeps in the Deployment's annotations (the pipeline's deployed-by and
    // -at); the revision is the controller's.
    const { [REVISION]: _revision, ...annotations } =
      updated.metadata?.annotations ?? {};
    const { [REVISION]: _currentRevision, ...currentAnnotations } =
      current.metadata.annotations;
    if (!sameEntries(annotations, currentAnnotations)) {
      stateMap(deploymentAnnotations, this.state).set(service.id, {
        ...annotations,
      });
      changed = true;
    }
    const templateChanged =
      image !== current.spec.template.spec.containers[0].image ||
      !sameEntries(
        updated.spec?.template?.metadata?.annotations ?? {},
        current.spec.template.metadata.annotations ?? {},
      );
    if (templateChanged) {
      const history = this.state.services.history(service.id);
      const started = this.state.services.startDeployment(
        service.id,
        {
          revision: Math.max(0, ...history.map(d => d.revision)) + 1,
          image,
          imageTag: imageTagOf(image),
          reason: 'update',
          deployedBy: annotations[SHIPYARD_DEPLOYMENT_ANNOTATIONS.deployedBy],
        },
        this.now,
      );
      stateMap(rolloutAnnotations, this.state).set(started.id, {
        ...annotations,
      });
      stateMap(templateAnnotations, this.state).set(started.id, {
        ...updated.spec?.template?.metadata?.annotations,
      });
    } else if (changed) {
      const counts =
        mutationCounts.get(this.state) ?? new Map<string, number>();
      counts.set(service.id, (counts.get(service.id) ?? 0) + 1);
      mutationCounts.set(this.state, counts);
    }
    return this.deployment(service);
  }

  /**
   * The Deployment's events and its pods' of the last hour (the API server's event TTL), derived
   * from the rollouts: the deployment controller scaling ReplicaSets, the scheduler and kubelet
   * starting pods, and kubelet backing off from containers that keep crashing.
   */
  events(service: ScenarioService): Json[] {
    const now = this.now.getTime();
    const cutoff = now - EVENT_TTL_MS;
    const rolloutMs = this.state.rolloutSeconds * 1000;
    const events: Json[] = [];
    const deploymentRef = {
      kind: 'Deployment',
      namespace: service.namespace,
      name: service.name,
      uid: this.uid(`deployment/${service.id}`),
      apiVersion: 'apps/v1',
    };
    const add = (
      involvedObject: Json,
      event: {
        type: 'Normal' | 'Warning';
        reason: string;
        message: string;
        source: { component: string; host?: string };
        first: Date;
        last?: Date;
        count?: number;
      },
    ) => {
      const last = event.last ?? event.first;
      if (last.getTime() < cutoff || event.first.getTime() > now) {
        return;
      }
      const key = `${involvedObject.uid}/${event.reason}/${
        event.message
      }/${event.first.getTime()}`;
      events.push({
        apiVersion: 'v1',
        kind: 'Event',
        metadata: {
          name: `${involvedObject.name}.${stableHex(`event/${key}`, 16)}`,
          namespace: service.namespace,
          uid: this.uid(`event/${key}`),
          resourceVersion: String(
            300_000 + (Math.floor(last.getTime() / 1000) % 100_000),
          ),
          creationTimestamp: iso(event.first),
        },
        involvedObject,
        reason: event.reason,
        message: event.message,
        source: event.source,
        firstTimestamp: iso(event.first),
        lastTimestamp: iso(last),
        count: event.count ?? 1,
        type: event.type,
        eventTime: null,
        reportingComponent: event.source.component,
        reportingInstance: event.source.host ?? '',
      });
    };

    const records = this.replicaSetRecords(service);
    const rsOf = (d: LiveDeployment) => records.find(r => r.image === d.image)!;
    const history = this.state.services
      .history(service.id)
      .filter(d => d.createdAt.getTime() <= now);
    const desired = this.state.services.desiredCount(service.id);
    history.forEach((d, i) => {
      const previous = history[i - 1];
      const next = history[i + 1];
      const controller = { component: 'deployment-controller' };
      add(deploymentRef, {
        type: 'Normal',
        reason: 'ScalingReplicaSet',
        message: `Scaled up replica set ${rsOf(d).name} to ${desired} from 0`,
        source: controller,
        first: d.createdAt,
      });
      const completedAt = new Date(d.createdAt.getTime() + rolloutMs);
      if (
        previous &&
        rsOf(previous) !== rsOf(d) &&
        (!next || next.createdAt >= completedAt)
      ) {
        add(deploymentRef, {
          type: 'Normal',
          reason: 'ScalingReplicaSet',
          message: `Scaled down replica set ${
            rsOf(previous).name
          } to 0 from ${desired}`,
          source: controller,
          first: completedAt,
        });
      }
    });

    for (const task of this.state.services.tasks(service.id, this.now)) {
      if (task.lastStatus === 'STOPPED') {
        continue;
      }
      const rs = rsOf(task.deployment);
      const name = podName(rs, task);
      const host = nodeNameOf(service, task);
      const pod = {
        kind: 'Pod',
        namespace: service.namespace,
        name,
        uid: this.uid(`pod/${task.id}`),
        apiVersion: 'v1',
      };
      const container = {
        ...pod,
        fieldPath: `spec.containers{${service.component}}`,
      };
      const kubelet = { component: 'kubelet', host };
      add(pod, {
        type: 'Normal',
        reason: 'Scheduled',
        message: `Successfully assigned ${service.namespace}/${name} to ${host}`,
        source: { component: 'default-scheduler' },
        first: task.createdAt,
      });
      add(container, {
        type: 'Normal',
        reason: 'Pulling',
        message: `Pulling image "${rs.image}"`,
        source: kubelet,
        first: task.createdAt,
      });
      if (!task.startedAt) {
        continue;
      }
      for (const [reason, message] of [
        ['Pulled', `Successfully pulled image "${rs.image}"`],
        ['Created', `Created container ${service.component}`],
        ['Started', `Started container ${service.component}`],
      ]) {
        add(container, {
          type: 'Normal',
          reason,
          message,
          source: kubelet,
          first: task.startedAt,
        });
      }
      const life = this.containerLife(task);
      if (life.lastCrashAt) {
        add(container, {
          type: 'Warning',
          reason: 'BackOff',
          message: `Back-off restarting failed container ${service.component} in pod ${name}_${service.namespace}(${pod.uid})`,
          source: kubelet,
          first: new Date(task.startedAt.getTime() + CRASH_PERIOD_MS),
          last: life.lastCrashAt,
          count: life.restarts,
        });
      }
    }
    return events.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  }

  /** A pod's container at `now`: on a `bad` image, killed every CRASH_PERIOD_MS, then backing off. */
  private containerLife(task: TaskView): ContainerLife {
    if (task.lastStatus !== 'RUNNING' || !task.startedAt) {
      return { ready: false, restarts: 0 };
    }
    const start = task.startedAt.getTime();
    const restarts = isBadImageTag(task.deployment.imageTag)
      ? crashesBetween(task.startedAt, this.now)
      : 0;
    if (restarts === 0) {
      return { ready: true, restarts, runningSince: task.startedAt };
    }
    const lastCrashAt = start + restarts * CRASH_PERIOD_MS;
    const restartedAt = lastCrashAt + CRASH_BACKOFF_MS;
    const lastRunStartedAt =
      restarts === 1
        ? start
        : start + (restarts - 1) * CRASH_PERIOD_MS + CRASH_BACKOFF_MS;
    const running = this.now.getTime() >= restartedAt;
    return {
      ready: running,
      restarts,
      runningSince: running ? new Date(restartedAt) : undefined,
      lastCrashAt: new Date(lastCrashAt),
      lastRunStartedAt: new Date(lastRunStartedAt),
    };
  }

  /** How many running pods are in CrashLoopBackOff (not ready), in all and per image. */
  private backingOff(service: ScenarioService): {
    total: number;
    byImage: Map<string, number>;
  } {
    const byImage = new Map<string, number>();
    let total = 0;
    const view = this.state.services.rollout(service.id, this.now);
    if (view.deployments.some(d => isBadImageTag(d.imageTag))) {
      for (const task of this.state.services.tasks(service.id, this.now)) {
        if (task.lastStatus === 'RUNNING' && !this.containerLife(task).ready) {
          byImage.set(
            task.deployment.image,
            (byImage.get(task.deployment.image) ?? 0) + 1,
          );
          total += 1;
        }
      }
    }
    return { total, byImage };
  }

  /**
   * The annotations a client keeps on the Deployment: as last written through the API, else
   * what the pipeline wrote with the scenario's last deployment.
   */
  private deploymentAnnotations(
    service: ScenarioService,
  ): Record<string, string> {
    const written = deploymentAnnotations.get(this.state)?.get(service.id);
    if (written) {
      return written;
    }
    const last = this.state.services
      .history(service.id)
      .filter(d => d.createdAt <= this.now && d.deployedBy)
      .at(-1);
    return last ? pipelineAnnotations(last) : {};
  }

  /** What a rollout copied from the Deployment's annotations onto its ReplicaSet. */
  private rolloutAnnotations(
    deployment: LiveDeployment,
  ): Record<string, string> {
    const written = rolloutAnnotations.get(this.state)?.get(deployment.id);
    if (written) {
      return written;
    }
    return deployment.deployedBy ? pipelineAnnotations(deployment) : {};
  }

  /**
   * The pod template annotations of a rollout: as written through the API, else the commit the
   * scenario's pipeline put on the template.
   */
  private templateAnnotations(
    deployment: LiveDeployment,
  ): Record<string, string> {
    return (
      templateAnnotations.get(this.state)?.get(deployment.id) ??
      commitEntries(SHIPYARD_DEPLOYMENT_ANNOTATIONS, deployment)
    );
  }

  private mutations(serviceId: string): number {
    return mutationCounts.get(this.state)?.get(serviceId) ?? 0;
  }

  /** ReplicaSets, one per distinct image, oldest first; a rollback re-uses the older one. */
  private replicaSetRecords(service: ScenarioService): ReplicaSetRecord[] {
    const byImage = new Map<string, ReplicaSetRecord>();
    const history: readonly LiveDeployment[] = this.state.services.history(
      service.id,
    );
    for (const d of history) {
      if (d.createdAt > this.now) {
        continue;
      }
      let record = byImage.get(d.image);
      if (!record) {
        const hash = podTemplateHash(d.image);
        record = {
          name: `${service.name}-${hash}`,
          hash,
          image: d.image,
          imageTag: d.imageTag,
          revisions: [],
          createdAt: d.createdAt,
          latest: d,
        };
        byImage.set(d.image, record);
      }
      record.revisions.push(d.revision);
      record.latest = d;
    }
    return [...byImage.values()].sort(
      (a, b) => a.revisions.at(-1)! - b.revisions.at(-1)!,
    );
  }

  private labels(service: ScenarioService): Record<string, string> {
    return {
      app: service.name,
      'app.kubernetes.io/name': service.name,
      'backstage.io/kubernetes-id': service.component,
      [SHIPYARD_LABELS.component]: service.component,
      [SHIPYARD_LABELS.environment]: service.environment,
      [SHIPYARD_LABELS.owner]: service.owner,
      [SHIPYARD_LABELS.system]: service.system,
    };
  }

  private podLabels(service: ScenarioService): Record<string, string> {
    return this.labels(service);
  }

  private template(
    service: ScenarioService,
    image: string,
    hash?: string,
    annotations?: Record<string, string>,
  ): Json {
    return {
      metadata: {
        labels: hash
          ? { ...this.podLabels(service), 'pod-template-hash': hash }
          : this.podLabels(service),
        ...(annotations && Object.keys(annotations).length > 0
          ? { annotations }
          : {}),
      },
      spec: {
        containers: [
          {
            name: service.component,
            image,
            ports: service.containerPort
              ? [
                  {
                    name: 'http',
                    containerPort: service.containerPort,
                    protocol: 'TCP',
                  },
                ]
              : undefined,
            resources: {
              requests: {
                cpu: `${service.cpu}m`,
                memory: `${service.memory}Mi`,
              },
              limits: { memory: `${service.memory}Mi` },
            },
          },
        ],
        serviceAccountName: service.component,
        restartPolicy: 'Always',
        terminationGracePeriodSeconds: 30,
      },
    };
  }

  private ownerReference(kind: string, name: string, key: string) {
    return {
      apiVersion: 'apps/v1',
      kind,
      name,
      uid: this.uid(key),
      controller: true,
      blockOwnerDeletion: true,
    };
  }

  private uid(key: string): string {
    const hex = stableHex(`${this.cluster.arn}/${key}`, 32);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(
      12,
      16,
    )}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  }

  private clusterCreatedAt(): string {
    const first = this.services()
      .map(s => s.createdAt.getTime())
      .reduce((a, b) => Math.min(a, b), this.now.getTime());
    return iso(new Date(first - 86_400_000));
  }
}

/** Kubernetes timestamps are RFC 3339 to the second. */
function iso(date: Date): string {
  return toIsoSeconds(date);
}

/** What the pipeline writes on a Deployment when it deploys (and so on the ReplicaSet). */
function pipelineAnnotations(
  deployment: LiveDeployment,
): Record<string, string> {
  return {
    [SHIPYARD_DEPLOYMENT_ANNOTATIONS.deployedBy]: deployment.deployedBy!,
    [SHIPYARD_DEPLOYMENT_ANNOTATIONS.deployedAt]: toIsoSeconds(
      deployment.createdAt,
    ),
    ...commitEntries(SHIPYARD_DEPLOYMENT_ANNOTATIONS, deployment),
  };
}

function sameEntries(
  a: Record<string, unknown>,
  b: Record<string, unknown>,
): boolean {
  const entries = (o: Record<string, unknown>) =>
    JSON.stringify(Object.entries(o).sort(([x], [y]) => (x < y ? -1 : 1)));
  return entries(a) === entries(b);
}

function podName(rs: { name: string }, task: TaskView): string {
  return `${rs.name}-${task.id.slice(0, 5)}`;
}

function nodeNameOf(service: ScenarioService, task: TaskView): string {
  return `ip-${ipFor(task.id, '10.0').replace(/\./g, '-')}.${
    service.region
  }.compute.internal`;
}

/** Kubernetes derives the hash from the pod template; the image is what differs here. */
function podTemplateHash(image: string): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  const hex = stableHex(`template/${image}`, 20);
  let out = '';
  for (let i = 0; i < 10; i++) {
    out +=
      alphabet[parseInt(hex.slice(i * 2, i * 2 + 2), 16) % alphabet.length];
  }
  return out;
}

function imageTagOf(image: string): string {
  const name = image.split('@')[0];
  const last = name.slice(name.lastIndexOf('/') + 1);
  const colon = last.indexOf(':');
  return colon >= 0 ? last.slice(colon + 1) : 'latest';
}
