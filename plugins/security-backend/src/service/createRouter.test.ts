import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { ShipyardEnvironments } from '@internal/plugin-aws-node';
import {
  ComponentSecurity,
  Finding,
  FindingList,
  Overview,
} from '@internal/plugin-security-common';
import express from 'express';
import request from 'supertest';
import { createRouter } from './createRouter';
import { SecurityModel } from './SecurityModel';

const OVERVIEW: Overview = {
  freshness: { syncedAt: '2026-12-02T06:00:00.000Z', stale: false },
  scope: 'all',
  details: 'none',
  environments: [],
  services: [],
};

const SUMMARY: Finding['summary'] = {
  id: 'f1',
  accountId: '222222222222',
  region: 'eu-west-1',
  environment: 'prod',
  tier: 'prod',
  band: 'high',
  resource: { label: 'task 3f2c in prod-apps' },
  archived: false,
  consoleUrl:
    'https://eu-west-1.console.aws.amazon.com/guardduty/home?region=eu-west-1#/findings?macros=current&fId=f1',
};

const LIST: FindingList = {
  items: [SUMMARY],
  totalCount: 1,
  offset: 0,
  limit: 50,
};

const COMPONENT: ComponentSecurity = {
  entityRef: 'component:default/checkout-api',
  freshness: { stale: true },
  details: false,
  environments: [],
};

// Only the lookup by name is used; it names the configured environments.
const ENVIRONMENTS = {
  get: (name: string) => {
    if (!['dev', 'staging', 'prod'].includes(name)) {
      throw new InputError(
        `Unknown environment '${name}'; configured environments are dev, staging, prod`,
      );
    }
    return { name, tier: name };
  },
} as Partial<ShipyardEnvironments> as ShipyardEnvironments;

async function setUp() {
  const model: jest.Mocked<SecurityModel> = {
    getOverview: jest.fn(),
    listFindings: jest.fn(),
    getFinding: jest.fn(async ({ findingId }) => {
      if (findingId === 'missing') {
        throw new NotFoundError('No finding missing');
      }
      if (findingId === 'theirs') {
        throw new NotAllowedError('Not allowed');
      }
      return { summary: SUMMARY, detail: { id: 'f1', anything: [1, 2] } };
    }),
    getComponentSecurity: jest.fn(async ({ entityRef }) => {
      if (entityRef.name === 'secret-service') {
        throw new NotAllowedError('Not allowed');
      }
      if (entityRef.name === 'missing') {
        throw new NotFoundError('No entity');
      }
      return COMPONENT;
    }),
  };
  model.getOverview.mockResolvedValue(OVERVIEW);
  model.listFindings.mockResolvedValue(LIST);
  const middleware = MiddlewareFactory.create({
    config: new ConfigReader({}),
    logger: mockServices.rootLogger(),
  });
  const app = express()
    .use(
      '/api/security',
      await createRouter({
        httpAuth: mockServices.httpAuth(),
        environments: ENVIRONMENTS,
        model,
        validateResponses: true,
      }),
    )
    .use(middleware.error());
  const get = (path: string, header = mockCredentials.user.header()) =>
    request(app).get(`/api/security${path}`).set('Authorization', header);
  const filterOf = () => model.listFindings.mock.lastCall![0].filter;
  return { get, model, filterOf };
}

describe('createRouter', () => {
  it('serves the overview for 30 days by default, or the environment and days asked', async () => {
    const { get, model } = await setUp();
    const res = await get('/overview');
    expect(res.status).toBe(200);
    expect(res.body).toEqual(OVERVIEW);
    expect(model.getOverview).toHaveBeenLastCalledWith({
      environment: undefined,
      days: 30,
      credentials: mockCredentials.user(),
    });

    expect((await get('/overview?environment=prod&days=90')).status).toBe(200);
    expect(model.getOverview).toHaveBeenLastCalledWith(
      expect.objectContaining({ environment: 'prod', days: 90 }),
    );
  });

  it('refuses an environment that is not configured, naming the configured ones', async () => {
    const { get, model } = await setUp();
    for (const path of ['/overview', '/findings']) {
      const res = await get(`${path}?environment=qa`);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(
        'configured environments are dev, staging, prod',
      );
    }
    // Not an environment name at all: the spec's pattern.
    const malformed = await get('/findings?environment=Prod!');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toContain('environment');
    expect(model.getOverview).not.toHaveBeenCalled();
    expect(model.listFindings).not.toHaveBeenCalled();
  });

  it.each([
    ['days=7', 'days'],
    ['days=thirty', 'days'],
    ['band=severe', 'band'],
    ['band=high&band=severe', 'band'],
    ['platform=yes', 'platform'],
    ['archived=1x', 'archived'],
    ['limit=0', 'limit'],
    ['limit=201', 'limit'],
    ['offset=-1', 'offset'],
    ['maxAgeDays=0', 'maxAgeDays'],
    ['unknown=1', 'unknown'],
  ])('refuses %s, naming the parameter', async (query, parameter) => {
    const { get, model } = await setUp();
    const path = query.startsWith('days') ? '/overview' : '/findings';
    const res = await get(`${path}?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(parameter);
    expect(model.listFindings).not.toHaveBeenCalled();
    expect(model.getOverview).not.toHaveBeenCalled();
  });

  it('passes bands as an array and booleans and numbers as such, one band or several', async () => {
    const { get, filterOf } = await setUp();
    let res = await get(
      '/findings?band=critical&band=high&platform=true&archived=true&maxAgeDays=7&offset=50&limit=25&type=Recon%3AEC2%2FPortProbeUnprotectedPort&q=bastion',
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual(LIST);
    expect(filterOf()).toEqual({
      environment: undefined,
      bands: ['critical', 'high'],
      owner: undefined,
      entityRef: undefined,
      platform: true,
      type: 'Recon:EC2/PortProbeUnprotectedPort',
      maxAgeDays: 7,
      q: 'bastion',
      archived: true,
      offset: 50,
      limit: 25,
    });

    res = await get('/findings?band=low&platform=false&environment=dev');
    expect(res.status).toBe(200);
    expect(filterOf()).toMatchObject({
      environment: 'dev',
      bands: ['low'],
      platform: false,
      archived: false,
      offset: 0,
      limit: 50,
    });
  });

  it('completes owner and entityRef filters as refs, and refuses malformed ones', async () => {
    const { get, model, filterOf } = await setUp();
    // Encoded, as the client sends them.
    let res = await get(
      `/findings?owner=team-freight&entityRef=${encodeURIComponent(
        'default/freight-quote-api',
      )}`,
    );
    expect(res.status).toBe(200);
    expect(filterOf()).toMatchObject({
      owner: 'group:default/team-freight',
      entityRef: 'component:default/freight-quote-api',
    });
    res = await get(
      `/findings?owner=${encodeURIComponent('Group:Default/Team-Freight')}`,
    );
    expect(filterOf().owner).toBe('group:default/team-freight');

    model.listFindings.mockClear();
    for (const [parameter, value] of [
      ['entityRef', 'component:default/'],
      ['entityRef', 'component:default/not a name'],
      ['owner', 'group:/team'],
      ['owner', 'a:b:c/d/e'],
    ]) {
      res = await get(`/findings?${parameter}=${encodeURIComponent(value)}`);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(`Invalid ${parameter}`);
    }
    expect(model.listFindings).not.toHaveBeenCalled();
  });

  it('serves one finding with its detail, 404 and 403 as the model says, 400 for a malformed id', async () => {
    const { get, model } = await setUp();
    const res = await get('/findings/f1');
    expect(res.status).toBe(200);
    expect(res.body.detail).toEqual({ id: 'f1', anything: [1, 2] });
    expect(model.getFinding).toHaveBeenLastCalledWith({
      findingId: 'f1',
      credentials: mockCredentials.user(),
    });
    expect((await get('/findings/missing')).status).toBe(404);
    const denied = await get('/findings/theirs');
    expect(denied.status).toBe(403);
    expect(denied.body.error.name).toBe('NotAllowedError');
    expect((await get('/findings/a.b')).status).toBe(400);
  });

  it("serves a component's security with the caller's credentials, 403 and 404 as the model says", async () => {
    const { get, model } = await setUp();
    const res = await get('/components/default/Component/checkout-api');
    expect(res.status).toBe(200);
    expect(res.body).toEqual(COMPONENT);
    expect(model.getComponentSecurity).toHaveBeenLastCalledWith({
      entityRef: {
        namespace: 'default',
        kind: 'Component',
        name: 'checkout-api',
      },
      credentials: mockCredentials.user(),
    });
    const denied = await get('/components/default/component/secret-service');
    expect(denied.status).toBe(403);
    expect((await get('/components/default/component/missing')).status).toBe(
      404,
    );
    expect((await get('/components/default/component/-bad name')).status).toBe(
      400,
    );
  });

  it('refuses callers without a token, and passes a service caller through to the model', async () => {
    const { get, model } = await setUp();
    for (const path of [
      '/overview',
      '/findings',
      '/findings/f1',
      '/components/default/component/checkout-api',
    ]) {
      expect((await get(path, mockCredentials.none.header())).status).toBe(401);
    }
    expect(model.getOverview).not.toHaveBeenCalled();
    expect(model.listFindings).not.toHaveBeenCalled();

    const res = await get('/overview', mockCredentials.service.header());
    expect(res.status).toBe(200);
    expect(model.getOverview).toHaveBeenLastCalledWith(
      expect.objectContaining({ credentials: mockCredentials.service() }),
    );
  });

  it('answers an overview or a page the model gives again as the same object with its bytes, gzipped when the client takes it', async () => {
    const { get } = await setUp();
    for (const path of ['/overview', '/findings']) {
      const first = await get(path);
      const again = await get(path);
      expect(again.status).toBe(200);
      expect(again.headers['content-encoding']).toBe('gzip');
      expect(again.headers['content-type']).toMatch(/^application\/json/);
      expect(again.body).toEqual(first.body);
      const plain = await get(path).set('Accept-Encoding', 'identity');
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(JSON.parse(plain.text)).toEqual(first.body);
    }
  });
});
