import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** The role a generated pipeline assumes when none is configured. */
export const DEFAULT_DEPLOY_ROLE_NAME = 'shipyard-gitlab-deploy';

// IAM's own rule for role names.
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const ACCOUNT_ID = /^\d{12}$/;
const REGION = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d+$/;

/**
 * `shipyard.scaffolder`, validated.
 *
 * @public
 */
export interface ShipyardScaffolderConfig {
  /** The IAM role pipelines assume in each environment's account. */
  deployRoleName: string;
  /** The artifact account's registry, where configured; see resolveArtifactRegistry. */
  ecr: { accountId?: string; region?: string };
}

/**
 * Reads and checks `shipyard.scaffolder`; a wrong value stops the backend at
 * start-up rather than failing the first template run.
 *
 * @public
 */
export function readShipyardScaffolderConfig(
  config: Config,
): ShipyardScaffolderConfig {
  const scaffolder = config.getOptionalConfig('shipyard.scaffolder');
  const deployRoleName =
    scaffolder?.getOptionalString('deployRoleName') ?? DEFAULT_DEPLOY_ROLE_NAME;
  const accountId = scaffolder?.getOptional('ecr.accountId');
  const region = scaffolder?.getOptionalString('ecr.region');
  const problems: string[] = [];
  if (!ROLE_NAME.test(deployRoleName)) {
    problems.push(
      `shipyard.scaffolder.deployRoleName "${deployRoleName}" is not an IAM role name: 1 to 64 letters, digits and +=,.@_-`,
    );
  }
  if (typeof accountId === 'number') {
    problems.push(
      "shipyard.scaffolder.ecr.accountId must be a quoted string, e.g. '111111111111' (YAML reads unquoted digits as a number and drops leading zeros)",
    );
  } else if (
    accountId !== undefined &&
    (typeof accountId !== 'string' || !ACCOUNT_ID.test(accountId))
  ) {
    problems.push(
      `shipyard.scaffolder.ecr.accountId "${String(
        accountId,
      )}" must be a 12 digit AWS account id`,
    );
  }
  if (region !== undefined && !REGION.test(region)) {
    problems.push(
      `shipyard.scaffolder.ecr.region "${region}" must be an AWS region name, e.g. "eu-west-1"`,
    );
  }
  if (problems.length) {
    throw new InputError(
      `Invalid shipyard.scaffolder configuration:\n${problems
        .map(p => `  - ${p}`)
        .join('\n')}`,
    );
  }
  return {
    deployRoleName,
    ecr: { accountId: accountId as string | undefined, region },
  };
}
