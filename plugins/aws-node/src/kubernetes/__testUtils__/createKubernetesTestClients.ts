import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import {
  sandboxPortalConfig,
  SandboxHttpService,
  SandboxRequest,
  SandboxServer,
} from 'sandbox';
import { DefaultAwsCallCounter } from '../../clients/DefaultAwsCallCounter';
import { DefaultAwsClientFactory } from '../../clients/DefaultAwsClientFactory';
import { DefaultShipyardEnvironments } from '../../environments/DefaultShipyardEnvironments';
import { DefaultKubernetesDeploymentWriter } from '../DefaultKubernetesDeploymentWriter';
import { DefaultKubernetesReader } from '../DefaultKubernetesReader';

/** The demo prod account, where prod-eks runs. */
export const PROD_ACCOUNT = '222222222222';

/**
 * A reader and a writer for the sandbox's demo environments, the prod
 * environment with `eksClusters` instead of the sandbox's when given. Call
 * `destroy` after the test.
 */
export function createKubernetesTestClients(
  server: SandboxServer,
  options: { eksClusters?: JsonObject[]; maxAttempts?: number } = {},
) {
  const data = sandboxPortalConfig(server, {
    maxAttempts: options.maxAttempts ?? 3,
  }) as unknown as JsonObject & { shipyard: { environments: JsonObject[] } };
  if (options.eksClusters) {
    data.shipyard.environments = data.shipyard.environments.map(env =>
      env.name === 'prod' ? { ...env, eksClusters: options.eksClusters } : env,
    );
  }
  const config = new ConfigReader(data);
  const counter = DefaultAwsCallCounter.create();
  const clientFactory = DefaultAwsClientFactory.fromConfig(config, { counter });
  const deps = {
    environments: DefaultShipyardEnvironments.fromConfig(config),
    clientFactory,
    counter,
  };
  return {
    reader: DefaultKubernetesReader.fromConfig(config, deps),
    writer: DefaultKubernetesDeploymentWriter.fromConfig(config, deps),
    counter,
    destroy: () => clientFactory.destroy(),
  };
}

/** A prod EKS cluster entry served by the sandbox under `/k8s/<name>`, unless `url` says otherwise. */
export function testCluster(
  server: SandboxServer,
  name: string,
  extra: JsonObject = {},
): JsonObject {
  return {
    name,
    accountId: PROD_ACCOUNT,
    region: 'eu-west-1',
    url: `${server.url}/k8s/${name}`,
    authProvider: 'serviceAccount',
    serviceAccountToken: 'sandbox',
    ...extra,
  };
}

/** A Kubernetes `Status` answer. */
export function kubernetesStatus(
  code: number,
  reason: string,
  message: string,
) {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    status: 'Failure',
    code,
    reason,
    message,
  };
}

/**
 * A cluster API under `prefix` that lets a test see each request: it answers
 * what `answer` returns for the request (a 401 for a token it refuses, pages
 * of Deployments, ...).
 */
export function fakeCluster(
  name: string,
  prefix: string,
  answer: (request: SandboxRequest) => { statusCode: number; body: unknown },
): SandboxHttpService & { requests: SandboxRequest[] } {
  const requests: SandboxRequest[] = [];
  return {
    name,
    pathPrefix: prefix,
    requests,
    errors: { throttling: { name: 'TooManyRequests', statusCode: 429 } },
    operationOf: request => request.method,
    renderError: error => ({
      statusCode: error.statusCode,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(
        kubernetesStatus(error.statusCode, error.name, error.message),
      ),
    }),
    handle(request) {
      requests.push(request);
      const { statusCode, body } = answer(request);
      return {
        statusCode,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      };
    },
  };
}
