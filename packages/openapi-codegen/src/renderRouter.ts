/**
 * The backend half: the spec as a `const` object and a router factory typed
 * by it. `createValidatedOpenApiRouter` validates every request against the
 * spec (400 naming the field) and types each handler's params, query, body
 * and response from it. This is the layout and shape of repo-tools'
 * `src/schema/openapi/generated/router.ts`.
 */
export function renderRouter(spec: object): string {
  return `import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';

export const spec = ${JSON.stringify(spec, null, 2)} as const;

/** A router that validates requests against {@link spec}. */
export const createOpenApiRouter = async (
  options?: Parameters<typeof createValidatedOpenApiRouter>['1'],
) => createValidatedOpenApiRouter<typeof spec>(spec, options);
`;
}
