import { SandboxError } from '../SandboxError';
import type { SandboxResponse } from '../SandboxRequest';
import type { ProtocolAdapter } from './ProtocolAdapter';
import { parseJsonBody } from './parseJsonBody';
import { toWireJson } from './toWireJson';

/**
 * awsJson1_0 and awsJson1_1: `POST /`, operation in `X-Amz-Target: <prefix>.<Operation>`,
 * errors as `{"__type": name, "message": ...}`. Query-compatible services (CloudWatch) also send
 * `x-amzn-query-error: <code>;<Sender|Receiver>` so that the SDK can map the awsQuery code.
 */
export function createAwsJsonAdapter(options: {
  version: '1.0' | '1.1';
  targetPrefix: string;
  awsQueryCompatible?: boolean;
}): ProtocolAdapter {
  const contentType = `application/x-amz-json-${options.version}`;
  const prefix = `${options.targetPrefix}.`;

  return {
    parse(request) {
      const target = String(request.headers['x-amz-target'] ?? '');
      if (request.method !== 'POST' || !target.startsWith(prefix)) {
        throw new SandboxError(
          'UnknownOperationException',
          `Unknown operation ${target}`,
        );
      }
      return {
        operation: target.slice(prefix.length),
        input: parseJsonBody(request.body),
        pathParams: {},
      };
    },
    serialize(_operation, output, requestId): SandboxResponse {
      return {
        statusCode: 200,
        headers: {
          'content-type': contentType,
          'x-amzn-requestid': requestId,
        },
        body: toWireJson(output ?? {}),
      };
    },
    serializeError(error, requestId): SandboxResponse {
      const headers: Record<string, string> = {
        'content-type': contentType,
        'x-amzn-requestid': requestId,
      };
      if (options.awsQueryCompatible) {
        headers['x-amzn-query-error'] = `${
          error.queryErrorCode ?? error.name
        };${error.fault}`;
      }
      return {
        statusCode: error.statusCode,
        headers,
        body: JSON.stringify({ __type: error.name, message: error.message }),
      };
    },
    missingAuthentication: () =>
      new SandboxError(
        'MissingAuthenticationTokenException',
        'Missing Authentication Token',
        400,
      ),
    unrecognizedClient: () =>
      new SandboxError(
        'UnrecognizedClientException',
        'The security token included in the request is invalid.',
        400,
      ),
    unknownOperation: operation =>
      new SandboxError(
        'UnknownOperationException',
        `Unknown operation ${options.targetPrefix}.${operation}`,
      ),
  };
}
