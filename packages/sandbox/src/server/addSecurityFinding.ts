import type { Scenario } from '../scenario/Scenario';
import { newServiceFinding } from '../scenario/securityFindings';
import type { SandboxState } from '../state/SandboxState';

const DEFAULT_TYPE = 'Runtime:Container/ReverseShell';
const DEFAULT_SEVERITY = 8.5;

/** What `POST /_sandbox/guardduty/findings` answers with: the new finding's keys, or why not. */
export type AddSecurityFindingResult =
  | {
      id: string;
      accountId: string;
      region: string;
      detectorId: string;
      type: string;
      severity: number;
      updatedAt: string;
    }
  | { error: string };

/**
 * Adds one GuardDuty finding on a service's resource (its ECS task or EKS workload, tagged as
 * the service), updated now, as GuardDuty reports a threat it has just detected: for demos and
 * the notification journey. The body names the service by `component` and `environment` (and
 * `region` when it runs in several); `type` (default a reverse shell) and `severity` (0 to 10,
 * default 8.5, high) are optional.
 */
export function addSecurityFinding(
  body: unknown,
  deps: { scenario: Scenario; state: SandboxState; now: () => Date },
): AddSecurityFindingResult {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { error: 'The body must be a JSON object' };
  }
  const input = body as Record<string, unknown>;
  const { component, environment, region } = input;
  if (typeof component !== 'string' || typeof environment !== 'string') {
    return {
      error:
        'component and environment are required strings, e.g. {"component":"checkout-api","environment":"prod"}',
    };
  }
  if (region !== undefined && typeof region !== 'string') {
    return { error: 'region must be a string, e.g. "eu-west-1"' };
  }
  const type = input.type ?? DEFAULT_TYPE;
  if (typeof type !== 'string' || !/^[A-Za-z]+:[^\s]+$/.test(type)) {
    return {
      error: `type must be a GuardDuty finding type such as "${DEFAULT_TYPE}", got ${JSON.stringify(
        type,
      )}`,
    };
  }
  const severity = input.severity ?? DEFAULT_SEVERITY;
  if (typeof severity !== 'number' || !(severity >= 0 && severity <= 10)) {
    return {
      error: `severity must be a number from 0 to 10 (high is 7 to 8.9, critical 9 to 10), got ${JSON.stringify(
        severity,
      )}`,
    };
  }

  const services = deps.scenario.findServices({ component, environment });
  if (services.length === 0) {
    const environments = deps.scenario.environments.map(e => e.name);
    return {
      error: environments.includes(environment)
        ? `No service of component "${component}" runs in ${environment}`
        : `Unknown environment "${environment}"; the scenario's are ${environments.join(
            ', ',
          )}`,
    };
  }
  const candidates = region
    ? services.filter(s => s.region === region)
    : services;
  if (candidates.length === 0) {
    return {
      error: `${component} runs in ${environment} in ${services
        .map(s => s.region)
        .join(', ')}, not in ${region}`,
    };
  }
  const findings = deps.state.securityFindings;
  const service =
    candidates.find(s => findings.detectorId(s.accountId, s.region)) ??
    candidates[0];
  const detectorId = findings.detectorId(service.accountId, service.region);
  if (!detectorId) {
    return {
      error: `GuardDuty is off in account ${service.accountId}, ${service.region}: it has no detector to report a finding`,
    };
  }

  const at = deps.now();
  const finding = newServiceFinding(deps.scenario, service, {
    type,
    severity,
    at,
    // Unique per addition: the region's count grows with every new finding.
    key: `${service.id}/${
      findings.list(service.accountId, service.region).length
    }/${at.toISOString()}`,
  });
  findings.add(finding);
  return {
    id: finding.id,
    accountId: finding.accountId,
    region: finding.region,
    detectorId,
    type: finding.type,
    severity: finding.severity,
    updatedAt: finding.updatedAt,
  };
}
