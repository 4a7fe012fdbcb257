export { TeamCostsCard } from './TeamCostsCard';
