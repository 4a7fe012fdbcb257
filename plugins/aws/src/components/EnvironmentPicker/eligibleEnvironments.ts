import {
  ShipyardEnvironment,
  ShipyardRuntime,
  sortByTier,
} from '@internal/plugin-aws-common';

/**
 * The environments a new service can be deployed to, least critical tier first: those with a
 * cluster of the template's runtime (the scaffolder's `shipyard:environments:resolve` refuses
 * the others), or every one when the template names no runtime.
 */
export function eligibleEnvironments(
  environments: readonly ShipyardEnvironment[],
  runtime: ShipyardRuntime | undefined,
): ShipyardEnvironment[] {
  return sortByTier(environments).filter(environment => {
    if (runtime === 'ecs') return environment.ecsClusters.length > 0;
    if (runtime === 'eks') return environment.eksClusters.length > 0;
    return true;
  });
}
