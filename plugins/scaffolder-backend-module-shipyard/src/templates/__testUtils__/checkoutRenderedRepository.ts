import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import type { RenderedTemplate } from './renderTemplate';

/**
 * gitlab-ci-local's script, as installed for the template checks (a dev dependency of this
 * package); run it with the current Node (it needs Node 22).
 */
export const GITLAB_CI_LOCAL = path.join(
  path.dirname(require.resolve('gitlab-ci-local/package.json')),
  'dist/index.js',
);

/**
 * Writes a rendered template to a new directory as the GitLab project would hold it: a git
 * repository on `main` with one commit and an `origin` remote (gitlab-ci-local reads the
 * project's path and the default branch from it). Scripts are made executable, as git keeps
 * them in the published project.
 */
export async function checkoutRenderedRepository(
  rendered: RenderedTemplate,
  options: { project: string },
): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'shipyard-rendered-'));
  for (const [file, content] of rendered.files) {
    const target = resolveSafeChildPath(dir, file);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, content, {
      mode: file.endsWith('.sh') ? 0o755 : 0o644,
    });
  }
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  git('init', '--quiet', '--initial-branch=main');
  git('config', 'user.email', 'ana.lima@northwind.example');
  git('config', 'user.name', 'ana.lima');
  git(
    'remote',
    'add',
    'origin',
    `http://localhost:4566/gitlab/${options.project}.git`,
  );
  // As a clone has it: gitlab-ci-local reads the default branch from origin/HEAD.
  git('symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/main');
  git('add', '-A');
  git('commit', '--quiet', '-m', 'Scaffolded by Shipyard');
  return dir;
}

const runFile = promisify(execFile);

/**
 * Runs one job of a checked-out generated repository with gitlab-ci-local's shell executor and
 * the given variables file, as the local pipeline check and its benchmark do. No AWS credentials
 * or CI variables of the machine reach the job: only the OIDC exchange in the job gives some.
 */
export function runGitlabCiLocalJob(
  dir: string,
  job: string,
  variablesFile: string,
) {
  return runFile(
    process.execPath,
    [
      GITLAB_CI_LOCAL,
      job,
      '--force-shell-executor',
      '--variables-file',
      variablesFile,
      '--no-color',
    ],
    {
      cwd: dir,
      env: Object.fromEntries(
        Object.entries(process.env).filter(
          ([key]) => !key.startsWith('AWS_') && !key.startsWith('CI'),
        ),
      ),
      maxBuffer: 16 * 1024 * 1024,
    },
  );
}
