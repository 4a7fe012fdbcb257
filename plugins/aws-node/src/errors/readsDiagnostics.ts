import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { awsDiagnosticsReadPermission } from '@internal/plugin-aws-common';
import { AuthorizeResult } from '@backstage/plugin-permission-common';

/**
 * Whether the caller may see the causes of AWS and Kubernetes failures
 * (`aws.diagnostics.read`). The policy decides who that is; Shipyard's gives
 * it to SREs. Service principals skip the policy and are allowed.
 *
 * @public
 */
export async function readsDiagnostics(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
): Promise<boolean> {
  const [decision] = await permissions.authorize(
    [{ permission: awsDiagnosticsReadPermission }],
    { credentials },
  );
  return decision.result === AuthorizeResult.ALLOW;
}
