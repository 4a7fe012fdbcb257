export {
  listShipyardComponents,
  ownerAndSystemOf,
} from './listShipyardComponents';
export type { ShipyardComponent } from './listShipyardComponents';
