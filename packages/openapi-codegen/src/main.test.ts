import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run } from './main';

const SPEC = `openapi: 3.1.0
info: { title: things, version: '1' }
paths:
  /things/{name}:
    get:
      operationId: GetThing
      parameters:
        - { name: name, in: path, required: true, schema: { type: string } }
        - { name: detail, in: query, required: false, schema: { type: boolean } }
        - { name: If-None-Match, in: header, required: false, schema: { type: string } }
      responses:
        '200':
          description: The thing.
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Thing' }
components:
  schemas:
    Thing:
      type: object
      required: [name]
      properties:
        name: { type: string }
`;

/** A repository with one backend plugin, its spec and its -common package. */
function createRepo(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'openapi-codegen-'));
  const backend = path.join(root, 'plugins/things-backend');
  fs.mkdirSync(path.join(backend, 'src/schema'), { recursive: true });
  fs.writeFileSync(
    path.join(backend, 'package.json'),
    JSON.stringify({ backstage: { pluginId: 'things' } }),
  );
  fs.writeFileSync(path.join(backend, 'src/schema/openapi.yaml'), SPEC);
  fs.mkdirSync(path.join(root, 'plugins/things-common'), { recursive: true });
  fs.writeFileSync(path.join(root, 'plugins/things-common/package.json'), '{}');
  return root;
}

describe('shipyard-openapi', () => {
  jest.setTimeout(30_000);
  let root: string;
  beforeEach(() => {
    root = createRepo();
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('generates the router and the client, then finds nothing stale', async () => {
    expect(await run('generate', root)).toEqual([
      'plugins/things-backend/src/schema/openapi/generated/router.ts',
      'plugins/things-common/src/schema/openapi/generated/types.ts',
      'plugins/things-common/src/schema/openapi/generated/client.ts',
      'plugins/things-common/src/schema/openapi/generated/index.ts',
    ]);
    expect(await run('check', root)).toEqual([]);

    const client = fs.readFileSync(
      path.join(
        root,
        'plugins/things-common/src/schema/openapi/generated/client.ts',
      ),
      'utf8',
    );
    expect(client).toContain('export class ThingsClient');
    expect(client).toContain('async getThing(');
    // Header parameters are part of the request and sent as headers.
    expect(client).toMatch(
      /headers\?: NonNullable<\s*operations\[["']GetThing["']\]\[["']parameters["']\]\[["']header["']\]\s*>/,
    );
    expect(client).toContain('headers: request.headers,');
    // Formatted with the prettier config that applies where it is written
    // (none in this temporary directory: prettier's defaults).
    expect(client).toMatch(
      /export type Thing = components\[["']schemas["']\]\[["']Thing["']\];/,
    );
  });

  it('reports a spec changed without regenerating, and writes nothing when checking', async () => {
    await run('generate', root);
    const specPath = path.join(
      root,
      'plugins/things-backend/src/schema/openapi.yaml',
    );
    fs.writeFileSync(
      specPath,
      SPEC.replace(
        'name: { type: string }',
        'name: { type: string, maxLength: 10 }',
      ),
    );
    const router = path.join(
      root,
      'plugins/things-backend/src/schema/openapi/generated/router.ts',
    );
    const before = fs.readFileSync(router, 'utf8');

    expect(await run('check', root)).toEqual([
      'plugins/things-backend/src/schema/openapi/generated/router.ts',
    ]);
    expect(fs.readFileSync(router, 'utf8')).toBe(before);
  });

  it('refuses a spec that is not valid OpenAPI 3.1, naming the file', async () => {
    const specPath = path.join(
      root,
      'plugins/things-backend/src/schema/openapi.yaml',
    );
    fs.writeFileSync(
      specPath,
      SPEC.replace("'200':", "'200':\n          bogus: true"),
    );
    await expect(run('check', root)).rejects.toThrow(
      'plugins/things-backend/src/schema/openapi.yaml is not a valid OpenAPI document',
    );
  });
});
