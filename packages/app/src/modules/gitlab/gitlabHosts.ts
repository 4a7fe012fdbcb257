import { ConfigApi } from '@backstage/frontend-plugin-api';

/** The hosts of `integrations.gitlab`, or gitlab.com when none is configured. */
export function gitlabHosts(config: ConfigApi): string[] {
  const hosts = (
    config.getOptionalConfigArray('integrations.gitlab') ?? []
  ).map(gitlab => gitlab.getString('host'));
  return hosts.length > 0 ? hosts : ['gitlab.com'];
}
