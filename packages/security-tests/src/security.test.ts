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
import { readProductionServiceTokens } from './__testUtils__/readProductionServiceTokens';

jest.setTimeout(400_000);

const operations = readOpenApiOperations();
const serviceTokens = readProductionServiceTokens();

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
  period: '30d',
  months: '6',
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
    portal = await startSecurityPortal({
      externalAccess: serviceTokens.map(t => t.externalAccess),
    });
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
        'getPortfolio',
        'getCostPortfolio',
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
        "an SRE's claims under the manager's signature": `${header}.${asSre}.${signature}`,
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

  describe('each persona against each mutation', () => {
    const CHECKOUT =
      '/api/deployments/components/default/component/checkout-api';

    function checkoutService(environment: string) {
      return portal.sandbox.scenario
        .findServices({ component: 'checkout-api', environment })
        .find(s => s.region === 'eu-west-1')!;
    }

    async function rollbackBody(environment: string) {
      const target = checkoutService(environment).arn;
      const res = await fetch(
        `${
          portal.baseUrl
        }${CHECKOUT}/deployments/${environment}/rollback-plan?target=${encodeURIComponent(
          target,
        )}`,
        { headers: bearer('sre') },
      );
      expect(res.status).toBe(200);
      const plan = await res.json();
      return {
        environment,
        target,
        toRevision: plan.to.id,
        reason: 'Security test',
        confirmation: environment,
      };
    }

    const post = (persona: Persona, url: string, body?: object) =>
      fetch(`${portal.baseUrl}${url}`, {
        method: 'POST',
        headers: { ...bearer(persona), 'content-type': 'application/json' },
        body: body && JSON.stringify(body),
      });

    /**
     * The policy's answer per mutation and persona, refusals first (they
     * must not depend on what an allowed call changed). checkout-api is
     * team-storefront's, the developer's team.
     */
    const MUTATIONS: Record<
      string,
      Array<{
        persona: Persona;
        status: number;
        send: () => Promise<Response>;
      }>
    > = {
      RefreshComponentResources: (
        [
          ['otherDeveloper', 403],
          ['manager', 403],
          ['noGroup', 403],
          ['developer', 200],
          ['sre', 200],
        ] as const
      ).map(([persona, status]) => ({
        persona,
        status,
        send: () =>
          post(
            persona,
            '/api/aws/components/default/component/checkout-api/resources/refresh?environment=dev',
          ),
      })),
      CreateRollback: (
        [
          ['otherDeveloper', 'dev', 403],
          ['manager', 'dev', 403],
          ['noGroup', 'dev', 403],
          // Developers roll back their own team's dev and staging, not prod.
          ['developer', 'prod', 403],
          ['developer', 'dev', 202],
          ['sre', 'prod', 202],
        ] as const
      ).map(([persona, environment, status]) => ({
        persona,
        status,
        send: async () =>
          post(
            persona,
            `${CHECKOUT}/rollbacks`,
            await rollbackBody(environment),
          ),
      })),
    };

    it('has a row for every mutation of the specs', () => {
      expect(Object.keys(MUTATIONS).sort()).toEqual(
        operations
          .filter(o => o.method !== 'get')
          .map(o => o.operationId)
          .sort(),
      );
    });

    it.each(Object.keys(MUTATIONS))(
      '%s answers as the policy says',
      async id => {
        for (const { persona, status, send } of MUTATIONS[id]) {
          const res = await send();
          const body = await res.json();
          // A refusal is the policy's, not some other error's 403.
          expect({
            persona,
            status: res.status,
            error: res.status === 403 ? body.error.name : undefined,
          }).toEqual({
            persona,
            status,
            error: status === 403 ? 'NotAllowedError' : undefined,
          });
        }
      },
    );

    it("an Idempotency-Key replayed by another user does not answer the first user's rollback", async () => {
      const body = await rollbackBody('staging');
      const send = (persona: Persona) =>
        fetch(`${portal.baseUrl}${CHECKOUT}/rollbacks`, {
          method: 'POST',
          headers: {
            ...bearer(persona),
            'content-type': 'application/json',
            'Idempotency-Key': 'replayed-key',
          },
          body: JSON.stringify(body),
        });
      const first = await send('sre');
      expect(first.status).toBe(202);
      const { id } = await first.json();

      // Refused before the key is looked at.
      const other = await send('otherDeveloper');
      expect(other.status).toBe(403);
      // Allowed in staging, the owner's request is their own: the target
      // is busy with the SRE's rollback, not theirs to read back as created.
      const owner = await send('developer');
      expect(owner.status).toBe(409);
      expect((await owner.json()).id).toBeUndefined();
      // The SRE's retry is answered with the first record.
      const retried = await send('sre');
      expect(retried.status).toBe(202);
      expect((await retried.json()).id).toBe(id);
    });

    it('scaffolder tasks: managers and users in no group may not start one', async () => {
      const task = {
        templateRef: 'template:default/no-such-template',
        values: {},
      };
      for (const [persona, status] of [
        ['manager', 403],
        ['noGroup', 403],
        // Past the permission check, the missing template is what refuses them.
        ['developer', 404],
        ['sre', 404],
      ] as const) {
        const res = await post(persona, '/api/scaffolder/v2/tasks', task);
        expect({ persona, status: res.status }).toEqual({ persona, status });
      }
    });

    it("catalog locations are the platform's to register", async () => {
      for (const [persona, status] of [
        ['developer', 403],
        ['manager', 403],
        ['noGroup', 403],
        ['sre', 201],
      ] as const) {
        const res = await post(persona, '/api/catalog/locations', {
          type: 'url',
          target: `https://gitlab.northwind.invalid/${persona}/catalog-info.yaml`,
        });
        expect({ persona, status: res.status }).toEqual({ persona, status });
      }
    });
  });

  describe('forged, oversized and hostile inputs answer 400 with a message', () => {
    const HOSTILE_STRINGS = {
      'a traversal': '../../status',
      'an encoded traversal': '..%2F..%2Fstatus',
      'a 10 kB name': 'a'.repeat(10_240),
      'an SQL-ish string': "x' OR '1'='1'; DROP TABLE rollbacks;--",
      'a NUL byte': 'checkout\u0000api',
      'a newline': 'checkout\napi',
    };

    async function expectRefused(res: Response, field: string) {
      const body = await res.json();
      expect({ field, status: res.status }).toEqual({ field, status: 400 });
      expect(body.error.name).toBe('InputError');
      expect(body.error.message.toLowerCase()).toContain(field.toLowerCase());
      // Never echoed in full: a 10 kB value does not come back.
      expect(body.error.message.length).toBeLessThan(2_000);
    }

    const cases = operations.flatMap(operation =>
      operation.parameters.map(
        parameter =>
          [
            `${describeOperation(operation)}: ${parameter.in} ${
              parameter.name
            }`,
            operation,
            parameter,
          ] as const,
      ),
    );

    /**
     * A forged value must be refused where the spec constrains the
     * parameter (a pattern, an enum, an integer); a free string (a target
     * ARN, an idempotency key, a filter) is refused when oversized, and
     * otherwise is refused with a message or finds nothing.
     */
    async function expectNothingFound(res: Response, field: string) {
      const body = await res.json();
      if (res.status === 200) {
        expect({ field, items: body.items }).toEqual({ field, items: [] });
      } else {
        expect({ field, status: res.status }).toEqual({ field, status: 404 });
        expect(body.error.name).toBe('NotFoundError');
      }
    }

    it.each(cases)('%s', async (_, operation, parameter) => {
      expect.hasAssertions();
      const constrained =
        parameter.schema.pattern !== undefined ||
        parameter.schema.enum !== undefined ||
        parameter.schema.type === 'integer';
      const hostile: Record<string, string> = { ...HOSTILE_STRINGS };
      if (parameter.schema.type === 'integer') {
        Object.assign(hostile, {
          'not a number': 'NaN',
          negative: '-1',
          huge: '1e308',
          fractional: '1.5',
        });
      }
      for (const [what, value] of Object.entries(hostile)) {
        // Headers cannot carry a NUL byte or a newline at all.
        if (
          parameter.in === 'header' &&
          (value.includes('\u0000') || value.includes('\n'))
        ) {
          continue;
        }
        const res = await requestFor(portal, operation, bearer('sre'), {
          parameters: { [parameter.name]: value },
        });
        try {
          if (constrained || value.length > 1_000 || res.status === 400) {
            await expectRefused(res, parameter.name);
          } else {
            await expectNothingFound(res, parameter.name);
          }
        } catch (error) {
          throw new Error(`${what}: ${error}`);
        }
      }
    });

    it.each(
      operations.filter(o =>
        o.parameters.some(p => p.name === 'environment' && p.required),
      ),
    )(
      '$operationId: an environment that is not configured, with the known ones named',
      async operation => {
        const res = await requestFor(portal, operation, bearer('sre'), {
          parameters: { environment: 'qa' },
        });
        const body = await res.json();
        expect(res.status).toBe(400);
        expect(body.error.message).toMatch(/dev.*staging.*prod/);
      },
    );

    it.each(['ListOperations', 'GetDoraFigures'])(
      '%s: an environment filter that is not configured, with the known ones named',
      async operationId => {
        const operation = operations.find(o => o.operationId === operationId)!;
        const res = await requestFor(portal, operation, bearer('sre'), {
          parameters: { environment: 'qa' },
        });
        const body = await res.json();
        expect(res.status).toBe(400);
        expect(body.error.message).toMatch(/"qa".*dev.*staging.*prod/);
      },
    );

    it.each(
      ['ListOperations', 'GetDoraFigures'].flatMap(operationId =>
        ['owner', 'entityRef']
          .filter(name =>
            operations
              .find(o => o.operationId === operationId)!
              .parameters.some(p => p.name === name),
          )
          .flatMap(name =>
            ['team-storefront', 'group:default', 'group:default/a b'].map(
              value => [operationId, name, value] as const,
            ),
          ),
      ),
    )('%s: %s %p is not an entity ref', async (operationId, name, value) => {
      expect.hasAssertions();
      const operation = operations.find(o => o.operationId === operationId)!;
      const res = await requestFor(portal, operation, bearer('sre'), {
        parameters: { [name]: value },
      });
      await expectRefused(res, name);
    });

    it.each(
      Object.entries({
        environment: "dev'; DROP TABLE rollbacks;--",
        target: 'a'.repeat(10_240),
        toRevision: '../../../etc/passwd'.repeat(50),
        reason: 'a'.repeat(10_240),
        confirmation: 'p'.repeat(1_000),
      }),
    )('CreateRollback body: a hostile %s', async (field, value) => {
      expect.hasAssertions();
      const operation = operations.find(
        o => o.operationId === 'CreateRollback',
      )!;
      const res = await requestFor(portal, operation, bearer('sre'), {
        body: { ...VALID_BODIES.CreateRollback, [field]: value },
      });
      await expectRefused(res, field);
    });

    it('CreateRollback body: unknown properties and the wrong types', async () => {
      const operation = operations.find(
        o => o.operationId === 'CreateRollback',
      )!;
      for (const [field, body] of Object.entries({
        accountId: {
          ...VALID_BODIES.CreateRollback,
          accountId: '999999999999',
        },
        reason: { ...VALID_BODIES.CreateRollback, reason: { $ne: '' } },
        target: { ...VALID_BODIES.CreateRollback, target: ['a', 'b'] },
      })) {
        const res = await requestFor(portal, operation, bearer('sre'), {
          body,
        });
        const answer = await res.json();
        expect({ field, status: res.status }).toEqual({ field, status: 400 });
        // The validator names the property it rejects, an unknown one too.
        expect(answer.error.message).toMatch(
          field === 'accountId'
            ? 'request/body must NOT have additional properties: accountId'
            : new RegExp(field),
        );
      }
    });
  });

  describe("the production overlay's static service tokens (issue 12, finding 2)", () => {
    const withToken = (token: string) => ({ authorization: `Bearer ${token}` });

    /** What each caller's token is for: it works there, so refusals below are its restrictions'. */
    const CONTROLS: Record<string, (token: string) => Promise<Response>> = {
      'gitlab-ci-catalog-refresh': token =>
        fetch(`${portal.baseUrl}/api/catalog/refresh`, {
          method: 'POST',
          headers: { ...withToken(token), 'content-type': 'application/json' },
          body: JSON.stringify({ entityRef: 'component:default/checkout-api' }),
        }),
      monitoring: token =>
        fetch(`${portal.baseUrl}/api/aws/status`, {
          headers: withToken(token),
        }),
    };

    it('are each restricted, and each does what its caller needs', async () => {
      expect(serviceTokens.map(t => t.subject).sort()).toEqual(
        Object.keys(CONTROLS).sort(),
      );
      for (const { subject, token, externalAccess } of serviceTokens) {
        expect({
          subject,
          restricted: (externalAccess.accessRestrictions ?? []).length > 0,
        }).toEqual({ subject, restricted: true });
        const res = await CONTROLS[subject](token);
        expect({ subject, status: res.status }).toEqual({
          subject,
          status: 200,
        });
      }
    });

    it.each(serviceTokens.map(t => [t.subject, t] as const))(
      "%s may call no mutation of Shipyard's plugins, and no route of a plugin it is not restricted to",
      async (_, { token, externalAccess }) => {
        const plugins = (externalAccess.accessRestrictions ?? []).map(
          r => (r as { plugin: string }).plugin,
        );
        const refused = operations.filter(
          o => o.method !== 'get' || !plugins.includes(o.pluginId),
        );
        expect(refused.length).toBeGreaterThan(0);
        for (const operation of refused) {
          const res = await requestFor(portal, operation, withToken(token));
          expect({
            operation: operation.operationId,
            status: res.status,
          }).toEqual({ operation: operation.operationId, status: 403 });
        }
      },
    );
  });

  describe('previewing an import (issue 12, finding 8)', () => {
    it("is refused to managers and users in no group: it reads the URL with the portal's GitLab token", async () => {
      for (const [persona, refused] of [
        ['manager', true],
        ['noGroup', true],
        ['developer', false],
        ['sre', false],
      ] as const) {
        const res = await fetch(
          `${portal.baseUrl}/api/catalog/analyze-location`,
          {
            method: 'POST',
            headers: { ...bearer(persona), 'content-type': 'application/json' },
            body: JSON.stringify({
              location: {
                type: 'url',
                target: `${portal.sandbox.url}/gitlab/northwind/storefront/checkout-api/-/blob/main/catalog-info.yaml`,
              },
            }),
          },
        );
        expect({ persona, status: res.status }).toEqual({
          persona,
          status: refused ? 403 : 200,
        });
      }
    });
  });

  describe('refreshing an EKS component (issue 12, finding 6)', () => {
    it("shows dev only dev's Deployment in a cluster that staging shares", async () => {
      const [dev] = portal.sandbox.scenario.findServices({
        component: 'freight-quote-api',
        environment: 'dev',
      });
      // Staging's copy in dev's cluster: the same component label, its own
      // environment label.
      const name = 'freight-quote-api-staging';
      portal.sandbox.state.services.add({
        ...dev,
        id: `${dev.accountId}/${dev.region}/${dev.cluster}/${name}`,
        name,
        namespace: 'team-freight-staging',
        environment: 'staging',
        tier: 'staging',
        arn: `${dev.clusterArn}/team-freight-staging/${name}`,
      });
      const res = await fetch(
        `${portal.baseUrl}/api/aws/components/default/component/freight-quote-api/resources/refresh?environment=dev`,
        { method: 'POST', headers: bearer('sre') },
      );
      expect(res.status).toBe(200);
      const [located] = (await res.json()).items;
      expect(
        located.eksWorkloads.map(
          (w: { namespace: string; name: string }) =>
            `${w.namespace}/${w.name}`,
        ),
      ).toEqual([`${dev.namespace}/freight-quote-api`]);
    });
  });

  describe('what AWS said is for SREs (issue 12, finding 4)', () => {
    const ACCOUNT_IDS = ['111111111111', '222222222222'];
    const READERS: Persona[] = ['developer', 'manager', 'noGroup'];

    /** Internals a caller without aws.diagnostics.read must not see. */
    function internalsIn(body: unknown): string[] {
      const text = JSON.stringify(body);
      return [...ACCOUNT_IDS, 'arn:aws:', portal.sandbox.url].filter(s =>
        text.includes(s),
      );
    }

    async function setFault(fault: object | undefined) {
      const res = await fetch(`${portal.sandbox.url}/_sandbox/faults`, {
        method: fault ? 'POST' : 'DELETE',
        headers: { 'content-type': 'application/json' },
        body: fault ? JSON.stringify(fault) : undefined,
      });
      expect(res.ok).toBe(true);
    }

    const status = async (persona: Persona) => {
      const res = await fetch(`${portal.baseUrl}/api/aws/status`, {
        headers: bearer(persona),
      });
      expect(res.status).toBe(200);
      return res.json();
    };

    it('/status names accounts and causes to SREs only', async () => {
      // A run that AWS fails, and one that succeeds, so there are calls per account.
      await setFault({ service: 'tagging', kind: 'error', count: 100 });
      try {
        await portal.collectResources();
      } finally {
        await setFault(undefined);
      }
      await portal.collectResources();

      const runErrors = (body: {
        collectors: Array<{ runs: Array<{ error?: string }> }>;
      }) => body.collectors.flatMap(c => c.runs.flatMap(r => r.error ?? []));

      const sre = await status('sre');
      expect(internalsIn(sre)).toEqual(expect.arrayContaining(ACCOUNT_IDS));
      expect(runErrors(sre).join('\n')).toContain('InternalFailure');

      for (const persona of READERS) {
        const body = await status(persona);
        expect({ persona, internals: internalsIn(body) }).toEqual({
          persona,
          internals: [],
        });
        // That a run failed, not what AWS answered.
        const errors = runErrors(body);
        expect(errors.length).toBeGreaterThan(0);
        expect(errors.join('\n')).not.toContain('InternalFailure');
      }
    });

    it('no error of any route tells a developer what AWS said when every AWS call fails', async () => {
      // A service of the developer's team whose targets no other test rolls back.
      const component = 'storefront-web';
      const dev = portal.sandbox.scenario
        .findServices({ component, environment: 'dev' })
        .find(service => service.region === 'eu-west-1')!;
      const plan = await fetch(
        `${
          portal.baseUrl
        }/api/deployments/components/default/component/${component}/deployments/dev/rollback-plan?target=${encodeURIComponent(
          dev.arn,
        )}`,
        { headers: bearer('sre') },
      );
      expect(plan.status).toBe(200);
      const overrides: Overrides = {
        parameters: { name: component, target: dev.arn },
        body: {
          ...VALID_BODIES.CreateRollback,
          target: dev.arn,
          toRevision: (await plan.json()).to.id,
        },
      };
      await setFault({ service: '*', kind: 'error' });
      const failed: string[] = [];
      try {
        for (const operation of operations) {
          const res = await requestFor(
            portal,
            operation,
            bearer('developer'),
            overrides,
          );
          if (res.status < 500) {
            // Answers and refusals are about what the caller sent or may
            // read (environments' accounts, resources' ARNs); what AWS
            // caused is checked.
            continue;
          }
          const body = await res.json();
          failed.push(operation.operationId);
          expect({
            operation: operation.operationId,
            internals: internalsIn(body),
            cause: JSON.stringify(body).includes('InternalFailure'),
          }).toEqual({
            operation: operation.operationId,
            internals: [],
            cause: false,
          });
        }
      } finally {
        await setFault(undefined);
      }
      // The live routes did call AWS and fail: the check above saw errors.
      expect(failed).toEqual(
        expect.arrayContaining(['RefreshComponentResources', 'CreateRollback']),
      );
    });

    it("a failed refresh's cause is the SRE's to read; the owner gets a reference", async () => {
      const refresh = (persona: Persona) =>
        fetch(
          `${portal.baseUrl}/api/aws/components/default/component/checkout-api/resources/refresh?environment=staging`,
          { method: 'POST', headers: bearer(persona) },
        );
      await setFault({ service: 'tagging', kind: 'error', count: 100 });
      try {
        const sre = await refresh('sre');
        const sreBody = await sre.json();
        const owner = await refresh('developer');
        const ownerBody = await owner.json();
        expect(owner.status).toBe(sre.status);
        expect(owner.status).toBeGreaterThanOrEqual(500);
        expect(sreBody.error.message).toContain('InternalFailure');
        expect(ownerBody.error.message).not.toContain('InternalFailure');
        expect(ownerBody.error.message).toMatch(/reference/);
        expect(internalsIn(ownerBody)).toEqual([]);
      } finally {
        await setFault(undefined);
      }
    });
  });

  describe('live refreshes are metered per user (issue 12, finding 5)', () => {
    it('answers 429 with Retry-After once a user has used theirs, and others still refresh', async () => {
      const refresh = (persona: Persona, component = 'checkout-api') =>
        fetch(
          `${portal.baseUrl}/api/aws/components/default/component/${component}/resources/refresh?environment=dev`,
          { method: 'POST', headers: bearer(persona) },
        );
      // The portal allows 10 a minute; the developer has used some above.
      const statuses: number[] = [];
      let limited: Response | undefined;
      for (let i = 0; i < 11 && !limited; i++) {
        const res = await refresh('developer');
        statuses.push(res.status);
        if (res.status === 429) {
          limited = res;
        }
      }
      expect(statuses.at(-1)).toBe(429);
      expect(statuses.slice(0, -1).every(s => s === 200)).toBe(true);
      const retryAfter = Number(limited!.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect((await limited!.json()).error.message).toMatch(/refresh/i);

      // Another developer, of their own team's component.
      const other = await refresh('otherDeveloper', 'freight-quote-api');
      expect(other.status).toBe(200);
    });
  });
});
