import { ECRClient, DescribeImagesCommand } from '@aws-sdk/client-ecr';
import {
  ECSClient,
  ListClustersCommand,
  ListServicesCommand,
} from '@aws-sdk/client-ecs';
import {
  GetResourcesCommand,
  ResourceGroupsTaggingAPIClient,
} from '@aws-sdk/client-resource-groups-tagging-api';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { rawRequest } from '../testing/rawRequest';
import { sandboxClientConfig } from '../testing/sandboxClientConfig';
import { createSandboxServer, type SandboxServer } from './createSandboxServer';

describe('fault injection', () => {
  let server: SandboxServer;
  const clients: { destroy(): void }[] = [];
  const track = <T extends { destroy(): void }>(client: T) => {
    clients.push(client);
    return client;
  };
  const config = (maxAttempts = 1) =>
    sandboxClientConfig(server, { maxAttempts });
  const postFault = (fault: unknown) =>
    rawRequest(server.url, {
      method: 'POST',
      path: '/_sandbox/faults',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(fault),
    });

  beforeEach(async () => {
    server = await createSandboxServer({ port: 0 });
  });

  afterEach(async () => {
    clients.splice(0).forEach(c => c.destroy());
    await server.close();
  });

  it("throttles with each service's own throttling error", async () => {
    expect((await postFault({ service: '*', kind: 'throttle' })).status).toBe(
      201,
    );
    await expect(
      track(new ECSClient(config())).send(new ListClustersCommand({})),
    ).rejects.toMatchObject({
      name: 'ThrottlingException',
      $metadata: { httpStatusCode: 400 },
    });
    await expect(
      track(new ECRClient(config())).send(
        new DescribeImagesCommand({ repositoryName: 'checkout-api' }),
      ),
    ).rejects.toMatchObject({ name: 'ThrottlingException' });
    await expect(
      track(new STSClient(config())).send(new GetCallerIdentityCommand({})),
    ).rejects.toMatchObject({
      name: 'Throttling',
      $metadata: { httpStatusCode: 400 },
    });
    await expect(
      track(new ResourceGroupsTaggingAPIClient(config())).send(
        new GetResourcesCommand({}),
      ),
    ).rejects.toMatchObject({ name: 'ThrottledException' });
    expect(
      server.stats.snapshot().services.ecs.operations.ListClusters.throttled,
    ).toBe(1);
  });

  it('limits a fault to an operation, and lets the SDK retry through a counted one', async () => {
    server.faults.add({
      service: 'ecs',
      operation: 'ListServices',
      kind: 'throttle',
      count: 2,
    });
    const ecs = track(new ECSClient(config(3)));
    await expect(ecs.send(new ListClustersCommand({}))).resolves.toBeDefined();
    // Two throttles, then the third attempt (the SDK's standard retry) succeeds.
    const listed = await ecs.send(
      new ListServicesCommand({ cluster: 'dev-apps' }),
    );
    expect(listed.serviceArns!.length).toBeGreaterThan(0);
    expect(listed.$metadata.attempts).toBe(3);
    expect(server.faults.list()).toEqual([]);
    expect(
      server.stats.snapshot().services.ecs.operations.ListServices,
    ).toMatchObject({
      requests: 3,
      throttled: 2,
      ok: 1,
    });
  });

  it('answers server errors as 500 InternalFailure or 503 ServiceUnavailable', async () => {
    server.faults.add({ service: 'ecs', kind: 'error', count: 1 });
    server.faults.add({ service: 'sts', kind: 'error', statusCode: 503 });
    await expect(
      track(new ECSClient(config())).send(new ListClustersCommand({})),
    ).rejects.toMatchObject({
      name: 'InternalFailure',
      $metadata: { httpStatusCode: 500 },
    });
    await expect(
      track(new STSClient(config())).send(new GetCallerIdentityCommand({})),
    ).rejects.toMatchObject({
      name: 'ServiceUnavailable',
      $metadata: { httpStatusCode: 503 },
    });
    await expect(
      track(new ECSClient(config())).send(new ListClustersCommand({})),
    ).resolves.toBeDefined();
  });

  it('delays requests by latencyMs', async () => {
    server.faults.add({ service: 'ecs', kind: 'latency', latencyMs: 300 });
    const ecs = track(new ECSClient(config()));
    const started = Date.now();
    await ecs.send(new ListClustersCommand({}));
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('affects a seeded share of requests at a rate', async () => {
    const outcomes = async (target: SandboxServer) => {
      target.faults.add({ service: 'ecs', kind: 'throttle', rate: 0.5 });
      const ecs = track(
        new ECSClient(sandboxClientConfig(target, { maxAttempts: 1 })),
      );
      const results: boolean[] = [];
      for (let i = 0; i < 40; i++) {
        results.push(
          await ecs.send(new ListClustersCommand({})).then(
            () => true,
            () => false,
          ),
        );
      }
      return results;
    };
    const first = await outcomes(server);
    const failures = first.filter(ok => !ok).length;
    expect(failures).toBeGreaterThan(8);
    expect(failures).toBeLessThan(32);
    const again = await createSandboxServer({ port: 0 });
    try {
      expect(await outcomes(again)).toEqual(first);
    } finally {
      await again.close();
    }
  });

  it('matches faults by account', async () => {
    server.faults.add({
      service: 'ecs',
      accountId: '222222222222',
      kind: 'throttle',
    });
    await expect(
      track(new ECSClient(config())).send(new ListClustersCommand({})),
    ).resolves.toBeDefined();
    await expect(
      track(
        new ECSClient(
          sandboxClientConfig(server, {
            accountId: '222222222222',
            maxAttempts: 1,
          }),
        ),
      ).send(new ListClustersCommand({})),
    ).rejects.toMatchObject({ name: 'ThrottlingException' });
  });

  it('lists, removes and clears faults over the admin API, refusing bad specs', async () => {
    const created = JSON.parse(
      (
        await postFault([
          { service: 'ecs', kind: 'latency', latencyMs: 5 },
          { service: 'sts', kind: 'throttle', rate: 0.1 },
        ])
      ).body,
    );
    expect(created.faults.map((f: { id: string }) => f.id)).toEqual(['1', '2']);
    const bad = await postFault([
      { service: 'ecs', kind: 'explode' },
      { service: 'ecs', kind: 'throttle' },
    ]);
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error).toMatch(/kind/);
    expect(
      (await postFault({ service: 'ecs', kind: 'throttle', rate: 2 })).status,
    ).toBe(400);

    const listed = JSON.parse(
      (await rawRequest(server.url, { path: '/_sandbox/faults' })).body,
    );
    expect(listed.faults).toHaveLength(2);
    expect(
      (
        await rawRequest(server.url, {
          method: 'DELETE',
          path: '/_sandbox/faults/1',
        })
      ).status,
    ).toBe(204);
    expect(
      (
        await rawRequest(server.url, {
          method: 'DELETE',
          path: '/_sandbox/faults/1',
        })
      ).status,
    ).toBe(404);
    expect(server.faults.list().map(f => f.service)).toEqual(['sts']);
    await rawRequest(server.url, {
      method: 'DELETE',
      path: '/_sandbox/faults',
    });
    expect(server.faults.list()).toEqual([]);
  });

  it('takes faults at creation', async () => {
    const faulty = await createSandboxServer({
      port: 0,
      faults: [{ service: 'tagging', kind: 'throttle' }],
    });
    try {
      const tagging = track(
        new ResourceGroupsTaggingAPIClient(
          sandboxClientConfig(faulty, { maxAttempts: 1 }),
        ),
      );
      await expect(
        tagging.send(new GetResourcesCommand({})),
      ).rejects.toMatchObject({
        name: 'ThrottledException',
      });
    } finally {
      await faulty.close();
    }
  });
});
