import {
  SHIPYARD_TIERS,
  ShipyardEnvironment,
} from '@internal/plugin-aws-common';
import { Drift, Revision } from '@internal/plugin-deployments-common';

/**
 * Drift of one environment against the environments of lower tiers the
 * component runs in (prod against staging, staging against dev): it runs a
 * different image that was deployed before the other one's, so it is behind.
 * Compares the first target of each environment.
 */
export function findDrift(
  environment: ShipyardEnvironment,
  running: Map<string, Revision | undefined>,
  environments: ShipyardEnvironment[],
): Drift | undefined {
  const mine = running.get(environment.name);
  if (!mine?.imageTag) {
    return undefined;
  }
  const lower = environments
    .filter(
      e =>
        SHIPYARD_TIERS.indexOf(e.tier) <
        SHIPYARD_TIERS.indexOf(environment.tier),
    )
    .reverse();
  for (const other of lower) {
    const theirs = running.get(other.name);
    if (
      theirs?.imageTag &&
      theirs.image !== mine.image &&
      (!mine.deployedAt ||
        !theirs.deployedAt ||
        theirs.deployedAt > mine.deployedAt)
    ) {
      return {
        comparedTo: other.name,
        imageTag: mine.imageTag,
        newerImageTag: theirs.imageTag,
      };
    }
  }
  return undefined;
}
