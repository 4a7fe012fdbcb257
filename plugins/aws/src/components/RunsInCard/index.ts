export { RunsInCard } from './RunsInCard';
