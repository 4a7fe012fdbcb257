/*
 * Benchmark: the AWS (and Kubernetes API) calls of the deployments plugin,
 * counted through aws-node's call counter against the sandbox at a scale.
 *
 *  (c) the collector: collectDeployments on fresh stores, then again with
 *      every revision known, then a third time, broken down by operation and
 *      set against a batching floor computed from the sandbox's own state.
 *      The locator's cache is emptied between cycles: its entries live 60 s
 *      and the collector runs every 2 minutes.
 *  (a) the Deployments tab's read (DeploymentsModel.getComponentDeployments):
 *      `views` page views of different components.
 *  (b) the live rollout view: RollbackService.get polled every 2 s by one
 *      viewer, and by 20 viewers (spread over the 2 s) of another rollout, at
 *      once and for `seconds` of real time (the rollout cache's TTL is real
 *      time); the sandbox clock stands still, so both rollouts stay in
 *      progress.
 *
 *   yarn workspace @internal/plugin-deployments-backend bench:aws-calls [--scale 112] [--views 100] [--seconds 30]
 */
import { parseEntityRef } from '@backstage/catalog-model';
import { ShipyardEnvironment } from '@internal/plugin-aws-common';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DeploymentsModel } from '../src/service/DeploymentsModel';
import {
  arg,
  BenchWorld,
  byOperation,
  createBenchWorld,
  machine,
  quantile,
  ROLLOUT_CACHE_TTL_MS,
  SRE,
  total,
} from './createBenchWorld';

const POLL_MS = 2_000;
// AWS's per-request limits, as the targets and the locator use them.
const DESCRIBE_SERVICES_LIMIT = 10;
const DESCRIBE_TASKS_LIMIT = 100;
const LIST_TASKS_LIMIT = 100;
const HISTORY_REVISIONS = 20;
const TAGGING_PAGE = 100;

/**
 * The fewest calls one collector cycle can make, from the sandbox's state:
 * the locator's tag scan and Deployment lists; per ECS cluster
 * DescribeServices in tens; per service its first page of stopped tasks and
 * their descriptions; per family its newest revisions (a revision deployed
 * and replaced between two cycles is only found there); each task definition
 * not yet stored, once; per EKS namespace one list each of ReplicaSets, pods
 * and events.
 */
function batchingFloor(world: BenchWorld, firstCycle: boolean) {
  const { server } = world;
  const now = world.now();
  const floor: Record<string, number> = {};
  const add = (key: string, n: number) => {
    floor[key] = (floor[key] ?? 0) + n;
  };
  for (const env of world.environments.list() as ShipyardEnvironment[]) {
    for (const t of world.environments.targets(env.name)) {
      const n = server.state.tags.query(t.accountId, t.region, {
        tagFilters: [{ key: 'shipyard:environment', values: [env.name] }],
        resourceTypes: [
          'ecs:service',
          'elasticloadbalancing:targetgroup',
          'cloudwatch:alarm',
        ],
      }).length;
      add(
        'ResourceGroupsTaggingAPI:GetResources',
        Math.max(1, Math.ceil(n / TAGGING_PAGE)),
      );
    }
    const services = server.scenario.services.filter(
      s => s.environment === env.name,
    );
    const ecs = services.filter(s => s.runtime === 'ecs');
    const eks = services.filter(s => s.runtime === 'eks');
    const perCluster = new Map<string, number>();
    const families = new Set<string>();
    const taskDefinitions = new Set<string>();
    for (const s of ecs) {
      const cluster = `${s.accountId}/${s.region}/${s.cluster}`;
      perCluster.set(cluster, (perCluster.get(cluster) ?? 0) + 1);
      families.add(`${s.accountId}/${s.region}/${s.family}`);
      add('ECS:ListTasks', 1);
      const stopped = server.state.services
        .tasks(s.id, now, { replaceCrashed: true })
        .filter(task => task.desiredStatus === 'STOPPED').length;
      add(
        'ECS:DescribeTasks',
        Math.ceil(Math.min(stopped, LIST_TASKS_LIMIT) / DESCRIBE_TASKS_LIMIT),
      );
      const newest = [
        ...server.state.taskDefinitions.revisions(
          s.accountId,
          s.region,
          s.family!,
        ),
      ]
        .filter(r => r.taskDefinition.status !== 'INACTIVE')
        .sort(
          (a, b) =>
            (b.taskDefinition.revision ?? 0) - (a.taskDefinition.revision ?? 0),
        )
        .slice(0, HISTORY_REVISIONS)
        .map(r => r.taskDefinition.taskDefinitionArn!);
      const live = server.state.services
        .rollout(s.id, now)
        .deployments.flatMap(d =>
          d.taskDefinitionArn ? [d.taskDefinitionArn] : [],
        );
      for (const arn of [...newest, ...live]) taskDefinitions.add(arn);
    }
    for (const n of perCluster.values()) {
      add('ECS:DescribeServices', Math.ceil(n / DESCRIBE_SERVICES_LIMIT));
    }
    add('ECS:ListTaskDefinitions', families.size);
    add('ECS:DescribeTaskDefinition', firstCycle ? taskDefinitions.size : 0);

    add(
      'Kubernetes:listDeploymentsForAllNamespaces',
      env.eksClusters.filter(c => c.url).length,
    );
    const namespaces = new Set(eks.map(s => `${s.cluster}/${s.namespace}`));
    add('Kubernetes:listNamespacedReplicaSet', namespaces.size);
    add('Kubernetes:listNamespacedPod', namespaces.size);
    add('Kubernetes:listNamespacedEvent', namespaces.size);
  }
  return floor;
}

function compare(
  measured: Record<string, number>,
  floor: Record<string, number>,
) {
  const keys = [...new Set([...Object.keys(measured), ...Object.keys(floor)])];
  return Object.fromEntries(
    keys
      .sort()
      .map(k => [k, { calls: measured[k] ?? 0, floor: floor[k] ?? 0 }]),
  );
}

async function collectorCycles(world: BenchWorld) {
  const cycles = [];
  for (let cycle = 1; cycle <= 3; cycle++) {
    await world.clearLocatorCache();
    const floor = batchingFloor(world, cycle === 1);
    const scope = world.counter.createScope();
    const start = performance.now();
    await scope.run(() => world.collect());
    const ms = performance.now() - start;
    const calls = scope.snapshot();
    const measured = byOperation(calls);
    const [{ n: targets }] = await world
      .knex('deployment_targets')
      .count({ n: '*' });
    const [{ n: revisions }] = await world.knex('revisions').count({ n: '*' });
    cycles.push({
      cycle,
      ms: Math.round(ms),
      calls: total(calls),
      floor: Object.values(floor).reduce((a, b) => a + b, 0),
      errors: calls.filter(c => c.outcome === 'error').length,
      byOperation: compare(measured, floor),
      targetsStored: Number(targets),
      revisionsStored: Number(revisions),
    });
  }
  return cycles;
}

async function pageViews(world: BenchWorld, views: number) {
  const model = DeploymentsModel.create({
    ...world,
    rollbacks: world.rollbackStore,
  });
  const components = world.server.scenario.components;
  const scope = world.counter.createScope();
  const ms: number[] = [];
  await scope.run(async () => {
    for (let i = 0; i < views; i++) {
      const component = components[Math.floor((i * components.length) / views)];
      const start = performance.now();
      await model.getComponentDeployments({
        entityRef: parseEntityRef(`component:default/${component.name}`),
        credentials: SRE,
      });
      ms.push(performance.now() - start);
    }
  });
  return {
    views,
    awsCalls: total(scope.snapshot()),
    msPerView: {
      p50: +quantile(ms, 0.5).toFixed(1),
      p95: +quantile(ms, 0.95).toFixed(1),
    },
  };
}

async function startRollback(
  world: BenchWorld,
  service: (typeof world.server.scenario.services)[number],
) {
  const model = DeploymentsModel.create({
    ...world,
    rollbacks: world.rollbackStore,
  });
  const entityRef = parseEntityRef(`component:default/${service.component}`);
  const plan = await model.getRollbackPlan({
    entityRef,
    environment: service.environment,
    target: service.arn,
    credentials: SRE,
  });
  return world.rollbacks.create({
    entityRef,
    body: {
      environment: service.environment,
      target: plan.target,
      toRevision: plan.to.id,
      reason: 'Benchmark: live view',
      ...(plan.confirmationRequired
        ? { confirmation: service.environment }
        : {}),
    },
    idempotencyKey: randomUUID(),
    credentials: SRE,
  });
}

async function liveView(world: BenchWorld, seconds: number) {
  const ecs = world.server.scenario.services.filter(s => s.runtime === 'ecs');
  const watched = [ecs[1], ecs[Math.floor(ecs.length / 2) + 1]];
  const rollbacks = [];
  for (const service of watched) {
    rollbacks.push(await startRollback(world, service));
  }
  const watch = async (id: string, viewers: number) => {
    const scope = world.counter.createScope();
    const states = new Set<string>();
    let polls = 0;
    const start = performance.now();
    await scope.run(() =>
      Promise.all(
        Array.from({ length: viewers }, async (_, v) => {
          for (
            let at = (v * POLL_MS) / viewers;
            at < seconds * 1000;
            at += POLL_MS
          ) {
            await sleep(Math.max(0, start + at - performance.now()));
            const rollback = await world.rollbacks.get(id);
            states.add(rollback.rollout?.rolloutState ?? rollback.state);
            polls += 1;
          }
        }),
      ),
    );
    const calls = byOperation(scope.snapshot());
    const perMinute = (n: number) => +((n * 60) / seconds).toFixed(1);
    return {
      viewers,
      polls,
      rolloutStates: [...states],
      describeServices: calls['ECS:DescribeServices'] ?? 0,
      describeServicesPerMinute: perMinute(calls['ECS:DescribeServices'] ?? 0),
      allCallsPerMinute: perMinute(
        Object.values(calls).reduce((a, b) => a + b, 0),
      ),
      byOperation: calls,
    };
  };
  const [one, twenty] = await Promise.all([
    watch(rollbacks[0].id, 1),
    watch(rollbacks[1].id, 20),
  ]);
  return {
    seconds,
    pollEveryMs: POLL_MS,
    cacheTtlMs: ROLLOUT_CACHE_TTL_MS,
    oneViewer: one,
    twentyViewers: twenty,
  };
}

async function main() {
  const scale = arg('scale', 112);
  const views = arg('views', 100);
  const seconds = arg('seconds', 30);
  const world = await createBenchWorld({ scale });
  try {
    const collector = await collectorCycles(world);
    const tab = await pageViews(world, views);
    const live = await liveView(world, seconds);
    console.log(
      JSON.stringify(
        {
          machine: machine(),
          scale,
          components: world.server.scenario.components.length,
          services: {
            ecs: world.server.scenario.services.filter(s => s.runtime === 'ecs')
              .length,
            eks: world.server.scenario.services.filter(s => s.runtime === 'eks')
              .length,
          },
          collector,
          deploymentsTab: tab,
          liveView: live,
        },
        null,
        2,
      ),
    );
  } finally {
    await world.close();
  }
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
