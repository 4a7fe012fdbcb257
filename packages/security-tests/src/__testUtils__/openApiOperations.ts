import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/** The backend plugins whose routes Shipyard owns, each with its OpenAPI spec. */
export const SHIPYARD_PLUGIN_IDS = [
  'aws',
  'deployments',
  'availability',
  'costs',
] as const;

/** A parameter of an operation, with its schema's `$ref` resolved. */
export type OpenApiParameter = {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: Record<string, unknown>;
};

/** One operation of a plugin's spec, with the path it is served under. */
export type OpenApiOperation = {
  pluginId: string;
  operationId: string;
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** The spec's path under `/api/<pluginId>`, with `{param}` placeholders. */
  path: string;
  parameters: OpenApiParameter[];
  hasRequestBody: boolean;
};

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

type Spec = {
  paths: Record<string, Record<string, any>>;
  components?: Record<string, Record<string, any>>;
};

function resolve(spec: Spec, value: any): any {
  if (value && typeof value.$ref === 'string') {
    const [, section, name] = value.$ref.match(/^#\/components\/(\w+)\/(.+)$/);
    return resolve(spec, spec.components?.[section]?.[name]);
  }
  return value;
}

/**
 * Every operation of Shipyard's backend plugins, read from the specs their
 * routers are generated from, so that a route added there is attacked here
 * without anyone listing it.
 */
export function readOpenApiOperations(): OpenApiOperation[] {
  return SHIPYARD_PLUGIN_IDS.flatMap(pluginId => {
    const file = path.resolve(
      __dirname,
      `../../../../plugins/${pluginId}-backend/src/schema/openapi.yaml`,
    );
    const spec: Spec = parse(fs.readFileSync(file, 'utf8'));
    return Object.entries(spec.paths).flatMap(([specPath, item]) =>
      METHODS.filter(method => item[method]).map(method => {
        const operation = item[method];
        const parameters = [
          ...(item.parameters ?? []),
          ...(operation.parameters ?? []),
        ].map(p => {
          const parameter = resolve(spec, p);
          return {
            name: parameter.name,
            in: parameter.in,
            required: Boolean(parameter.required),
            schema: resolve(spec, parameter.schema) ?? {},
          };
        });
        return {
          pluginId,
          operationId: operation.operationId,
          method,
          path: specPath,
          parameters,
          hasRequestBody: Boolean(operation.requestBody),
        };
      }),
    );
  });
}
