import type {
  DescribeTargetGroupsOutput,
  TargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { InputReader } from '../../../server/InputReader';
import type { OperationHandler } from '../../../server/OperationHandler';
import { paginate } from '../../../server/paginate';
import {
  ELBV2_VALIDATION_ERROR,
  loadBalancerNotFound,
  targetGroupNotFound,
} from '../elbv2Errors';
import { targetGroupsIn, type SandboxTargetGroup } from '../targetGroupsIn';

/** AWS refuses more ARNs in one call ("You cannot describe more than '20' target groups at a time"). */
const MAX_TARGET_GROUP_ARNS = 20;
const MAX_PAGE_SIZE = 400;
const TARGET_GROUP_ARN =
  /^arn:aws:elasticloadbalancing:([a-z0-9-]+):(\d{12}):targetgroup\/[A-Za-z0-9-]{1,32}\/[0-9a-f]{16}$/;
const LOAD_BALANCER_ARN =
  /^arn:aws:elasticloadbalancing:([a-z0-9-]+):(\d{12}):loadbalancer\/(?:app|net|gwy)\/[A-Za-z0-9-]{1,32}\/[0-9a-f]{16}$/;
/** What the scaffolded services' infrastructure code sets (and their container's HEALTHCHECK calls). */
const HEALTH_CHECK_PATH = '/healthz';

/**
 * DescribeTargetGroups: every target group of the caller's account and region, or those of one
 * load balancer, or the ones named by ARN or name (at most one of the three), in pages of
 * `PageSize` (1..400) with a `Marker`.
 */
export const describeTargetGroups: OperationHandler<
  unknown,
  DescribeTargetGroupsOutput
> = (input, ctx) => {
  const reader = InputReader.of(
    withoutEmptyLists(input),
    ELBV2_VALIDATION_ERROR,
  );
  const arns = reader.stringList('TargetGroupArns');
  const names = reader.stringList('Names');
  const loadBalancerArn = reader.string('LoadBalancerArn');
  const pageSize =
    reader.integer('PageSize', { min: 1, max: MAX_PAGE_SIZE }) ?? MAX_PAGE_SIZE;
  const marker = reader.string('Marker');
  if ([arns, names, loadBalancerArn].filter(f => f !== undefined).length > 1) {
    throw reader.invalid(
      'Only one of LoadBalancerArn, TargetGroupArns and Names can be specified',
    );
  }

  const all = targetGroupsIn(
    ctx.scenario,
    ctx.state,
    ctx.accountId,
    ctx.region,
  );
  let selected: readonly SandboxTargetGroup[] = all;
  if (arns) {
    if (arns.length > MAX_TARGET_GROUP_ARNS) {
      throw reader.invalid(
        `You cannot describe more than '${MAX_TARGET_GROUP_ARNS}' target groups at a time`,
      );
    }
    for (const arn of arns) {
      const match = TARGET_GROUP_ARN.exec(arn);
      // An ARN of another region is not one this endpoint could serve.
      if (!match || match[1] !== ctx.region) {
        throw reader.invalid(`'${arn}' is not a valid target group ARN`);
      }
    }
    const wanted = new Set(arns);
    selected = all.filter(tg => wanted.has(tg.arn));
    if (selected.length < wanted.size) {
      throw targetGroupNotFound();
    }
  } else if (names) {
    const wanted = new Set(names);
    selected = all.filter(tg => wanted.has(tg.name));
    if (new Set(selected.map(tg => tg.name)).size < wanted.size) {
      throw targetGroupNotFound();
    }
  } else if (loadBalancerArn !== undefined) {
    const match = LOAD_BALANCER_ARN.exec(loadBalancerArn);
    if (!match || match[1] !== ctx.region) {
      throw reader.invalid(
        `'${loadBalancerArn}' is not a valid load balancer ARN`,
      );
    }
    const exists = ctx.scenario.loadBalancers.some(
      lb =>
        lb.arn === loadBalancerArn &&
        lb.accountId === ctx.accountId &&
        lb.region === ctx.region,
    );
    if (!exists) {
      throw loadBalancerNotFound();
    }
    selected = all.filter(tg => tg.loadBalancer.arn === loadBalancerArn);
  }

  const { page, nextToken } = paginate(selected, {
    pageSize,
    token: marker,
    errorName: ELBV2_VALIDATION_ERROR,
  });
  return { TargetGroups: page.map(toTargetGroup), NextMarker: nextToken };
};

/** The SDK sends an empty list as an empty value (`Names=`), which means no filter. */
function withoutEmptyLists(input: unknown): unknown {
  if (typeof input !== 'object' || input === null) {
    return input;
  }
  return Object.fromEntries(
    Object.entries(input).filter(
      ([key, value]) =>
        !(['TargetGroupArns', 'Names'].includes(key) && value === ''),
    ),
  );
}

function toTargetGroup(tg: SandboxTargetGroup): TargetGroup {
  return {
    TargetGroupArn: tg.arn,
    TargetGroupName: tg.name,
    Protocol: 'HTTP',
    Port: tg.port,
    VpcId: tg.loadBalancer.vpcId,
    HealthCheckProtocol: 'HTTP',
    HealthCheckPort: 'traffic-port',
    HealthCheckEnabled: true,
    HealthCheckIntervalSeconds: 15,
    HealthCheckTimeoutSeconds: 5,
    HealthyThresholdCount: 2,
    UnhealthyThresholdCount: 3,
    HealthCheckPath: HEALTH_CHECK_PATH,
    Matcher: { HttpCode: '200-299' },
    LoadBalancerArns: [tg.loadBalancer.arn],
    TargetType: 'ip',
    ProtocolVersion: 'HTTP1',
    IpAddressType: 'ipv4',
  };
}
