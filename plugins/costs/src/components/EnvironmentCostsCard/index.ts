export { EnvironmentCostsCard } from './EnvironmentCostsCard';
