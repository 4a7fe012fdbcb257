/**
 * Shipyard's availability frontend plugin: the Availability page (the
 * portfolio against its targets), a component's Availability tab and
 * overview card, an environment's card, and the home page's summary.
 *
 * @packageDocumentation
 */

export { availabilityPlugin as default } from './plugin';
export { availabilityApiRef } from './api/availabilityApiRef';
export { PortfolioHealthCard } from './components/PortfolioHealthCard';
