/**
 * The parts of an ARN `arn:partition:service:region:account:resource`.
 * Undefined when the string is not an ARN.
 */
export function parseResourceArn(arn: string):
  | {
      service: string;
      region: string;
      accountId: string;
      resource: string;
    }
  | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') {
    return undefined;
  }
  const [, , service, region, accountId, ...rest] = parts;
  return { service, region, accountId, resource: rest.join(':') };
}
