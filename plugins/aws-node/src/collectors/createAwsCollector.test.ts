import {
  GetResourcesCommand,
  ResourceGroupsTaggingAPIClient,
} from '@aws-sdk/client-resource-groups-tagging-api';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { NotAllowedError } from '@backstage/errors';
import { createSandboxServer, sandboxPortalConfig } from 'sandbox';
import { DefaultAwsCallCounter } from '../clients/DefaultAwsCallCounter';
import { DefaultAwsClientFactory } from '../clients/DefaultAwsClientFactory';
import { CollectorRun, CollectorRunRecorder } from './CollectorRunRecorder';
import { createAwsCollector } from './createAwsCollector';

const call = (service: string, operation: string, region = 'eu-west-1') => ({
  accountId: '222222222222',
  region,
  service,
  operation,
  outcome: 'success' as const,
  attempts: 1,
});

/**
 * The child logger the collector made for its runs, after checking that it
 * is tagged with the collector id.
 */
function runLoggerOf(
  logger: ReturnType<typeof mockServices.logger.mock>,
  collectorId: string,
): ReturnType<typeof mockServices.logger.mock> {
  expect(logger.child).toHaveBeenCalledTimes(1);
  expect(logger.child).toHaveBeenCalledWith({ collector: collectorId });
  return logger.child.mock.results[0].value;
}

/** Records runs in memory: what was started, and how each started run ended. */
function memoryStore() {
  const started: Parameters<CollectorRunRecorder['startRun']>[0][] = [];
  const finished = new Map<string, CollectorRun>();
  const store: CollectorRunRecorder = {
    async startRun(start) {
      started.push(start);
      return String(started.length);
    },
    async finishRun(id, run) {
      finished.set(id, run);
    },
  };
  return {
    store,
    started,
    get runs() {
      return [...finished.values()];
    },
  };
}

describe('createAwsCollector', () => {
  it('schedules a global task that runs once across replicas', async () => {
    const scheduler = mockServices.scheduler.mock();
    await createAwsCollector({
      id: 'aws-ecs-deployments',
      frequency: { minutes: 5 },
      timeout: { minutes: 2 },
      initialDelay: { seconds: 10 },
      scheduler,
      logger: mockServices.logger.mock(),
      counter: DefaultAwsCallCounter.create(),
      run: async () => {},
    });
    expect(scheduler.scheduleTask).toHaveBeenCalledWith({
      id: 'aws-ecs-deployments',
      frequency: { minutes: 5 },
      timeout: { minutes: 2 },
      initialDelay: { seconds: 10 },
      scope: 'global',
      fn: expect.any(Function),
    });
  });

  it("records each run's own AWS calls per service and operation, even with other work going on", async () => {
    const scheduler = mockServices.scheduler();
    const counter = DefaultAwsCallCounter.create();
    const logger = mockServices.logger.mock();
    const recorded = memoryStore();
    const { store } = recorded;
    let signalSeen: AbortSignal | undefined;

    await createAwsCollector({
      id: 'aws-ecs-deployments',
      frequency: { minutes: 5 },
      timeout: { minutes: 2 },
      scheduler,
      logger,
      counter,
      store,
      run: async ({ signal }) => {
        signalSeen = signal;
        counter.record(call('ECS', 'DescribeServices'));
        counter.record(call('ECS', 'DescribeServices', 'eu-central-1'));
        await new Promise(resolve => setTimeout(resolve, 5));
        counter.record({ ...call('ECS', 'ListServices'), attempts: 3 });
        counter.record(call('CloudWatch', 'GetMetricData'));
      },
    });
    // Calls by someone else in the same process while the run is going on.
    const elsewhere = setTimeout(
      () => counter.record(call('GuardDuty', 'GetFindings')),
      1,
    );

    await scheduler.triggerTask('aws-ecs-deployments');
    clearTimeout(elsewhere);

    expect(signalSeen).toBeDefined();
    const { runs } = recorded;
    expect(runs).toHaveLength(1);
    expect(runs[0]).toEqual({
      collectorId: 'aws-ecs-deployments',
      startedAt: expect.any(Date),
      finishedAt: expect.any(Date),
      status: 'succeeded',
      calls: [
        { service: 'CloudWatch', operation: 'GetMetricData', count: 1 },
        { service: 'ECS', operation: 'DescribeServices', count: 2 },
        { service: 'ECS', operation: 'ListServices', count: 1, retries: 2 },
      ],
    });
    expect(runs[0].finishedAt.getTime()).toBeGreaterThanOrEqual(
      runs[0].startedAt.getTime(),
    );
    const runLogger = runLoggerOf(logger, 'aws-ecs-deployments');
    expect(runLogger.info).toHaveBeenCalledWith(
      expect.stringMatching(
        /^AWS collector aws-ecs-deployments succeeded in \d+ ms with 4 AWS calls and 2 retries \(CloudWatch:GetMetricData 1, ECS:DescribeServices 2, ECS:ListServices 1 \+ 2 retries\)$/,
      ),
      { calls: 4, retries: 2 },
    );
    expect(logger.info).not.toHaveBeenCalled();
    // The process-wide totals still see everything.
    expect(counter.snapshot().reduce((n, c) => n + c.count, 0)).toBe(5);
  });

  it('counts each run afresh', async () => {
    const counter = DefaultAwsCallCounter.create();
    const collector = await createAwsCollector({
      id: 'aws-costs',
      frequency: { hours: 6 },
      timeout: { minutes: 5 },
      scheduler: mockServices.scheduler.mock(),
      logger: mockServices.logger.mock(),
      counter,
      run: async () => counter.record(call('CostExplorer', 'GetCostAndUsage')),
    });
    await collector.runOnce();
    const second = await collector.runOnce();
    expect(second.calls).toEqual([
      { service: 'CostExplorer', operation: 'GetCostAndUsage', count: 1 },
    ]);
  });

  it('records a failed run with its error and the calls made before it failed', async () => {
    const counter = DefaultAwsCallCounter.create();
    const logger = mockServices.logger.mock();
    const recorded = memoryStore();
    const { store } = recorded;
    const collector = await createAwsCollector({
      id: 'aws-findings',
      frequency: { minutes: 30 },
      timeout: { minutes: 5 },
      scheduler: mockServices.scheduler.mock(),
      logger,
      counter,
      store,
      run: async () => {
        counter.record(call('GuardDuty', 'ListFindings'));
        throw new NotAllowedError(
          "Shipyard's role cannot call GuardDuty:GetFindings",
        );
      },
    });

    const run = await collector.runOnce();

    expect(run.status).toBe('failed');
    expect(run.error).toBe(
      "NotAllowedError: Shipyard's role cannot call GuardDuty:GetFindings",
    );
    expect(run.calls).toEqual([
      { service: 'GuardDuty', operation: 'ListFindings', count: 1 },
    ]);
    expect(recorded.runs).toEqual([run]);
    expect(runLoggerOf(logger, 'aws-findings').error).toHaveBeenCalledWith(
      expect.stringMatching(
        /^AWS collector aws-findings failed in \d+ ms with 1 AWS call \(GuardDuty:ListFindings 1\): NotAllowedError: /,
      ),
      { calls: 1, retries: 0 },
    );
    expect(logger.error).not.toHaveBeenCalled();
  });

  it('records the retries AWS saw while it throttled, so the run does not under-count requests', async () => {
    const server = await createSandboxServer({ port: 0 });
    const counter = DefaultAwsCallCounter.create();
    const factory = DefaultAwsClientFactory.fromConfig(
      new ConfigReader(sandboxPortalConfig(server, { maxAttempts: 3 })),
      { counter },
    );
    try {
      server.faults.add({
        service: 'tagging',
        operation: 'GetResources',
        kind: 'throttle',
        count: 2,
      });
      const recorded = memoryStore();
      const { store } = recorded;
      const collector = await createAwsCollector({
        id: 'aws-resource-inventory',
        frequency: { minutes: 10 },
        timeout: { minutes: 2 },
        scheduler: mockServices.scheduler.mock(),
        logger: mockServices.logger.mock(),
        counter,
        store,
        run: async ({ signal }) => {
          const tagging = factory.getClient(ResourceGroupsTaggingAPIClient, {
            accountId: '111111111111',
            region: 'eu-west-1',
          });
          await tagging.send(new GetResourcesCommand({}), {
            abortSignal: signal,
          });
          await tagging.send(new GetResourcesCommand({}), {
            abortSignal: signal,
          });
        },
      });

      const run = await collector.runOnce();

      expect(run.status).toBe('succeeded');
      expect(run.calls).toEqual([
        {
          service: 'ResourceGroupsTaggingAPI',
          operation: 'GetResources',
          count: 2,
          retries: 2,
        },
      ]);
      // What the summary says is what AWS (the sandbox) received.
      expect(server.stats.count('tagging', 'GetResources')).toBe(4);
      expect(recorded.runs).toEqual([run]);
    } finally {
      factory.destroy();
      await server.close();
    }
  });

  it('records a running run before the run starts, asking to abandon runs left running longer than the timeout', async () => {
    const recorded = memoryStore();
    let startedBeforeRun: unknown[] = [];
    let finishedBeforeRun: CollectorRun[] = [];
    const collector = await createAwsCollector({
      id: 'aws-metrics',
      frequency: { minutes: 5 },
      timeout: { minutes: 2 },
      scheduler: mockServices.scheduler.mock(),
      logger: mockServices.logger.mock(),
      counter: DefaultAwsCallCounter.create(),
      store: recorded.store,
      run: async () => {
        startedBeforeRun = [...recorded.started];
        finishedBeforeRun = recorded.runs;
      },
    });

    const run = await collector.runOnce();

    expect(startedBeforeRun).toEqual([
      {
        collectorId: 'aws-metrics',
        startedAt: run.startedAt,
        abandonRunningStartedBefore: new Date(
          run.startedAt.getTime() - 2 * 60_000,
        ),
      },
    ]);
    expect(finishedBeforeRun).toEqual([]);
    expect(recorded.runs).toEqual([run]);
  });

  it('keeps going when the store cannot record the start or the end of the run', async () => {
    const logger = mockServices.logger.mock();
    const finishRun = jest.fn(async () => {
      throw new Error('database is gone');
    });
    const startRun = jest
      .fn<Promise<string>, []>()
      .mockRejectedValueOnce(new Error('database is not there yet'))
      .mockResolvedValue('7');
    const collector = await createAwsCollector({
      id: 'aws-metrics',
      frequency: { minutes: 5 },
      timeout: { minutes: 2 },
      scheduler: mockServices.scheduler.mock(),
      logger,
      counter: DefaultAwsCallCounter.create(),
      store: { startRun, finishRun },
      run: async () => {},
    });
    await expect(collector.runOnce()).resolves.toMatchObject({
      status: 'succeeded',
    });
    // Without a recorded start there is nothing to finish.
    expect(finishRun).not.toHaveBeenCalled();
    await expect(collector.runOnce()).resolves.toMatchObject({
      status: 'succeeded',
    });
    expect(finishRun).toHaveBeenCalledWith('7', expect.anything());
    const runLogger = runLoggerOf(logger, 'aws-metrics');
    expect(runLogger.warn).toHaveBeenCalledWith(
      'Could not record the start of AWS collector aws-metrics: Error: database is not there yet',
    );
    expect(runLogger.warn).toHaveBeenCalledWith(
      'Could not record the run of AWS collector aws-metrics: Error: database is gone',
      expect.anything(),
    );
  });

  it('passes the abort signal of the scheduled task to the run', async () => {
    const scheduler = mockServices.scheduler.mock();
    const seen: AbortSignal[] = [];
    await createAwsCollector({
      id: 'aws-ecs-deployments',
      frequency: { minutes: 5 },
      timeout: { minutes: 2 },
      scheduler,
      logger: mockServices.logger.mock(),
      counter: DefaultAwsCallCounter.create(),
      run: async ({ signal }) => {
        seen.push(signal);
      },
    });
    const controller = new AbortController();
    const task = scheduler.scheduleTask.mock.calls[0][0];
    await task.fn(controller.signal);
    expect(seen).toEqual([controller.signal]);
  });

  it('triggers the scheduled task on request', async () => {
    const scheduler = mockServices.scheduler.mock();
    const collector = await createAwsCollector({
      id: 'aws-costs',
      frequency: { hours: 6 },
      timeout: { minutes: 5 },
      scheduler,
      logger: mockServices.logger.mock(),
      counter: DefaultAwsCallCounter.create(),
      run: async () => {},
    });
    await collector.trigger();
    expect(scheduler.triggerTask).toHaveBeenCalledWith('aws-costs');
  });
});
