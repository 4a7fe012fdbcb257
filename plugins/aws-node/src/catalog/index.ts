export {
  listShipyardComponents,
  ownerAndSystemOf,
} from './listShipyardComponents';
export type { ShipyardComponent } from './listShipyardComponents';
export { loadShipyardComponent } from './loadShipyardComponent';
export type { LoadedShipyardComponent } from './loadShipyardComponent';
export { expectedLinkTags } from './expectedLinkTags';
