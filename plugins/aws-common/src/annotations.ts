/**
 * Selects how the component runs: `ecs` or `eks`.
 *
 * @public
 */
export const SHIPYARD_ANNOTATION_RUNTIME = 'shipyard.io/runtime';

/**
 * Overrides the value of the component tag (`shipyard:component` by default)
 * that the component's AWS resources carry. Defaults to the entity name.
 *
 * @public
 */
export const SHIPYARD_ANNOTATION_COMPONENT_TAG = 'shipyard.io/component-tag';

/**
 * Optional comma separated list of configured environment names that the
 * component runs in. Without it, the component runs in every environment.
 *
 * @public
 */
export const SHIPYARD_ANNOTATION_ENVIRONMENTS = 'shipyard.io/environments';

/**
 * The prefix shared by every Shipyard annotation.
 *
 * @public
 */
export const SHIPYARD_ANNOTATION_PREFIX = 'shipyard.io/';

/**
 * The Kubernetes label that EKS workloads carry, with the component tag value
 * as its value. It plays the role of the `shipyard:component` tag inside a
 * cluster.
 *
 * @public
 */
export const SHIPYARD_KUBERNETES_COMPONENT_LABEL = 'shipyard.io/component';

/**
 * The Kubernetes label that names the environment an EKS workload belongs to, beside
 * {@link SHIPYARD_KUBERNETES_COMPONENT_LABEL}: the `shipyard:environment` tag inside a cluster
 * (label keys cannot contain ':'). The locator lists an environment's workloads by it.
 *
 * @public
 */
export const SHIPYARD_KUBERNETES_ENVIRONMENT_LABEL = 'shipyard.io/environment';

/**
 * The Kubernetes label naming the owning group of an EKS workload: the
 * `shipyard:owner` tag inside a cluster.
 *
 * @public
 */
export const SHIPYARD_KUBERNETES_OWNER_LABEL = 'shipyard.io/owner';

/**
 * The Kubernetes label naming the system of an EKS workload: the
 * `shipyard:system` tag inside a cluster.
 *
 * @public
 */
export const SHIPYARD_KUBERNETES_SYSTEM_LABEL = 'shipyard.io/system';
