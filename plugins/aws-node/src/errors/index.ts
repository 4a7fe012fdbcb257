export { mapAwsError } from './mapAwsError';
export { AwsServiceUnavailableError } from './AwsServiceUnavailableError';
export { retryAfterErrorHandler } from './retryAfterErrorHandler';
