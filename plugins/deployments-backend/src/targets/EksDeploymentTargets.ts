import { linkTagMismatches } from '@internal/plugin-aws-common';
import { expectedLinkTags } from '@internal/plugin-aws-node';
import { InputError, isError, NotFoundError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import {
  componentRunsIn,
  SHIPYARD_KUBERNETES_COMPONENT_LABEL,
  SHIPYARD_KUBERNETES_ENVIRONMENT_LABEL,
  SHIPYARD_KUBERNETES_OWNER_LABEL,
  SHIPYARD_KUBERNETES_SYSTEM_LABEL,
  ShipyardTagKeys,
} from '@internal/plugin-aws-common';
import {
  KubernetesDeploymentDetails,
  KubernetesDeploymentWriter,
  KubernetesEvent,
  KubernetesNamespaceRef,
  KubernetesPod,
  KubernetesReader,
  KubernetesReplicaSet,
  ResourceLocator,
  ShipyardComponent,
  ShipyardEnvironments,
} from '@internal/plugin-aws-node';
import {
  DeploymentTarget,
  Revision,
  TargetEvent,
  TargetFailure,
} from '@internal/plugin-deployments-common';
import {
  RevisionSpec,
  StoredDeployment,
  StoredRevision,
  StoredTarget,
} from '../database/DeploymentsStore';
import {
  CollectedEnvironment,
  DeploymentTargets,
  LiveTarget,
} from './DeploymentTargets';
import { deploymentId } from './deploymentId';
import { describeImage } from './describeImage';
import { parseTimestamp } from './parseTimestamp';
import { readCommit } from './readCommit';
import { EksObjectRef, eksTargetId, parseEksTargetId } from './eksTargetId';

const REVISION = 'deployment.kubernetes.io/revision';
const POD_TEMPLATE_HASH = 'pod-template-hash';
const DEPLOYED_BY = 'shipyard.io/deployed-by';
const DEPLOYED_AT = 'shipyard.io/deployed-at';
const COMMIT_SHA = 'shipyard.io/commit-sha';
const COMMITTED_AT = 'shipyard.io/committed-at';
const MAX_EVENTS = 10;

/** The link labels of a workload, by the tag key each stands for. */
const LINK_LABELS: Record<keyof ShipyardTagKeys, string> = {
  component: SHIPYARD_KUBERNETES_COMPONENT_LABEL,
  environment: SHIPYARD_KUBERNETES_ENVIRONMENT_LABEL,
  owner: SHIPYARD_KUBERNETES_OWNER_LABEL,
  system: SHIPYARD_KUBERNETES_SYSTEM_LABEL,
};

/** Container states that mean the pod is failing rather than starting. */
const FAILING_WAITING_REASONS = new Set([
  'CrashLoopBackOff',
  'Error',
  'ErrImagePull',
  'ImagePullBackOff',
  'InvalidImageName',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
]);

/** The parts of a pod template this plugin reads. */
interface PodTemplateView {
  metadata?: {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: { containers?: ContainerView[] };
}

interface ContainerView {
  name?: string;
  image?: string;
  resources?: { requests?: { cpu?: string; memory?: string } };
  env?: { name: string; valueFrom?: { secretKeyRef?: { name?: string } } }[];
  envFrom?: { secretRef?: { name?: string } }[];
}

/** One Deployment with what the API server said about it in this pass. */
interface ObservedDeployment extends EksObjectRef {
  accountId: string;
  region: string;
  deployment: KubernetesDeploymentDetails;
  replicaSets: KubernetesReplicaSet[];
  pods: KubernetesPod[];
  events: KubernetesEvent[];
}

/**
 * The EKS side of the deployments plugin: a component's Kubernetes
 * Deployments, their ReplicaSets as revisions, and rollbacks that put an
 * older ReplicaSet's pod template back, as `kubectl rollout undo` does.
 */
export class EksDeploymentTargets implements DeploymentTargets {
  static create(options: {
    environments: ShipyardEnvironments;
    locator: Pick<ResourceLocator, 'locateMany'>;
    reader: KubernetesReader;
    writer: KubernetesDeploymentWriter;
    tagKeys: ShipyardTagKeys;
  }): EksDeploymentTargets {
    return new EksDeploymentTargets(
      options.environments,
      options.locator,
      options.reader,
      options.writer,
      options.tagKeys,
    );
  }

  private constructor(
    private readonly environments: ShipyardEnvironments,
    private readonly locator: Pick<ResourceLocator, 'locateMany'>,
    private readonly reader: KubernetesReader,
    private readonly writer: KubernetesDeploymentWriter,
    private readonly tagKeys: ShipyardTagKeys,
  ) {}

  handles(targetId: string): boolean {
    return targetId.startsWith('eks:');
  }

  async collect(request: {
    environment: string;
    components: ShipyardComponent[];
    knownRevisionIds: (ids: string[]) => Promise<Set<string>>;
    signal?: AbortSignal;
  }): Promise<CollectedEnvironment> {
    const { environment, signal } = request;
    const components = request.components.filter(
      c =>
        c.annotations.runtime === 'eks' &&
        componentRunsIn(c.annotations, environment),
    );
    if (components.length === 0) {
      return { targets: [], revisions: [], deployments: [] };
    }
    const located = await this.locator.locateMany(
      components.map(c => ({
        componentTagValue: c.annotations.componentTagValue,
        runtime: 'eks' as const,
      })),
      environment,
      { signal },
    );
    const collectedAt = new Date();
    // One events list per namespace and pass, shared by its Deployments.
    const eventLists = new Map<string, Promise<KubernetesEvent[]>>();
    const eventsOf = (ref: KubernetesNamespaceRef) => {
      const key = `${ref.cluster}/${ref.namespace}`;
      let list = eventLists.get(key);
      if (!list) {
        list = this.reader.listEvents(ref, { signal });
        eventLists.set(key, list);
      }
      return list;
    };

    const perComponent = await Promise.all(
      components.map(async component => {
        const workloads =
          located.get(component.annotations.componentTagValue)?.eksWorkloads ??
          [];
        const refs = await this.#listDeployments(
          environment,
          workloads,
          signal,
        );
        const observed = await Promise.all(
          refs.map(ref => this.#observe(environment, ref, eventsOf, signal)),
        );
        return observed.flatMap(o => (o ? [{ component, observed: o }] : []));
      }),
    );
    const found = perComponent.flat();

    const targets: StoredTarget[] = [];
    const revisions: StoredRevision[] = [];
    const deployments: StoredDeployment[] = [];
    for (const { component, observed } of found) {
      const targetId = eksTargetId(observed);
      const family = familyOf(observed);
      const target = this.#target(observed);
      const mismatches = linkTagMismatches(
        this.#linkTags(observed.deployment.metadata.labels),
        expectedLinkTags(component, environment, this.tagKeys),
      );
      targets.push({
        entityRef: component.ref,
        ...(component.owner ? { owner: component.owner } : {}),
        environment,
        target: {
          ...target,
          events: recentEvents(observed),
          failures: failuresOf(observed),
          ...(mismatches.length > 0 ? { mismatches } : {}),
        },
        collectedAt,
      });
      for (const replicaSet of observed.replicaSets) {
        const { revision, spec } = revisionOf(observed, replicaSet);
        revisions.push({ revision, spec, targetId, family });
        const deployedAt = parseTimestamp(
          replicaSet.metadata.annotations[DEPLOYED_AT],
        );
        if (deployedAt) {
          deployments.push({
            id: deploymentId(targetId, revision.id, deployedAt),
            entityRef: component.ref,
            ...(component.owner ? { owner: component.owner } : {}),
            environment,
            targetId,
            revision,
            deployedAt,
            ...(revision.deployedBy ? { deployedBy: revision.deployedBy } : {}),
            ...(revision.committedAt
              ? { committedAt: new Date(revision.committedAt) }
              : {}),
          });
        }
      }
    }

    const known = await request.knownRevisionIds(
      revisions.map(r => r.revision.id),
    );
    return {
      targets,
      revisions: revisions.filter(r => !known.has(r.revision.id)),
      deployments,
    };
  }

  async readLive(request: {
    environment: string;
    targetId: string;
  }): Promise<LiveTarget> {
    const ref = parseEksTargetId(request.targetId);
    const cluster = this.#clusterOf(request.environment, ref.cluster);
    const k8sRef = { environment: request.environment, ...ref };
    const deployment = await this.reader.getDeployment(k8sRef);
    const replicaSets = ownedBy(
      deployment.metadata.uid,
      await this.reader.listReplicaSets({
        ...k8sRef,
        labelSelector: selectorOf(deployment),
      }),
    );
    return {
      target: this.#target({
        ...ref,
        accountId: cluster.accountId,
        region: cluster.region,
        deployment,
        replicaSets,
        pods: [],
        events: [],
      }),
      tags: this.#linkTags(deployment.metadata.labels),
      family: familyOf(ref),
      cluster: ref.cluster,
    };
  }

  async rollback(request: {
    environment: string;
    targetId: string;
    to: StoredRevision;
    requestedBy: string;
  }): Promise<{ warning?: string }> {
    const { to } = request;
    const ref = parseEksTargetId(request.targetId);
    this.#clusterOf(request.environment, ref.cluster);
    const family = familyOf(ref);
    if (to.family !== family || to.targetId !== request.targetId) {
      throw new InputError(
        `Revision ${to.revision.id} is of Deployment ${to.family} (${to.targetId}), not of ${family} (${request.targetId}); a rollback stays within its Deployment`,
      );
    }
    if (!isObject(to.spec.podTemplate)) {
      throw new InputError(
        `Revision ${to.revision.id} has no stored pod template to roll back to`,
      );
    }
    const k8sRef = { environment: request.environment, ...ref };
    const current = await this.reader.getDeployment(k8sRef);
    const stored = structuredClone(to.spec.podTemplate) as JsonObject;
    const metadata = (isObject(stored.metadata) ? stored.metadata : {}) as {
      labels?: Record<string, string>;
      annotations?: Record<string, string>;
    };
    // The Deployment's commit annotations follow the template back, as the
    // pipeline keeps them beside it; null removes ones the older template
    // does not have rather than leave the newer commit's.
    const templateAnnotations = metadata.annotations ?? {};
    const deployedBy = {
      [DEPLOYED_BY]: request.requestedBy,
      [DEPLOYED_AT]: new Date().toISOString(),
      [COMMIT_SHA]: templateAnnotations[COMMIT_SHA] ?? null,
      [COMMITTED_AT]: templateAnnotations[COMMITTED_AT] ?? null,
    };
    const labels = { ...metadata.labels };
    delete labels[POD_TEMPLATE_HASH];
    const template: JsonObject = {
      ...stored,
      // Replace the template as a whole, as `kubectl rollout undo` does: a
      // merge would keep containers, env vars and volumes that only the
      // newer revision has.
      $patch: 'replace',
      // Who and when go on the Deployment only; the controller copies them
      // onto the ReplicaSet. In the template they would make every rollback
      // a new template: a new ReplicaSet and restarted pods instead of the
      // old ReplicaSet scaled up.
      metadata: { ...metadata, labels },
    };
    await this.writer.patchDeployment({
      ...k8sRef,
      patch: {
        metadata: {
          // The Deployment as read: a change made meanwhile fails with 409.
          ...(current.metadata.resourceVersion
            ? { resourceVersion: current.metadata.resourceVersion }
            : {}),
          annotations: deployedBy,
        },
        spec: { template },
      },
    });
    // Who and when travel in the same patch: nothing can fail after it.
    return {};
  }

  /**
   * The Deployments the located workloads name, listed again by label
   * selector (component and environment) so that one deleted or relabelled
   * since the locator's cache was filled is not read.
   */
  async #listDeployments(
    environment: string,
    workloads: { cluster: string; labelSelector: string }[],
    signal?: AbortSignal,
  ): Promise<(EksObjectRef & { accountId: string; region: string })[]> {
    const clusters = this.environments.get(environment).eksClusters;
    const queries = new Map<string, { cluster: string; selector: string }>();
    for (const workload of workloads) {
      const selector = workload.labelSelector.includes(
        `${SHIPYARD_KUBERNETES_ENVIRONMENT_LABEL}=`,
      )
        ? workload.labelSelector
        : `${workload.labelSelector},${SHIPYARD_KUBERNETES_ENVIRONMENT_LABEL}=${environment}`;
      queries.set(`${workload.cluster}\n${selector}`, {
        cluster: workload.cluster,
        selector,
      });
    }
    const lists = await Promise.all(
      [...queries.values()].map(async ({ cluster, selector }) => {
        const connection = clusters.find(c => c.name === cluster);
        if (!connection) {
          return [];
        }
        const found = await this.reader.listDeployments(
          { environment, cluster, labelSelector: selector },
          { signal },
        );
        return found.map(d => ({
          cluster,
          namespace: d.namespace,
          name: d.name,
          accountId: connection.accountId,
          region: connection.region,
        }));
      }),
    );
    const unique = new Map(lists.flat().map(ref => [eksTargetId(ref), ref]));
    return [...unique.values()];
  }

  /** One Deployment with its ReplicaSets, pods and events; undefined once deleted. */
  async #observe(
    environment: string,
    ref: EksObjectRef & { accountId: string; region: string },
    eventsOf: (ref: KubernetesNamespaceRef) => Promise<KubernetesEvent[]>,
    signal?: AbortSignal,
  ): Promise<ObservedDeployment | undefined> {
    const k8sRef = {
      environment,
      cluster: ref.cluster,
      namespace: ref.namespace,
      name: ref.name,
    };
    let deployment: KubernetesDeploymentDetails;
    try {
      deployment = await this.reader.getDeployment(k8sRef, { signal });
    } catch (error) {
      // Deleted between the list and the read: not a target any more.
      if (isError(error) && error.name === NotFoundError.name) {
        return undefined;
      }
      throw error;
    }
    const selector = { ...k8sRef, labelSelector: selectorOf(deployment) };
    const [replicaSetList, podList, events] = await Promise.all([
      this.reader.listReplicaSets(selector, { signal }),
      this.reader.listPods(selector, { signal }),
      eventsOf(k8sRef),
    ]);
    // A selector can match other Deployments' objects; ownership cannot.
    const replicaSets = ownedBy(deployment.metadata.uid, replicaSetList);
    const pods = podList.filter(pod =>
      pod.metadata.ownerReferences.some(owner =>
        replicaSets.some(rs => rs.metadata.uid === owner.uid),
      ),
    );
    return { ...ref, deployment, replicaSets, pods, events };
  }

  #target(observed: ObservedDeployment): DeploymentTarget {
    const { deployment, replicaSets } = observed;
    const currentRevision = deployment.metadata.annotations[REVISION];
    const running = replicaSets.find(
      rs => rs.metadata.annotations[REVISION] === currentRevision,
    );
    const { state, reason } = rolloutOf(deployment);
    const desired = deployment.spec.replicas;
    const ready = deployment.status.readyReplicas;
    return {
      id: eksTargetId(observed),
      kind: 'eks-deployment',
      cluster: observed.cluster,
      namespace: observed.namespace,
      name: observed.name,
      accountId: observed.accountId,
      region: observed.region,
      ...(running ? { running: revisionOf(observed, running).revision } : {}),
      rolloutState: state,
      ...(reason ? { rolloutReason: reason } : {}),
      desiredCount: desired,
      runningCount: ready,
      pendingCount: Math.max(0, deployment.status.replicas - ready),
      history: [],
      events: [],
      failures: [],
    };
  }

  /** The Deployment's link labels under the configured tag keys. */
  #linkTags(labels: Record<string, string>): Record<string, string> {
    const tags: Record<string, string> = {};
    for (const [key, label] of Object.entries(LINK_LABELS)) {
      if (labels[label] !== undefined) {
        tags[this.tagKeys[key as keyof ShipyardTagKeys]] = labels[label];
      }
    }
    return tags;
  }

  /** @throws InputError when the cluster is not one of the environment's. */
  #clusterOf(environment: string, cluster: string) {
    const env = this.environments.get(environment);
    const found = env.eksClusters.find(c => c.name === cluster);
    if (!found) {
      const known = env.eksClusters.map(c => c.name);
      throw new InputError(
        `EKS cluster ${cluster} is not a cluster of environment ${environment}${
          known.length > 0 ? ` (its clusters: ${known.join(', ')})` : ''
        }`,
      );
    }
    return found;
  }
}

function familyOf(ref: { namespace: string; name: string }): string {
  return `${ref.namespace}/${ref.name}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function selectorOf(deployment: KubernetesDeploymentDetails): string {
  return Object.entries(deployment.spec.selector.matchLabels)
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
}

function ownedBy(
  uid: string,
  replicaSets: KubernetesReplicaSet[],
): KubernetesReplicaSet[] {
  return replicaSets.filter(rs =>
    rs.metadata.ownerReferences.some(owner => owner.uid === uid),
  );
}

/** An RFC 3339 timestamp as a Date; undefined when absent or malformed. */
/** `kubectl rollout status`, as a state. */
function rolloutOf(deployment: KubernetesDeploymentDetails): {
  state: DeploymentTarget['rolloutState'];
  reason?: string;
} {
  const progressing = deployment.status.conditions.find(
    c => c.type === 'Progressing',
  );
  const reason = progressing?.message ?? progressing?.reason;
  if (
    progressing &&
    (progressing.status === 'False' ||
      progressing.reason === 'ProgressDeadlineExceeded')
  ) {
    return { state: 'FAILED', reason };
  }
  const { status } = deployment;
  const replicas = deployment.spec.replicas;
  const complete =
    (status.observedGeneration ?? 0) >= deployment.metadata.generation &&
    status.updatedReplicas === replicas &&
    status.replicas === replicas &&
    status.readyReplicas === replicas &&
    status.availableReplicas === replicas;
  return { state: complete ? 'COMPLETED' : 'IN_PROGRESS', reason };
}

function mainContainer(template: JsonObject): ContainerView | undefined {
  return (template as PodTemplateView).spec?.containers?.[0];
}

function revisionOf(
  observed: EksObjectRef,
  replicaSet: KubernetesReplicaSet,
): { revision: Revision; spec: RevisionSpec } {
  const { annotations } = replicaSet.metadata;
  const container = mainContainer(replicaSet.spec.template) ?? {};
  const image = container.image ?? '';
  const requests = container.resources?.requests ?? {};
  const deployedAt = parseTimestamp(annotations[DEPLOYED_AT]);
  // From the pod template, not the ReplicaSet's own annotations: those are
  // copied from the Deployment each time the ReplicaSet becomes the new one,
  // so after a rollback made elsewhere (`kubectl rollout undo`) they would
  // name the newer commit. The template is what runs.
  const templateAnnotations =
    (replicaSet.spec.template as PodTemplateView).metadata?.annotations ?? {};
  const commit = readCommit(
    templateAnnotations[COMMIT_SHA],
    templateAnnotations[COMMITTED_AT],
  );
  const revision: Revision = {
    id: eksTargetId({ ...observed, name: replicaSet.metadata.name }),
    revision: annotations[REVISION] ?? '',
    image,
    ...describeImage(image, { commitSha: commit.sha }),
    ...(commit.committedAt
      ? { committedAt: commit.committedAt.toISOString() }
      : {}),
    ...(requests.cpu ? { cpu: requests.cpu } : {}),
    ...(requests.memory ? { memory: requests.memory } : {}),
    ...(deployedAt ? { deployedAt: deployedAt.toISOString() } : {}),
    ...(annotations[DEPLOYED_BY]
      ? { deployedBy: annotations[DEPLOYED_BY] }
      : {}),
  };
  const podTemplate = structuredClone(
    replicaSet.spec.template,
  ) as PodTemplateView;
  delete podTemplate.metadata?.labels?.[POD_TEMPLATE_HASH];
  const secrets = new Set<string>();
  for (const env of container.env ?? []) {
    const name = env.valueFrom?.secretKeyRef?.name;
    if (name) {
      secrets.add(name);
    }
  }
  for (const source of container.envFrom ?? []) {
    if (source.secretRef?.name) {
      secrets.add(source.secretRef.name);
    }
  }
  return {
    revision,
    spec: {
      environment: [...new Set((container.env ?? []).map(e => e.name))].sort(),
      secrets: [...secrets].sort(),
      podTemplate,
    },
  };
}

/** The Deployment's, its ReplicaSets' and its pods' events, newest first. */
function recentEvents(observed: ObservedDeployment): TargetEvent[] {
  const names = {
    Deployment: new Set([observed.name]),
    ReplicaSet: new Set(observed.replicaSets.map(rs => rs.metadata.name)),
    Pod: new Set(observed.pods.map(pod => pod.metadata.name)),
  } as Record<string, Set<string> | undefined>;
  return observed.events
    .flatMap(event => {
      const at = parseTimestamp(
        event.lastTimestamp ?? event.eventTime ?? event.firstTimestamp,
      );
      const own = names[event.involvedObject.kind]?.has(
        event.involvedObject.name,
      );
      return own && at ? [{ at, message: event.message }] : [];
    })
    .sort((a, b) => b.at.getTime() - a.at.getTime())
    .slice(0, MAX_EVENTS)
    .map(e => ({ at: e.at.toISOString(), message: e.message }));
}

/** Pods whose containers crash, cannot start, or that failed; newest first. */
function failuresOf(observed: ObservedDeployment): TargetFailure[] {
  const revisionByReplicaSet = new Map(
    observed.replicaSets.map(rs => [
      rs.metadata.uid,
      rs.metadata.annotations[REVISION],
    ]),
  );
  const failures = observed.pods.flatMap(pod => {
    const statuses = pod.status.containerStatuses;
    const failing =
      statuses.find(
        s =>
          FAILING_WAITING_REASONS.has(s.state.waiting?.reason ?? '') ||
          (s.state.terminated !== undefined &&
            s.state.terminated.exitCode !== 0),
      ) ?? (pod.status.phase === 'Failed' ? statuses[0] : undefined);
    if (!failing && pod.status.phase !== 'Failed') {
      return [];
    }
    const terminated =
      failing?.state.terminated ?? failing?.lastState.terminated;
    const now =
      failing?.state.waiting?.reason ?? failing?.state.terminated?.reason;
    const reasons = [
      now ?? (pod.status.phase === 'Failed' ? 'Failed' : undefined),
      terminated?.reason && terminated.reason !== now
        ? `last terminated: ${terminated.reason}`
        : undefined,
    ].filter(Boolean);
    const at =
      parseTimestamp(terminated?.finishedAt) ??
      parseTimestamp(pod.metadata.creationTimestamp) ??
      new Date(0);
    const revision = pod.metadata.ownerReferences
      .map(owner => revisionByReplicaSet.get(owner.uid))
      .find(Boolean);
    return [
      {
        at,
        failure: {
          id: pod.metadata.name,
          at: at.toISOString(),
          reason: reasons.join(', ') || 'Failed',
          ...(failing ? { container: failing.name } : {}),
          ...(terminated ? { exitCode: terminated.exitCode } : {}),
          ...(revision ? { revision } : {}),
        } satisfies TargetFailure,
      },
    ];
  });
  return failures
    .sort((a, b) => b.at.getTime() - a.at.getTime())
    .map(f => f.failure);
}
