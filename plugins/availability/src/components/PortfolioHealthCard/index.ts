export { PortfolioHealthCard } from './PortfolioHealthCard';
