import { SandboxError } from '../../server/SandboxError';

/** The error CloudWatch answers malformed parameters with (query code `InvalidParameterValue`). */
export const CLOUDWATCH_VALIDATION_ERROR = 'InvalidParameterValueException';

/** A parameter CloudWatch refuses, with the awsQuery code its query-compatible clients map. */
export function invalidParameterValue(message: string): SandboxError {
  return new SandboxError(CLOUDWATCH_VALIDATION_ERROR, message, 400, {
    queryErrorCode: 'InvalidParameterValue',
  });
}

/**
 * A constraint violation (too many queries, a malformed id): `ValidationError` to query clients,
 * which the JSON SDK maps to its modelled `ValidationException`.
 */
export function validationError(message: string): SandboxError {
  return new SandboxError('ValidationException', message, 400, {
    queryErrorCode: 'ValidationError',
  });
}

/** A NextToken that this sandbox did not issue. */
export function invalidNextToken(): SandboxError {
  return new SandboxError(
    'InvalidNextToken',
    'The service cannot return the next page.',
    400,
    {
      queryErrorCode: 'InvalidNextToken',
    },
  );
}
