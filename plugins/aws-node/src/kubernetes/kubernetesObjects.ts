import { JsonObject } from '@backstage/types';
import {
  KubernetesContainerState,
  KubernetesContainerStatus,
  KubernetesDeploymentCondition,
  KubernetesDeploymentDetails,
  KubernetesEvent,
  KubernetesObjectMeta,
  KubernetesOwnerReference,
  KubernetesPod,
  KubernetesReplicaSet,
} from './KubernetesReader';

// The API server's JSON, read defensively: it leaves out empty maps, zero
// counts and `false`, and an older server may lack newer fields.
type Json = any;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;
const count = (value: unknown): number =>
  typeof value === 'number' && Number.isFinite(value) ? value : 0;
const strings = (value: unknown): Record<string, string> =>
  typeof value === 'object' && value !== null ? { ...(value as any) } : {};
const object = (value: unknown): JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as JsonObject)
    : {};
const array = (value: unknown): Json[] => (Array.isArray(value) ? value : []);

function meta(metadata: Json): KubernetesObjectMeta {
  return {
    name: text(metadata?.name) ?? '',
    namespace: text(metadata?.namespace) ?? '',
    uid: text(metadata?.uid) ?? '',
    resourceVersion: text(metadata?.resourceVersion),
    creationTimestamp: text(metadata?.creationTimestamp),
    labels: strings(metadata?.labels),
    annotations: strings(metadata?.annotations),
  };
}

function ownerReferences(metadata: Json): KubernetesOwnerReference[] {
  return array(metadata?.ownerReferences).map(owner => ({
    apiVersion: text(owner?.apiVersion) ?? '',
    kind: text(owner?.kind) ?? '',
    name: text(owner?.name) ?? '',
    uid: text(owner?.uid) ?? '',
    controller: owner?.controller === true ? true : undefined,
  }));
}

function condition(value: Json): KubernetesDeploymentCondition {
  return {
    type: text(value?.type) ?? '',
    status:
      value?.status === 'True' || value?.status === 'False'
        ? value.status
        : 'Unknown',
    reason: text(value?.reason),
    message: text(value?.message),
    lastUpdateTime: text(value?.lastUpdateTime),
    lastTransitionTime: text(value?.lastTransitionTime),
  };
}

function containerState(value: Json): KubernetesContainerState {
  const state: KubernetesContainerState = {};
  if (value?.waiting) {
    state.waiting = {
      reason: text(value.waiting.reason),
      message: text(value.waiting.message),
    };
  }
  if (value?.running) {
    state.running = { startedAt: text(value.running.startedAt) };
  }
  if (value?.terminated) {
    state.terminated = {
      exitCode: count(value.terminated.exitCode),
      reason: text(value.terminated.reason),
      message: text(value.terminated.message),
      startedAt: text(value.terminated.startedAt),
      finishedAt: text(value.terminated.finishedAt),
    };
  }
  return state;
}

function containerStatus(value: Json): KubernetesContainerStatus {
  return {
    name: text(value?.name) ?? '',
    image: text(value?.image) ?? '',
    imageID: text(value?.imageID) ?? '',
    ready: value?.ready === true,
    restartCount: count(value?.restartCount),
    state: containerState(value?.state),
    lastState: containerState(value?.lastState),
  };
}

/** An apps/v1 Deployment from the API server's JSON. */
export function toDeploymentDetails(json: Json): KubernetesDeploymentDetails {
  return {
    metadata: {
      ...meta(json?.metadata),
      generation: count(json?.metadata?.generation),
    },
    spec: {
      // The API server defaults replicas to 1; it is only absent in a bare object.
      replicas:
        typeof json?.spec?.replicas === 'number' ? json.spec.replicas : 1,
      selector: { matchLabels: strings(json?.spec?.selector?.matchLabels) },
      template: object(json?.spec?.template),
    },
    status: {
      observedGeneration:
        typeof json?.status?.observedGeneration === 'number'
          ? json.status.observedGeneration
          : undefined,
      replicas: count(json?.status?.replicas),
      updatedReplicas: count(json?.status?.updatedReplicas),
      readyReplicas: count(json?.status?.readyReplicas),
      availableReplicas: count(json?.status?.availableReplicas),
      unavailableReplicas: count(json?.status?.unavailableReplicas),
      conditions: array(json?.status?.conditions).map(condition),
    },
  };
}

/** An apps/v1 ReplicaSet from the API server's JSON. */
export function toReplicaSet(json: Json): KubernetesReplicaSet {
  return {
    metadata: {
      ...meta(json?.metadata),
      ownerReferences: ownerReferences(json?.metadata),
    },
    spec: {
      replicas: count(json?.spec?.replicas),
      template: object(json?.spec?.template),
    },
    status: {
      replicas: count(json?.status?.replicas),
      readyReplicas: count(json?.status?.readyReplicas),
    },
  };
}

/** A v1 Pod from the API server's JSON. */
export function toPod(json: Json): KubernetesPod {
  return {
    metadata: {
      ...meta(json?.metadata),
      ownerReferences: ownerReferences(json?.metadata),
    },
    status: {
      phase: text(json?.status?.phase) ?? 'Unknown',
      containerStatuses: array(json?.status?.containerStatuses).map(
        containerStatus,
      ),
    },
  };
}

/** A core v1 Event from the API server's JSON. */
export function toEvent(json: Json): KubernetesEvent {
  const involved = json?.involvedObject;
  return {
    metadata: {
      name: text(json?.metadata?.name) ?? '',
      namespace: text(json?.metadata?.namespace) ?? '',
    },
    involvedObject: {
      kind: text(involved?.kind) ?? '',
      name: text(involved?.name) ?? '',
      namespace: text(involved?.namespace),
      uid: text(involved?.uid),
      fieldPath: text(involved?.fieldPath),
    },
    type: text(json?.type) ?? 'Normal',
    reason: text(json?.reason) ?? '',
    message: text(json?.message) ?? '',
    firstTimestamp: text(json?.firstTimestamp),
    lastTimestamp: text(json?.lastTimestamp),
    eventTime: text(json?.eventTime),
    // Events recorded once leave count out.
    count: count(json?.count) || 1,
  };
}
