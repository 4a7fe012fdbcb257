import { SandboxError } from '../../server/SandboxError';

/** The error Elastic Load Balancing answers malformed or out-of-range parameters with. */
export const ELBV2_VALIDATION_ERROR = 'ValidationError';

/** Target groups that do not exist in the caller's account and region. */
export function targetGroupNotFound(): SandboxError {
  return new SandboxError(
    'TargetGroupNotFoundException',
    'One or more target groups not found',
    400,
    { queryErrorCode: 'TargetGroupNotFound' },
  );
}

/** A load balancer that does not exist in the caller's account and region. */
export function loadBalancerNotFound(): SandboxError {
  return new SandboxError(
    'LoadBalancerNotFoundException',
    'One or more load balancers not found',
    400,
    { queryErrorCode: 'LoadBalancerNotFound' },
  );
}
