export { AvailabilityOverviewCard } from './AvailabilityOverviewCard';
