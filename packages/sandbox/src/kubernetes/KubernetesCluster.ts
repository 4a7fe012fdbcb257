import type { ScenarioCluster, ScenarioService } from '../scenario/Scenario';
import { stableHex } from '../scenario/stableHex';
import type { LiveDeployment } from '../state/LiveDeployment';
import type { SandboxState } from '../state/SandboxState';
import { KubernetesError } from './KubernetesError';

type Json = any;

const REVISION = 'deployment.kubernetes.io/revision';
const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';

/** Per state: how often each Deployment was changed through the API, for resourceVersion and generation. */
const mutationCounts = new WeakMap<SandboxState, Map<string, number>>();

interface ReplicaSetRecord {
  name: string;
  hash: string;
  image: string;
  imageTag: string;
  /** Every revision that rolled this template out, oldest first; the last is its revision. */
  revisions: number[];
  createdAt: Date;
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
    const ready = view.runningCount;
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
        annotations: { [REVISION]: String(current?.revisions.at(-1) ?? 1) },
      },
      spec: {
        replicas: desired,
        selector: { matchLabels: { app: service.name } },
        template: this.template(service, primary?.image ?? ''),
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
    return this.replicaSetRecords(service).map(record => {
      const running = view.deployments.filter(d => d.image === record.image);
      const desired = running.reduce(
        (n, d) =>
          n + (d.status === 'PRIMARY' ? d.desiredCount : d.runningCount),
        0,
      );
      const ready = running.reduce((n, d) => n + d.runningCount, 0);
      const annotations: Record<string, string> = {
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
          template: this.template(service, record.image, record.hash),
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
        const name = `${rs.name}-${task.id.slice(0, 5)}`;
        const running = task.lastStatus === 'RUNNING';
        const bad = task.deployment.imageTag.includes('bad');
        const startedAt = task.startedAt ?? task.createdAt;
        // A bad image crashes now and then; the kubernetes plugin reports restarting pods.
        const restarts =
          bad && running
            ? Math.floor((this.now.getTime() - startedAt.getTime()) / 120_000)
            : 0;
        return {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {
            name,
            namespace: service.namespace,
            uid: this.uid(`pod/${task.id}`),
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
            nodeName: `ip-${ipFor(task.id, '10.0').replace(/\./g, '-')}.${
              service.region
            }.compute.internal`,
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
                status: running ? 'True' : 'False',
                lastTransitionTime: iso(startedAt),
              },
              {
                type: 'ContainersReady',
                status: running ? 'True' : 'False',
                lastTransitionTime: iso(startedAt),
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
                ready: running,
                started: running,
                restartCount: restarts,
                state: running
                  ? { running: { startedAt: iso(startedAt) } }
                  : { waiting: { reason: 'ContainerCreating' } },
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
    const templateChanged =
      image !== current.spec.template.spec.containers[0].image ||
      JSON.stringify(updated.spec?.template?.metadata?.annotations ?? {}) !==
        JSON.stringify(current.spec.template.metadata.annotations ?? {});
    if (templateChanged) {
      const history = this.state.services.history(service.id);
      this.state.services.startDeployment(
        service.id,
        {
          revision: Math.max(0, ...history.map(d => d.revision)) + 1,
          image,
          imageTag: imageTagOf(image),
          reason: 'update',
        },
        this.now,
      );
    } else if (changed) {
      const counts =
        mutationCounts.get(this.state) ?? new Map<string, number>();
      counts.set(service.id, (counts.get(service.id) ?? 0) + 1);
      mutationCounts.set(this.state, counts);
    }
    return this.deployment(service);
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
        };
        byImage.set(d.image, record);
      }
      record.revisions.push(d.revision);
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
      'shipyard.io/component': service.component,
      'shipyard.io/environment': service.environment,
      'shipyard.io/owner': service.owner,
      'shipyard.io/system': service.system,
    };
  }

  private podLabels(service: ScenarioService): Record<string, string> {
    return this.labels(service);
  }

  private template(
    service: ScenarioService,
    image: string,
    hash?: string,
  ): Json {
    return {
      metadata: {
        labels: hash
          ? { ...this.podLabels(service), 'pod-template-hash': hash }
          : this.podLabels(service),
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
  return `${date.toISOString().slice(0, 19)}Z`;
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
