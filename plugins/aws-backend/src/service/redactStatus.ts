import { AwsCallCount, operations } from '@internal/plugin-aws-common';

type Status =
  operations['GetStatus']['responses'][200]['content']['application/json'];

const FAILED_RUN =
  'The run failed. The cause is in the server log; SREs see it here.';

/**
 * `/status` for a caller without `aws.diagnostics.read`: failed runs say
 * that they failed but not what AWS answered, this replica's AWS calls are
 * totalled per operation without account or region, and the environments
 * (accounts, cluster URLs) are left to `/environments`.
 */
export function redactStatus(status: Status): Status {
  const calls = new Map<string, AwsCallCount>();
  for (const { accountId, region, ...call } of status.thisReplica.awsCalls) {
    const key = [
      call.service,
      call.operation,
      call.outcome,
      call.errorName ?? '',
    ].join('\n');
    const total = calls.get(key);
    if (total) {
      total.count += call.count;
      total.retries += call.retries;
    } else {
      calls.set(key, { ...call });
    }
  }
  return {
    collectors: status.collectors.map(collector => ({
      ...collector,
      runs: collector.runs.map(run =>
        run.error === undefined ? run : { ...run, error: FAILED_RUN },
      ),
    })),
    thisReplica: { awsCalls: [...calls.values()] },
  };
}
