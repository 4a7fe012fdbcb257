export { SerializedResponses } from './SerializedResponses';
export type {
  SerializedResponse,
  SerializedResponseRequest,
  SerializedResponseTarget,
} from './SerializedResponses';
