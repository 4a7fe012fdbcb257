import { SandboxError } from '../SandboxError';
import type { RestJsonRoute } from '../SandboxService';
import type { ProtocolAdapter } from './ProtocolAdapter';
import { parseJsonBody } from './parseJsonBody';
import { toWireJson } from './toWireJson';

interface CompiledRoute {
  route: RestJsonRoute;
  pattern: RegExp;
  labels: string[];
}

function compileRoute(route: RestJsonRoute): CompiledRoute {
  const labels: string[] = [];
  const source = route.path
    .split('/')
    .map(segment => {
      const label = /^\{(\w+)(\+?)\}$/.exec(segment);
      if (!label) {
        return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      }
      labels.push(label[1]);
      return label[2] ? '(.+)' : '([^/]+)';
    })
    .join('/');
  return { route, pattern: new RegExp(`^${source}/?$`), labels };
}

/**
 * restJson1 (GuardDuty, EKS): the operation is chosen by method and path. The handler's input
 * merges the JSON body, the path labels and the query parameters, all under their wire names.
 */
export function createRestJsonAdapter(options: {
  routes: RestJsonRoute[];
}): ProtocolAdapter {
  const compiled = options.routes.map(compileRoute);
  const statusOf = new Map(
    options.routes.map(r => [r.operation, r.successStatus ?? 200]),
  );

  return {
    parse(request) {
      for (const { route, pattern, labels } of compiled) {
        if (route.method !== request.method) {
          continue;
        }
        const match = pattern.exec(request.path);
        if (!match) {
          continue;
        }
        const pathParams: Record<string, string> = {};
        labels.forEach((label, i) => {
          pathParams[label] = decodeURIComponent(match[i + 1]);
        });
        const query: Record<string, string> = {};
        for (const [key, value] of request.query) {
          query[key] = value;
        }
        const body = parseJsonBody(request.body);
        return {
          operation: route.operation,
          input: { ...query, ...body, ...pathParams },
          pathParams,
        };
      }
      throw new SandboxError(
        'UnknownOperationException',
        `No operation for ${request.method} ${request.path}`,
        404,
      );
    },
    serialize(operation, output, requestId) {
      return {
        statusCode: statusOf.get(operation) ?? 200,
        headers: {
          'content-type': 'application/json',
          'x-amzn-requestid': requestId,
        },
        body: toWireJson(output ?? {}),
      };
    },
    serializeError(error, requestId) {
      return {
        statusCode: error.statusCode,
        headers: {
          'content-type': 'application/json',
          'x-amzn-requestid': requestId,
          'x-amzn-errortype': error.name,
        },
        body: JSON.stringify({ __type: error.name, message: error.message }),
      };
    },
    missingAuthentication: () =>
      new SandboxError(
        'MissingAuthenticationTokenException',
        'Missing Authentication Token',
        403,
      ),
    unrecognizedClient: () =>
      new SandboxError(
        'UnrecognizedClientException',
        'The security token included in the request is invalid.',
        403,
      ),
    unknownOperation: operation =>
      new SandboxError(
        'UnknownOperationException',
        `Unknown operation ${operation}`,
        404,
      ),
  };
}
