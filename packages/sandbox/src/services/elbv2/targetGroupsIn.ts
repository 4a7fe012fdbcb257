import type { Scenario, ScenarioLoadBalancer } from '../../scenario/Scenario';
import type { SandboxState } from '../../state/SandboxState';

/** A target group as Elastic Load Balancing knows it: one per service behind the load balancer. */
export interface SandboxTargetGroup {
  arn: string;
  name: string;
  port: number;
  loadBalancer: ScenarioLoadBalancer;
}

interface Cached {
  /** How many services the account and region's clusters held; services are never removed. */
  serviceCount: number;
  targetGroups: SandboxTargetGroup[];
}

const cache = new WeakMap<SandboxState, Map<string, Cached>>();

/**
 * The target groups of an account and region, sorted by name: those of the scenario's services
 * and of services created since through ECS CreateService, each on its environment's load
 * balancer. Recomputed only when a service was added there.
 */
export function targetGroupsIn(
  scenario: Scenario,
  state: SandboxState,
  accountId: string,
  region: string,
): readonly SandboxTargetGroup[] {
  const services = scenario.clusters
    .filter(c => c.accountId === accountId && c.region === region)
    .map(c => state.services.inCluster(accountId, region, c.name));
  const serviceCount = services.reduce((n, list) => n + list.length, 0);
  let byScope = cache.get(state);
  if (!byScope) {
    byScope = new Map();
    cache.set(state, byScope);
  }
  const key = `${accountId}/${region}`;
  const cached = byScope.get(key);
  if (cached?.serviceCount === serviceCount) {
    return cached.targetGroups;
  }
  const loadBalancers = new Map(
    scenario.loadBalancers.map(lb => [lb.arn, lb] as const),
  );
  const byArn = new Map<string, SandboxTargetGroup>();
  for (const service of services.flat()) {
    const loadBalancer =
      service.loadBalancerArn && loadBalancers.get(service.loadBalancerArn);
    if (!service.targetGroupArn || !loadBalancer) {
      continue;
    }
    if (!byArn.has(service.targetGroupArn)) {
      byArn.set(service.targetGroupArn, {
        arn: service.targetGroupArn,
        name: service.targetGroupArn.split('/')[1],
        port: service.containerPort ?? 80,
        loadBalancer,
      });
    }
  }
  const targetGroups = [...byArn.values()].sort((a, b) =>
    a.name === b.name ? compare(a.arn, b.arn) : compare(a.name, b.name),
  );
  byScope.set(key, { serviceCount, targetGroups });
  return targetGroups;
}

function compare(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  return a < b ? -1 : 1;
}
