import { HttpAuthService } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { SHIPYARD_ENTITY_NAME_PATTERN } from '@internal/plugin-aws-common';
import {
  SerializedResponses,
  ShipyardEnvironments,
} from '@internal/plugin-aws-node';
import express from 'express';
import { createOpenApiRouter } from '../schema/openapi/generated/router';
import { SecurityModel } from './SecurityModel';

const DEFAULT_DAYS = 30;
const DEFAULT_LIMIT = 50;
/** The spec's pattern of a kind in a path. */
const KIND_PATTERN = /^[A-Za-z][A-Za-z0-9]{0,62}$/;

/**
 * The security plugin's routes, one handler per operation of
 * src/schema/openapi.yaml. The generated router validates every request
 * against the spec (a 400 naming the parameter: bands, booleans, numbers,
 * patterns); with `validateResponses` it also refuses a response that breaks
 * the spec, as development and the tests run it. What the spec cannot say
 * is checked here: an environment must be configured (400 naming the
 * configured ones) and refs must parse. Every route needs a user or service
 * token and reads the database only; who may read what is the model's to
 * decide (AuthorizedSecurityModel), with the caller's credentials. An
 * overview or page of findings the model gives again as the same object
 * (what it shares between callers) is answered with its bytes serialized
 * once.
 */
export async function createRouter(options: {
  httpAuth: HttpAuthService;
  environments: ShipyardEnvironments;
  model: SecurityModel;
  validateResponses?: boolean;
}): Promise<express.Router> {
  const { httpAuth, environments, model } = options;
  const router = await createOpenApiRouter({
    validatorOptions: { validateResponses: options.validateResponses ?? false },
  });
  // The typed requests of the generated router are express requests.
  const credentialsOf = (req: Parameters<HttpAuthService['credentials']>[0]) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });
  const serialized = new SerializedResponses();
  // get() throws the InputError that names the configured environments.
  const environmentOf = (name: string | undefined) =>
    name === undefined ? undefined : environments.get(name).name;

  router.get('/overview', async (req, res) => {
    const credentials = await credentialsOf(req);
    await serialized.send(
      req,
      res,
      await model.getOverview({
        environment: environmentOf(req.query.environment),
        days: req.query.days ?? DEFAULT_DAYS,
        credentials,
      }),
    );
  });

  router.get('/findings', async (req, res) => {
    const credentials = await credentialsOf(req);
    const { query } = req;
    await serialized.send(
      req,
      res,
      await model.listFindings({
        filter: {
          environment: environmentOf(query.environment),
          ...(query.band ? { bands: query.band } : {}),
          owner: parseRef(query.owner, 'owner', 'group'),
          entityRef: parseRef(query.entityRef, 'entityRef', 'component'),
          platform: query.platform,
          type: query.type,
          maxAgeDays: query.maxAgeDays,
          q: query.q,
          archived: query.archived ?? false,
          offset: query.offset ?? 0,
          limit: query.limit ?? DEFAULT_LIMIT,
        },
        credentials,
      }),
    );
  });

  router.get('/findings/:findingId', async (req, res) => {
    const credentials = await credentialsOf(req);
    res.json(
      await model.getFinding({ findingId: req.params.findingId, credentials }),
    );
  });

  router.get('/components/:namespace/:kind/:name', async (req, res) => {
    const credentials = await credentialsOf(req);
    res.json(
      await model.getComponentSecurity({ entityRef: req.params, credentials }),
    );
  });

  return router;
}

/**
 * A ref from a query parameter, completed (`team-freight` is
 * `group:default/team-freight` as an owner) and spelled as the catalog
 * spells refs; a malformed one is a 400 naming the parameter.
 */
function parseRef(
  value: string | undefined,
  parameter: string,
  defaultKind: string,
): string | undefined {
  if (value === undefined || value === '') {
    return undefined;
  }
  let ref;
  try {
    ref = parseEntityRef(value, { defaultKind, defaultNamespace: 'default' });
  } catch (error) {
    throw new InputError(
      `Invalid ${parameter} '${value}': ${(error as Error).message}`,
    );
  }
  if (
    !KIND_PATTERN.test(ref.kind) ||
    !SHIPYARD_ENTITY_NAME_PATTERN.test(ref.namespace) ||
    !SHIPYARD_ENTITY_NAME_PATTERN.test(ref.name)
  ) {
    throw new InputError(
      `Invalid ${parameter} '${value}': expected an entity ref such as ${defaultKind}:default/name (letters, digits, ".", "_" and "-")`,
    );
  }
  return stringifyEntityRef(ref);
}
