import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import request from 'supertest';
import { renderRouter } from './renderRouter';

const SPEC = {
  openapi: '3.1.0',
  info: { title: 'things', version: '1' },
  paths: {
    '/things': {
      post: {
        operationId: 'CreateThing',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                additionalProperties: false,
                required: ['name'],
                properties: {
                  name: { type: 'string', maxLength: 10 },
                  size: {
                    type: 'object',
                    additionalProperties: false,
                    properties: { width: { type: 'integer' } },
                  },
                },
              },
            },
          },
        },
        responses: { '204': { description: 'Created.' } },
      },
    },
  },
};

describe('renderRouter', () => {
  let dir: string;
  let app: express.Express;

  beforeAll(async () => {
    // Inside the package, so that the generated file resolves its imports
    // from the repository's node_modules as a plugin's would.
    dir = fs.mkdtempSync(path.join(__dirname, '.renderRouter-'));
    const file = path.join(dir, 'router.ts');
    fs.writeFileSync(file, renderRouter(SPEC));
    const { createOpenApiRouter } = require(file);
    const router = await createOpenApiRouter();
    router.post('/things', (_req: express.Request, res: express.Response) => {
      res.status(204).end();
    });
    app = express()
      .use(router)
      .use(
        (
          error: Error,
          _req: express.Request,
          res: express.Response,
          _next: express.NextFunction,
        ) => {
          res.status(400).json({ name: error.name, message: error.message });
        },
      );
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('names an unknown property and where it is', async () => {
    const res = await request(app)
      .post('/things')
      .send({ name: 'a', accountId: '999999999999' });
    expect(res.body).toEqual({
      name: 'InputError',
      message: 'request/body must NOT have additional properties: accountId',
    });
  });

  it('names an unknown property of a nested object, and one with a slash in its name', async () => {
    const nested = await request(app)
      .post('/things')
      .send({ name: 'a', size: { width: 1, depth: 2 } });
    expect(nested.body.message).toBe(
      'request/body/size must NOT have additional properties: depth',
    );

    const slashed = await request(app)
      .post('/things')
      .send({ name: 'a', 'x/y': 1 });
    expect(slashed.body.message).toBe(
      'request/body must NOT have additional properties: x/y',
    );
  });

  it('leaves every other validation message as it was', async () => {
    const missing = await request(app).post('/things').send({});
    expect(missing.body).toEqual({
      name: 'InputError',
      message: "request/body must have required property 'name'",
    });

    const tooLong = await request(app)
      .post('/things')
      .send({ name: 'abcdefghijkl' });
    expect(tooLong.body.message).toBe(
      'request/body/name must NOT have more than 10 characters',
    );
  });

  it('lets a valid request through', async () => {
    const res = await request(app).post('/things').send({ name: 'a' });
    expect(res.status).toBe(204);
  });
});
