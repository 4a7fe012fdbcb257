export { CostsContent } from './CostsContent';
