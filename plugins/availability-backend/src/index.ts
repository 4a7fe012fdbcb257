/**
 * Shipyard's availability backend plugin: SLOs, error budgets, burn rates
 * and incidents per service and environment, under /api/availability.
 *
 * @packageDocumentation
 */
