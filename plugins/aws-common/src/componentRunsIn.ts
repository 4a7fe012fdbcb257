import { ShipyardAnnotations } from './parseShipyardAnnotations';

/**
 * Whether a component runs in an environment, given its parsed annotations:
 * without `shipyard.io/environments` it runs in all of them.
 *
 * @public
 */
export function componentRunsIn(
  annotations: Pick<ShipyardAnnotations, 'environments'>,
  environment: string,
): boolean {
  return (
    annotations.environments === undefined ||
    annotations.environments.includes(environment)
  );
}
