export { mapAwsError } from './mapAwsError';
export { AwsServiceUnavailableError } from './AwsServiceUnavailableError';
export { retryAfterErrorHandler } from './retryAfterErrorHandler';
export { diagnosticsErrorHandler } from './diagnosticsErrorHandler';
export { readsDiagnostics } from './readsDiagnostics';
