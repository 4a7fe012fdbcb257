import {
  CreateRepositoryCommand,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetRepositoryPolicyCommand,
  ListTagsForResourceCommand,
  PutImageCommand,
  SetRepositoryPolicyCommand,
} from '@aws-sdk/client-ecr';
import {
  createSandboxServer,
  type SandboxServer,
} from '../../server/createSandboxServer';
import { sandboxClientConfig } from '../../testing/sandboxClientConfig';

const manifest = (layer: string) =>
  JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: {
      mediaType: 'application/vnd.docker.container.image.v1+json',
      size: 1000,
      digest: 'sha256:c',
    },
    layers: [
      {
        mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
        size: 5000,
        digest: `sha256:${layer}`,
      },
    ],
  });

describe('ECR', () => {
  let server: SandboxServer;
  let ecr: ECRClient;
  const now = new Date('2026-03-02T09:30:00Z');

  beforeEach(async () => {
    server = await createSandboxServer({ port: 0, now: () => now });
    ecr = new ECRClient(sandboxClientConfig(server));
  });

  afterEach(async () => {
    ecr.destroy();
    await server.close();
  });

  it("describes the scenario's images of a component", async () => {
    const service = server.scenario.getService(
      '111111111111/eu-west-1/dev-apps/checkout-api',
    )!;
    const result = await ecr.send(
      new DescribeImagesCommand({ repositoryName: 'checkout-api' }),
    );
    const tags = result.imageDetails!.flatMap(d => d.imageTags ?? []);
    for (const deployment of service.deployments) {
      expect(tags).toContain(deployment.imageTag);
    }
    expect(result.imageDetails![0]).toMatchObject({
      registryId: '111111111111',
      repositoryName: 'checkout-api',
      imageDigest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      imagePushedAt: expect.any(Date),
      imageSizeInBytes: expect.any(Number),
    });
  });

  it('publishes an image tag the way a pipeline does', async () => {
    const created = await ecr.send(
      new CreateRepositoryCommand({
        repositoryName: 'returns-api',
        imageTagMutability: 'IMMUTABLE',
        tags: [{ Key: 'shipyard:component', Value: 'returns-api' }],
      }),
    );
    expect(created.repository).toMatchObject({
      repositoryName: 'returns-api',
      repositoryUri: '111111111111.dkr.ecr.eu-west-1.amazonaws.com/returns-api',
      createdAt: now,
    });
    const put = await ecr.send(
      new PutImageCommand({
        repositoryName: 'returns-api',
        imageTag: '1.0.0',
        imageManifest: manifest('a'),
      }),
    );
    expect(put.image!.imageId!.imageDigest).toMatch(/^sha256:[0-9a-f]{64}$/);

    const described = await ecr.send(
      new DescribeImagesCommand({
        repositoryName: 'returns-api',
        imageIds: [{ imageTag: '1.0.0' }],
      }),
    );
    expect(described.imageDetails).toEqual([
      expect.objectContaining({
        imageDigest: put.image!.imageId!.imageDigest,
        imageTags: ['1.0.0'],
        imageSizeInBytes: 6000,
        imagePushedAt: now,
      }),
    ]);

    await expect(
      ecr.send(
        new PutImageCommand({
          repositoryName: 'returns-api',
          imageTag: '1.0.0',
          imageManifest: manifest('b'),
        }),
      ),
    ).rejects.toMatchObject({ name: 'ImageTagAlreadyExistsException' });
    await expect(
      ecr.send(
        new PutImageCommand({
          repositoryName: 'returns-api',
          imageTag: '1.0.0',
          imageManifest: manifest('a'),
        }),
      ),
    ).rejects.toMatchObject({ name: 'ImageAlreadyExistsException' });
    await expect(
      ecr.send(new CreateRepositoryCommand({ repositoryName: 'returns-api' })),
    ).rejects.toMatchObject({ name: 'RepositoryAlreadyExistsException' });
  });

  it('moves a mutable tag to the newest image', async () => {
    await ecr.send(new CreateRepositoryCommand({ repositoryName: 'scratch' }));
    await ecr.send(
      new PutImageCommand({
        repositoryName: 'scratch',
        imageTag: 'latest',
        imageManifest: manifest('a'),
      }),
    );
    const second = await ecr.send(
      new PutImageCommand({
        repositoryName: 'scratch',
        imageTag: 'latest',
        imageManifest: manifest('b'),
      }),
    );
    const tagged = await ecr.send(
      new DescribeImagesCommand({
        repositoryName: 'scratch',
        filter: { tagStatus: 'TAGGED' },
      }),
    );
    expect(tagged.imageDetails!.map(d => d.imageDigest)).toEqual([
      second.image!.imageId!.imageDigest,
    ]);
    const untagged = await ecr.send(
      new DescribeImagesCommand({
        repositoryName: 'scratch',
        filter: { tagStatus: 'UNTAGGED' },
      }),
    );
    expect(untagged.imageDetails).toHaveLength(1);
  });

  it('paginates images and fails like ECR for unknown or malformed input', async () => {
    const page = await ecr.send(
      new DescribeImagesCommand({
        repositoryName: 'checkout-api',
        maxResults: 2,
      }),
    );
    expect(page.imageDetails).toHaveLength(2);
    const rest = await ecr.send(
      new DescribeImagesCommand({
        repositoryName: 'checkout-api',
        maxResults: 2,
        nextToken: page.nextToken,
      }),
    );
    expect(rest.imageDetails![0].imageDigest).not.toBe(
      page.imageDetails![0].imageDigest,
    );

    await expect(
      ecr.send(new DescribeImagesCommand({ repositoryName: 'ghost' })),
    ).rejects.toMatchObject({ name: 'RepositoryNotFoundException' });
    await expect(
      ecr.send(
        new DescribeImagesCommand({
          repositoryName: 'checkout-api',
          imageIds: [{ imageTag: '0.0.0-nope' }],
        }),
      ),
    ).rejects.toMatchObject({ name: 'ImageNotFoundException' });
    await expect(
      ecr.send(new CreateRepositoryCommand({ repositoryName: 'Bad Name' })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(
      ecr.send(
        new PutImageCommand({
          repositoryName: 'checkout-api',
          imageManifest: '{not json',
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(
      ecr.send(new PutImageCommand({ repositoryName: 'checkout-api' } as any)),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('describes named repositories and lists their tags, as a caller that found one existing does', async () => {
    await ecr.send(
      new CreateRepositoryCommand({
        repositoryName: 'returns-api',
        imageTagMutability: 'IMMUTABLE',
        tags: [
          { Key: 'shipyard:component', Value: 'returns-api' },
          { Key: 'shipyard:owner', Value: 'team-storefront' },
        ],
      }),
    );
    const described = await ecr.send(
      new DescribeRepositoriesCommand({
        repositoryNames: ['returns-api', 'checkout-api'],
      }),
    );
    expect(described.repositories).toEqual([
      expect.objectContaining({
        repositoryName: 'returns-api',
        repositoryArn:
          'arn:aws:ecr:eu-west-1:111111111111:repository/returns-api',
        repositoryUri:
          '111111111111.dkr.ecr.eu-west-1.amazonaws.com/returns-api',
        imageTagMutability: 'IMMUTABLE',
        createdAt: now,
      }),
      expect.objectContaining({ repositoryName: 'checkout-api' }),
    ]);

    const created = await ecr.send(
      new ListTagsForResourceCommand({
        resourceArn: described.repositories![0].repositoryArn,
      }),
    );
    expect(created.tags).toEqual([
      { Key: 'shipyard:component', Value: 'returns-api' },
      { Key: 'shipyard:owner', Value: 'team-storefront' },
    ]);
    // The scenario's repositories carry the component's tags too.
    const seeded = await ecr.send(
      new ListTagsForResourceCommand({
        resourceArn: described.repositories![1].repositoryArn,
      }),
    );
    expect(seeded.tags).toContainEqual({
      Key: 'shipyard:component',
      Value: 'checkout-api',
    });
  });

  it('fails DescribeRepositories and ListTagsForResource like ECR for unknown or malformed input', async () => {
    await expect(
      ecr.send(
        new DescribeRepositoriesCommand({
          repositoryNames: ['checkout-api', 'ghost'],
        }),
      ),
    ).rejects.toMatchObject({
      name: 'RepositoryNotFoundException',
      message: expect.stringContaining("'ghost'"),
    });
    await expect(
      ecr.send(
        new DescribeRepositoriesCommand({
          repositoryNames: ['checkout-api'],
          maxResults: 10,
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(
      ecr.send(new DescribeRepositoriesCommand({})),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: expect.stringContaining('repositoryNames'),
    });
    await expect(
      ecr.send(
        new ListTagsForResourceCommand({
          resourceArn: 'arn:aws:ecr:eu-west-1:111111111111:repository/ghost',
        }),
      ),
    ).rejects.toMatchObject({ name: 'RepositoryNotFoundException' });
    // Another account's repository is not the caller's to read.
    await expect(
      ecr.send(
        new ListTagsForResourceCommand({
          resourceArn:
            'arn:aws:ecr:eu-west-1:222222222222:repository/checkout-api',
        }),
      ),
    ).rejects.toMatchObject({ name: 'RepositoryNotFoundException' });
    await expect(
      ecr.send(new ListTagsForResourceCommand({ resourceArn: 'checkout-api' })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('sets and reads back a repository policy, replacing the previous one', async () => {
    await ecr.send(
      new CreateRepositoryCommand({ repositoryName: 'returns-api' }),
    );
    await expect(
      ecr.send(
        new GetRepositoryPolicyCommand({ repositoryName: 'returns-api' }),
      ),
    ).rejects.toMatchObject({
      name: 'RepositoryPolicyNotFoundException',
      message:
        "Repository policy does not exist for the repository with name 'returns-api' in the registry with id '111111111111'",
    });

    const pull = (account: string) =>
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'Pull',
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${account}:root` },
            Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
          },
        ],
      });
    const set = await ecr.send(
      new SetRepositoryPolicyCommand({
        repositoryName: 'returns-api',
        policyText: pull('222222222222'),
      }),
    );
    expect(set).toMatchObject({
      registryId: '111111111111',
      repositoryName: 'returns-api',
      policyText: pull('222222222222'),
    });
    await ecr.send(
      new SetRepositoryPolicyCommand({
        repositoryName: 'returns-api',
        policyText: pull('333333333333'),
      }),
    );
    const read = await ecr.send(
      new GetRepositoryPolicyCommand({ repositoryName: 'returns-api' }),
    );
    expect(read).toMatchObject({
      registryId: '111111111111',
      repositoryName: 'returns-api',
      policyText: pull('333333333333'),
    });
  });

  it('fails SetRepositoryPolicy and GetRepositoryPolicy like ECR for unknown repositories and malformed policies', async () => {
    const valid = JSON.stringify({
      Statement: {
        Effect: 'Allow',
        Principal: '*',
        Action: 'ecr:BatchGetImage',
      },
    });
    await expect(
      ecr.send(
        new SetRepositoryPolicyCommand({
          repositoryName: 'ghost',
          policyText: valid,
        }),
      ),
    ).rejects.toMatchObject({ name: 'RepositoryNotFoundException' });
    await expect(
      ecr.send(new GetRepositoryPolicyCommand({ repositoryName: 'ghost' })),
    ).rejects.toMatchObject({ name: 'RepositoryNotFoundException' });
    // Another account's registry is not the caller's to change.
    await expect(
      ecr.send(
        new SetRepositoryPolicyCommand({
          registryId: '222222222222',
          repositoryName: 'checkout-api',
          policyText: valid,
        }),
      ),
    ).rejects.toMatchObject({ name: 'RepositoryNotFoundException' });

    const malformed: Array<[string, string]> = [
      ['{not json', 'not JSON'],
      ['[]', 'not a JSON object'],
      ['{"Version":"2012-10-17"}', 'no Statement'],
      [
        '{"Statement":[{"Effect":"Maybe","Principal":"*","Action":"ecr:*"}]}',
        'Statement 0 has no Effect Allow or Deny',
      ],
      [
        '{"Statement":[{"Effect":"Allow","Action":"ecr:*"}]}',
        'Statement 0 has no Principal',
      ],
      [
        '{"Statement":[{"Effect":"Allow","Principal":"*","Action":["s3:GetObject"]}]}',
        'Statement 0 must name ECR actions',
      ],
    ];
    for (const [policyText, reason] of malformed) {
      await expect(
        ecr.send(
          new SetRepositoryPolicyCommand({
            repositoryName: 'checkout-api',
            policyText,
          }),
        ),
      ).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: expect.stringContaining(reason),
      });
    }
    // Nothing malformed was kept.
    await expect(
      ecr.send(
        new GetRepositoryPolicyCommand({ repositoryName: 'checkout-api' }),
      ),
    ).rejects.toMatchObject({ name: 'RepositoryPolicyNotFoundException' });
  });
});
