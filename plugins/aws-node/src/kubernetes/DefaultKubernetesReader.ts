import { STSClient } from '@aws-sdk/client-sts';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { AwsCredentialIdentity } from '@smithy/types';
import { Agent, Dispatcher, fetch } from 'undici';
import { AwsCallCounter } from '../clients/AwsCallCounter';
import { AwsClientFactory } from '../clients/AwsClientFactory';
import { mapAwsError } from '../errors/mapAwsError';
import {
  EksClusterConnection,
  ShipyardEnvironments,
} from '../environments/ShipyardEnvironments';
import { createEksToken } from './createEksToken';
import {
  KubernetesDeployment,
  KubernetesReader,
  ListDeploymentsRequest,
} from './KubernetesReader';
import {
  KubernetesCallContext,
  mapKubernetesError,
} from './mapKubernetesError';

/** The service name Kubernetes API calls are counted under, beside the AWS ones. */
const KUBERNETES_CALL_SERVICE = 'Kubernetes';

const DEFAULT_MAX_ATTEMPTS = 3;
/** Objects per list page; the API server's continue token gives the rest. */
const PAGE_LIMIT = 500;
const MAX_BACKOFF_MS = 2_000;

type Page = {
  items?: Array<{
    metadata?: {
      name?: string;
      namespace?: string;
      labels?: Record<string, string>;
    };
  }>;
  metadata?: { continue?: string };
};

function isRetryable(error: unknown, statusCode?: number) {
  if (statusCode !== undefined) {
    return statusCode === 429 || statusCode >= 500;
  }
  return (error as Error)?.name !== 'AbortError';
}

/** The reason and message of a Kubernetes `Status` answer, when it is one. */
function statusOf(text: string): { reason?: string; message?: string } {
  try {
    const status = JSON.parse(text);
    return {
      reason: typeof status?.reason === 'string' ? status.reason : undefined,
      message: typeof status?.message === 'string' ? status.message : undefined,
    };
  } catch {
    // Not JSON (a proxy's error page): the HTTP status says enough.
    return {};
  }
}

function sleep(ms: number, signal?: AbortSignal) {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    let timer: ReturnType<typeof setTimeout> | undefined = undefined;
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Lists Deployments with `fetch`, authenticating as configured per cluster:
 * `serviceAccount` sends the configured token, `aws` an EKS token made from
 * the account's credentials (the client factory's, so the same
 * integration-aws-node provider and cache). Retries throttling and server
 * errors like the AWS clients' standard mode, and counts every call in the
 * {@link AwsCallCounter} as service `Kubernetes`.
 *
 * @public
 */
export class DefaultKubernetesReader implements KubernetesReader {
  /**
   * Reads `shipyard.aws.endpoint` (the STS endpoint for EKS tokens, the
   * sandbox in development) and `shipyard.aws.maxAttempts`.
   */
  static fromConfig(
    config: Config,
    deps: {
      environments: ShipyardEnvironments;
      clientFactory: AwsClientFactory;
      counter?: AwsCallCounter;
    },
  ): DefaultKubernetesReader {
    return new DefaultKubernetesReader(
      deps.environments,
      deps.clientFactory,
      deps.counter,
      config.getOptionalString('shipyard.aws.endpoint'),
      config.getOptionalNumber('shipyard.aws.maxAttempts') ??
        DEFAULT_MAX_ATTEMPTS,
    );
  }

  /** One TLS agent per cluster that needs its own CA or skips verification. */
  readonly #agents = new Map<string, Dispatcher>();

  private constructor(
    private readonly environments: ShipyardEnvironments,
    private readonly clientFactory: AwsClientFactory,
    private readonly counter: AwsCallCounter | undefined,
    private readonly stsEndpoint: string | undefined,
    private readonly maxAttempts: number,
  ) {}

  async listDeployments(
    request: ListDeploymentsRequest,
    options: { signal?: AbortSignal } = {},
  ): Promise<KubernetesDeployment[]> {
    const connection = this.environments.eksClusterConnection(
      request.environment,
      request.cluster,
    );
    if (!connection.url) {
      throw new InputError(
        `EKS cluster ${connection.name} of environment ${connection.environment} has no url in shipyard.environments[].eksClusters; set it so that Shipyard can read its Kubernetes API`,
      );
    }
    const context: KubernetesCallContext = {
      environment: connection.environment,
      cluster: connection.name,
      accountId: connection.accountId,
      region: connection.region,
      authProvider: connection.authProvider,
      operation: 'listDeploymentsForAllNamespaces',
      permission: 'list deployments.apps in all namespaces',
    };
    const base = connection.url.replace(/\/+$/, '');
    const deployments: KubernetesDeployment[] = [];
    let token: string | undefined;
    do {
      const query = new URLSearchParams({
        labelSelector: request.labelSelector,
        limit: String(PAGE_LIMIT),
        ...(token ? { continue: token } : {}),
      });
      const page = await this.#get<Page>(
        connection,
        `${base}/apis/apps/v1/deployments?${query}`,
        context,
        options.signal,
      );
      for (const item of page.items ?? []) {
        const { name, namespace, labels } = item.metadata ?? {};
        if (name && namespace) {
          deployments.push({ namespace, name, labels: { ...labels } });
        }
      }
      const next = page.metadata?.continue || undefined;
      if (next !== undefined && next === token) {
        throw new Error(
          `Kubernetes API of EKS cluster ${connection.name} returned the same continue token twice`,
        );
      }
      token = next;
    } while (token);
    return deployments;
  }

  async #get<T>(
    connection: EksClusterConnection,
    url: string,
    context: KubernetesCallContext,
    signal: AbortSignal | undefined,
  ): Promise<T> {
    const call = {
      accountId: connection.accountId,
      region: connection.region,
      service: KUBERNETES_CALL_SERVICE,
      operation: context.operation,
    };
    for (let attempt = 1; ; attempt++) {
      const authorization = `Bearer ${await this.#bearerToken(connection)}`;
      let failure: unknown;
      let statusCode: number | undefined;
      let body: string | undefined;
      try {
        const response = await fetch(url, {
          headers: { accept: 'application/json', authorization },
          signal,
          dispatcher: this.#agentFor(connection),
        });
        statusCode = response.status;
        const text = await response.text();
        if (response.ok) {
          body = text;
        } else {
          failure = {
            statusCode,
            ...statusOf(text),
            retryAfter: response.headers.get('retry-after') ?? undefined,
          };
        }
      } catch (error) {
        failure = error;
      }
      if (body !== undefined) {
        this.counter?.record({
          ...call,
          outcome: 'success',
          attempts: attempt,
        });
        return JSON.parse(body) as T;
      }
      if (attempt < this.maxAttempts && isRetryable(failure, statusCode)) {
        // Full jitter, as the AWS SDK's standard retry mode.
        const backoff =
          Math.random() * Math.min(MAX_BACKOFF_MS, 100 * 2 ** attempt);
        await sleep(backoff, signal);
        continue;
      }
      const mapped = mapKubernetesError(failure, context);
      this.counter?.record({
        ...call,
        outcome: 'error',
        errorName:
          (failure as { reason?: string })?.reason ??
          (statusCode ? `Http${statusCode}` : mapped.name),
        attempts: attempt,
      });
      throw mapped;
    }
  }

  async #bearerToken(connection: EksClusterConnection): Promise<string> {
    if (connection.authProvider === 'serviceAccount') {
      // Validation at start-up guarantees the token for this provider.
      return connection.serviceAccountToken!;
    }
    const sts = this.clientFactory.getClient(STSClient, {
      accountId: connection.accountId,
      region: connection.region,
    });
    let credentials: AwsCredentialIdentity;
    try {
      credentials = await sts.config.credentials();
    } catch (error) {
      throw mapAwsError(error, {
        accountId: connection.accountId,
        region: connection.region,
        service: 'STS',
        operation: 'GetCallerIdentity',
        resource: `the EKS token of cluster ${connection.name}`,
      });
    }
    return createEksToken({
      clusterName: connection.name,
      region: connection.region,
      credentials,
      endpoint: this.stsEndpoint,
    });
  }

  #agentFor(connection: EksClusterConnection): Dispatcher | undefined {
    if (!connection.caData && !connection.skipTLSVerify) {
      return undefined;
    }
    const key = `${connection.environment}/${connection.name}`;
    let agent = this.#agents.get(key);
    if (!agent) {
      agent = new Agent({
        connect: {
          ...(connection.caData && {
            ca: Buffer.from(connection.caData, 'base64').toString('utf8'),
          }),
          rejectUnauthorized: !connection.skipTLSVerify,
        },
      });
      this.#agents.set(key, agent);
    }
    return agent;
  }
}
