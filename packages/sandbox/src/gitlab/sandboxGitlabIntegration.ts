import type { SandboxServer } from '../server/createSandboxServer';
import { GITLAB_SANDBOX_TOKEN } from './gitlabSeed';

/**
 * The `integrations.gitlab[]` entry for a sandbox server, as app-config.yaml writes it for the
 * standalone sandbox (`host: localhost:4566`, `token: sandbox`), for tests on a random port.
 *
 * @public
 */
export function sandboxGitlabIntegration(server: Pick<SandboxServer, 'url'>) {
  return {
    host: new URL(server.url).host,
    baseUrl: `${server.url}/gitlab`,
    apiBaseUrl: `${server.url}/gitlab/api/v4`,
    token: GITLAB_SANDBOX_TOKEN,
  };
}
