/*
 * Benchmark: what `docker build .` of a generated service sends as its build context, and what
 * its final image adds on top of the base image. There is no Docker engine on this machine, so
 * the context is computed: every file of the checkout (.git included), filtered by the
 * generated .dockerignore with Docker's semantics (createDockerignoreMatcher). Docker always
 * sends the Dockerfile and .dockerignore themselves, whatever the file says.
 *
 * The ECS template is rendered through the scaffolder's dry run (the EKS one shares the
 * application skeleton), checked out as its GitLab project, and measured three times: as
 * rendered, after `npm ci` (node_modules must stay out of the context), and after `npm run
 * build`. The final image's own layers are the Dockerfile's last stage: package.json, dist/ and
 * the production dependencies, installed apart with `npm ci --omit=dev` as its prod-deps stage
 * does. The run exits non-zero, naming the problem, if the context holds anything from
 * node_modules, dist, .git or a test, or if the last stage copies a node_modules that the
 * production-dependencies stage does not create.
 *
 *   yarn workspace @internal/plugin-scaffolder-backend-module-shipyard bench:build-context
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { checkoutRenderedRepository } from '../src/templates/__testUtils__/checkoutRenderedRepository';
import { exampleFormValues } from '../src/templates/__testUtils__/exampleFormValues';
import { renderTemplate } from '../src/templates/__testUtils__/renderTemplate';
import { createDockerignoreMatcher } from './createDockerignoreMatcher';
import { machine } from './summarize';

const run = promisify(execFile);
const ALWAYS_SENT = new Set(['Dockerfile', '.dockerignore']);

interface FileSize {
  path: string;
  bytes: number;
}

async function listFiles(dir: string): Promise<FileSize[]> {
  const entries = await fs.readdir(dir, {
    recursive: true,
    withFileTypes: true,
  });
  const files = entries.filter(e => e.isFile());
  return Promise.all(
    files.map(async e => {
      const full = path.join(e.parentPath, e.name);
      return {
        path: path.relative(dir, full).split(path.sep).join('/'),
        bytes: (await fs.stat(full)).size,
      };
    }),
  );
}

const total = (files: FileSize[]) => ({
  files: files.length,
  bytes: files.reduce((sum, f) => sum + f.bytes, 0),
});

async function measureContext(dir: string) {
  const ignored = createDockerignoreMatcher(
    await fs.readFile(path.join(dir, '.dockerignore'), 'utf8'),
  );
  const all = await listFiles(dir);
  const sent = all.filter(f => ALWAYS_SENT.has(f.path) || !ignored(f.path));
  return {
    checkout: total(all),
    repository: total(all.filter(f => !f.path.startsWith('.git/'))),
    context: total(sent),
    contextFiles: sent.map(f => f.path).sort(),
  };
}

async function main() {
  const rendered = await renderTemplate('ecs-service', {
    ...exampleFormValues('ecs-service'),
    name: 'basket-api',
    repoUrl: 'localhost:4566?owner=northwind%2Fstorefront&repo=basket-api',
  });
  const dir = await checkoutRenderedRepository(rendered, {
    project: 'northwind/storefront/basket-api',
  });
  const prodDir = await fs.mkdtemp(path.join(os.tmpdir(), 'shipyard-prod-'));
  try {
    // The generated service needs Node 22, the one running this script.
    const options = {
      cwd: dir,
      env: {
        ...process.env,
        PATH: `${path.dirname(process.execPath)}${path.delimiter}${
          process.env.PATH
        }`,
        CI: 'true',
      },
      maxBuffer: 16 * 1024 * 1024,
    };
    const npmCi = ['ci', '--prefer-offline', '--no-audit', '--no-fund'];
    const rendered_ = await measureContext(dir);
    await run('npm', npmCi, options);
    const afterCi = await measureContext(dir);
    await run('npm', ['run', 'build'], options);
    const afterBuild = await measureContext(dir);
    const nodeModules = total(
      (await listFiles(dir)).filter(f => f.path.startsWith('node_modules/')),
    );

    for (const file of ['package.json', 'package-lock.json']) {
      await fs.copyFile(path.join(dir, file), path.join(prodDir, file));
    }
    await run('npm', [...npmCi, '--omit=dev'], { ...options, cwd: prodDir });
    // With no production dependency, `npm ci --omit=dev` creates no node_modules at all, and
    // a COPY of a path that does not exist fails the build.
    const prodNodeModules = await fs
      .stat(path.join(prodDir, 'node_modules'))
      .then(
        () => true,
        () => false,
      );
    const dockerfile = await fs.readFile(path.join(dir, 'Dockerfile'), 'utf8');
    const problems = [
      ...afterBuild.contextFiles
        .filter(f => /^(node_modules|dist|\.git)\/|\.test\.ts$/.test(f))
        .map(f => `${f} is in the build context`),
      ...(!prodNodeModules &&
      /COPY --from=\S+ \/app\/node_modules/.test(dockerfile) &&
      !/mkdir -p node_modules/.test(dockerfile)
        ? [
            'the Dockerfile copies /app/node_modules from its production-dependencies stage, where npm ci --omit=dev created none',
          ]
        : []),
    ];
    const image = total([
      ...(await listFiles(path.join(dir, 'dist'))),
      ...(await listFiles(prodDir)).filter(f =>
        f.path.startsWith('node_modules/'),
      ),
      {
        path: 'package.json',
        bytes: (await fs.stat(path.join(dir, 'package.json'))).size,
      },
    ]);

    // eslint-disable-next-line no-console
    console.log(
      JSON.stringify(
        {
          machine: machine(),
          rendered: rendered_,
          afterNpmCi: { ...afterCi, contextFiles: undefined, nodeModules },
          afterBuild: { ...afterBuild, contextFiles: undefined },
          finalImageAboveBase: image,
          problems,
        },
        null,
        2,
      ),
    );
    if (problems.length > 0) process.exitCode = 1;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
    await fs.rm(prodDir, { recursive: true, force: true });
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
