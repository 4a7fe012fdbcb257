import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  ListTaskDefinitionsCommand,
  type Tag,
} from '@aws-sdk/client-ecs';
import {
  createEcsServiceAsTerraform,
  createSandboxServer,
  gitlabIdToken,
  sandboxClientConfig,
  type SandboxServer,
} from 'sandbox';
import { stringify as stringifyYaml } from 'yaml';
import {
  checkoutRenderedRepository,
  runGitlabCiLocalJob,
} from './__testUtils__/checkoutRenderedRepository';
import { exampleFormValues } from './__testUtils__/exampleFormValues';
import { renderTemplate } from './__testUtils__/renderTemplate';

const run = promisify(execFile);

const DEV_ACCOUNT = '111111111111';
const DEPLOY_ROLE = `arn:aws:iam::${DEV_ACCOUNT}:role/shipyard-gitlab-deploy`;

const tagMap = (tags: Tag[] | undefined) =>
  Object.fromEntries((tags ?? []).map(t => [t.key!, t.value!]));

/**
 * The generated ECS pipeline, run locally with gitlab-ci-local's shell executor: the test job of
 * the new service must pass, and its dev deploy, pointed at the sandbox, must take its role
 * through the OIDC exchange, register a task definition revision and roll the service onto it.
 * The build job is not run: it needs kaniko's image, and this machine has no container engine.
 */
describe('the ECS pipeline run locally against the sandbox', () => {
  let server: SandboxServer;
  let ecs: ECSClient;
  let dir: string;
  let variablesFile: string;

  beforeAll(async () => {
    server = await createSandboxServer({ port: 0, rolloutSeconds: 3 });
    ecs = new ECSClient(
      sandboxClientConfig(server, { accountId: DEV_ACCOUNT }),
    );
    const rendered = await renderTemplate('ecs-service', {
      ...exampleFormValues('ecs-service'),
      name: 'basket-api',
      repoUrl: 'localhost:4566?owner=northwind%2Fstorefront&repo=basket-api',
    });
    dir = await checkoutRenderedRepository(rendered, {
      project: 'northwind/storefront/basket-api',
    });
    // Project CI/CD variables as the scaffolder sets them for the dev scope, plus the id token
    // GitLab would mint and the sandbox endpoint (the AWS CLI honours AWS_ENDPOINT_URL).
    variablesFile = path.join(dir, '..', `${path.basename(dir)}-variables.yml`);
    await fs.writeFile(
      variablesFile,
      stringifyYaml({
        AWS_ROLE_ARN: DEPLOY_ROLE,
        AWS_REGION: 'eu-west-1',
        GITLAB_OIDC_TOKEN: gitlabIdToken({
          project: 'northwind/storefront/basket-api',
          ref: 'main',
          userLogin: 'ana.lima',
        }),
        AWS_ENDPOINT_URL: server.url,
      }),
    );
  }, 60_000);

  afterAll(async () => {
    ecs?.destroy();
    await server?.close();
    if (dir) {
      await fs.rm(dir, { recursive: true, force: true });
      await fs.rm(variablesFile, { force: true });
    }
  });

  const gitlabCiLocal = (job: string) =>
    runGitlabCiLocalJob(dir, job, variablesFile);

  it('passes the test job', async () => {
    const { stdout } = await gitlabCiLocal('test');
    expect(stdout).toMatch(/test\s+finished in/);
    expect(stdout).toMatch(/# fail 0/);
    expect(stdout).not.toMatch(/# pass 0\b/);
  }, 180_000);

  it('refuses to deploy before infra/ has created the service, naming the job that does', async () => {
    await expect(gitlabCiLocal('deploy:dev')).rejects.toMatchObject({
      stdout: expect.stringContaining(
        'Terraform creates it: run the infra:dev job (infra/) first.',
      ),
    });
  }, 60_000);

  it('deploys to dev: a tagged revision of the commit, the service rolled onto it and stable', async () => {
    const tfvars = JSON.parse(
      await fs.readFile(
        path.join(dir, 'infra/shipyard.auto.tfvars.json'),
        'utf8',
      ),
    );
    const { service } = tfvars;
    const linkTags = [
      { key: 'shipyard:component', value: service.name },
      { key: 'shipyard:environment', value: 'dev' },
      { key: 'shipyard:owner', value: service.owner },
      { key: 'shipyard:system', value: service.system },
    ];
    // What `terraform apply` of infra:dev creates (terraform is not on this machine): the first
    // revision and the service running it.
    await createEcsServiceAsTerraform(server, {
      tfvars,
      environment: 'dev',
      image: `${DEV_ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/${service.name}:bootstrap`,
    });

    const exchanges = server.stats.count('sts', 'AssumeRoleWithWebIdentity');
    const started = Date.now();
    const { stdout } = await gitlabCiLocal('deploy:dev');
    const seconds = (Date.now() - started) / 1000;
    const sha = (
      await run('git', ['rev-parse', 'HEAD'], { cwd: dir })
    ).stdout.trim();
    expect(stdout).toContain(
      'Acting as arn:aws:sts::111111111111:assumed-role/shipyard-gitlab-deploy/',
    );
    expect(stdout).toContain(`Deployed ${sha} to basket-api in dev`);
    expect(server.stats.count('sts', 'AssumeRoleWithWebIdentity')).toBe(
      exchanges + 1,
    );
    // One 15 s poll of the AWS CLI waiter after the 3 s rollout, plus the CLI calls.
    expect(seconds).toBeLessThan(90);

    const { taskDefinitionArns } = await ecs.send(
      new ListTaskDefinitionsCommand({
        familyPrefix: 'basket-api-dev',
        sort: 'DESC',
      }),
    );
    expect(taskDefinitionArns).toHaveLength(2);
    const { taskDefinition, tags } = await ecs.send(
      new DescribeTaskDefinitionCommand({
        taskDefinition: taskDefinitionArns![0],
        include: ['TAGS'],
      }),
    );
    const deployTags = {
      'shipyard:deployed-by': 'ana.lima',
      'shipyard:deployed-at': expect.stringMatching(
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
      ),
      'shipyard:commit-sha': sha,
      // GitLab gives the commit's time; gitlab-ci-local gives the pipeline's start instead.
      'shipyard:committed-at': expect.stringMatching(
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
      ),
    };
    expect(tagMap(tags)).toEqual({ ...tagMap(linkTags), ...deployTags });
    const [container] = taskDefinition!.containerDefinitions!;
    expect(container).toMatchObject({
      name: 'basket-api',
      image: `${DEV_ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/basket-api:${sha}`,
      portMappings: [expect.objectContaining({ containerPort: 8080 })],
      dockerLabels: { 'org.opencontainers.image.revision': sha },
      logConfiguration: expect.objectContaining({ logDriver: 'awslogs' }),
    });
    expect(taskDefinition).toMatchObject({ cpu: '512', memory: '1024' });

    const { services } = await ecs.send(
      new DescribeServicesCommand({
        cluster: 'dev-apps',
        services: ['basket-api'],
        include: ['TAGS'],
      }),
    );
    expect(services![0]).toMatchObject({
      taskDefinition: taskDefinitionArns![0],
      deployments: [
        expect.objectContaining({
          status: 'PRIMARY',
          rolloutState: 'COMPLETED',
          taskDefinition: taskDefinitionArns![0],
        }),
      ],
    });
    expect(tagMap(services![0].tags)).toEqual({
      ...tagMap(linkTags),
      ...deployTags,
    });
    // eslint-disable-next-line no-console
    console.info(`deploy:dev ran in ${seconds.toFixed(1)} s`);
  }, 120_000);
});
