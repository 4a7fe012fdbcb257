import type { Task } from '@aws-sdk/client-ecs';
import type { ScenarioService } from '../../scenario/Scenario';
import { stableHex } from '../../scenario/stableHex';
import type { TaskView } from '../../state/LiveDeployment';
import { toEcsTags } from './toEcsTags';

/** ECS bumps a task's version on each status change. */
const TASK_VERSION = { PENDING: 1, RUNNING: 3, STOPPED: 5 } as const;

export function ecsTaskArn(service: ScenarioService, taskId: string): string {
  return `arn:aws:ecs:${service.region}:${service.accountId}:task/${service.cluster}/${taskId}`;
}

/** The ECS `Task` shape of one task of a service. */
export function toEcsTask(
  service: ScenarioService,
  task: TaskView,
  includeTags: boolean,
): Task {
  const taskArn = ecsTaskArn(service, task.id);
  const octets = stableHex(`ip/${task.id}`, 4);
  const privateIp = `10.${parseInt(octets.slice(0, 2), 16) % 64}.${parseInt(
    octets.slice(2, 4),
    16,
  )}.${(task.id.charCodeAt(0) % 250) + 4}`;
  const stopped = task.lastStatus === 'STOPPED';
  return {
    taskArn,
    clusterArn: service.clusterArn,
    taskDefinitionArn: task.deployment.taskDefinitionArn,
    group: `service:${service.name}`,
    startedBy: task.deployment.id,
    lastStatus: task.lastStatus,
    desiredStatus: task.desiredStatus,
    launchType: 'FARGATE',
    platformVersion: '1.4.0',
    platformFamily: 'Linux',
    cpu: String(service.cpu),
    memory: String(service.memory),
    availabilityZone: task.availabilityZone,
    connectivity: task.lastStatus === 'PENDING' ? undefined : 'CONNECTED',
    connectivityAt: task.startedAt,
    createdAt: task.createdAt,
    pullStartedAt: task.startedAt,
    startedAt: task.startedAt,
    stoppingAt: task.stoppedAt,
    stoppedAt: task.stoppedAt,
    stoppedReason: stopped
      ? `Scaling activity initiated by (deployment ${task.deployment.id})`
      : undefined,
    stopCode: stopped ? 'ServiceSchedulerInitiated' : undefined,
    healthStatus: task.lastStatus === 'RUNNING' ? 'HEALTHY' : 'UNKNOWN',
    version: TASK_VERSION[task.lastStatus],
    containers: [
      {
        containerArn: `arn:aws:ecs:${service.region}:${
          service.accountId
        }:container/${service.cluster}/${task.id}/${stableHex(
          `container/${task.id}`,
          8,
        )}-${stableHex(`container2/${task.id}`, 4)}`,
        taskArn,
        name: service.component,
        image: task.deployment.image,
        lastStatus: task.lastStatus,
        healthStatus: task.lastStatus === 'RUNNING' ? 'HEALTHY' : 'UNKNOWN',
        exitCode: stopped ? 0 : undefined,
        networkInterfaces: [
          {
            attachmentId: stableHex(`eni/${task.id}`, 32),
            privateIpv4Address: privateIp,
          },
        ],
        cpu: '0',
      },
    ],
    tags: includeTags ? toEcsTags(service.tags) : undefined,
  };
}
