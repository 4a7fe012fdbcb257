type JsonObject = Record<string, any>;

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

interface Operation {
  operationId: string;
  method: (typeof METHODS)[number];
  path: string;
  description?: string;
  pathParams: string[];
  hasQuery: boolean;
  queryRequired: boolean;
  hasHeaders: boolean;
  headersRequired: boolean;
  body?: { required: boolean };
  /** The first 2xx status with a JSON body, or undefined for no body. */
  successStatus?: string;
}

function resolveRef(spec: JsonObject, value: JsonObject): JsonObject {
  if (typeof value.$ref !== 'string') {
    return value;
  }
  if (!value.$ref.startsWith('#/')) {
    throw new Error(`Only local $refs are supported, got ${value.$ref}`);
  }
  return value.$ref
    .slice(2)
    .split('/')
    .reduce((node: JsonObject, key: string) => node?.[key], spec);
}

function lowerCamel(operationId: string): string {
  return operationId[0].toLowerCase() + operationId.slice(1);
}

function pascal(pluginId: string): string {
  return pluginId
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map(part => part[0].toUpperCase() + part.slice(1))
    .join('');
}

function listOperations(spec: JsonObject): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries<JsonObject>(spec.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) {
        continue;
      }
      if (!op.operationId) {
        throw new Error(`${method.toUpperCase()} ${path} has no operationId`);
      }
      const parameters = [
        ...(item.parameters ?? []),
        ...(op.parameters ?? []),
      ].map((p: JsonObject) => resolveRef(spec, p));
      const query = parameters.filter(p => p.in === 'query');
      const headers = parameters.filter(p => p.in === 'header');
      const requestBody = op.requestBody
        ? resolveRef(spec, op.requestBody)
        : undefined;
      operations.push({
        operationId: op.operationId,
        method,
        path,
        description: op.description,
        pathParams: parameters.filter(p => p.in === 'path').map(p => p.name),
        hasQuery: query.length > 0,
        queryRequired: query.some(p => p.required),
        hasHeaders: headers.length > 0,
        headersRequired: headers.some(p => p.required),
        body: requestBody
          ? { required: Boolean(requestBody.required) }
          : undefined,
        successStatus: Object.keys(op.responses ?? {}).find(
          status =>
            /^2\d\d$/.test(status) &&
            resolveRef(spec, op.responses[status]).content?.[
              'application/json'
            ],
        ),
      });
    }
  }
  return operations;
}

function renderMethod(op: Operation): string {
  const ref = `operations['${op.operationId}']`;
  const fields: string[] = [];
  if (op.pathParams.length) {
    fields.push(`path: ${ref}['parameters']['path'];`);
  }
  if (op.hasQuery) {
    fields.push(
      `query${
        op.queryRequired ? '' : '?'
      }: NonNullable<${ref}['parameters']['query']>;`,
    );
  }
  if (op.hasHeaders) {
    fields.push(
      `headers${
        op.headersRequired ? '' : '?'
      }: NonNullable<${ref}['parameters']['header']>;`,
    );
  }
  if (op.body) {
    fields.push(
      `body${
        op.body.required ? '' : '?'
      }: NonNullable<${ref}['requestBody']>['content']['application/json'];`,
    );
  }
  const requestOptional =
    fields.length === 0 ||
    (!op.pathParams.length &&
      !op.queryRequired &&
      !op.headersRequired &&
      !op.body?.required);
  const params = fields.length
    ? `request${requestOptional ? '?' : ''}: { ${fields.join(' ')} }, `
    : '';
  const url = op.path.replace(
    /\{([^}]+)\}/g,
    (_, name) => `\${encodeURIComponent(String(request.path.${name}))}`,
  );
  const result = op.successStatus
    ? `${ref}['responses'][${op.successStatus}]['content']['application/json']`
    : 'void';
  const doc = op.description ? `/**\n${wrap(op.description)}\n */\n` : '';
  const request = requestOptional ? 'request?' : 'request';
  const requestFields = [
    op.hasQuery ? `query: ${request}.query,` : '',
    op.hasHeaders ? `headers: ${request}.headers,` : '',
    op.body ? `body: ${request}.body,` : '',
  ].filter(Boolean);
  return `${doc}async ${lowerCamel(
    op.operationId,
  )}(${params}options?: RequestOptions): Promise<${result}> {
    return this.request('${op.method.toUpperCase()}', \`${url}\`, {
      ${[
        ...requestFields,
        'token: options?.token,',
        `expectBody: ${Boolean(op.successStatus)},`,
      ].join('\n')}
    });
  }`;
}

/** A description as doc comment lines of at most 80 characters. */
function wrap(text: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.trim().replace(/\*\//g, '*\\/').split(/\s+/)) {
    if (line && line.length + word.length + 1 > 76) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  lines.push(line);
  return lines.map(l => ` * ${l}`).join('\n');
}

/**
 * The frontend half: a client class with one method per operation, named
 * after its operationId and typed by the types openapi-typescript generated
 * from the same spec. It works in the browser (Backstage's discovery and fetch
 * APIs) and in backends (discovery service plus a token).
 */
export function renderClient(spec: JsonObject, pluginId: string): string {
  const className = `${pascal(pluginId)}Client`;
  const schemaNames = Object.keys(spec.components?.schemas ?? {});
  const operations = listOperations(spec);
  return `import { ResponseError } from '@backstage/errors';
import type { components, operations } from './types';

${schemaNames
  .map(name => `export type ${name} = components['schemas']['${name}'];`)
  .join('\n')}

/** Per-call options of {@link ${className}}. */
export interface RequestOptions {
  /** A Backstage token, for callers without a fetch API that adds one. */
  token?: string;
}

/**
 * The client of the \`${pluginId}\` backend plugin. A failed request rejects
 * with a \`ResponseError\`, whose \`response.headers\` keep \`Retry-After\`.
 */
export class ${className} {
  private readonly discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
  private readonly fetchApi: { fetch: typeof fetch };

  constructor(options: {
    discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
    fetchApi?: { fetch: typeof fetch };
  }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi ?? { fetch: (...args) => fetch(...args) };
  }

${operations.map(renderMethod).join('\n\n')}

  private async request(
    method: string,
    path: string,
    options: {
      query?: Record<string, unknown>;
      headers?: Record<string, string | undefined>;
      body?: unknown;
      token?: string;
      expectBody: boolean;
    },
  ): Promise<any> {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(options.query ?? {})) {
      for (const item of Array.isArray(value) ? value : [value]) {
        if (item !== undefined) {
          search.append(key, String(item));
        }
      }
    }
    const query = search.toString();
    const baseUrl = await this.discoveryApi.getBaseUrl('${pluginId}');
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(options.headers ?? {})) {
      if (value !== undefined) {
        headers[key] = value;
      }
    }
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
    }
    if (options.token) {
      headers.authorization = \`Bearer \${options.token}\`;
    }
    const response = await this.fetchApi.fetch(
      \`\${baseUrl}\${path}\${query ? \`?\${query}\` : ''}\`,
      {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      },
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return options.expectBody ? response.json() : undefined;
  }
}
`;
}
