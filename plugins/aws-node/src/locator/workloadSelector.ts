import {
  SHIPYARD_KUBERNETES_COMPONENT_LABEL,
  SHIPYARD_KUBERNETES_ENVIRONMENT_LABEL,
} from '@internal/plugin-aws-common';

/**
 * The label selector that finds an environment's Shipyard workloads: the
 * Kubernetes form of the component and environment tag filters. Both labels,
 * always: a cluster may be shared by environments (dev and staging), and a
 * selector on the component alone would show one environment another's
 * Deployment. Without `componentTagValue` it selects every component's.
 */
export function workloadSelector(options: {
  environment: string;
  componentTagValue?: string;
}): string {
  const component =
    options.componentTagValue === undefined
      ? SHIPYARD_KUBERNETES_COMPONENT_LABEL
      : `${SHIPYARD_KUBERNETES_COMPONENT_LABEL}=${options.componentTagValue}`;
  return `${component},${SHIPYARD_KUBERNETES_ENVIRONMENT_LABEL}=${options.environment}`;
}
