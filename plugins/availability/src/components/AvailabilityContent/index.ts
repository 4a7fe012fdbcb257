export { AvailabilityContent } from './AvailabilityContent';
