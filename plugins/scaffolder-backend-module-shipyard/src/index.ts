/**
 * Shipyard's scaffolder actions.
 *
 * @packageDocumentation
 */
export {};
