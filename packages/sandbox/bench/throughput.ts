/*
 * Benchmark: sandbox request throughput, as the portal's collectors load it. The sandbox runs in
 * its own process (as with `yarn start`); this process drives it with the real SDK v3 clients,
 * CONCURRENCY requests in flight, for SECONDS per operation. Load generator and server share this
 * machine's cores, so compare operations within one run rather than across machines.
 *
 *   yarn workspace sandbox bench:throughput [--seconds 5] [--concurrency 32] [--scale 112]
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import {
  DescribeServicesCommand,
  ECSClient,
  ListServicesCommand,
} from '@aws-sdk/client-ecs';
import {
  GetResourcesCommand,
  ResourceGroupsTaggingAPIClient,
} from '@aws-sdk/client-resource-groups-tagging-api';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import {
  CloudWatchClient,
  GetMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import { sandboxClientConfig } from '../src/testing/sandboxClientConfig';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

async function startStandalone(port: number, scale: number) {
  const child = spawn(
    process.execPath,
    ['--require', '@backstage/cli/config/nodeTransform.cjs', 'src/main.ts'],
    {
      cwd: path.resolve(__dirname, '..'),
      env: {
        ...process.env,
        SANDBOX_PORT: String(port),
        SANDBOX_SCALE: String(scale),
      },
      stdio: 'ignore',
    },
  );
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${url}/_sandbox/health`)).ok) return { url, child };
    } catch {
      // not yet listening
    }
    await new Promise(r => setTimeout(r, 100));
  }
  child.kill();
  throw new Error('sandbox did not start');
}

async function drive(
  seconds: number,
  concurrency: number,
  call: () => Promise<unknown>,
) {
  const deadline = performance.now() + seconds * 1000;
  let done = 0;
  let errors = 0;
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const t = performance.now();
        try {
          await call();
          done++;
        } catch {
          errors++;
        }
        latencies.push(performance.now() - t);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return {
    requestsPerSecond: Math.round(done / seconds),
    errors,
    p50ms: +latencies[Math.floor(latencies.length * 0.5)].toFixed(1),
    p99ms: +latencies[Math.floor(latencies.length * 0.99)].toFixed(1),
  };
}

async function main() {
  const seconds = arg('seconds', 5);
  const concurrency = arg('concurrency', 32);
  const scale = arg('scale', 112);
  const { url, child } = await startStandalone(arg('port', 4599), scale);
  const cfg = {
    ...sandboxClientConfig({ url }, { accountId: '222222222222' }),
    maxAttempts: 1,
  };
  const ecs = new ECSClient(cfg);
  const tagging = new ResourceGroupsTaggingAPIClient(cfg);
  const sts = new STSClient(cfg);
  const cloudwatch = new CloudWatchClient(cfg);
  const names = (
    await ecs.send(
      new ListServicesCommand({ cluster: 'prod-apps', maxResults: 10 }),
    )
  ).serviceArns!;

  // 100 running-task series of one hour at one-minute resolution: one page of a collector's
  // availability query (which batches up to 500 per call).
  const serviceNames = (
    await ecs.send(
      new ListServicesCommand({ cluster: 'prod-apps', maxResults: 100 }),
    )
  ).serviceArns!.map(arn => arn.split('/').pop()!);
  const metricQueries = serviceNames.map((service, i) => ({
    Id: `m${i}`,
    MetricStat: {
      Metric: {
        Namespace: 'ECS/ContainerInsights',
        MetricName: 'RunningTaskCount',
        Dimensions: [
          { Name: 'ClusterName', Value: 'prod-apps' },
          { Name: 'ServiceName', Value: service },
        ],
      },
      Period: 60,
      Stat: 'Average',
    },
  }));
  const hourAgo = new Date(Date.now() - 3600_000);

  const results: Record<string, unknown> = {};
  const ops: [string, () => Promise<unknown>][] = [
    [
      'STS GetCallerIdentity (awsQuery, XML)',
      () => sts.send(new GetCallerIdentityCommand({})),
    ],
    [
      'ECS ListServices (page of 10)',
      () =>
        ecs.send(
          new ListServicesCommand({ cluster: 'prod-apps', maxResults: 10 }),
        ),
    ],
    [
      'ECS DescribeServices (10 services)',
      () =>
        ecs.send(
          new DescribeServicesCommand({
            cluster: 'prod-apps',
            services: names,
          }),
        ),
    ],
    [
      'Tagging GetResources (page of 100, env filter)',
      () =>
        tagging.send(
          new GetResourcesCommand({
            TagFilters: [{ Key: 'shipyard:environment', Values: ['prod'] }],
            ResourcesPerPage: 100,
          }),
        ),
    ],
    [
      `CloudWatch GetMetricData (${metricQueries.length} queries x 60 points)`,
      () =>
        cloudwatch.send(
          new GetMetricDataCommand({
            MetricDataQueries: metricQueries,
            StartTime: hourAgo,
            EndTime: new Date(hourAgo.getTime() + 3600_000),
          }),
        ),
    ],
  ];
  for (const [name, call] of ops) {
    await drive(1, concurrency, call); // warm-up
    results[name] = await drive(seconds, concurrency, call);
  }
  console.log(
    JSON.stringify(
      {
        machine: `${os.cpus().length} cores, ${Math.round(
          os.totalmem() / 2 ** 30,
        )} GiB, Node ${process.version}`,
        scale,
        concurrency,
        seconds,
        results,
      },
      null,
      2,
    ),
  );
  child.kill();
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
