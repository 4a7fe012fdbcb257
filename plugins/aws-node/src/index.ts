/**
 * Shared AWS plumbing for Shipyard backend plugins: environments, credentials
 * and clients, resource lookup, error mapping, collectors and responses
 * serialized once for views served again.
 *
 * @packageDocumentation
 */

export * from './environments';
export * from './clients';
export * from './errors';
export * from './locator';
export * from './config';
export * from './collectors';
export * from './kubernetes';
export * from './catalog';
export * from './permissions';
export * from './responses';
