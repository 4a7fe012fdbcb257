/*
 * Benchmark: 50 rollback requests for one ECS service at once, spread over
 * two backend replicas (two RollbackService instances, each with its own
 * connection pool and SDK clients) on one PostgreSQL database, each request
 * with its own idempotency key. Repeated on `runs` services.
 *
 * Checks, per run: exactly one UpdateService reached the sandbox, one request
 * created the rollback and every other got a ConflictError naming it, all 50
 * answered, and the database holds exactly one rollback of the target.
 *
 *   yarn workspace @internal/plugin-deployments-backend bench:concurrent-rollbacks [--scale 1] [--requests 50] [--runs 5]
 */
import { parseEntityRef } from '@backstage/catalog-model';
import { Rollback } from '@internal/plugin-deployments-common';
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
  const scale = arg('scale', 1);
  const requestCount = arg('requests', 50);
  const runs = arg('runs', 5);
  const world = await createBenchWorld({ scale });
  try {
    await world.collect();
    const replicas = [world, world.createReplica()];
    const model = DeploymentsModel.create({
      ...world,
      rollbacks: world.rollbackStore,
    });
    const services = world.server.scenario.services.filter(
      s => s.runtime === 'ecs',
    );
    const results = [];
    for (let run = 0; run < runs; run++) {
      const service =
        services[Math.floor((run * services.length) / Math.max(1, runs))];
      const entityRef = parseEntityRef(
        `component:default/${service.component}`,
      );
      const plan = await model.getRollbackPlan({
        entityRef,
        environment: service.environment,
        target: service.arn,
        credentials: SRE,
      });
      const body = {
        environment: service.environment,
        target: plan.target,
        toRevision: plan.to.id,
        reason: 'Benchmark: concurrent requests',
        ...(plan.confirmationRequired
          ? { confirmation: service.environment }
          : {}),
      };

      const updatesBefore = world.server.stats.count('ecs', 'UpdateService');
      const scope = world.counter.createScope();
      const latencies: number[] = [];
      const start = performance.now();
      // Request i goes to replica i % 2: half each, all in flight at once.
      const settled = await scope.run(() =>
        Promise.allSettled(
          Array.from({ length: requestCount }, async (_, i) => {
            const t0 = performance.now();
            try {
              return await replicas[i % 2].rollbacks.create({
                entityRef,
                body,
                idempotencyKey: `bench-${run}-${i}`,
                credentials: SRE,
              });
            } finally {
              latencies.push(performance.now() - t0);
            }
          }),
        ),
      );
      const wallMs = performance.now() - start;

      const created = settled.flatMap(s =>
        s.status === 'fulfilled' ? [s.value] : [],
      );
      const winner: Rollback | undefined = created[0];
      const errors = settled.flatMap(s =>
        s.status === 'rejected' ? [s.reason as Error] : [],
      );
      const conflictsNamingWinner = errors.filter(
        e =>
          e.name === 'ConflictError' &&
          winner !== undefined &&
          e.message.includes(winner.id),
      ).length;
      const otherErrors = errors
        .filter(
          e =>
            !(
              e.name === 'ConflictError' &&
              winner !== undefined &&
              e.message.includes(winner.id)
            ),
        )
        .map(e => `${e.name}: ${e.message}`);
      const rows = await world
        .knex('rollbacks')
        .where({ target_id: service.arn, environment: service.environment })
        .select('id', 'state');
      results.push({
        target: `${service.environment} ${service.name} (${service.region})`,
        responses: settled.length,
        created: created.length,
        createdIds: [...new Set(created.map(r => r.id))],
        winnerState: winner?.state,
        conflictsNamingWinner,
        otherErrors,
        updateServiceAtSandbox:
          world.server.stats.count('ecs', 'UpdateService') - updatesBefore,
        awsCalls: byOperation(scope.snapshot()),
        rollbackRowsInDatabase: rows.length,
        rowMatchesWinner: rows.length === 1 && rows[0].id === winner?.id,
        wallMs: Math.round(wallMs),
        responseMs: {
          p50: Math.round(quantile(latencies, 0.5)),
          max: Math.round(Math.max(...latencies)),
        },
      });
    }
    const ok = results.every(
      r =>
        r.responses === requestCount &&
        r.created === 1 &&
        r.conflictsNamingWinner === requestCount - 1 &&
        r.otherErrors.length === 0 &&
        r.updateServiceAtSandbox === 1 &&
        r.rollbackRowsInDatabase === 1 &&
        r.rowMatchesWinner,
    );
    console.log(
      JSON.stringify(
        {
          machine: machine(),
          scale,
          replicas: replicas.length,
          requestsPerRun: requestCount,
          runs: results,
          allRunsHold: ok,
        },
        null,
        2,
      ),
    );
    if (!ok) process.exitCode = 1;
  } finally {
    await world.close();
  }
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
