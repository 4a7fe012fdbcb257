/**
 * The naming rules Shipyard checks everywhere, defined once: the catalog
 * processor (annotations), the environments config and the backend plugins'
 * OpenAPI specs (as `pattern`s, kept equal to these by a test) all use them.
 */

/**
 * An environment name: lowercase letters, digits and "-", 1 to 63
 * characters, starting and ending with a letter or digit (a DNS label, so it
 * also fits tag values, Kubernetes labels and URLs).
 *
 * @public
 */
export const SHIPYARD_ENVIRONMENT_NAME_PATTERN =
  /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * A component tag value: letters, digits, ".", "_" and "-", as in entity
 * names, 1 to 63 characters; every one is a valid AWS tag value and a valid
 * Kubernetes label value.
 *
 * @public
 */
export const SHIPYARD_TAG_VALUE_PATTERN =
  /^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;

/**
 * An entity namespace or name as it may appear in a route: the catalog's own
 * rule (letters, digits, ".", "_", "-", up to 253 characters).
 *
 * @public
 */
export const SHIPYARD_ENTITY_NAME_PATTERN =
  /^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/;
