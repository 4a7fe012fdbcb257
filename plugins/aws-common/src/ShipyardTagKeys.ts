/**
 * The AWS tag keys that link cloud resources to catalog entities. The same
 * keys are cost allocation tags and appear on security findings.
 *
 * @public
 */
export interface ShipyardTagKeys {
  /** Tag holding the component tag value (entity name by default). */
  component: string;
  /** Tag holding the environment name, e.g. `prod`. */
  environment: string;
  /** Tag holding the owning group's name. */
  owner: string;
  /** Tag holding the system's name. */
  system: string;
}

/**
 * The tag keys used when `shipyard.tagKeys` does not override them.
 *
 * @public
 */
export const DEFAULT_SHIPYARD_TAG_KEYS: Readonly<ShipyardTagKeys> =
  Object.freeze({
    component: 'shipyard:component',
    environment: 'shipyard:environment',
    owner: 'shipyard:owner',
    system: 'shipyard:system',
  });
