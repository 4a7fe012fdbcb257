import type { Scenario } from '../scenario/Scenario';
import type { SandboxState } from '../state/SandboxState';
import { addSecurityFinding } from './addSecurityFinding';
import type { FaultInjector, FaultSpec } from './FaultInjector';
import type { RequestStats } from './RequestStats';
import type { SandboxRequest, SandboxResponse } from './SandboxRequest';

/** The path prefix of the sandbox's own API, which no AWS SDK request uses. */
export const ADMIN_PREFIX = '/_sandbox/';

function json(statusCode: number, value: unknown): SandboxResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(value),
  };
}

/**
 * The sandbox's admin API: health, request stats, fault injection, a scenario summary, and a
 * new GuardDuty finding on a service.
 */
export function handleAdminRequest(
  request: SandboxRequest,
  deps: {
    scenario: Scenario;
    state: SandboxState;
    now: () => Date;
    faults: FaultInjector;
    stats: RequestStats;
    rolloutSeconds: number;
    serviceNames: string[];
  },
): SandboxResponse {
  const route = request.path.slice(ADMIN_PREFIX.length).replace(/\/$/, '');
  const { method } = request;

  if (route === 'health' && method === 'GET') {
    return json(200, {
      status: 'ok',
      seed: deps.scenario.seed,
      scale: deps.scenario.scale,
      rolloutSeconds: deps.rolloutSeconds,
      services: deps.serviceNames,
    });
  }
  if (route === 'stats') {
    if (method === 'GET') {
      return json(200, deps.stats.snapshot());
    }
    if (method === 'DELETE') {
      deps.stats.reset();
      return { statusCode: 204, headers: {}, body: '' };
    }
  }
  if (route === 'faults') {
    if (method === 'GET') {
      return json(200, { faults: deps.faults.list() });
    }
    if (method === 'DELETE') {
      deps.faults.clear();
      return { statusCode: 204, headers: {}, body: '' };
    }
    if (method === 'POST') {
      let specs: FaultSpec[];
      try {
        const parsed = JSON.parse(request.body.toString('utf8'));
        specs = Array.isArray(parsed) ? parsed : [parsed];
      } catch {
        return json(400, {
          error: 'The body must be a JSON fault or array of faults',
        });
      }
      try {
        // Validate every spec before adding any, so that a bad batch changes nothing.
        specs.forEach(spec => deps.faults.validate(spec));
        const added = specs.map(spec => deps.faults.add(spec));
        return json(201, { faults: added });
      } catch (error) {
        return json(400, { error: (error as Error).message });
      }
    }
  }
  const faultMatch = /^faults\/([^/]+)$/.exec(route);
  if (faultMatch && method === 'DELETE') {
    return deps.faults.remove(faultMatch[1])
      ? { statusCode: 204, headers: {}, body: '' }
      : json(404, { error: `No fault ${faultMatch[1]}` });
  }
  if (route === 'guardduty/findings' && method === 'POST') {
    let body: unknown;
    try {
      body = JSON.parse(request.body.toString('utf8') || '{}');
    } catch {
      return json(400, {
        error:
          'The body must be JSON: {"component", "environment", "region"?, "type"?, "severity"?}',
      });
    }
    const result = addSecurityFinding(body, deps);
    return 'error' in result ? json(400, result) : json(201, result);
  }
  if (route === 'scenario' && method === 'GET') {
    const { scenario } = deps;
    return json(200, {
      seed: scenario.seed,
      scale: scenario.scale,
      createdAt: scenario.createdAt,
      environments: scenario.environments,
      components: scenario.components.length,
      services: scenario.services.length,
      clusters: scenario.clusters.map(c => ({
        kind: c.kind,
        name: c.name,
        accountId: c.accountId,
        region: c.region,
        environment: c.environment,
      })),
      windows: scenario.windows,
    });
  }
  return json(404, { error: `No sandbox route ${method} ${request.path}` });
}
