import { linkTagMismatches } from '@internal/plugin-aws-common';
import { expectedLinkTags } from '@internal/plugin-aws-node';
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTaskDefinitionsCommand,
  ListTasksCommand,
  Service,
  Tag,
  TagResourceCommand,
  Task,
  TaskDefinition,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  AwsTarget,
  componentRunsIn,
  ShipyardTagKeys,
} from '@internal/plugin-aws-common';
import {
  allSettledOrThrow,
  AWS_LIMITS,
  AwsClientFactory,
  chunk,
  mapAwsError,
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
  StoredDeployment,
  StoredRevision,
  StoredTarget,
} from '../database/DeploymentsStore';
import { deploymentId } from './deploymentId';
import { describeImage } from './describeImage';
import { parseTimestamp } from './parseTimestamp';
import { readCommit } from './readCommit';
import {
  CollectedEnvironment,
  DeploymentTargets,
  LiveTarget,
} from './DeploymentTargets';

/** The tags the deployment pipeline writes on task definitions and services. */
const DEPLOYED_BY_TAG = 'shipyard:deployed-by';
const DEPLOYED_AT_TAG = 'shipyard:deployed-at';
const COMMIT_SHA_TAG = 'shipyard:commit-sha';
const COMMITTED_AT_TAG = 'shipyard:committed-at';
const REVISION_LABEL = 'org.opencontainers.image.revision';

const DESCRIBE_SERVICES_LIMIT = AWS_LIMITS.ecsDescribeServices;
const DESCRIBE_TASKS_LIMIT = AWS_LIMITS.ecsDescribeTasks;
const LIST_TASKS_LIMIT = AWS_LIMITS.ecsListTasksPage;

const HISTORY_REVISIONS = 20;
const NEWEST_EVENTS = 10;
const NEWEST_FAILURES = 10;
// Revisions are immutable; this bounds memory, not staleness.
const REVISION_CACHE_SIZE = 5000;
// The pipeline tags the service around the time it calls UpdateService;
// tags older than the PRIMARY deployment by more than this describe an
// earlier deployment (someone deployed without tagging).
const TAG_CLOCK_SLACK_MS = 5 * 60_000;

const SERVICE_ARN =
  /^arn:aws[a-z-]*:ecs:([a-z0-9-]+):(\d{12}):service\/([^/]+)\/([^/]+)$/;

interface ServiceRef extends AwsTarget {
  arn: string;
  cluster: string;
  name: string;
}

interface ReadRevision {
  revision: Revision;
  spec: StoredRevision['spec'];
  family: string;
}

function parseServiceArn(arn: string): ServiceRef | undefined {
  const match = SERVICE_ARN.exec(arn);
  if (!match) {
    return undefined;
  }
  const [, region, accountId, cluster, name] = match;
  return { arn, region, accountId, cluster, name };
}

/** `family:revision` of a task definition ARN (or of `family:revision`). */
function familyRevisionOf(taskDefinitionArn: string): string {
  return taskDefinitionArn.slice(taskDefinitionArn.lastIndexOf('/') + 1);
}

function familyOf(taskDefinitionArn: string): string {
  const familyRevision = familyRevisionOf(taskDefinitionArn);
  const colon = familyRevision.lastIndexOf(':');
  return colon >= 0 ? familyRevision.slice(0, colon) : familyRevision;
}

function tagRecord(tags: Tag[] | undefined): Record<string, string> {
  return Object.fromEntries(
    (tags ?? []).flatMap(t =>
      t.key !== undefined ? [[t.key, t.value ?? '']] : [],
    ),
  );
}

/** An instant as the pipeline writes it: ISO 8601 in UTC, to the second. */
function toIsoSeconds(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

function primaryOf(service: Service) {
  return service.deployments?.find(d => d.status === 'PRIMARY');
}

function toRevision(
  taskDefinition: TaskDefinition,
  tags: Record<string, string>,
): ReadRevision {
  const arn = taskDefinition.taskDefinitionArn!;
  const containers = taskDefinition.containerDefinitions ?? [];
  const main = containers.find(c => c.essential !== false) ?? containers[0];
  const image = main?.image ?? '';
  const deployedAt = parseTimestamp(tags[DEPLOYED_AT_TAG]);
  // The commit belongs to the task definition: a rollback to it runs the same
  // commit, whatever the service's tags say by then.
  const commit = readCommit(tags[COMMIT_SHA_TAG], tags[COMMITTED_AT_TAG]);
  const family = taskDefinition.family ?? familyOf(arn);
  return {
    family,
    revision: {
      id: arn,
      revision: `${family}:${taskDefinition.revision ?? familyRevisionOf(arn)}`,
      image,
      ...describeImage(image, {
        revisionLabel: main?.dockerLabels?.[REVISION_LABEL],
        commitSha: commit.sha,
      }),
      ...(commit.committedAt
        ? { committedAt: commit.committedAt.toISOString() }
        : {}),
      ...(taskDefinition.cpu ? { cpu: taskDefinition.cpu } : {}),
      ...(taskDefinition.memory ? { memory: taskDefinition.memory } : {}),
      ...(deployedAt ? { deployedAt: deployedAt.toISOString() } : {}),
      ...(tags[DEPLOYED_BY_TAG] ? { deployedBy: tags[DEPLOYED_BY_TAG] } : {}),
    },
    spec: {
      environment: (main?.environment ?? []).flatMap(e =>
        e.name ? [e.name] : [],
      ),
      secrets: (main?.secrets ?? []).flatMap(s => (s.name ? [s.name] : [])),
    },
  };
}

function toEvents(service: Service): TargetEvent[] {
  return (service.events ?? [])
    .filter(e => e.createdAt && e.message)
    .sort((a, b) => b.createdAt!.getTime() - a.createdAt!.getTime())
    .slice(0, NEWEST_EVENTS)
    .map(e => ({ at: e.createdAt!.toISOString(), message: e.message! }));
}

/**
 * A stopped task as a failure row, or undefined for a task the scheduler
 * stopped in an orderly way (a deployment or scale-in), which is no failure.
 */
function toFailure(task: Task): TargetFailure | undefined {
  const exited = (task.containers ?? []).filter(c => c.exitCode !== undefined);
  const failed = exited.find(c => c.exitCode !== 0) ?? exited[0];
  if (
    task.stopCode === 'ServiceSchedulerInitiated' &&
    (!failed || failed.exitCode === 0)
  ) {
    return undefined;
  }
  const at = task.stoppedAt ?? task.stoppingAt ?? task.createdAt;
  const arn = task.taskArn ?? '';
  return {
    id: arn.slice(arn.lastIndexOf('/') + 1),
    at: (at ?? new Date(0)).toISOString(),
    reason: task.stoppedReason ?? task.stopCode ?? 'Task stopped',
    ...(failed?.name ? { container: failed.name } : {}),
    ...(failed?.exitCode !== undefined ? { exitCode: failed.exitCode } : {}),
    ...(task.taskDefinitionArn
      ? { revision: familyRevisionOf(task.taskDefinitionArn) }
      : {}),
  };
}

function isServiceNotFound(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { name?: string }).name === 'ServiceNotFoundException'
  );
}

/**
 * The ECS side of the deployments plugin: targets are ECS services, named by
 * their ARN; revisions are task definitions, each read once.
 */
export class EcsDeploymentTargets implements DeploymentTargets {
  static create(options: {
    environments: ShipyardEnvironments;
    clientFactory: AwsClientFactory;
    locator: Pick<ResourceLocator, 'locateMany'>;
    tagKeys: ShipyardTagKeys;
  }): EcsDeploymentTargets {
    return new EcsDeploymentTargets(
      options.environments,
      options.clientFactory,
      options.locator,
      options.tagKeys,
    );
  }

  // Task definitions never change, so a revision read once (by collect or
  // readLive) serves every later `running` summary without a call.
  readonly #revisions = new Map<string, ReadRevision>();

  private constructor(
    private readonly environments: ShipyardEnvironments,
    private readonly clientFactory: AwsClientFactory,
    private readonly locator: Pick<ResourceLocator, 'locateMany'>,
    private readonly tagKeys: ShipyardTagKeys,
  ) {}

  handles(targetId: string): boolean {
    return parseServiceArn(targetId) !== undefined;
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
        c.annotations.runtime === 'ecs' &&
        componentRunsIn(c.annotations, environment),
    );
    const collected: CollectedEnvironment = {
      targets: [],
      revisions: [],
      deployments: [],
    };
    if (components.length === 0) {
      return collected;
    }
    const located = await this.locator.locateMany(
      components.map(c => ({
        componentTagValue: c.annotations.componentTagValue,
        runtime: 'ecs' as const,
      })),
      environment,
      { signal },
    );

    const groups = new Map<
      string,
      { ref: ServiceRef; component: ShipyardComponent }[]
    >();
    for (const component of components) {
      const services =
        located.get(component.annotations.componentTagValue)?.ecsServices ?? [];
      for (const service of services) {
        const key = `${service.accountId}/${service.region}/${service.cluster}`;
        const group = groups.get(key) ?? [];
        group.push({ ref: service, component });
        groups.set(key, group);
      }
    }

    const collectedAt = new Date();
    const results = await allSettledOrThrow(
      [...groups.values()].map(group =>
        this.#collectCluster(group, {
          environment,
          knownRevisionIds: request.knownRevisionIds,
          signal,
          collectedAt,
        }),
      ),
    );
    const seenRevisions = new Set<string>();
    for (const result of results.flat()) {
      collected.targets.push(result.target);
      for (const revision of result.revisions) {
        if (!seenRevisions.has(revision.revision.id)) {
          seenRevisions.add(revision.revision.id);
          collected.revisions.push(revision);
        }
      }
      collected.deployments.push(...result.deployments);
    }
    return collected;
  }

  async readLive(request: {
    environment: string;
    targetId: string;
  }): Promise<LiveTarget> {
    const ref = this.#serviceIn(request.environment, request.targetId);
    const service = await this.#describeService(ref);
    const primary = primaryOf(service);
    const taskDefinitionArn = primary?.taskDefinition ?? service.taskDefinition;
    // Task definitions never change: one read before is as good as now.
    const running = taskDefinitionArn
      ? this.#revisions.get(taskDefinitionArn) ??
        (await this.#describeTaskDefinition(ref, taskDefinitionArn))
      : undefined;
    const target = this.#toTarget(ref, service, running?.revision);
    return {
      target: { ...target, events: toEvents(service) },
      tags: tagRecord(service.tags),
      family:
        running?.family ??
        (taskDefinitionArn ? familyOf(taskDefinitionArn) : ''),
      cluster: ref.cluster,
    };
  }

  async rollback(request: {
    environment: string;
    targetId: string;
    to: StoredRevision;
    requestedBy: string;
  }): Promise<{ warning?: string }> {
    const ref = this.#serviceIn(request.environment, request.targetId);
    const service = await this.#describeService(ref);
    const current =
      primaryOf(service)?.taskDefinition ?? service.taskDefinition;
    const family = current ? familyOf(current) : undefined;
    const toArn = request.to.revision.id;
    // ECS accepts any family's task definition here; staying within the
    // service's family is ours to check.
    if (!family || request.to.family !== family || familyOf(toArn) !== family) {
      throw new InputError(
        `Cannot roll back ${ref.arn} to ${familyRevisionOf(
          toArn,
        )}: it is not a revision of the service's task definition family ${
          family ?? '(unknown)'
        }`,
      );
    }
    const client = this.clientFactory.getClient(ECSClient, ref);
    const context = { ...ref, service: 'ECS', resource: ref.arn };
    let updated: Service | undefined;
    try {
      ({ service: updated } = await client.send(
        new UpdateServiceCommand({
          cluster: ref.cluster,
          service: ref.arn,
          taskDefinition: toArn,
        }),
      ));
    } catch (error) {
      throw mapAwsError(error, { ...context, operation: 'UpdateService' });
    }
    // When, by AWS's clock: the collector compares it with the PRIMARY
    // deployment's createdAt to tell a rollback's tags from stale ones.
    const deployedAt = (updated && primaryOf(updated)?.createdAt) ?? new Date();
    // The service's commit tags then name the commit that runs again, as the
    // pipeline's would; without a recorded commit they are left as they are
    // (the collector reads commits from task definitions, not the service).
    const { gitSha, committedAt } = request.to.revision;
    const commitTags =
      gitSha && committedAt
        ? [
            { key: COMMIT_SHA_TAG, value: gitSha },
            {
              key: COMMITTED_AT_TAG,
              value: toIsoSeconds(new Date(committedAt)),
            },
          ]
        : [];
    try {
      await client.send(
        new TagResourceCommand({
          resourceArn: ref.arn,
          tags: [
            { key: DEPLOYED_BY_TAG, value: request.requestedBy },
            { key: DEPLOYED_AT_TAG, value: toIsoSeconds(deployedAt) },
            ...commitTags,
          ],
        }),
      );
    } catch (error) {
      // The service already rolls back: report who could not be recorded
      // rather than fail a rollback that is under way.
      const mapped = mapAwsError(error, {
        ...context,
        operation: 'TagResource',
      });
      return {
        warning: `The rollback is under way, but tagging the service with who rolled back failed: ${mapped.message}`,
      };
    }
    return {};
  }

  /** The service an ARN names, checked to be in the environment's accounts. */
  #serviceIn(environment: string, targetId: string): ServiceRef {
    const ref = parseServiceArn(targetId);
    if (!ref) {
      throw new InputError(`${targetId} is not an ECS service ARN`);
    }
    const inEnvironment = this.environments
      .targets(environment)
      .some(t => t.accountId === ref.accountId && t.region === ref.region);
    if (!inEnvironment) {
      throw new InputError(
        `${targetId} is in account ${ref.accountId}, ${ref.region}, which is not part of environment ${environment}`,
      );
    }
    return ref;
  }

  async #describeService(ref: ServiceRef): Promise<Service> {
    const [service] = await this.#describeServices(ref, ref.cluster, [ref.arn]);
    if (!service || service.status === 'INACTIVE') {
      throw new NotFoundError(
        `ECS service ${ref.name} was not found in cluster ${ref.cluster} (account ${ref.accountId}, ${ref.region})`,
      );
    }
    return service;
  }

  /** Up to 10 services of one cluster; missing ones are left out. */
  async #describeServices(
    target: AwsTarget,
    cluster: string,
    arns: string[],
    signal?: AbortSignal,
  ): Promise<Service[]> {
    const client = this.clientFactory.getClient(ECSClient, target);
    try {
      const output = await client.send(
        new DescribeServicesCommand({
          cluster,
          services: arns,
          include: ['TAGS'],
        }),
        { abortSignal: signal },
      );
      return output.services ?? [];
    } catch (error) {
      throw mapAwsError(error, {
        ...target,
        service: 'ECS',
        operation: 'DescribeServices',
        resource: `cluster ${cluster}`,
      });
    }
  }

  async #describeTaskDefinition(
    target: AwsTarget,
    arn: string,
    signal?: AbortSignal,
  ): Promise<ReadRevision> {
    const client = this.clientFactory.getClient(ECSClient, target);
    let output;
    try {
      output = await client.send(
        new DescribeTaskDefinitionCommand({
          taskDefinition: arn,
          include: ['TAGS'],
        }),
        { abortSignal: signal },
      );
    } catch (error) {
      throw mapAwsError(error, {
        ...target,
        service: 'ECS',
        operation: 'DescribeTaskDefinition',
        resource: arn,
      });
    }
    const read = toRevision(output.taskDefinition!, tagRecord(output.tags));
    this.#remember(read);
    return read;
  }

  #remember(read: ReadRevision) {
    if (this.#revisions.size >= REVISION_CACHE_SIZE) {
      this.#revisions.delete(this.#revisions.keys().next().value!);
    }
    this.#revisions.set(read.revision.id, read);
  }

  async #collectCluster(
    group: { ref: ServiceRef; component: ShipyardComponent }[],
    context: {
      environment: string;
      knownRevisionIds: (ids: string[]) => Promise<Set<string>>;
      signal?: AbortSignal;
      collectedAt: Date;
    },
  ) {
    const { ref: first } = group[0];
    const byArn = new Map(group.map(g => [g.ref.arn, g]));
    const results = [];
    for (const batch of chunk(group, DESCRIBE_SERVICES_LIMIT)) {
      const services = await this.#describeServices(
        first,
        first.cluster,
        batch.map(g => g.ref.arn),
        context.signal,
      );
      const collected = await allSettledOrThrow(
        services.flatMap(service => {
          const entry = byArn.get(service.serviceArn ?? '');
          return entry && service.status !== 'INACTIVE'
            ? [
                this.#collectService(
                  entry.ref,
                  entry.component,
                  service,
                  context,
                ),
              ]
            : [];
        }),
      );
      for (const result of collected) {
        if (result) {
          results.push(result);
        }
      }
    }
    return results;
  }

  async #collectService(
    ref: ServiceRef,
    component: ShipyardComponent,
    service: Service,
    context: {
      environment: string;
      knownRevisionIds: (ids: string[]) => Promise<Set<string>>;
      signal?: AbortSignal;
      collectedAt: Date;
    },
  ) {
    const { environment, signal } = context;
    const primary = primaryOf(service);
    const runningArn = primary?.taskDefinition ?? service.taskDefinition;
    const failures = await this.#failures(ref, signal);
    if (failures === undefined) {
      // Deleted between DescribeServices and ListTasks.
      return undefined;
    }

    const candidateArns = new Set<string>([
      ...(runningArn
        ? await this.#newestTaskDefinitions(ref, familyOf(runningArn), signal)
        : []),
      ...(service.deployments ?? []).flatMap(d =>
        d.taskDefinition ? [d.taskDefinition] : [],
      ),
    ]);
    const known = await context.knownRevisionIds([...candidateArns]);
    const toRead = [...candidateArns].filter(arn => !known.has(arn));
    const read = await allSettledOrThrow(
      toRead.map(arn => this.#describeTaskDefinition(ref, arn, signal)),
    );
    // A stored running revision is described once per process for its
    // summary; after that it comes from memory.
    const running =
      runningArn !== undefined
        ? this.#revisions.get(runningArn) ??
          (await this.#describeTaskDefinition(ref, runningArn, signal))
        : undefined;

    const owner = component.owner ? { owner: component.owner } : {};
    const tags = tagRecord(service.tags);
    const mismatches = linkTagMismatches(
      tags,
      expectedLinkTags(component, environment, this.tagKeys),
    );
    // The service's tags name who started the PRIMARY deployment, rollbacks
    // included (the task definition's tags name its first deployment only).
    const serviceDeployedAt = parseTimestamp(tags[DEPLOYED_AT_TAG]);
    const byServiceTags =
      serviceDeployedAt &&
      tags[DEPLOYED_BY_TAG] &&
      (!primary?.createdAt ||
        serviceDeployedAt.getTime() >=
          primary.createdAt.getTime() - TAG_CLOCK_SLACK_MS)
        ? { deployedAt: serviceDeployedAt, deployedBy: tags[DEPLOYED_BY_TAG] }
        : undefined;
    // What runs was deployed when and by whom the service says, not when its
    // task definition was first deployed: after a rollback that is the rollback.
    const runningNow =
      running && byServiceTags
        ? {
            ...running.revision,
            deployedAt: byServiceTags.deployedAt.toISOString(),
            deployedBy: byServiceTags.deployedBy,
          }
        : running?.revision;
    const target: DeploymentTarget = {
      ...this.#toTarget(ref, service, runningNow),
      events: toEvents(service),
      failures,
      ...(mismatches.length > 0 ? { mismatches } : {}),
    };

    const deployment = (
      revision: Revision,
      deployedAt: Date,
      deployedBy: string | undefined,
    ): StoredDeployment => ({
      id: deploymentId(ref.arn, revision.id, deployedAt),
      entityRef: component.ref,
      ...owner,
      environment,
      targetId: ref.arn,
      revision,
      deployedAt,
      ...(deployedBy ? { deployedBy } : {}),
      ...(revision.committedAt
        ? { committedAt: new Date(revision.committedAt) }
        : {}),
    });
    const deployments = read.flatMap(r =>
      r.revision.deployedAt
        ? [
            deployment(
              r.revision,
              new Date(r.revision.deployedAt),
              r.revision.deployedBy,
            ),
          ]
        : [],
    );
    if (byServiceTags && running) {
      const { deployedAt, deployedBy } = byServiceTags;
      const id = deploymentId(ref.arn, running.revision.id, deployedAt);
      if (!deployments.some(d => d.id === id)) {
        deployments.push(deployment(running.revision, deployedAt, deployedBy));
      }
    }

    const storedTarget: StoredTarget = {
      entityRef: component.ref,
      ...owner,
      environment,
      target,
      collectedAt: context.collectedAt,
    };
    const revisions: StoredRevision[] = read.map(r => ({
      revision: r.revision,
      spec: r.spec,
      targetId: ref.arn,
      family: r.family,
    }));
    return { target: storedTarget, revisions, deployments };
  }

  /** The newest task definition revisions of a family, newest first. */
  async #newestTaskDefinitions(
    target: AwsTarget,
    family: string,
    signal?: AbortSignal,
  ): Promise<string[]> {
    const client = this.clientFactory.getClient(ECSClient, target);
    try {
      const output = await client.send(
        new ListTaskDefinitionsCommand({
          familyPrefix: family,
          sort: 'DESC',
          maxResults: HISTORY_REVISIONS,
        }),
        { abortSignal: signal },
      );
      return output.taskDefinitionArns ?? [];
    } catch (error) {
      throw mapAwsError(error, {
        ...target,
        service: 'ECS',
        operation: 'ListTaskDefinitions',
        resource: `family ${family}`,
      });
    }
  }

  /**
   * The newest stopped tasks of a service that failed, from the first page
   * of ListTasks. Undefined when the service no longer exists.
   */
  async #failures(
    ref: ServiceRef,
    signal?: AbortSignal,
  ): Promise<TargetFailure[] | undefined> {
    const client = this.clientFactory.getClient(ECSClient, ref);
    const context = { ...ref, service: 'ECS', resource: ref.arn };
    let taskArns: string[];
    try {
      const output = await client.send(
        new ListTasksCommand({
          cluster: ref.cluster,
          serviceName: ref.name,
          desiredStatus: 'STOPPED',
          maxResults: LIST_TASKS_LIMIT,
        }),
        { abortSignal: signal },
      );
      taskArns = output.taskArns ?? [];
    } catch (error) {
      if (isServiceNotFound(error)) {
        return undefined;
      }
      throw mapAwsError(error, { ...context, operation: 'ListTasks' });
    }
    const tasks: Task[] = [];
    for (const batch of chunk(taskArns, DESCRIBE_TASKS_LIMIT)) {
      try {
        const output = await client.send(
          new DescribeTasksCommand({ cluster: ref.cluster, tasks: batch }),
          { abortSignal: signal },
        );
        tasks.push(...(output.tasks ?? []));
      } catch (error) {
        throw mapAwsError(error, { ...context, operation: 'DescribeTasks' });
      }
    }
    return tasks
      .flatMap(task => {
        const failure = toFailure(task);
        return failure ? [failure] : [];
      })
      .sort((a, b) => b.at.localeCompare(a.at))
      .slice(0, NEWEST_FAILURES);
  }

  #toTarget(
    ref: ServiceRef,
    service: Service,
    running: Revision | undefined,
  ): DeploymentTarget {
    const primary = primaryOf(service);
    const desiredCount = service.desiredCount ?? 0;
    const runningCount = service.runningCount ?? 0;
    const settled =
      (service.deployments ?? []).length <= 1 && runningCount === desiredCount;
    return {
      id: ref.arn,
      kind: 'ecs-service',
      cluster: ref.cluster,
      name: service.serviceName ?? ref.name,
      accountId: ref.accountId,
      region: ref.region,
      ...(running ? { running } : {}),
      // Without a circuit breaker ECS reports no rollout state.
      rolloutState:
        primary?.rolloutState ?? (settled ? 'COMPLETED' : 'IN_PROGRESS'),
      ...(primary?.rolloutStateReason
        ? { rolloutReason: primary.rolloutStateReason }
        : {}),
      desiredCount,
      runningCount,
      pendingCount: service.pendingCount ?? 0,
      history: [],
      events: [],
      failures: [],
    };
  }
}
