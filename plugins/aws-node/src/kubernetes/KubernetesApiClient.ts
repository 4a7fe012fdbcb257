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
  KubernetesCallContext,
  mapKubernetesError,
} from './mapKubernetesError';

/** The service name Kubernetes API calls are counted under, beside the AWS ones. */
const KUBERNETES_CALL_SERVICE = 'Kubernetes';

const DEFAULT_MAX_ATTEMPTS = 3;
/** Objects per list page; the API server's continue token gives the rest. */
const PAGE_LIMIT = 500;
const MAX_BACKOFF_MS = 2_000;

/**
 * One call to a cluster's API: the path under its `url`, and what the error
 * messages and the call counter name it.
 */
export interface KubernetesApiCall {
  method: 'GET' | 'PATCH';
  /** e.g. `/apis/apps/v1/namespaces/team-a/deployments/checkout-api`. */
  path: string;
  query?: Record<string, string | undefined>;
  /** For a PATCH: the patch and its content type. */
  body?: { contentType: string; value: unknown };
  /** client-node's operation name, e.g. `readNamespacedDeployment`. */
  operation: string;
  /** What the call needs in RBAC terms, e.g. `get deployments.apps in namespace team-a`. */
  permission: string;
  /** The object, for a 404, e.g. `deployments.apps "checkout-api" in namespace team-a`. */
  resource?: string;
}

function isRetryable(
  method: KubernetesApiCall['method'],
  error: unknown,
  statusCode?: number,
) {
  if (statusCode === 429) {
    // The API server's priority and fairness rejects before doing anything:
    // re-sending is safe whatever the method.
    return true;
  }
  if (method !== 'GET') {
    // A 5xx or a lost connection leaves a PATCH's outcome unknown. Re-sending
    // a strategic merge patch would mostly be harmless, but the caller records
    // intent and outcome (a rollback), so it decides: it re-reads the object.
    return false;
  }
  if (statusCode !== undefined) {
    return statusCode >= 500;
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

/** The path of a namespace's resources, checking the names a caller passes. */
export function namespacedPath(
  prefix: string,
  namespace: string,
  resource: string,
  name?: string,
): string {
  for (const [what, value] of [
    ['namespace', namespace],
    ['name', name],
  ] as const) {
    if (value !== undefined && (!value || value.includes('/'))) {
      throw new InputError(
        `A Kubernetes ${what} must be a non-empty name without '/', got ${JSON.stringify(
          value,
        )}`,
      );
    }
  }
  return `${prefix}/namespaces/${encodeURIComponent(namespace)}/${resource}${
    name === undefined ? '' : `/${encodeURIComponent(name)}`
  }`;
}

/**
 * The HTTP side of the Kubernetes reader and writer, written once: finds the
 * cluster's connection, authenticates as configured per cluster
 * (`serviceAccount` sends the configured token, `aws` an EKS token made from
 * the account's credentials, the client factory's, so the same
 * integration-aws-node provider and cache), retries like the AWS clients'
 * standard mode, counts every call in the {@link AwsCallCounter} as service
 * `Kubernetes`, and maps failures with `mapKubernetesError`.
 */
export class KubernetesApiClient {
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
  ): KubernetesApiClient {
    return new KubernetesApiClient(
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

  /**
   * The cluster's connection.
   * @throws InputError for an unknown environment or a cluster without a
   *   `url`, NotFoundError for an unknown cluster.
   */
  connection(environment: string, cluster: string): EksClusterConnection {
    const connection = this.environments.eksClusterConnection(
      environment,
      cluster,
    );
    if (!connection.url) {
      throw new InputError(
        `EKS cluster ${connection.name} of environment ${connection.environment} has no url in shipyard.environments[].eksClusters; set it so that Shipyard can read its Kubernetes API`,
      );
    }
    return connection;
  }

  /** Every item of a list, following continue tokens. */
  async list<T>(
    connection: EksClusterConnection,
    call: KubernetesApiCall,
    signal: AbortSignal | undefined,
  ): Promise<T[]> {
    const items: T[] = [];
    let token: string | undefined;
    do {
      const page = await this.request<{
        items?: T[] | null;
        metadata?: { continue?: string };
      }>(
        connection,
        {
          ...call,
          query: { ...call.query, limit: String(PAGE_LIMIT), continue: token },
        },
        signal,
      );
      items.push(...(page.items ?? []));
      const next = page.metadata?.continue || undefined;
      if (next !== undefined && next === token) {
        throw new Error(
          `Kubernetes API of EKS cluster ${connection.name} returned the same continue token twice`,
        );
      }
      token = next;
    } while (token);
    return items;
  }

  /**
   * One call, retried on throttling and, for a GET, on server errors and
   * lost connections.
   */
  async request<T>(
    connection: EksClusterConnection,
    call: KubernetesApiCall,
    signal: AbortSignal | undefined,
  ): Promise<T> {
    const context: KubernetesCallContext = {
      environment: connection.environment,
      cluster: connection.name,
      accountId: connection.accountId,
      region: connection.region,
      authProvider: connection.authProvider,
      operation: call.operation,
      permission: call.permission,
      resource: call.resource,
      mutation: call.method !== 'GET',
    };
    const counted = {
      accountId: connection.accountId,
      region: connection.region,
      service: KUBERNETES_CALL_SERVICE,
      operation: call.operation,
    };
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(call.query ?? {})) {
      if (value !== undefined) {
        query.set(key, value);
      }
    }
    const search = query.toString();
    const url = `${connection.url!.replace(/\/+$/, '')}${call.path}${
      search ? `?${search}` : ''
    }`;
    const body =
      call.body === undefined ? undefined : JSON.stringify(call.body.value);
    for (let attempt = 1; ; attempt++) {
      const authorization = `Bearer ${await this.#bearerToken(connection)}`;
      let failure: unknown;
      let statusCode: number | undefined;
      let answer: string | undefined;
      try {
        const response = await fetch(url, {
          method: call.method,
          headers: {
            accept: 'application/json',
            authorization,
            ...(call.body && { 'content-type': call.body.contentType }),
          },
          body,
          signal,
          dispatcher: this.#agentFor(connection),
        });
        statusCode = response.status;
        const text = await response.text();
        if (response.ok) {
          answer = text;
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
      if (answer !== undefined) {
        this.counter?.record({
          ...counted,
          outcome: 'success',
          attempts: attempt,
        });
        return JSON.parse(answer) as T;
      }
      if (
        attempt < this.maxAttempts &&
        isRetryable(call.method, failure, statusCode)
      ) {
        // Full jitter, as the AWS SDK's standard retry mode.
        const backoff =
          Math.random() * Math.min(MAX_BACKOFF_MS, 100 * 2 ** attempt);
        await sleep(backoff, signal);
        continue;
      }
      const mapped = mapKubernetesError(failure, context);
      this.counter?.record({
        ...counted,
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
