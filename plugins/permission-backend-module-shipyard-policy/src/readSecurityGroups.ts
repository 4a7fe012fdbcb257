import { Config } from '@backstage/config';
import { normalizeRef } from './normalizeRef';

const CONFIG_KEY = 'shipyard.permissions.security.groups';

/**
 * The permissions a member of a security group is allowed, whatever their
 * role: a security team reads every service's findings and counts, without
 * being made SREs (who may also roll back and operate everything).
 */
export const SECURITY_GROUP_PERMISSIONS: readonly string[] = [
  'security.findings.read',
  'security.overview.read',
];

/**
 * The groups of `shipyard.permissions.security.groups` (default none),
 * normalized like the role mapping's refs. An invalid ref stops start-up
 * with a message naming the key.
 */
export function readSecurityGroups(config: Config): Set<string> {
  const refs = config.getOptionalStringArray(CONFIG_KEY) ?? [];
  return new Set(refs.map(ref => normalizeRef(ref, CONFIG_KEY)));
}
