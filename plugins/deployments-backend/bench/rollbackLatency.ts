/*
 * Benchmark: server time from a rollback request to the AWS mutation, over
 * N rollbacks one after another, each of another ECS service of the sandbox
 * (so every target is free), through RollbackService.create with its real
 * stores on PostgreSQL and the real EcsDeploymentTargets over HTTP.
 *
 * Per rollback: the time until the sandbox answered UpdateService (taken
 * from the call counter as the SDK records the answer), until the target's
 * rollback() resolved (UpdateService, then TagResource), and until create()
 * returned (the rolling-out record written). Every AWS call is counted.
 *
 *   yarn workspace @internal/plugin-deployments-backend bench:rollback-latency [--scale 112] [--rollbacks 200]
 */
import { parseEntityRef } from '@backstage/catalog-model';
import { randomUUID } from 'node:crypto';
import { DeploymentsModel } from '../src/service/DeploymentsModel';
import {
  arg,
  byOperation,
  createBenchWorld,
  machine,
  quantile,
  SRE,
} from './createBenchWorld';

async function main() {
  const scale = arg('scale', 112);
  const count = arg('rollbacks', 200);
  const world = await createBenchWorld({ scale });
  try {
    const collectStart = performance.now();
    await world.collect();
    const collectMs = performance.now() - collectStart;

    // Every ECS service, environments interleaved; an even spread of `count`.
    const services = world.server.scenario.services.filter(
      s => s.runtime === 'ecs',
    );
    const picked = Array.from(
      { length: count },
      (_, i) => services[Math.floor((i * services.length) / count)],
    );
    const model = DeploymentsModel.create({
      ...world,
      rollbacks: world.rollbackStore,
    });
    const requests = [];
    for (const service of picked) {
      const entityRef = parseEntityRef(
        `component:default/${service.component}`,
      );
      // What the rollback dialog asks for first (not timed).
      const plan = await model.getRollbackPlan({
        entityRef,
        environment: service.environment,
        target: service.arn,
        credentials: SRE,
      });
      requests.push({
        entityRef,
        body: {
          environment: service.environment,
          target: plan.target,
          toRevision: plan.to.id,
          reason: `Benchmark: errors since ${plan.from.revision}`,
          ...(plan.confirmationRequired
            ? { confirmation: service.environment }
            : {}),
        },
      });
    }

    // Timestamps of the current rollback's steps.
    let marks: Record<string, number> = {};
    world.listeners.add((call, at) => {
      if (call.operation === 'UpdateService') marks.updateService = at;
    });
    const ecs = world.targets[0];
    const readLive = ecs.readLive.bind(ecs);
    const rollback = ecs.rollback.bind(ecs);
    ecs.readLive = async request => {
      marks.readLiveStart = performance.now();
      try {
        return await readLive(request);
      } finally {
        marks.readLiveEnd = performance.now();
      }
    };
    ecs.rollback = async request => {
      marks.rollbackStart = performance.now();
      try {
        return await rollback(request);
      } finally {
        marks.rollbackEnd = performance.now();
      }
    };

    const updateServicesBefore = world.server.stats.count(
      'ecs',
      'UpdateService',
    );
    world.counter.reset();
    const rows: Record<string, number>[] = [];
    const states: Record<string, number> = {};
    for (const request of requests) {
      marks = {};
      const start = performance.now();
      const created = await world.rollbacks.create({
        ...request,
        idempotencyKey: randomUUID(),
        credentials: SRE,
      });
      const end = performance.now();
      states[created.state] = (states[created.state] ?? 0) + 1;
      rows.push({
        toUpdateService: marks.updateService - start,
        toTargetRollback: marks.rollbackEnd - start,
        create: end - start,
        beforeRead: marks.readLiveStart - start,
        readLive: marks.readLiveEnd - marks.readLiveStart,
        targetRollback: marks.rollbackEnd - marks.rollbackStart,
        afterMutation: end - marks.rollbackEnd,
      });
    }
    const calls = byOperation(world.counter.snapshot());
    const stat = (key: string) => {
      const xs = rows.map(r => r[key]);
      return {
        p50: +quantile(xs, 0.5).toFixed(1),
        p95: +quantile(xs, 0.95).toFixed(1),
        max: +Math.max(...xs).toFixed(1),
      };
    };
    console.log(
      JSON.stringify(
        {
          machine: machine(),
          scale,
          components: world.server.scenario.components.length,
          ecsServices: services.length,
          firstCollectionMs: Math.round(collectMs),
          rollbacks: rows.length,
          states,
          updateServiceAtSandbox:
            world.server.stats.count('ecs', 'UpdateService') -
            updateServicesBefore,
          msFromRequest: {
            'UpdateService answered': stat('toUpdateService'),
            'target rollback() resolved': stat('toTargetRollback'),
            'create() returned': stat('create'),
          },
          msPerStep: {
            'catalog, permission, stores, intent, mutating (before readLive)':
              stat('beforeRead'),
            'readLive (DescribeServices, DescribeTaskDefinition)':
              stat('readLive'),
            'target rollback() (DescribeServices, UpdateService, TagResource)':
              stat('targetRollback'),
            'rolling-out record and answer (after the mutation)':
              stat('afterMutation'),
          },
          awsCallsPerRollback: Object.fromEntries(
            Object.entries(calls).map(([k, v]) => [k, v / rows.length]),
          ),
          first5CreateMs: rows.slice(0, 5).map(r => Math.round(r.create)),
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
