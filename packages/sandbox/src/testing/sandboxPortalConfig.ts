import type { SandboxServer } from '../server/createSandboxServer';
import { sandboxGitlabIntegration } from '../gitlab/sandboxGitlabIntegration';
import { DEMO_ENVIRONMENTS } from '../scenario/demoOrganisation';

const TITLES = { dev: 'Development', staging: 'Staging', prod: 'Production' };

/**
 * The portal configuration for the sandbox's demo world, as app-config.yaml writes it: static
 * dummy credentials per account (`SANDBOX<accountId>`/`sandbox`, which the sandbox maps back to
 * the account) and the three environments with their accounts, regions and clusters. Given a
 * server, it also points every AWS client at it (`shipyard.aws.endpoint`), gives each EKS
 * cluster the url of the Kubernetes API the sandbox serves for it (any token is accepted there),
 * and makes its GitLab stand-in the portal's GitLab: the integration (with the portal's token)
 * and the GitLab auth provider that issues users' own tokens.
 *
 * One source for tests and benchmarks; a test keeps app-config.yaml equal to it.
 *
 * @public
 */
export function sandboxPortalConfig(
  server?: Pick<SandboxServer, 'url'>,
  options: { maxAttempts?: number } = {},
) {
  const accountIds = [...new Set(DEMO_ENVIRONMENTS.map(e => e.accountId))];
  const clusters = (
    env: (typeof DEMO_ENVIRONMENTS)[number],
    kind: 'ecsClusters' | 'eksClusters',
  ) =>
    env.regions.flatMap(r =>
      r[kind].map(name => ({
        name,
        accountId: env.accountId,
        region: r.region,
      })),
    );
  return {
    ...(server && gitlabStandInConfig(server)),
    aws: {
      accounts: accountIds.map(accountId => ({
        accountId,
        accessKeyId: `SANDBOX${accountId}`,
        secretAccessKey: 'sandbox',
      })),
    },
    shipyard: {
      ...(server && {
        aws: {
          endpoint: server.url,
          ...(options.maxAttempts && { maxAttempts: options.maxAttempts }),
        },
      }),
      environments: DEMO_ENVIRONMENTS.map(env => ({
        name: env.name,
        title: TITLES[env.tier],
        tier: env.tier,
        accounts: [
          {
            accountId: env.accountId,
            regions: env.regions.map(r => r.region),
          },
        ],
        ecsClusters: clusters(env, 'ecsClusters'),
        eksClusters: clusters(env, 'eksClusters').map(cluster => ({
          ...cluster,
          ...(server && {
            url: `${server.url}/k8s/${cluster.name}`,
            authProvider: 'serviceAccount',
            serviceAccountToken: 'sandbox',
          }),
        })),
      })),
    },
  };
}

/** The GitLab integration and auth provider for the stand-in the sandbox serves under /gitlab. */
function gitlabStandInConfig(server: Pick<SandboxServer, 'url'>) {
  const integration = sandboxGitlabIntegration(server);
  return {
    integrations: { gitlab: [integration] },
    auth: {
      providers: {
        gitlab: {
          development: {
            clientId: 'shipyard-portal',
            clientSecret: 'sandbox',
            audience: integration.baseUrl,
          },
        },
      },
    },
  };
}
