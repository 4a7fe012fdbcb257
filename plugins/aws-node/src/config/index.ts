export { readShipyardTagKeys } from './readShipyardTagKeys';
