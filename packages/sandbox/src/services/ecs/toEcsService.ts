import type {
  Deployment,
  NetworkConfiguration,
  Service,
  ServiceEvent,
} from '@aws-sdk/client-ecs';
import { deploymentTags } from '../../scenario/deploymentTags';
import type { ScenarioService } from '../../scenario/Scenario';
import { stableHex } from '../../scenario/stableHex';
import { isBadImageTag } from '../../state/crashLoop';
import type { SandboxState } from '../../state/SandboxState';
import type { DeploymentView } from '../../state/LiveDeployment';
import { toEcsTags } from './toEcsTags';

/** How many past deployments the service's event log reaches back. */
const EVENT_DEPLOYMENTS = 3;

/** Static per service, and hashing is the costliest part of a description: computed once. */
const networkConfigurations = new WeakMap<
  ScenarioService,
  NetworkConfiguration
>();

function ecsNetworkConfiguration(
  service: ScenarioService,
): NetworkConfiguration {
  let configuration = networkConfigurations.get(service);
  if (!configuration) {
    const subnet = (zone: string) =>
      `subnet-${stableHex(
        `${service.accountId}/${service.region}/${service.environment}/${zone}`,
        17,
      )}`;
    configuration = {
      awsvpcConfiguration: {
        subnets: ['a', 'b', 'c'].map(subnet),
        securityGroups: [`sg-${stableHex(`sg/${service.id}`, 17)}`],
        assignPublicIp: 'DISABLED',
      },
    };
    networkConfigurations.set(service, configuration);
  }
  return configuration;
}

function toDeployment(
  service: ScenarioService,
  d: DeploymentView,
  state: SandboxState,
  now: Date,
): Deployment {
  return {
    id: d.id,
    status: d.status,
    taskDefinition: d.taskDefinitionArn,
    desiredCount: d.desiredCount,
    pendingCount: d.pendingCount,
    runningCount: d.runningCount,
    failedTasks: isBadImageTag(d.imageTag)
      ? state.services.failedTasks(service.id, d.id, now)
      : 0,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    launchType: 'FARGATE',
    platformVersion: '1.4.0',
    platformFamily: 'Linux',
    networkConfiguration: ecsNetworkConfiguration(service),
    rolloutState: d.rolloutState,
    rolloutStateReason:
      d.rolloutState === 'COMPLETED'
        ? `ECS deployment ${d.id} completed.`
        : `ECS deployment ${d.id} in progress.`,
  };
}

/**
 * The service's event log as ECS writes it, newest first, derived from its last deployments
 * as they stand at `now`.
 */
function serviceEvents(
  service: ScenarioService,
  state: SandboxState,
  now: Date,
): ServiceEvent[] {
  const rolloutMs = state.rolloutSeconds * 1000;
  const history = state.services
    .history(service.id)
    .filter(d => d.createdAt <= now)
    .slice(-EVENT_DEPLOYMENTS);
  const events: ServiceEvent[] = [];
  const add = (at: Date, message: string) => {
    const hex = stableHex(`${service.id}/${at.getTime()}/${message}`, 32);
    events.push({
      id: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(
        12,
        16,
      )}-${hex.slice(16, 20)}-${hex.slice(20)}`,
      createdAt: at,
      message: `(service ${service.name}) ${message}`,
    });
  };
  for (const deployment of history) {
    add(
      new Date(deployment.createdAt.getTime() + 5_000),
      `has started ${state.services.desiredCount(
        service.id,
      )} tasks: (deployment ${deployment.id}).`,
    );
    const completedAt = new Date(deployment.createdAt.getTime() + rolloutMs);
    if (completedAt <= now) {
      add(completedAt, `deployment ${deployment.id} deployment completed.`);
      add(
        new Date(completedAt.getTime() + 1_000),
        'has reached a steady state.',
      );
    }
  }
  return events.sort((a, b) => b.createdAt!.getTime() - a.createdAt!.getTime());
}

const serviceTagCache = new WeakMap<ScenarioService, Record<string, string>>();

function serviceTags(service: ScenarioService): Record<string, string> {
  let tags = serviceTagCache.get(service);
  if (!tags) {
    const latest = service.deployments.at(-1);
    tags = latest
      ? { ...service.tags, ...deploymentTags(latest) }
      : service.tags;
    serviceTagCache.set(service, tags);
  }
  return tags;
}

/** The ECS `Service` shape of a service at `now`. */
export function toEcsService(
  service: ScenarioService,
  state: SandboxState,
  now: Date,
  includeTags: boolean,
): Service {
  const view = state.services.rollout(service.id, now);
  const primary = view.deployments.find(d => d.status === 'PRIMARY');
  return {
    serviceArn: service.arn,
    serviceName: service.name,
    clusterArn: service.clusterArn,
    loadBalancers: service.targetGroupArn
      ? [
          {
            targetGroupArn: service.targetGroupArn,
            containerName: service.component,
            containerPort: service.containerPort,
          },
        ]
      : [],
    serviceRegistries: [],
    status: 'ACTIVE',
    desiredCount: view.desiredCount,
    runningCount: view.runningCount,
    pendingCount: view.pendingCount,
    launchType: 'FARGATE',
    platformVersion: 'LATEST',
    platformFamily: 'Linux',
    taskDefinition: primary?.taskDefinitionArn,
    deploymentConfiguration: {
      deploymentCircuitBreaker: { enable: true, rollback: true },
      maximumPercent: 200,
      minimumHealthyPercent: 100,
    },
    deployments: view.deployments.map(d =>
      toDeployment(service, d, state, now),
    ),
    events: serviceEvents(service, state, now),
    createdAt: service.createdAt,
    createdBy: `arn:aws:iam::${service.accountId}:role/shipyard-platform-deployer`,
    placementConstraints: [],
    placementStrategy: [],
    networkConfiguration: ecsNetworkConfiguration(service),
    healthCheckGracePeriodSeconds: service.targetGroupArn ? 60 : undefined,
    schedulingStrategy: 'REPLICA',
    deploymentController: { type: 'ECS' },
    enableECSManagedTags: true,
    propagateTags: 'SERVICE',
    enableExecuteCommand: false,
    // The pipeline's deployed-by/-at of the scenario's last deployment: UpdateService leaves a
    // service's tags alone, as ECS does.
    // TagResource replaces the service's entry in the tag index.
    tags: includeTags
      ? toEcsTags(state.tags.get(service.arn)?.tags ?? serviceTags(service))
      : undefined,
  };
}
