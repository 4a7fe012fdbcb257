export { EnvironmentAvailabilityCard } from './EnvironmentAvailabilityCard';
