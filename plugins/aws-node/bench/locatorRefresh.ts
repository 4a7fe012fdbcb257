/*
 * Benchmark: one full resource-inventory refresh of N components x 3 environments through the
 * ResourceLocator, against the sandbox over HTTP, with the real SDK clients.
 *
 * Compares, within one run, the batched path the collector uses (locateMany: one paginated
 * GetResources scan per account/region of an environment, one Deployment list per EKS cluster)
 * with the naive path (one locate() per component and environment) on a sample, and
 * extrapolates the naive call count. Every AWS and Kubernetes call is counted.
 *
 *   yarn workspace @internal/plugin-aws-node bench:locator [--scale 112] [--runs 3] [--sample 60]
 */
import {
  mockServices,
  ServiceFactoryTester,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import os from 'node:os';
import { createSandboxServer, sandboxPortalConfig } from 'sandbox';
import { DefaultAwsCallCounter } from '../src/clients/DefaultAwsCallCounter';
import { DefaultAwsClientFactory } from '../src/clients/DefaultAwsClientFactory';
import { DefaultShipyardEnvironments } from '../src/environments/DefaultShipyardEnvironments';
import { DefaultResourceLocator } from '../src/locator/DefaultResourceLocator';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

function totalCalls(counter: DefaultAwsCallCounter) {
  return counter.snapshot().reduce((sum, c) => sum + c.count, 0);
}

function callsByService(counter: DefaultAwsCallCounter) {
  const byService: Record<string, number> = {};
  for (const c of counter.snapshot()) {
    const key = `${c.service}:${c.operation}`;
    byService[key] = (byService[key] ?? 0) + c.count;
  }
  return byService;
}

async function main() {
  const scale = arg('scale', 112);
  const runs = arg('runs', 3);
  const sample = arg('sample', 60);
  const server = await createSandboxServer({ port: 0, scale });
  const cfg = new ConfigReader(sandboxPortalConfig(server));
  const counter = DefaultAwsCallCounter.create();
  const factory = DefaultAwsClientFactory.fromConfig(cfg, { counter });
  const environments = DefaultShipyardEnvironments.fromConfig(cfg);
  // A fresh cache per run: a refresh must measure AWS calls, not cache hits.
  const newLocator = async () =>
    DefaultResourceLocator.fromConfig(cfg, {
      environments,
      clientFactory: factory,
      counter,
      cache: await ServiceFactoryTester.from(
        mockServices.cache.factory(),
      ).getSubject('aws'),
    });
  const components = server.scenario.components.map(c => ({
    componentTagValue: c.name,
    runtime: c.runtime,
  }));
  const envNames = environments.list().map(e => e.name);

  // The batching floor: for each (environment, account, region), the tagged resources of the
  // types the locator asks for, in pages of 100 (at least one call even when none match).
  const floor = environments.list().reduce(
    (calls, env) =>
      calls +
      environments.targets(env.name).reduce((sum, t) => {
        const n = server.state.tags.query(t.accountId, t.region, {
          tagFilters: [{ key: 'shipyard:environment', values: [env.name] }],
          resourceTypes: [
            'ecs:service',
            'elasticloadbalancing:targetgroup',
            'cloudwatch:alarm',
          ],
        }).length;
        return sum + Math.max(1, Math.ceil(n / 100));
      }, 0) +
      // EKS workloads: one Deployment list per cluster of the environment.
      env.eksClusters.filter(c => c.url).length,
    0,
  );

  const batched: {
    ms: number;
    calls: number;
    byService: Record<string, number>;
    found: number;
  }[] = [];
  for (let run = 0; run < runs; run++) {
    const locator = await newLocator();
    counter.reset();
    const start = performance.now();
    let found = 0;
    for (const env of envNames) {
      const result = await locator.locateMany(components, env, {
        bypassCache: true,
      });
      for (const r of result.values()) found += r.ecsServices.length;
    }
    batched.push({
      ms: performance.now() - start,
      calls: totalCalls(counter),
      byService: callsByService(counter),
      found,
    });
  }

  const locator = await newLocator();
  counter.reset();
  const naiveStart = performance.now();
  for (const c of components.slice(0, sample)) {
    for (const env of envNames) {
      await locator.locate({ ...c, environment: env }, { bypassCache: true });
    }
  }
  const naiveMs = performance.now() - naiveStart;
  const naiveCalls = totalCalls(counter);
  const perPair = naiveCalls / (sample * envNames.length);

  const median = (xs: number[]) =>
    [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const b = {
    ms: median(batched.map(r => r.ms)),
    calls: batched[0].calls,
    found: batched[0].found,
  };
  const naiveProjectedCalls = Math.round(
    perPair * components.length * envNames.length,
  );
  const naiveProjectedMs =
    (naiveMs / (sample * envNames.length)) *
    components.length *
    envNames.length;
  console.log(
    JSON.stringify(
      {
        machine: `${os.cpus().length} cores, ${Math.round(
          os.totalmem() / 2 ** 30,
        )} GiB, Node ${process.version}`,
        components: components.length,
        environments: envNames.length,
        batched: {
          runs: batched,
          medianMs: Math.round(b.ms),
          calls: b.calls,
          batchingFloor: floor,
          byService: batched[0].byService,
          ecsServicesFound: b.found,
        },
        naiveSample: {
          pairs: sample * envNames.length,
          calls: naiveCalls,
          ms: Math.round(naiveMs),
        },
        naiveProjected: {
          calls: naiveProjectedCalls,
          ms: Math.round(naiveProjectedMs),
        },
        ratio: {
          calls: +(naiveProjectedCalls / b.calls).toFixed(1),
          time: +(naiveProjectedMs / b.ms).toFixed(1),
        },
      },
      null,
      2,
    ),
  );
  factory.destroy();
  await server.close();
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
