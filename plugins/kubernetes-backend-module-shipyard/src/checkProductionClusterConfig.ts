import { Config } from '@backstage/config';

/**
 * Refuses, when `NODE_ENV` is `production`, the Kubernetes plugin's own cluster entries
 * (`kubernetes.clusterLocatorMethods[].clusters[]`) that skip TLS verification or use plain
 * http: such a connection hands the cluster credentials to whoever sits on the network path.
 * Shipyard's clusters come from `shipyard.environments`, which the environments service checks
 * the same way; this covers the plugin's config locator, which bypasses that service.
 *
 * Read from the process, not the configuration, so that a deployment that forgets the
 * production overlay fails at start-up instead of opening up.
 *
 * @throws Error listing every offending key.
 */
export function checkProductionClusterConfig(config: Config): void {
  if (process.env.NODE_ENV !== 'production') {
    return;
  }
  const problems: string[] = [];
  const methods =
    config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  methods.forEach((method, m) => {
    const clusters = method.getOptionalConfigArray('clusters') ?? [];
    clusters.forEach((cluster, c) => {
      const key = `kubernetes.clusterLocatorMethods[${m}].clusters[${c}]`;
      if (cluster.getOptionalBoolean('skipTLSVerify')) {
        problems.push(`${key}.skipTLSVerify is true`);
      }
      const url = cluster.getOptionalString('url');
      if (url !== undefined && !url.startsWith('https://')) {
        problems.push(`${key}.url "${url}" is not https`);
      }
    });
  });
  if (problems.length) {
    throw new Error(
      `Insecure Kubernetes cluster configuration while NODE_ENV is production (clusters must be reached over https with a verified certificate):\n${problems
        .map(p => `  - ${p}`)
        .join('\n')}`,
    );
  }
}
