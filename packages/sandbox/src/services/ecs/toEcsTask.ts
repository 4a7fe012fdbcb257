import type { Task } from '@aws-sdk/client-ecs';
import type { ScenarioService } from '../../scenario/Scenario';
import { stableHex } from '../../scenario/stableHex';
import { CRASH_EXIT_CODE } from '../../state/crashLoop';
import type { TaskView } from '../../state/LiveDeployment';
import { toEcsTags } from './toEcsTags';

/** ECS bumps a task's version on each status change. */
const TASK_VERSION = { PENDING: 1, RUNNING: 3, STOPPED: 5 } as const;

/** How ECS reports a stopped task, by why it stopped. */
const STOPS: Record<
  NonNullable<TaskView['stopCause']>,
  (task: TaskView) => {
    stoppedReason: string;
    stopCode: 'ServiceSchedulerInitiated' | 'EssentialContainerExited';
    exitCode: number;
    reason?: string;
  }
> = {
  // A graceful stop exits 0 on SIGTERM.
  scheduler: task => ({
    stoppedReason: `Scaling activity initiated by (deployment ${task.deployment.id})`,
    stopCode: 'ServiceSchedulerInitiated',
    exitCode: 0,
  }),
  // The kernel's OOM kill, as Fargate reports it.
  crashed: () => ({
    stoppedReason: 'Essential container in task exited',
    stopCode: 'EssentialContainerExited',
    exitCode: CRASH_EXIT_CODE,
    reason: 'OutOfMemoryError: Container killed due to memory usage',
  }),
};

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
  const stop = task.stopCause ? STOPS[task.stopCause](task) : undefined;
  let healthStatus: 'HEALTHY' | 'UNHEALTHY' | 'UNKNOWN' = 'UNKNOWN';
  if (task.lastStatus === 'RUNNING') {
    healthStatus = 'HEALTHY';
  } else if (task.stopCause === 'crashed') {
    healthStatus = 'UNHEALTHY';
  }
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
    stoppedReason: stop?.stoppedReason,
    stopCode: stop?.stopCode,
    healthStatus,
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
        healthStatus,
        exitCode: stop?.exitCode,
        reason: stop?.reason,
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
