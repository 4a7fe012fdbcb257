/**
 * Shipyard's costs frontend plugin: the Costs page (the portfolio's AWS
 * costs), a component's Costs tab, an environment's card, and the home
 * page's card for the viewer's team.
 *
 * @packageDocumentation
 */

export { costsPlugin as default } from './plugin';
export { costsApiRef } from './api/costsApiRef';
export { TeamCostsCard } from './components/TeamCostsCard';
