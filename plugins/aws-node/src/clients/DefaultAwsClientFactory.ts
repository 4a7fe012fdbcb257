import { Config } from '@backstage/config';
import {
  AwsCredentialsManager,
  DefaultAwsCredentialsManager,
} from '@backstage/integration-aws-node';
import { InputError } from '@backstage/errors';
import { AwsTarget } from '@internal/plugin-aws-common';
import {
  InitializeHandlerArguments,
  InitializeHandlerOutput,
  InitializeMiddleware,
  MetadataBearer,
} from '@smithy/types';
import { AwsCallCounter } from './AwsCallCounter';
import {
  AwsClientFactory,
  AwsSdkClient,
  AwsSdkClientClass,
} from './AwsClientFactory';
import { setAwsCallContext } from './awsCallContext';
import { isProductionRuntime } from '../config/isProductionRuntime';

const DEFAULT_MAX_ATTEMPTS = 3;

type FactoryOptions = {
  endpoint?: string;
  maxAttempts: number;
  counter: AwsCallCounter;
  credentialsManager: AwsCredentialsManager;
};

function attemptsOf(value: unknown): number {
  const attempts = (value as MetadataBearer | undefined)?.$metadata?.attempts;
  return typeof attempts === 'number' && attempts > 0 ? attempts : 1;
}

/**
 * Builds SDK v3 clients per (account, region, client class) and reuses them.
 *
 * @public
 */
export class DefaultAwsClientFactory implements AwsClientFactory {
  /**
   * Reads `shipyard.aws.endpoint` and `shipyard.aws.maxAttempts`; credentials
   * come from `aws.*` through `DefaultAwsCredentialsManager` unless a
   * credentials manager is given.
   *
   * @throws InputError when `shipyard.aws.endpoint` is set and `NODE_ENV` is
   * `production`: every AWS call, credentials included, would go to that host.
   */
  static fromConfig(
    config: Config,
    deps: {
      counter: AwsCallCounter;
      credentialsManager?: AwsCredentialsManager;
    },
  ): DefaultAwsClientFactory {
    const endpoint = config.getOptionalString('shipyard.aws.endpoint');
    if (endpoint && isProductionRuntime()) {
      throw new InputError(
        `shipyard.aws.endpoint is set to '${endpoint}', but NODE_ENV is production: it sends every AWS call to a stand-in instead of AWS and is for the local sandbox only; remove it from the configuration (app-config.production.yaml sets it to null)`,
      );
    }
    const maxAttempts =
      config.getOptionalNumber('shipyard.aws.maxAttempts') ??
      DEFAULT_MAX_ATTEMPTS;
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
      throw new InputError(
        `shipyard.aws.maxAttempts must be a whole number of at least 1, got ${maxAttempts}`,
      );
    }
    return new DefaultAwsClientFactory({
      endpoint,
      maxAttempts,
      counter: deps.counter,
      credentialsManager:
        deps.credentialsManager ??
        DefaultAwsCredentialsManager.fromConfig(config),
    });
  }

  readonly #options: FactoryOptions;
  readonly #clients = new Map<
    AwsSdkClientClass<AwsSdkClient>,
    Map<string, AwsSdkClient>
  >();

  private constructor(options: FactoryOptions) {
    this.#options = options;
  }

  getClient<TClient extends AwsSdkClient>(
    ClientClass: AwsSdkClientClass<TClient>,
    target: AwsTarget,
  ): TClient {
    let byTarget = this.#clients.get(ClientClass);
    if (!byTarget) {
      byTarget = new Map();
      this.#clients.set(ClientClass, byTarget);
    }
    const key = `${target.accountId}/${target.region}`;
    let client = byTarget.get(key) as TClient | undefined;
    if (!client) {
      client = this.#createClient(ClientClass, target);
      byTarget.set(key, client);
    }
    return client;
  }

  /** Closes every client's connections; for shutdown. */
  destroy(): void {
    for (const byTarget of this.#clients.values()) {
      for (const client of byTarget.values()) {
        client.destroy();
      }
    }
    this.#clients.clear();
  }

  #createClient<TClient extends AwsSdkClient>(
    ClientClass: AwsSdkClientClass<TClient>,
    target: AwsTarget,
  ): TClient {
    const { endpoint, maxAttempts, credentialsManager } = this.#options;
    const client = new ClientClass({
      region: target.region,
      // Resolved lazily so that building a client never calls STS; the SDK
      // caches the identity until it nears expiry.
      credentials: async () => {
        const provider = await credentialsManager.getCredentialProvider({
          accountId: target.accountId,
        });
        return provider.sdkCredentialProvider();
      },
      retryMode: 'standard',
      maxAttempts,
      customUserAgent: 'shipyard',
      ...(endpoint ? { endpoint } : {}),
    });
    client.middlewareStack.add(this.#countingMiddleware(target), {
      step: 'initialize',
      name: 'shipyardCallCounter',
      priority: 'high',
    });
    return client;
  }

  #countingMiddleware(target: AwsTarget): InitializeMiddleware<any, any> {
    const counter = this.#options.counter;
    return (next, context) =>
      async (
        args: InitializeHandlerArguments<any>,
      ): Promise<InitializeHandlerOutput<any>> => {
        const call = {
          accountId: target.accountId,
          region: target.region,
          service: (context.clientName ?? 'Unknown').replace(/Client$/, ''),
          operation: (context.commandName ?? 'Unknown').replace(/Command$/, ''),
        };
        try {
          const result = await next(args);
          counter.record({
            ...call,
            outcome: 'success',
            attempts: attemptsOf(result.output),
          });
          return result;
        } catch (error) {
          counter.record({
            ...call,
            outcome: 'error',
            errorName: (error as Error)?.name ?? 'Error',
            attempts: attemptsOf(error),
          });
          setAwsCallContext(error, call);
          throw error;
        }
      };
  }
}
