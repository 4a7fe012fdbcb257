import { SandboxError } from '../SandboxError';
import type { ProtocolAdapter } from './ProtocolAdapter';
import { decodeQueryForm } from './decodeQueryForm';
import { toXml } from './toXml';

/**
 * awsQuery (STS): a form-encoded `POST /` with `Action` and `Version`, answered with
 * `<ActionResponse><ActionResult>` XML, and errors as an `<ErrorResponse>` document.
 */
export function createAwsQueryAdapter(options: {
  version: string;
  xmlNamespace: string;
}): ProtocolAdapter {
  const xmlHeaders = (requestId: string) => ({
    'content-type': 'text/xml',
    'x-amzn-requestid': requestId,
  });

  return {
    parse(request) {
      const form = new URLSearchParams(
        request.method === 'POST'
          ? request.body.toString('utf8')
          : request.query.toString(),
      );
      // A presigned GET (an EKS bearer token is a presigned GetCallerIdentity) carries its
      // signature in X-Amz-* parameters, which are not operation input.
      for (const key of [...form.keys()]) {
        if (key.startsWith('X-Amz-')) {
          form.delete(key);
        }
      }
      const input = decodeQueryForm(form);
      const action = input.Action;
      if (typeof action !== 'string' || action === '') {
        throw new SandboxError(
          'MissingAction',
          'The request must contain the parameter Action.',
        );
      }
      if (input.Version !== undefined && input.Version !== options.version) {
        throw new SandboxError(
          'InvalidAction',
          `Could not find operation ${action} for version ${String(
            input.Version,
          )}`,
        );
      }
      delete input.Action;
      delete input.Version;
      return { operation: action, input, pathParams: {} };
    },
    serialize(operation, output, requestId) {
      const result = toXml(`${operation}Result`, output ?? {});
      const body =
        `<${operation}Response xmlns="${options.xmlNamespace}">${result}` +
        `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata>` +
        `</${operation}Response>`;
      return { statusCode: 200, headers: xmlHeaders(requestId), body };
    },
    serializeError(error, requestId) {
      const errorXml = toXml('Error', {
        Type: error.fault,
        Code: error.queryErrorCode ?? error.name,
        Message: error.message,
      });
      const body =
        `<ErrorResponse xmlns="${options.xmlNamespace}">${errorXml}` +
        `<RequestId>${requestId}</RequestId></ErrorResponse>`;
      return {
        statusCode: error.statusCode,
        headers: xmlHeaders(requestId),
        body,
      };
    },
    missingAuthentication: () =>
      new SandboxError(
        'MissingAuthenticationToken',
        'Request is missing Authentication Token',
        403,
      ),
    unrecognizedClient: () =>
      new SandboxError(
        'InvalidClientTokenId',
        'The security token included in the request is invalid.',
        403,
      ),
    unknownOperation: operation =>
      new SandboxError(
        'InvalidAction',
        `Could not find operation ${operation} for version ${options.version}`,
      ),
  };
}
