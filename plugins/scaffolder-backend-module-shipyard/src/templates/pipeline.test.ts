import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import { promisify } from 'node:util';
import { parse as parseYaml } from 'yaml';
import {
  checkoutRenderedRepository,
  GITLAB_CI_LOCAL,
} from './__testUtils__/checkoutRenderedRepository';
import { exampleFormValues } from './__testUtils__/exampleFormValues';
import {
  renderTemplate,
  type RenderedTemplate,
} from './__testUtils__/renderTemplate';

const run = promisify(execFile);

interface ListedJob {
  name: string;
  stage: string;
  when: string;
  allowFailure: boolean;
  environment: string;
  needs: string[];
}

/** The jobs gitlab-ci-local would run on `branch` (its --list-csv: when:never left out). */
async function listJobs(dir: string, branch: string): Promise<ListedJob[]> {
  await run('git', ['checkout', '--quiet', '-B', branch], { cwd: dir });
  const { stdout } = await run(
    process.execPath,
    [GITLAB_CI_LOCAL, '--list-csv'],
    {
      cwd: dir,
      env: { ...process.env, FORCE_COLOR: '0' },
    },
  );
  const [header, ...rows] = stdout.trim().split('\n');
  const columns = header.split(';');
  return rows.map(row => {
    const cells = Object.fromEntries(
      row.split(';').map((cell, i) => [columns[i], cell]),
    );
    return {
      name: cells.name,
      stage: cells.stage,
      when: cells.when,
      allowFailure: cells.allowFailure === 'true',
      environment: cells.environment,
      needs: cells.needs
        ? cells.needs
            .replace(/^\[|\]$/g, '')
            .split(',')
            .filter(Boolean)
        : [],
    };
  });
}

describe.each(['ecs-service', 'eks-service'] as const)(
  'the %s pipeline',
  templateName => {
    const runtime = templateName === 'ecs-service' ? 'ecs' : 'eks';
    let rendered: RenderedTemplate;
    let dir: string;
    let ci: any;

    beforeAll(async () => {
      rendered = await renderTemplate(templateName, {
        ...exampleFormValues(templateName),
        name: 'basket-api',
        repoUrl: 'localhost:4566?owner=northwind%2Fstorefront&repo=basket-api',
      });
      dir = await checkoutRenderedRepository(rendered, {
        project: 'northwind/storefront/basket-api',
      });
      ci = parseYaml(rendered.files.get('.gitlab-ci.yml')!);
    }, 60_000);

    afterAll(async () => {
      if (dir) {
        await fs.rm(dir, { recursive: true, force: true });
      }
    });

    it('runs test, build and every environment in order on the default branch, prod by hand', async () => {
      const jobs = await listJobs(dir, 'main');
      const deployJobs =
        runtime === 'ecs'
          ? [
              'infra:dev',
              'deploy:dev',
              'infra:staging',
              'deploy:staging',
              'infra:prod',
              'deploy:prod',
            ]
          : ['deploy:dev', 'deploy:staging', 'deploy:prod'];
      expect(jobs.map(j => j.name)).toEqual(['test', 'build', ...deployJobs]);
      const byName = new Map(jobs.map(j => [j.name, j]));
      expect(byName.get('test')).toMatchObject({ stage: 'test' });
      expect(byName.get('build')).toMatchObject({
        stage: 'build',
        needs: ['test'],
      });
      for (const env of ['dev', 'staging']) {
        expect(byName.get(`deploy:${env}`)).toMatchObject({
          stage: 'deploy',
          when: 'on_success',
        });
      }
      expect(byName.get('deploy:prod')).toMatchObject({
        when: 'manual',
        allowFailure: false,
        environment: 'prod',
      });
      const needs = Object.fromEntries(jobs.map(j => [j.name, j.needs]));
      expect(needs).toEqual(
        runtime === 'ecs'
          ? {
              test: [],
              build: ['test'],
              'infra:dev': ['build'],
              'deploy:dev': ['build', 'infra:dev'],
              'infra:staging': ['build', 'deploy:dev'],
              'deploy:staging': ['build', 'infra:staging'],
              'infra:prod': ['build', 'deploy:staging'],
              'deploy:prod': ['build', 'infra:prod'],
            }
          : {
              test: [],
              build: ['test'],
              'deploy:dev': ['build'],
              'deploy:staging': ['build', 'deploy:dev'],
              'deploy:prod': ['build', 'deploy:staging'],
            },
      );
      // Terraform does not change prod without a person either.
      expect(jobs.filter(j => j.when === 'manual').map(j => j.name)).toEqual(
        runtime === 'ecs' ? ['infra:prod', 'deploy:prod'] : ['deploy:prod'],
      );
    }, 30_000);

    it('runs only test and build on another branch', async () => {
      const jobs = await listJobs(dir, 'feature/pricing');
      expect(jobs.map(j => j.name)).toEqual(['test', 'build']);
    }, 30_000);

    it('gives each deploy its GitLab environment, with the tier GitLab knows', () => {
      const tiers = {
        dev: 'development',
        staging: 'staging',
        prod: 'production',
      };
      for (const [env, tier] of Object.entries(tiers)) {
        const job = ci[`deploy:${env}`];
        expect(job.environment).toEqual({
          name: env,
          url: 'https://basket-api.$SHIPYARD_APPS_DOMAIN',
          deployment_tier: tier,
        });
        expect(job.resource_group).toBe(env);
        expect(job.variables.SHIPYARD_ENVIRONMENT).toBe(env);
      }
      expect(ci['deploy:dev'].variables).toMatchObject(
        runtime === 'ecs'
          ? {
              ECS_CLUSTER: 'dev-apps',
              AWS_REGION: 'eu-west-1',
              AWS_ACCOUNT_ID: '111111111111',
            }
          : { EKS_CLUSTER: 'dev-eks', AWS_REGION: 'eu-west-1' },
      );
      expect(ci['deploy:prod'].variables).toMatchObject({
        AWS_REGION: 'eu-west-1',
      });
    });

    it('reaches AWS only through a GitLab id token for STS, with no key in any variable', async () => {
      const { stdout } = await run(
        process.execPath,
        [GITLAB_CI_LOCAL, '--preview'],
        {
          cwd: dir,
        },
      );
      const expanded = parseYaml(stdout);
      const awsJobs = Object.keys(expanded).filter(
        name => name === 'build' || /^(deploy|infra):/.test(name),
      );
      expect(awsJobs.length).toBeGreaterThan(3);
      for (const name of awsJobs) {
        expect(expanded[name].id_tokens).toEqual({
          GITLAB_OIDC_TOKEN: { aud: 'sts.amazonaws.com' },
        });
        // The job's environment scopes AWS_ROLE_ARN: build and infra prepare, deploy deploys.
        expect(expanded[name].environment.name).toMatch(/^(dev|staging|prod)$/);
      }
      for (const name of Object.keys(expanded).filter(n =>
        n.startsWith('deploy:'),
      )) {
        expect(expanded[name].script).toEqual([
          '. ci/assume-role.sh',
          `bash ci/deploy-${runtime}.sh`,
        ]);
      }
      expect(stdout).not.toMatch(/AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY/);
    }, 30_000);

    it('tests on the Node that runs in production, which Renovate updates in both places at once', () => {
      const common = parseYaml(rendered.files.get('ci/common.gitlab-ci.yml')!);
      const nodeImage = /^ARG NODE_IMAGE=(\S+)$/m.exec(
        rendered.files.get('Dockerfile')!,
      )?.[1];
      expect(nodeImage).toMatch(/^node:\d+\.\d+\.\d+-\w+@sha256:[0-9a-f]{64}$/);
      expect(common.test.image).toBe(nodeImage);
      const renovate = JSON.parse(rendered.files.get('renovate.json')!);
      expect(renovate.packageRules).toContainEqual(
        expect.objectContaining({
          matchDatasources: ['docker'],
          matchDepNames: ['node'],
          groupName: expect.any(String),
        }),
      );
    });

    it('installs nothing unpinned in its jobs', async () => {
      const { stdout } = await run(
        process.execPath,
        [GITLAB_CI_LOCAL, '--preview'],
        { cwd: dir },
      );
      const expanded = parseYaml(stdout);
      const commands = Object.values<any>(expanded)
        .filter(job => job && typeof job === 'object' && !Array.isArray(job))
        .flatMap(job => [...(job.before_script ?? []), ...(job.script ?? [])]);
      expect(commands.length).toBeGreaterThan(0);
      expect(
        commands.filter((c: string) =>
          /\b(yum|dnf|apt-get|apt|apk|pip3?)\s+(\S+\s+)*(install|add)\b/.test(
            c,
          ),
        ),
      ).toEqual([]);
    }, 30_000);

    it('builds the image without a Docker daemon, tagged with the commit and labelled with its revision', () => {
      const build =
        ci.build ??
        parseYaml(rendered.files.get('ci/common.gitlab-ci.yml')!).build;
      expect(build.image.name).toMatch(
        /^gcr\.io\/kaniko-project\/executor:v\d+\.\d+\.\d+-debug$/,
      );
      const script = build.script.join('\n');
      expect(script).toContain(
        '--destination "$IMAGE_REPOSITORY:$CI_COMMIT_SHA"',
      );
      expect(script).toContain(
        '--label "org.opencontainers.image.revision=$CI_COMMIT_SHA"',
      );
      expect(JSON.stringify(ci)).not.toContain('privileged');
      const common = parseYaml(rendered.files.get('ci/common.gitlab-ci.yml')!);
      expect(common.variables).toEqual({
        SERVICE_NAME: 'basket-api',
        ECR_REGISTRY: '111111111111.dkr.ecr.eu-west-1.amazonaws.com',
        IMAGE_REPOSITORY:
          '111111111111.dkr.ecr.eu-west-1.amazonaws.com/basket-api',
      });
      for (const job of Object.values<any>(common).filter(j => j?.image)) {
        const image =
          typeof job.image === 'string' ? job.image : job.image.name;
        expect(image).toMatch(/:[^:]*\d+\.\d+\.\d+/);
      }
    });
  },
);
