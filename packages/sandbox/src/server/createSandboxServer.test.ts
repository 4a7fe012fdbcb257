import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  DescribeServicesCommand,
  ECSClient,
  ListClustersCommand,
} from '@aws-sdk/client-ecs';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { builtinServices } from '../services/builtinServices';
import { rawRequest } from '../testing/rawRequest';
import { sandboxClientConfig } from '../testing/sandboxClientConfig';
import { createSandboxServer, type SandboxServer } from './createSandboxServer';
import type { SandboxHttpService } from './SandboxService';

const SIGNED = {
  authorization:
    'AWS4-HMAC-SHA256 Credential=SANDBOX111111111111/20260302/eu-west-1/ecs/aws4_request, SignedHeaders=host, Signature=0',
};

describe('createSandboxServer', () => {
  let server: SandboxServer;

  beforeEach(async () => {
    server = await createSandboxServer({
      port: 0,
      seed: 'test',
      scale: 2,
      rolloutSeconds: 15,
    });
  });

  afterEach(async () => {
    await server.close();
  });

  it('reports its health and configuration', async () => {
    const res = await rawRequest(server.url, { path: '/_sandbox/health' });
    expect(res.status).toBe(200);
    expect(builtinServices.map(s => s.name)).toEqual(
      expect.arrayContaining(['ecs', 'ecr', 'sts', 'tagging']),
    );
    expect(JSON.parse(res.body)).toEqual({
      status: 'ok',
      seed: 'test',
      scale: 2,
      rolloutSeconds: 15,
      services: [...builtinServices.map(s => s.name), 'kubernetes', 'gitlab'],
    });
  });

  it('counts requests per service, operation and outcome, and resets the counts', async () => {
    const ecs = new ECSClient(sandboxClientConfig(server));
    try {
      await ecs.send(new ListClustersCommand({}));
      await ecs.send(new ListClustersCommand({}));
      await expect(
        ecs.send(
          new DescribeServicesCommand({ cluster: 'nope', services: ['x'] }),
        ),
      ).rejects.toMatchObject({ name: 'ClusterNotFoundException' });
    } finally {
      ecs.destroy();
    }
    expect(server.stats.count('ecs', 'ListClusters')).toBe(2);
    const stats = JSON.parse(
      (await rawRequest(server.url, { path: '/_sandbox/stats' })).body,
    );
    expect(stats).toEqual({
      total: 3,
      services: {
        ecs: {
          requests: 3,
          operations: {
            ListClusters: {
              requests: 2,
              ok: 2,
              errors: 0,
              throttled: 0,
              injected: 0,
            },
            DescribeServices: {
              requests: 1,
              ok: 0,
              errors: 1,
              throttled: 0,
              injected: 0,
            },
          },
        },
      },
    });
    await rawRequest(server.url, { method: 'DELETE', path: '/_sandbox/stats' });
    expect(server.stats.count('ecs')).toBe(0);
  });

  it('summarises the scenario', async () => {
    const summary = JSON.parse(
      (await rawRequest(server.url, { path: '/_sandbox/scenario' })).body,
    );
    expect(summary).toMatchObject({
      seed: 'test',
      scale: 2,
      components: 18,
      services: server.scenario.services.length,
    });
    expect(summary.windows.map((w: { kind: string }) => w.kind).sort()).toEqual(
      ['bad-deployment', 'bad-deployment', 'incident'],
    );
  });

  it('refuses callers whose access key is not a sandbox key, as AWS does', async () => {
    const ecs = new ECSClient({
      ...sandboxClientConfig(server),
      credentials: {
        accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
        secretAccessKey: 'x',
      },
    });
    try {
      await expect(ecs.send(new ListClustersCommand({}))).rejects.toMatchObject(
        {
          name: 'UnrecognizedClientException',
        },
      );
    } finally {
      ecs.destroy();
    }
  });

  it('refuses unsigned requests', async () => {
    const res = await rawRequest(server.url, {
      method: 'POST',
      path: '/',
      headers: {
        'x-amz-target': 'AmazonEC2ContainerServiceV20141113.ListClusters',
        'content-type': 'application/x-amz-json-1.1',
      },
      body: '{}',
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).__type).toBe(
      'MissingAuthenticationTokenException',
    );
  });

  it('answers malformed JSON and unknown operations like AWS', async () => {
    const headers = { ...SIGNED, 'content-type': 'application/x-amz-json-1.1' };
    const malformed = await rawRequest(server.url, {
      method: 'POST',
      path: '/',
      headers: {
        ...headers,
        'x-amz-target': 'AmazonEC2ContainerServiceV20141113.ListClusters',
      },
      body: '{"maxResults":',
    });
    expect(malformed.status).toBe(400);
    expect(JSON.parse(malformed.body).__type).toBe('SerializationException');

    const unknown = await rawRequest(server.url, {
      method: 'POST',
      path: '/',
      headers: {
        ...headers,
        'x-amz-target': 'AmazonEC2ContainerServiceV20141113.DeleteCluster',
      },
      body: '{}',
    });
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.body).__type).toBe('UnknownOperationException');

    const prototypeKey = await rawRequest(server.url, {
      method: 'POST',
      path: '/',
      headers: {
        ...headers,
        'x-amz-target': 'AmazonEC2ContainerServiceV20141113.constructor',
      },
      body: '{}',
    });
    expect(JSON.parse(prototypeKey.body).__type).toBe(
      'UnknownOperationException',
    );
  });

  it('answers an awsQuery request without Action with an XML error document', async () => {
    const res = await rawRequest(server.url, {
      method: 'POST',
      path: '/',
      headers: {
        authorization: SIGNED.authorization.replace('/ecs/', '/sts/'),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'Version=2011-06-15',
    });
    expect(res.status).toBe(400);
    expect(res.body).toContain('<Code>MissingAction</Code>');
    expect(res.body).toContain('<Type>Sender</Type>');
  });

  it('answers a presigned GetCallerIdentity URL, as EKS token verification uses', async () => {
    const query = new URLSearchParams({
      Action: 'GetCallerIdentity',
      Version: '2011-06-15',
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential':
        'SANDBOX222222222222/20260302/us-east-1/sts/aws4_request',
      'X-Amz-Date': '20260302T093000Z',
      'X-Amz-Expires': '60',
      'X-Amz-SignedHeaders': 'host;x-k8s-aws-id',
      'X-Amz-Signature': '0',
    });
    const res = await rawRequest(server.url, { path: `/?${query}` });
    expect(res.status).toBe(200);
    expect(res.body).toContain('<Account>222222222222</Account>');
    expect(res.body).toContain('<GetCallerIdentityResult>');
  });

  it('serves several clients concurrently over kept-alive connections', async () => {
    const sts = new STSClient(
      sandboxClientConfig(server, { accountId: '222222222222' }),
    );
    try {
      const results = await Promise.all(
        Array.from({ length: 200 }, () =>
          sts.send(new GetCallerIdentityCommand({})),
        ),
      );
      expect(new Set(results.map(r => r.Account))).toEqual(
        new Set(['222222222222']),
      );
    } finally {
      sts.destroy();
    }
    expect(server.stats.count('sts', 'GetCallerIdentity')).toBe(200);
    // Heavy (a scaled sandbox or many requests): room for a loaded CI machine.
  }, 30_000);

  it('fails to start on a port that is taken', async () => {
    await expect(
      createSandboxServer({ port: server.port }),
    ).rejects.toMatchObject({
      code: 'EADDRINUSE',
    });
  });
});

describe('closing a sandbox server', () => {
  it("removes the built-in GitLab stand-in's repositories", async () => {
    // A project name no other test uses finds this server's repository directory among the
    // stand-ins that other test files run at the same time.
    const project = `close-test-${process.pid}-${Date.now()}`;
    const repositoryDirs = () =>
      fs
        .readdirSync(os.tmpdir())
        .filter(name => name.startsWith('sandbox-gitlab-'))
        .map(name => path.join(os.tmpdir(), name))
        .filter(dir =>
          fs.existsSync(path.join(dir, `northwind/storefront/${project}.git`)),
        );
    const server = await createSandboxServer({ port: 0 });
    try {
      const created = await rawRequest(server.url, {
        method: 'POST',
        path: '/gitlab/api/v4/projects',
        headers: {
          'private-token': 'sandbox',
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          name: project,
          namespace_id: 'northwind/storefront',
        }),
      });
      expect(created.status).toBe(201);
      expect(repositoryDirs()).toHaveLength(1);
    } finally {
      await server.close();
    }
    expect(repositoryDirs()).toEqual([]);
  });

  it('closes every HTTP service it was given, even when one fails to close', async () => {
    const closed: string[] = [];
    const service = (name: string, fails = false): SandboxHttpService => ({
      name,
      pathPrefix: `/${name}/`,
      errors: { throttling: { name: 'TooManyRequests', statusCode: 429 } },
      operationOf: () => 'any',
      handle: () => ({ statusCode: 204, headers: {}, body: '' }),
      renderError: () => ({ statusCode: 500, headers: {}, body: '' }),
      close: async () => {
        closed.push(name);
        if (fails) throw new Error(`${name} could not close`);
      },
    });
    const server = await createSandboxServer({
      port: 0,
      httpServices: [service('first', true), service('second')],
    });

    await expect(server.close()).rejects.toThrow('first could not close');

    expect(closed.sort()).toEqual(['first', 'second']);
  });
});
