import { InputError } from '@backstage/errors';
import { ShipyardEnvironment } from '@internal/plugin-aws-common';
import { ShipyardScaffolderConfig } from './ShipyardScaffolderConfig';

/**
 * The ECR registry that holds every service's images.
 *
 * @public
 */
export interface ArtifactRegistry {
  accountId: string;
  region: string;
  /** `<accountId>.dkr.ecr.<region>.amazonaws.com` */
  host: string;
}

/**
 * The artifact account's registry: `shipyard.scaffolder.ecr`, else the first
 * account and region of the first configured environment. Resolved on each
 * call, since the environments follow configuration changes; both the resolve
 * action (`registry`) and the ECR action use it, so they always agree.
 *
 * @public
 */
export function resolveArtifactRegistry(
  config: ShipyardScaffolderConfig,
  environments: readonly ShipyardEnvironment[],
): ArtifactRegistry {
  const accountId =
    config.ecr.accountId ?? environments[0]?.accounts[0]?.accountId;
  if (!accountId) {
    throw new InputError(
      'Shipyard has no artifact account for ECR: set shipyard.scaffolder.ecr.accountId and region, or configure shipyard.environments',
    );
  }
  const region =
    config.ecr.region ??
    environments.flatMap(e => e.accounts).find(a => a.accountId === accountId)
      ?.regions[0];
  if (!region) {
    throw new InputError(
      `Shipyard does not know the region of the artifact account ${accountId}: set shipyard.scaffolder.ecr.region`,
    );
  }
  return {
    accountId,
    region,
    host: `${accountId}.dkr.ecr.${region}.amazonaws.com`,
  };
}
