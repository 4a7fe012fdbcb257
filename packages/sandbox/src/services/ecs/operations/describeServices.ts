import type {
  DescribeServicesResponse,
  Failure,
  Service,
} from '@aws-sdk/client-ecs';
import { InputReader } from '../../../server/InputReader';
import type { OperationHandler } from '../../../server/OperationHandler';
import { ECS_VALIDATION_ERROR } from '../ecsErrors';
import { resolveCluster } from '../resolveCluster';
import { resolveService } from '../resolveService';
import { toEcsService } from '../toEcsService';

/** ECS describes at most 10 services per call. */
const MAX_SERVICES = 10;

export const describeServices: OperationHandler<
  unknown,
  DescribeServicesResponse
> = (input, ctx) => {
  const reader = InputReader.of(input, ECS_VALIDATION_ERROR);
  const references = reader.stringList('services');
  if (!references || references.length === 0) {
    throw reader.invalid('Services cannot be empty.');
  }
  if (references.length > MAX_SERVICES) {
    throw reader.invalid(
      `service names can have at most ${MAX_SERVICES} items.`,
    );
  }
  const include = reader.stringList('include') ?? [];
  if (include.some(v => v !== 'TAGS')) {
    throw reader.invalid(
      `Invalid include value: ${include.find(v => v !== 'TAGS')}`,
    );
  }
  const cluster = resolveCluster(ctx, reader.string('cluster'));
  const services: Service[] = [];
  const failures: Failure[] = [];
  for (const reference of references) {
    const service = resolveService(ctx, cluster, reference);
    if (service) {
      services.push(
        toEcsService(service, ctx.state, ctx.now, include.includes('TAGS')),
      );
    } else {
      failures.push({
        arn: reference.startsWith('arn:')
          ? reference
          : `arn:aws:ecs:${ctx.region}:${ctx.accountId}:service/${cluster.name}/${reference}`,
        reason: 'MISSING',
      });
    }
  }
  return { services, failures };
};
