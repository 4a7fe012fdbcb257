/*
 * Benchmark: the generated ECS pipeline run locally, as localPipelineRun.test.ts runs it:
 * gitlab-ci-local's shell executor on a checkout of the rendered template, its deploy job
 * pointed at an in-process sandbox (rollouts of 3 s, as in the test) through the OIDC exchange.
 * Before the runs, the dev service is created as infra:dev's `terraform apply` would (terraform
 * is not on this machine). Then, N times each: the test job (npm ci, type check, node --test)
 * and deploy:dev (register a revision, update the service, wait until it is stable). The build
 * job is not run: it needs kaniko's image and this machine has no container engine.
 *
 *   yarn workspace @internal/plugin-scaffolder-backend-module-shipyard bench:pipeline-run [--runs 3]
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  createEcsServiceAsTerraform,
  createSandboxServer,
  gitlabIdToken,
} from 'sandbox';
import { stringify as stringifyYaml } from 'yaml';
import {
  checkoutRenderedRepository,
  runGitlabCiLocalJob,
} from '../src/templates/__testUtils__/checkoutRenderedRepository';
import { exampleFormValues } from '../src/templates/__testUtils__/exampleFormValues';
import { renderTemplate } from '../src/templates/__testUtils__/renderTemplate';
import { arg, machine, summarize } from './summarize';

const DEV_ACCOUNT = '111111111111';
const PROJECT = 'northwind/storefront/basket-api';

async function main() {
  const runs = arg('runs', 3);
  const server = await createSandboxServer({ port: 0, rolloutSeconds: 3 });
  const rendered = await renderTemplate('ecs-service', {
    ...exampleFormValues('ecs-service'),
    name: 'basket-api',
    repoUrl: 'localhost:4566?owner=northwind%2Fstorefront&repo=basket-api',
  });
  const dir = await checkoutRenderedRepository(rendered, { project: PROJECT });
  const variablesFile = `${dir}-variables.yml`;
  try {
    await fs.writeFile(
      variablesFile,
      stringifyYaml({
        AWS_ROLE_ARN: `arn:aws:iam::${DEV_ACCOUNT}:role/shipyard-gitlab-deploy`,
        AWS_REGION: 'eu-west-1',
        GITLAB_OIDC_TOKEN: gitlabIdToken({
          project: PROJECT,
          ref: 'main',
          userLogin: 'ana.lima',
        }),
        AWS_ENDPOINT_URL: server.url,
      }),
    );
    // What infra:dev's `terraform apply` creates (terraform is not on this machine).
    const tfvars = JSON.parse(
      await fs.readFile(
        path.join(dir, 'infra/shipyard.auto.tfvars.json'),
        'utf8',
      ),
    );
    await createEcsServiceAsTerraform(server, {
      tfvars,
      environment: 'dev',
      image: `${DEV_ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/${tfvars.service.name}:bootstrap`,
    });

    const jobMs: Record<string, number[]> = {};
    const timeJob = async (job: string, expected: RegExp) => {
      const start = performance.now();
      const { stdout } = await runGitlabCiLocalJob(dir, job, variablesFile);
      const ms = performance.now() - start;
      if (!expected.test(stdout)) {
        throw new Error(`${job} did not print ${expected}:\n${stdout}`);
      }
      // The job's own duration as gitlab-ci-local reports it, without its start-up and the
      // copy of the checkout into its build folder.
      const reported = stdout.match(/finished in ([\d.]+) (ms|s|min)/);
      if (reported) {
        const unit = { ms: 1, s: 1000, min: 60_000 }[reported[2]]!;
        jobMs[job] = [...(jobMs[job] ?? []), Number(reported[1]) * unit];
      }
      return ms;
    };

    const test: number[] = [];
    const deploy: number[] = [];
    for (let i = 0; i < runs; i++) {
      test.push(await timeJob('test', /# fail 0/));
      deploy.push(
        await timeJob(
          'deploy:dev',
          /Deployed [0-9a-f]{40} to basket-api in dev/,
        ),
      );
    }
    // eslint-disable-next-line no-console
    console.log(
      JSON.stringify(
        {
          machine: machine(),
          test: summarize(test),
          deployDev: summarize(deploy),
          jobAsReported: Object.fromEntries(
            Object.entries(jobMs).map(([job, ms]) => [job, summarize(ms)]),
          ),
          revisionsDeployed: server.stats.count('ecs', 'UpdateService'),
        },
        null,
        2,
      ),
    );
  } finally {
    await server.close();
    await fs.rm(dir, { recursive: true, force: true });
    await fs.rm(variablesFile, { force: true });
  }
}

main()
  .catch(e => {
    // eslint-disable-next-line no-console
    console.error(e);
    process.exitCode = 1;
  })
  // The dry run's test backend has no afterAll to stop it outside Jest.
  .finally(() => process.exit());
