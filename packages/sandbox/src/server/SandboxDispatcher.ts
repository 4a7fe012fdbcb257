import { randomUUID } from 'node:crypto';
import type { Scenario } from '../scenario/Scenario';
import type { SandboxState } from '../state/SandboxState';
import type { FaultDecision, FaultInjector } from './FaultInjector';
import { ADMIN_PREFIX, handleAdminRequest } from './handleAdminRequest';
import {
  accountOfAccessKey,
  parseSigV4Credential,
} from './parseSigV4Credential';
import type { ProtocolAdapter } from './protocols/ProtocolAdapter';
import { createProtocolAdapter } from './protocols/createProtocolAdapter';
import type { RequestStats } from './RequestStats';
import { SandboxError } from './SandboxError';
import type { SandboxRequest, SandboxResponse } from './SandboxRequest';
import type {
  SandboxErrorShape,
  SandboxHttpService,
  SandboxService,
} from './SandboxService';

interface Route {
  service: SandboxService;
  adapter: ProtocolAdapter;
}

/** @public */
export interface SandboxLogger {
  error(message: string, error?: unknown): void;
}

/** The region an unsigned call is served in: it names none, and STS's global endpoint is there. */
const UNSIGNED_REGION = 'us-east-1';

/** The `Action` of an awsQuery request (form-encoded POST, or GET query), if any. */
function queryAction(request: SandboxRequest): string | undefined {
  const form =
    request.method === 'POST'
      ? new URLSearchParams(request.body.toString('utf8'))
      : request.query;
  return form.get('Action') ?? undefined;
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

function injectedError(
  decision: NonNullable<FaultDecision['failure']>,
  throttling: SandboxErrorShape,
): SandboxError {
  if (decision.kind === 'throttle') {
    return new SandboxError(
      throttling.name,
      'Rate exceeded',
      throttling.statusCode,
      {
        queryErrorCode: throttling.queryErrorCode,
      },
    );
  }
  return decision.statusCode === 503
    ? new SandboxError('ServiceUnavailable', 'Service is unavailable', 503)
    : new SandboxError('InternalFailure', 'An internal error occurred', 500);
}

interface SandboxDispatcherDeps {
  services: SandboxService[];
  httpServices: SandboxHttpService[];
  scenario: Scenario;
  state: SandboxState;
  faults: FaultInjector;
  stats: RequestStats;
  now: () => Date;
  logger: SandboxLogger;
}

/**
 * Routes a request to its service and operation, authenticates it, applies faults, calls the
 * handler and serialises the result, recording every request in the stats.
 */
export class SandboxDispatcher {
  private readonly byTarget = new Map<string, Route>();
  private readonly bySigningName = new Map<string, Route>();
  /**
   * awsQuery services by the `Action`s they serve, for unsigned requests (which name no
   * service): the operations declared unsigned run, the others are refused as unauthenticated.
   */
  private readonly queryByAction = new Map<string, Route>();

  private constructor(private readonly deps: SandboxDispatcherDeps) {
    for (const service of deps.services) {
      const route = {
        service,
        adapter: createProtocolAdapter(service.protocol),
      };
      const { protocol } = service;
      if (protocol.type === 'awsJson1_0' || protocol.type === 'awsJson1_1') {
        this.byTarget.set(protocol.targetPrefix, route);
      } else {
        this.bySigningName.set(service.signingName, route);
      }
      if (protocol.type === 'awsQuery') {
        for (const action of Object.keys(service.operations)) {
          this.queryByAction.set(action, route);
        }
      }
    }
  }

  static create(deps: SandboxDispatcherDeps): SandboxDispatcher {
    return new SandboxDispatcher(deps);
  }

  async handle(request: SandboxRequest): Promise<SandboxResponse> {
    if (request.path.startsWith(ADMIN_PREFIX)) {
      return handleAdminRequest(request, {
        scenario: this.deps.scenario,
        state: this.deps.state,
        now: this.deps.now,
        faults: this.deps.faults,
        stats: this.deps.stats,
        rolloutSeconds: this.deps.state.rolloutSeconds,
        serviceNames: [
          ...this.deps.services.map(s => s.name),
          ...this.deps.httpServices.map(s => s.name),
        ],
      });
    }
    const httpService = this.deps.httpServices.find(s =>
      request.path.startsWith(s.pathPrefix),
    );
    if (httpService) {
      return this.handleHttpService(httpService, request);
    }

    const credential = parseSigV4Credential(request.headers, request.query);
    const target = request.headers['x-amz-target'];
    let route: Route | undefined;
    if (typeof target === 'string') {
      route = this.byTarget.get(target.split('.')[0]);
    } else if (credential) {
      route = this.bySigningName.get(credential.service);
    } else {
      route = this.queryByAction.get(queryAction(request) ?? '');
    }
    if (!route) {
      return {
        statusCode: 404,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          __type: 'UnknownOperationException',
          message: `The sandbox serves no service for ${
            target ?? credential?.service ?? `${request.method} ${request.path}`
          }`,
        }),
      };
    }
    return this.handleAws(route, request, credential);
  }

  private async handleAws(
    { service, adapter }: Route,
    request: SandboxRequest,
    credential: ReturnType<typeof parseSigV4Credential>,
  ): Promise<SandboxResponse> {
    const requestId = randomUUID();
    let operation = 'unknown';
    try {
      const parsed = credential ? undefined : adapter.parse(request);
      const unsigned =
        parsed !== undefined &&
        (service.unsignedOperations ?? []).includes(parsed.operation);
      if (!credential && !unsigned) {
        throw adapter.missingAuthentication();
      }
      const accountId = credential
        ? accountOfAccessKey(credential.accessKeyId)
        : '';
      if (accountId === undefined) {
        throw adapter.unrecognizedClient();
      }
      const region = credential?.region ?? UNSIGNED_REGION;
      const {
        operation: parsedOperation,
        input,
        pathParams,
      } = parsed ?? adapter.parse(request);
      operation = parsedOperation;
      const handler = Object.prototype.hasOwnProperty.call(
        service.operations,
        operation,
      )
        ? service.operations[operation]
        : undefined;
      if (!handler) {
        throw adapter.unknownOperation(operation);
      }
      const decision = this.deps.faults.decide({
        service: service.name,
        operation,
        accountId: accountId || undefined,
        region,
      });
      if (decision.latencyMs > 0) {
        await sleep(decision.latencyMs);
      }
      if (decision.failure) {
        this.deps.stats.record(
          service.name,
          operation,
          decision.failure.kind === 'throttle' ? 'throttled' : 'injected',
        );
        return adapter.serializeError(
          injectedError(decision.failure, service.errors.throttling),
          requestId,
        );
      }
      const output = await handler(input, {
        accountId,
        region,
        now: this.deps.now(),
        state: this.deps.state,
        scenario: this.deps.scenario,
        requestId,
        caller: {
          accessKeyId: credential?.accessKeyId ?? '',
          sessionToken: credential?.sessionToken,
        },
        http: {
          pathParams,
          query: request.query,
          headers: request.headers,
        },
      });
      this.deps.stats.record(service.name, operation, 'ok');
      return adapter.serialize(operation, output, requestId);
    } catch (error) {
      this.deps.stats.record(service.name, operation, 'error');
      return adapter.serializeError(this.toSandboxError(error), requestId);
    }
  }

  private async handleHttpService(
    service: SandboxHttpService,
    request: SandboxRequest,
  ): Promise<SandboxResponse> {
    const operation = service.operationOf(request);
    try {
      const decision = this.deps.faults.decide({
        service: service.name,
        operation,
      });
      if (decision.latencyMs > 0) {
        await sleep(decision.latencyMs);
      }
      if (decision.failure) {
        this.deps.stats.record(
          service.name,
          operation,
          decision.failure.kind === 'throttle' ? 'throttled' : 'injected',
        );
        return service.renderError(
          injectedError(decision.failure, service.errors.throttling),
          request,
        );
      }
      const response = await service.handle(request, {
        now: this.deps.now(),
        state: this.deps.state,
        scenario: this.deps.scenario,
        requestId: randomUUID(),
      });
      this.deps.stats.record(
        service.name,
        operation,
        response.statusCode < 400 ? 'ok' : 'error',
      );
      return response;
    } catch (error) {
      this.deps.stats.record(service.name, operation, 'error');
      return service.renderError(this.toSandboxError(error), request);
    }
  }

  private toSandboxError(error: unknown): SandboxError {
    if (error instanceof SandboxError) {
      return error;
    }
    this.deps.logger.error('Sandbox handler failed', error);
    return new SandboxError(
      'InternalFailure',
      'An internal error occurred',
      500,
    );
  }
}
