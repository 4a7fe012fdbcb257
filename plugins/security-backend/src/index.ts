/**
 * Shipyard security backend: Amazon GuardDuty findings per environment and
 * service.
 *
 * @packageDocumentation
 */

export {};
