export { ConditionalEvaluations } from './ConditionalEvaluations';
