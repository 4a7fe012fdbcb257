import type { Scenario, ScenarioService } from '../scenario/Scenario';
import { stableHex } from '../scenario/stableHex';
import { CRASH_PERIOD_MS, crashesBetween, isBadImageTag } from './crashLoop';
import type {
  DeploymentView,
  LiveDeployment,
  RolloutView,
  TaskView,
} from './LiveDeployment';

interface ServiceRecord {
  scenario: ScenarioService;
  desiredCount: number;
  /** Oldest first. */
  history: LiveDeployment[];
}

/** How long ECS still lists the tasks a completed rollout stopped. */
const STOPPED_TASK_RETENTION_MS = 60 * 60_000;

function deploymentId(seed: string): string {
  // ECS deployment ids are `ecs-svc/` and 19 digits.
  const digits =
    BigInt(`0x${stableHex(seed, 16)}`) % 10_000_000_000_000_000_000n;
  return `ecs-svc/${digits.toString().padStart(19, '0')}`;
}

/**
 * The running services (ECS services and EKS Deployments) and their rollouts. Rollouts are not
 * driven by timers: each view is computed from the deployment history and the time asked
 * about, so a rollout progresses with the clock and any past moment can be replayed.
 *
 * @public
 */
export class ServiceStore {
  private readonly records = new Map<string, ServiceRecord>();
  private readonly byCluster = new Map<string, ScenarioService[]>();
  private readonly byName = new Map<string, ScenarioService>();
  /** Services created through the API (CreateService), which the scenario does not know. */
  private readonly created = new Map<string, ScenarioService>();
  private readonly taskIndex = new Map<
    string,
    { serviceId: string; deploymentId: string; index: number }
  >();

  private constructor(
    private readonly scenario: Scenario,
    private readonly rolloutMs: number,
  ) {
    for (const service of scenario.services) {
      this.index(service);
    }
  }

  private index(service: ScenarioService) {
    const key = ServiceStore.clusterKey(
      service.accountId,
      service.region,
      service.cluster,
    );
    const list = this.byCluster.get(key) ?? [];
    list.push(service);
    this.byCluster.set(key, list);
    this.byName.set(`${key}/${service.name}`, service);
  }

  /**
   * Adds a service created through the API, with no deployment yet: its first one is started
   * with `startDeployment`, as CreateService does. Refuses a name taken in the cluster.
   */
  add(service: ScenarioService) {
    if (
      this.find(
        service.accountId,
        service.region,
        service.cluster,
        service.name,
      )
    ) {
      throw new Error(`Service ${service.id} exists`);
    }
    this.created.set(service.id, service);
    this.index(service);
  }

  static create(options: {
    scenario: Scenario;
    rolloutSeconds: number;
  }): ServiceStore {
    return new ServiceStore(options.scenario, options.rolloutSeconds * 1000);
  }

  private static clusterKey(
    accountId: string,
    region: string,
    cluster: string,
  ) {
    return `${accountId}/${region}/${cluster}`;
  }

  /** The services of a cluster, in a stable order. */
  inCluster(
    accountId: string,
    region: string,
    cluster: string,
  ): ScenarioService[] {
    return (
      this.byCluster.get(ServiceStore.clusterKey(accountId, region, cluster)) ??
      []
    );
  }

  /** A service of a cluster by name. */
  find(
    accountId: string,
    region: string,
    cluster: string,
    name: string,
  ): ScenarioService | undefined {
    return this.byName.get(
      `${ServiceStore.clusterKey(accountId, region, cluster)}/${name}`,
    );
  }

  get(serviceId: string): ScenarioService | undefined {
    return this.created.get(serviceId) ?? this.scenario.getService(serviceId);
  }

  desiredCount(serviceId: string): number {
    return this.record(serviceId).desiredCount;
  }

  setDesiredCount(serviceId: string, desiredCount: number) {
    this.record(serviceId).desiredCount = desiredCount;
  }

  /** Every deployment of the service, oldest first, including those started through the API. */
  history(serviceId: string): readonly LiveDeployment[] {
    return this.record(serviceId).history;
  }

  /** Starts a rollout to a new version; it completes `rolloutSeconds` after `now`. */
  startDeployment(
    serviceId: string,
    deployment: Omit<LiveDeployment, 'id' | 'createdAt'>,
    now: Date,
  ): LiveDeployment {
    const record = this.record(serviceId);
    const live: LiveDeployment = {
      ...deployment,
      id: deploymentId(
        `${serviceId}/${record.history.length}/${now.getTime()}`,
      ),
      createdAt: now,
    };
    record.history.push(live);
    return live;
  }

  /** The service's deployments as they stand at `at`. */
  rollout(serviceId: string, at: Date): RolloutView {
    const record = this.record(serviceId);
    const t = at.getTime();
    let latest = record.history.length - 1;
    while (latest >= 0 && record.history[latest].createdAt.getTime() > t) {
      latest -= 1;
    }
    const desired = record.desiredCount;
    if (latest < 0) {
      return {
        deployments: [],
        desiredCount: desired,
        runningCount: 0,
        pendingCount: 0,
      };
    }
    const primary = record.history[latest];
    const elapsed = t - primary.createdAt.getTime();
    if (elapsed >= this.rolloutMs) {
      const completedAt = new Date(
        primary.createdAt.getTime() + this.rolloutMs,
      );
      return {
        deployments: [
          {
            ...primary,
            status: 'PRIMARY',
            rolloutState: 'COMPLETED',
            desiredCount: desired,
            runningCount: desired,
            pendingCount: 0,
            updatedAt: completedAt,
          },
        ],
        desiredCount: desired,
        runningCount: desired,
        pendingCount: 0,
        steadySince: completedAt,
      };
    }
    const started = Math.floor((desired * elapsed) / this.rolloutMs);
    const views: DeploymentView[] = [
      {
        ...primary,
        status: 'PRIMARY',
        rolloutState: 'IN_PROGRESS',
        desiredCount: desired,
        runningCount: started,
        pendingCount: desired - started,
        updatedAt: at,
      },
    ];
    const previous = record.history[latest - 1];
    if (previous) {
      // The old tasks are stopped as fast as new ones become healthy.
      const draining = desired - started;
      views.push({
        ...previous,
        status: 'ACTIVE',
        rolloutState: 'COMPLETED',
        desiredCount: draining,
        runningCount: draining,
        pendingCount: 0,
        updatedAt: at,
      });
    }
    const running = views.reduce((sum, d) => sum + d.runningCount, 0);
    return {
      deployments: views,
      desiredCount: desired,
      runningCount: running,
      pendingCount: desired - started,
    };
  }

  /**
   * The tasks of a service at `at`: those of its PRIMARY and ACTIVE deployments, plus the
   * ones the last rollout stopped within the past hour (as ECS lists them). One per replica:
   * a container on a `bad` image restarts in place, as in a Kubernetes pod. With
   * `replaceCrashed` (ECS), each crash instead stops the task (`stopCause: 'crashed'`, listed
   * for an hour) and a replacement with a new id takes its place.
   */
  tasks(
    serviceId: string,
    at: Date,
    options: { replaceCrashed?: boolean } = {},
  ): TaskView[] {
    const tasks = this.replicaTasks(serviceId, at);
    return options.replaceCrashed ? this.withCrashes(tasks, at) : tasks;
  }

  /**
   * How many of a deployment's tasks have failed by `at` (ECS `failedTasks`): every crash of a
   * task on a `bad` image, including those ECS no longer lists.
   */
  failedTasks(serviceId: string, liveDeploymentId: string, at: Date): number {
    let failed = 0;
    for (const task of this.replicaTasks(serviceId, at)) {
      if (
        task.deployment.id === liveDeploymentId &&
        task.startedAt &&
        isBadImageTag(task.deployment.imageTag)
      ) {
        failed += crashesBetween(task.startedAt, task.stoppedAt ?? at);
      }
    }
    return failed;
  }

  private replicaTasks(serviceId: string, at: Date): TaskView[] {
    const view = this.rollout(serviceId, at);
    const service = this.get(serviceId)!;
    const zones = ['a', 'b', 'c'].map(z => `${service.region}${z}`);
    const result: TaskView[] = [];
    const make = (
      deployment: DeploymentView,
      index: number,
      lastStatus: TaskView['lastStatus'],
      stoppedAt?: Date,
    ) => {
      const id = stableHex(`task/${serviceId}/${deployment.id}/${index}`, 32);
      this.taskIndex.set(id, { serviceId, deploymentId: deployment.id, index });
      const startedAt = new Date(
        deployment.createdAt.getTime() +
          ((index + 1) * this.rolloutMs) / Math.max(1, view.desiredCount),
      );
      result.push({
        id,
        serviceId,
        deployment,
        lastStatus,
        desiredStatus: lastStatus === 'STOPPED' ? 'STOPPED' : 'RUNNING',
        createdAt: deployment.createdAt,
        startedAt: lastStatus === 'PENDING' ? undefined : startedAt,
        stoppedAt,
        availabilityZone: zones[index % zones.length],
        stopCause: lastStatus === 'STOPPED' ? 'scheduler' : undefined,
      });
    };
    for (const deployment of view.deployments) {
      for (let i = 0; i < deployment.runningCount; i++) {
        make(deployment, i, 'RUNNING');
      }
      if (deployment.status === 'PRIMARY') {
        for (
          let i = deployment.runningCount;
          i < deployment.desiredCount;
          i++
        ) {
          make(deployment, i, 'PENDING');
        }
      } else {
        // Old task i stopped when the (desired - i)th new task became healthy.
        const rolloutStart = view.deployments[0].createdAt.getTime();
        for (let i = deployment.runningCount; i < view.desiredCount; i++) {
          const stoppedAt = new Date(
            rolloutStart +
              ((view.desiredCount - i) * this.rolloutMs) / view.desiredCount,
          );
          make(deployment, i, 'STOPPED', stoppedAt);
        }
      }
    }
    if (
      view.steadySince &&
      at.getTime() - view.steadySince.getTime() < STOPPED_TASK_RETENTION_MS
    ) {
      const history = this.record(serviceId).history;
      const primaryIndex = history.findIndex(
        d => d.id === view.deployments[0].id,
      );
      const replaced = history[primaryIndex - 1];
      if (replaced) {
        const stopped: DeploymentView = {
          ...replaced,
          status: 'ACTIVE',
          rolloutState: 'COMPLETED',
          desiredCount: 0,
          runningCount: 0,
          pendingCount: 0,
          updatedAt: view.steadySince,
        };
        for (let i = 0; i < view.desiredCount; i++) {
          make(stopped, i, 'STOPPED', view.steadySince);
        }
      }
    }
    return result;
  }

  /**
   * Each task on a `bad` image as ECS shows it: one STOPPED task per crash (for an hour) and
   * the replacement that runs now, started when the last one was killed.
   */
  private withCrashes(tasks: TaskView[], at: Date): TaskView[] {
    const result: TaskView[] = [];
    for (const task of tasks) {
      if (!task.startedAt || !isBadImageTag(task.deployment.imageTag)) {
        result.push(task);
        continue;
      }
      const firstStart = task.startedAt.getTime();
      const crashes = crashesBetween(task.startedAt, task.stoppedAt ?? at);
      const generation = (g: number) => {
        const startedAt = new Date(firstStart + g * CRASH_PERIOD_MS);
        const id = g === 0 ? task.id : stableHex(`task/${task.id}/${g}`, 32);
        if (g > 0) {
          this.taskIndex.set(id, this.taskIndex.get(task.id)!);
        }
        return {
          ...task,
          id,
          createdAt: g === 0 ? task.createdAt : startedAt,
          startedAt,
        };
      };
      for (let g = 0; g < crashes; g++) {
        const stoppedAt = new Date(firstStart + (g + 1) * CRASH_PERIOD_MS);
        if (at.getTime() - stoppedAt.getTime() < STOPPED_TASK_RETENTION_MS) {
          result.push({
            ...generation(g),
            lastStatus: 'STOPPED',
            desiredStatus: 'STOPPED',
            stoppedAt,
            stopCause: 'crashed',
          });
        }
      }
      result.push(generation(crashes));
    }
    return result;
  }

  /**
   * Finds a task by id, as ECS DescribeTasks does (crashed tasks replaced), among those listed
   * before or among the cluster's current tasks.
   */
  findTask(
    accountId: string,
    region: string,
    cluster: string,
    taskId: string,
    at: Date,
  ): TaskView | undefined {
    const known = this.taskIndex.get(taskId);
    const candidates = known
      ? [known.serviceId]
      : this.inCluster(accountId, region, cluster).map(s => s.id);
    for (const serviceId of candidates) {
      const task = this.tasks(serviceId, at, { replaceCrashed: true }).find(
        t => t.id === taskId,
      );
      if (task) {
        return task;
      }
    }
    return undefined;
  }

  private record(serviceId: string): ServiceRecord {
    let record = this.records.get(serviceId);
    if (!record) {
      const service = this.get(serviceId);
      if (!service) {
        throw new Error(`Unknown service ${serviceId}`);
      }
      record = {
        scenario: service,
        desiredCount: service.desiredCount,
        history: service.deployments.map(d => ({
          id: deploymentId(
            `${serviceId}/${d.revision}/${d.deployedAt.getTime()}`,
          ),
          revision: d.revision,
          image: d.image,
          imageTag: d.imageTag,
          taskDefinitionArn: d.taskDefinitionArn,
          createdAt: d.deployedAt,
          reason: d.reason,
          deployedBy: d.deployedBy,
          commitSha: d.commitSha,
          committedAt: d.committedAt,
        })),
      };
      this.records.set(serviceId, record);
    }
    return record;
  }
}
