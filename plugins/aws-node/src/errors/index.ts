export { mapAwsError } from './mapAwsError';
export { AwsServiceUnavailableError } from './AwsServiceUnavailableError';
