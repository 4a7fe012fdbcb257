import {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import { HumanDuration, durationToMilliseconds } from '@backstage/types';
import { AwsCallCounter } from '../clients/AwsCallCounter';
import { AwsCallCount, CollectorRunCalls } from '@internal/plugin-aws-common';
import { CollectorRun, CollectorRunRecorder } from './CollectorRunRecorder';

/**
 * What a collector's `run` gets.
 *
 * @public
 */
export interface AwsCollectorContext {
  /** Aborted when the run times out or the backend shuts down. */
  signal: AbortSignal;
  /** A child logger tagged with the collector id. */
  logger: LoggerService;
}

/**
 * Options for {@link createAwsCollector}.
 *
 * @public
 */
export interface AwsCollectorOptions {
  /** Task id, unique across the backend, e.g. `aws-ecs-deployments`. */
  id: string;
  frequency: SchedulerServiceTaskScheduleDefinition['frequency'];
  /**
   * How long a run may take. A run still recorded as running after it, when
   * the next run starts, is recorded as abandoned.
   */
  timeout: HumanDuration;
  initialDelay?: SchedulerServiceTaskScheduleDefinition['initialDelay'];
  scheduler: SchedulerService;
  logger: LoggerService;
  /** The process-wide counter (awsCallCounterServiceRef). */
  counter: AwsCallCounter;
  /** Where runs are recorded; optional so that tests can leave it out. */
  store?: CollectorRunRecorder;
  /** Collects once. Throw to mark the run failed. */
  run(context: AwsCollectorContext): Promise<void>;
}

/**
 * A scheduled AWS collector.
 *
 * @public
 */
export interface AwsCollector {
  readonly id: string;
  /**
   * Runs the collector now in this process, counts and records the run, and
   * returns its summary. Never throws for a failed run: the summary says so.
   */
  runOnce(signal?: AbortSignal): Promise<CollectorRun>;
  /** Asks the scheduler to run the task soon, on whichever replica. */
  trigger(): Promise<void>;
}

function summarizeCalls(counts: AwsCallCount[]): CollectorRunCalls[] {
  const byOperation = new Map<string, CollectorRunCalls>();
  for (const c of counts) {
    const key = `${c.service}:${c.operation}`;
    const entry = byOperation.get(key) ?? {
      service: c.service,
      operation: c.operation,
      count: 0,
    };
    entry.count += c.count;
    if (c.retries) {
      // Under throttling the SDK's retries are most of what AWS sees; a
      // summary without them would under-count the requests made.
      entry.retries = (entry.retries ?? 0) + c.retries;
    }
    byOperation.set(key, entry);
  }
  return [...byOperation.values()].sort((a, b) =>
    `${a.service}:${a.operation}` < `${b.service}:${b.operation}` ? -1 : 1,
  );
}

/**
 * Schedules an AWS collector as a global task (once per interval across all
 * replicas) and returns it. Each run counts its own AWS calls, whatever else
 * the process is doing, logs them, and records a summary in the store.
 *
 * @public
 */
export async function createAwsCollector(
  options: AwsCollectorOptions,
): Promise<AwsCollector> {
  const { id, scheduler, counter, store } = options;
  const runLogger = options.logger.child({ collector: id });
  const timeoutMs = durationToMilliseconds(options.timeout);

  // Recorded before the run does anything, so that a replica stopped
  // mid-run leaves a `running` row that the next run marks abandoned. A
  // database that cannot record it does not stop the collection.
  const startRecording = async (
    recorder: CollectorRunRecorder,
    startedAt: Date,
  ): Promise<string | undefined> => {
    try {
      return await recorder.startRun({
        collectorId: id,
        startedAt,
        abandonRunningStartedBefore: new Date(startedAt.getTime() - timeoutMs),
      });
    } catch (e) {
      runLogger.warn(
        `Could not record the start of AWS collector ${id}: ${stringifyError(
          e,
        )}`,
      );
      return undefined;
    }
  };

  const runOnce = async (signal?: AbortSignal): Promise<CollectorRun> => {
    const scope = counter.createScope();
    const startedAt = new Date();
    const runId = store ? await startRecording(store, startedAt) : undefined;
    let error: unknown;
    try {
      await scope.run(() =>
        options.run({
          signal: signal ?? new AbortController().signal,
          logger: runLogger,
        }),
      );
    } catch (e) {
      error = e;
    }
    const finishedAt = new Date();
    const counts = scope.snapshot();
    const calls = summarizeCalls(counts);
    const total = calls.reduce((sum, c) => sum + c.count, 0);
    const retries = counts.reduce((sum, c) => sum + c.retries, 0);
    const run: CollectorRun = {
      collectorId: id,
      startedAt,
      finishedAt,
      status: error === undefined ? 'succeeded' : 'failed',
      calls,
      ...(error === undefined ? {} : { error: stringifyError(error) }),
    };

    const parts = [
      `AWS collector ${id} ${run.status} in ${
        finishedAt.getTime() - startedAt.getTime()
      } ms with ${total} AWS call${total === 1 ? '' : 's'}`,
    ];
    if (retries) {
      parts.push(` and ${retries} retr${retries === 1 ? 'y' : 'ies'}`);
    }
    if (calls.length) {
      parts.push(
        ` (${calls
          .map(
            c =>
              `${c.service}:${c.operation} ${c.count}${
                c.retries
                  ? ` + ${c.retries} retr${c.retries === 1 ? 'y' : 'ies'}`
                  : ''
              }`,
          )
          .join(', ')})`,
      );
    }
    const summary = parts.join('');
    // runLogger already carries the collector id.
    const meta = { calls: total, retries };
    if (error === undefined) {
      runLogger.info(summary, meta);
    } else {
      runLogger.error(`${summary}: ${run.error}`, meta);
    }

    if (store && runId !== undefined) {
      try {
        await store.finishRun(runId, run);
      } catch (e) {
        runLogger.warn(
          `Could not record the run of AWS collector ${id}: ${stringifyError(
            e,
          )}`,
          meta,
        );
      }
    }
    return run;
  };

  await scheduler.scheduleTask({
    id,
    frequency: options.frequency,
    timeout: options.timeout,
    initialDelay: options.initialDelay,
    scope: 'global',
    // A failed run is logged and recorded by runOnce; nothing to rethrow.
    fn: async (signal?: AbortSignal) => {
      await runOnce(signal);
    },
  });

  return {
    id,
    runOnce,
    trigger: () => scheduler.triggerTask(id),
  };
}
