/**
 * The backend half: the spec as a `const` object and a router factory typed
 * by it. `createValidatedOpenApiRouter` validates every request against the
 * spec (400 naming the field) and types each handler's params, query, body
 * and response from it. This is the layout and shape of repo-tools'
 * `src/schema/openapi/generated/router.ts`, plus one error layer: the
 * validator's message for a property the spec does not allow leaves out its
 * name, which only `error.errors[].path` holds, and backend-openapi-utils'
 * transformer (`new InputError(error.message)`) drops that. The layer goes
 * just before the transformer, so every other message and the 400 stay as
 * they were. Done here rather than with `yarn patch`, so that upgrading
 * Backstage cannot silently undo it: the router refuses to start if the
 * transformer is no longer where this expects it.
 */
export function renderRouter(spec: object): string {
  return `import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import { InputError } from '@backstage/errors';
import { ErrorRequestHandler } from 'express';

export const spec = ${JSON.stringify(spec, null, 2)} as const;

/** A router that validates requests against {@link spec}. */
export const createOpenApiRouter = async (
  options?: Parameters<typeof createValidatedOpenApiRouter>['1'],
) => {
  const router = createValidatedOpenApiRouter<typeof spec>(spec, options);
  // The router's stack is its middleware, the validator's layers, the one
  // error handler that turns their errors into InputErrors, and the spec
  // route.
  const transformer = router.stack.findIndex(
    layer => layer.handle.length === 4,
  );
  if (transformer < 0) {
    throw new Error(
      'createValidatedOpenApiRouter has no error transformer to name unknown properties before; update packages/openapi-codegen/src/renderRouter.ts',
    );
  }
  router.use(namingUnknownProperties);
  router.stack.splice(transformer, 0, router.stack.pop()!);
  return router;
};

type ValidationErrorItem = { path: string; message: string };

/**
 * Names each property that the spec does not allow after the message about
 * it: "request/body must NOT have additional properties: accountId".
 */
// A declaration (hoisted, used above); four parameters, which is how express
// tells an error handler.
function namingUnknownProperties(
  error: any,
  _req: Parameters<ErrorRequestHandler>[1],
  _res: Parameters<ErrorRequestHandler>[2],
  next: Parameters<ErrorRequestHandler>[3],
): void {
  const items: unknown[] = Array.isArray(error?.errors) ? error.errors : [];
  const unknown = items.filter(isUnknownProperty);
  if (unknown.length === 0 || typeof error.message !== 'string') {
    next(error);
    return;
  }
  let message: string = error.message;
  let from = 0;
  for (const item of unknown) {
    const named = nameIn(message, item, from);
    if (named) {
      message = named.message;
      from = named.end;
    }
  }
  next(new InputError(message));
}

function isUnknownProperty(item: unknown): item is ValidationErrorItem {
  const { errorCode, path, message } = (item ?? {}) as Record<string, unknown>;
  return (
    typeof errorCode === 'string' &&
    /^(additional|unevaluated)Properties\\./.test(errorCode) &&
    typeof path === 'string' &&
    typeof message === 'string'
  );
}

/**
 * The message has the item's text as ajv writes it, \`request<where> <what>\`,
 * and the item's path is \`<where>/<name>\`. A name may itself hold "/", so
 * each split of the path is tried from the right.
 */
function nameIn(message: string, item: ValidationErrorItem, from: number) {
  for (
    let slash = item.path.lastIndexOf('/');
    slash > 0;
    slash = item.path.lastIndexOf('/', slash - 1)
  ) {
    const text = \`request\${item.path.slice(0, slash)} \${item.message}\`;
    const at = message.indexOf(text, from);
    if (at >= 0) {
      const end = at + text.length;
      const name = \`: \${item.path.slice(slash + 1)}\`;
      return {
        message: message.slice(0, end) + name + message.slice(end),
        end: end + name.length,
      };
    }
  }
  return undefined;
}
`;
}
