import type { Scenario, ScenarioCluster, ScenarioService } from './Scenario';
import { SeededRandom } from './SeededRandom';
import { stableHex } from './stableHex';

const DAY = 86_400_000;

/**
 * A GuardDuty finding as it is on the wire (restJson1 member names), ready to be returned and to
 * be filtered by criterion paths such as `resource.ecsClusterDetails.taskDetails.tags.value`.
 *
 * @public
 */
export type SecurityFinding = Record<string, any> & {
  id: string;
  accountId: string;
  region: string;
  severity: number;
  type: string;
};

interface FindingType {
  type: string;
  target: 'ecs-task' | 'ecs-cluster' | 'eks-cluster' | 'instance';
  severity: [number, number];
  title: string;
}

/** Realistic GuardDuty finding types, covering every severity band (low, medium, high, critical). */
const FINDING_TYPES: FindingType[] = [
  {
    type: 'Runtime:Container/ReverseShell',
    target: 'ecs-task',
    severity: [8, 8.9],
    title: 'A container opened a reverse shell.',
  },
  {
    type: 'CryptoCurrency:Runtime/BitcoinTool.B',
    target: 'ecs-task',
    severity: [7, 8],
    title:
      'A container is querying a domain associated with cryptocurrency activity.',
  },
  {
    type: 'Execution:Runtime/NewBinaryExecuted',
    target: 'ecs-task',
    severity: [4, 5],
    title:
      'A newly created or recently modified binary was executed in a container.',
  },
  {
    type: 'Discovery:Runtime/SuspiciousCommand',
    target: 'ecs-task',
    severity: [1, 3.9],
    title: 'A suspicious command was run in a container.',
  },
  {
    type: 'PrivilegeEscalation:Runtime/DockerSocketAccessed',
    target: 'ecs-task',
    severity: [5, 6.9],
    title:
      'A process inside a container is communicating with the Docker socket.',
  },
  {
    type: 'Backdoor:Runtime/C&CActivity.B',
    target: 'ecs-task',
    severity: [8, 8.9],
    title:
      'A container is querying an IP associated with a command and control server.',
  },
  {
    type: 'AttackSequence:ECS/CompromisedCluster',
    target: 'ecs-cluster',
    severity: [9, 9.8],
    title: 'A sequence of actions indicates a compromised ECS cluster.',
  },
  {
    type: 'Policy:Kubernetes/AdminAccessToDefaultServiceAccount',
    target: 'eks-cluster',
    severity: [2, 3.9],
    title: 'The default service account was granted admin privileges.',
  },
  {
    type: 'Policy:Kubernetes/AnonymousAccessGranted',
    target: 'eks-cluster',
    severity: [7, 8],
    title:
      'The system:anonymous user was granted API permissions on the cluster.',
  },
  {
    type: 'Execution:Kubernetes/ExecInKubeSystemPod',
    target: 'eks-cluster',
    severity: [4, 5.5],
    title: 'A command was executed inside a pod in the kube-system namespace.',
  },
  {
    type: 'PrivilegeEscalation:Kubernetes/PrivilegedContainer',
    target: 'eks-cluster',
    severity: [5, 6.9],
    title: 'A privileged container with root-level access was launched.',
  },
  {
    type: 'AttackSequence:EKS/CompromisedCluster',
    target: 'eks-cluster',
    severity: [9, 10],
    title: 'A sequence of actions indicates a compromised EKS cluster.',
  },
  {
    type: 'Recon:EC2/PortProbeUnprotectedPort',
    target: 'instance',
    severity: [1, 2.5],
    title: 'An unprotected port on an EC2 instance is being probed.',
  },
];

const tagList = (tags: Record<string, string>) =>
  Object.entries(tags).map(([key, value]) => ({ key, value }));

/** The GuardDuty detector id of an account and region. @public */
export function detectorIdFor(accountId: string, region: string): string {
  return stableHex(`detector/${accountId}/${region}`, 32);
}

/**
 * Whether GuardDuty is on in an account and region: everywhere but the regions the demo
 * organisation marks `guardDuty: false` (prod's disaster-recovery region, forgotten when it was
 * added). Where it is off, ListDetectors lists none.
 *
 * @public
 */
export function guardDutyEnabled(
  scenario: Scenario,
  accountId: string,
  region: string,
): boolean {
  return !scenario.environments.some(
    env =>
      env.accountId === accountId &&
      env.regions.some(r => r.region === region && r.guardDuty === false),
  );
}

/** @public */
export interface SecurityFindingsOptions {
  /**
   * How many times the seeded findings are drawn (each draw its own counts, ids, times and
   * severities; the first is the demo's); default 1. Benchmarks use it for thousands of findings
   * without thousands of services.
   */
  findingsScale?: number;
}

/**
 * The findings scale, 1 when undefined.
 * @throws when it is not a whole number from 1 to 10,000.
 *
 * @public
 */
export function checkFindingsScale(findingsScale: number | undefined): number {
  const value = findingsScale ?? 1;
  if (!Number.isInteger(value) || value < 1 || value > 10_000) {
    throw new Error(
      `findingsScale must be an integer from 1 to 10000, got ${value}`,
    );
  }
  return value;
}

/**
 * The scenario's GuardDuty findings in one account and region as the sandbox starts with them,
 * deterministic from the seed: findings on ECS tasks and clusters and EKS clusters carrying the
 * shipyard tags (and the EKS workload they concern), a few on untagged resources (an ad-hoc task,
 * a bastion instance), timestamps within the last 90 days, about a fifth archived. None where
 * GuardDuty is off. A new array of new objects on every call: the sandbox state owns and changes
 * its copy.
 *
 * @public
 */
export function securityFindings(
  scenario: Scenario,
  accountId: string,
  region: string,
  options: SecurityFindingsOptions = {},
): SecurityFinding[] {
  const findingsScale = checkFindingsScale(options.findingsScale);
  if (!guardDutyEnabled(scenario, accountId, region)) {
    return [];
  }
  const findings: SecurityFinding[] = [];
  for (let copy = 0; copy < findingsScale; copy++) {
    findings.push(...build(scenario, accountId, region, copy));
  }
  // By id, as SecurityFindingStore keeps them and ListFindings answers by default.
  return findings.sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** What a finding on one of the service's resources looks like: its ECS task, or its EKS workload. */
function serviceResource(
  service: ScenarioService,
  cluster: ScenarioCluster,
  taskId: string,
): Record<string, unknown> {
  const { accountId, region } = service;
  if (service.runtime === 'ecs') {
    return {
      resourceType: 'ECSCluster',
      ecsClusterDetails: {
        name: cluster.name,
        arn: cluster.arn,
        status: 'ACTIVE',
        tags: tagList(cluster.tags),
        taskDetails: {
          arn: `arn:aws:ecs:${region}:${accountId}:task/${cluster.name}/${taskId}`,
          definitionArn: service.deployments.at(-1)?.taskDefinitionArn,
          version: String(service.deployments.at(-1)?.revision ?? 1),
          group: `service:${service.name}`,
          launchType: 'FARGATE',
          tags: tagList(service.tags),
          containers: [
            {
              name: service.component,
              image: service.deployments.at(-1)?.image,
            },
          ],
        },
      },
    };
  }
  return {
    resourceType: 'EKSCluster',
    eksClusterDetails: {
      name: cluster.name,
      arn: cluster.arn,
      status: 'ACTIVE',
      tags: tagList({ ...cluster.tags, ...service.tags }),
    },
    kubernetesDetails: {
      kubernetesWorkloadDetails: {
        name: service.name,
        type: 'deployments',
        namespace: service.namespace,
        uid: stableHex(`workload/${service.id}`, 32),
      },
    },
  };
}

/** A finding as GuardDuty writes it, for a resource seen from `firstSeen` to `lastSeen`. */
function wireFinding(options: {
  accountId: string;
  region: string;
  id: string;
  kind: Pick<FindingType, 'type' | 'title' | 'target'>;
  severity: number;
  resource: Record<string, unknown>;
  firstSeen: number;
  lastSeen: number;
  archived: boolean;
  count: number;
  confidence: number;
  service?: ScenarioService;
}): SecurityFinding {
  const { accountId, region, id, kind, service } = options;
  const detectorId = detectorIdFor(accountId, region);
  return {
    accountId,
    arn: `arn:aws:guardduty:${region}:${accountId}:detector/${detectorId}/finding/${id}`,
    createdAt: new Date(options.firstSeen).toISOString(),
    id,
    partition: 'aws',
    region,
    resource: options.resource,
    schemaVersion: '2.0',
    severity: options.severity,
    title: kind.title,
    type: kind.type,
    updatedAt: new Date(options.lastSeen).toISOString(),
    confidence: options.confidence,
    description: service
      ? `${kind.title} Affected: ${service.component} in ${service.environment}.`
      : kind.title,
    service: {
      archived: options.archived,
      count: options.count,
      detectorId,
      eventFirstSeen: new Date(options.firstSeen).toISOString(),
      eventLastSeen: new Date(options.lastSeen).toISOString(),
      resourceRole: 'TARGET',
      serviceName: 'guardduty',
      featureName:
        kind.target === 'eks-cluster' ? 'EksAuditLogs' : 'RuntimeMonitoring',
    },
  };
}

/**
 * A new finding on one of a service's resources, first and last seen `at` (its updatedAt), as
 * GuardDuty reports a threat it has just detected: what the sandbox's admin API adds for demos
 * and the notification journey. `type` may be any GuardDuty type; a known one brings its title.
 *
 * @public
 */
export function newServiceFinding(
  scenario: Scenario,
  service: ScenarioService,
  options: { type: string; severity: number; at: Date; key: string },
): SecurityFinding {
  const cluster = scenario.clusters.find(
    c =>
      c.name === service.cluster &&
      c.accountId === service.accountId &&
      c.region === service.region,
  )!;
  const known = FINDING_TYPES.find(t => t.type === options.type);
  const at = options.at.getTime();
  return wireFinding({
    accountId: service.accountId,
    region: service.region,
    id: stableHex(`finding/${scenario.seed}/added/${options.key}`, 32),
    kind: {
      type: options.type,
      title: known?.title ?? `GuardDuty detected ${options.type}.`,
      target:
        known?.target ??
        (service.runtime === 'ecs' ? 'ecs-task' : 'eks-cluster'),
    },
    severity: options.severity,
    resource: serviceResource(
      service,
      cluster,
      stableHex(`finding-task/added/${options.key}`, 32),
    ),
    firstSeen: at,
    lastSeen: at,
    archived: false,
    count: 1,
    confidence: 8,
    service,
  });
}

/** One copy of the seeded findings of an account and region; copy 0 is the demo's. */
function build(
  scenario: Scenario,
  accountId: string,
  region: string,
  copy: number,
): SecurityFinding[] {
  const now = scenario.createdAt.getTime();
  const keyed = (key: string) => (copy === 0 ? key : `${key}#${copy}`);
  const clusters = scenario.clusters.filter(
    c => c.accountId === accountId && c.region === region,
  );
  const services = scenario.services.filter(
    s => s.accountId === accountId && s.region === region,
  );
  const findings: SecurityFinding[] = [];

  const add = (
    rng: SeededRandom,
    kind: FindingType,
    key: string,
    resource: Record<string, unknown>,
    service?: ScenarioService,
  ) => {
    const firstSeen = now - rng.between(0.5, 89) * DAY;
    const lastSeen = Math.min(
      now - 60_000,
      firstSeen + rng.between(0, 5) * DAY,
    );
    const severity =
      Math.round(rng.between(kind.severity[0], kind.severity[1]) * 10) / 10;
    const archived = rng.next() < 0.2;
    findings.push(
      wireFinding({
        accountId,
        region,
        id: stableHex(`finding/${scenario.seed}/${keyed(key)}`, 32),
        kind,
        severity,
        resource,
        firstSeen,
        lastSeen,
        archived,
        confidence: Math.round(rng.between(5, 9) * 10) / 10,
        count: rng.int(1, 20),
        service,
      }),
    );
  };

  for (const service of services) {
    const rng = SeededRandom.forKey(
      scenario.seed,
      keyed(`findings/${service.id}`),
    );
    const cluster = clusters.find(c => c.name === service.cluster)!;
    const count = service.tier === 'prod' ? rng.int(1, 3) : rng.int(0, 2);
    for (let i = 0; i < count; i++) {
      const candidates = FINDING_TYPES.filter(t =>
        service.runtime === 'ecs'
          ? t.target === 'ecs-task' ||
            (i === 0 && t.target === 'ecs-cluster' && rng.next() < 0.1)
          : t.target === 'eks-cluster',
      );
      const kind = rng.pick(candidates);
      const taskId = stableHex(keyed(`finding-task/${service.id}/${i}`), 32);
      add(
        rng,
        kind,
        `${service.id}/${i}`,
        serviceResource(service, cluster, taskId),
        service,
      );
    }
  }

  // Every severity band shows up in every region, whatever the draw.
  const bands: Array<[number, number]> = [
    [1, 4],
    [4, 7],
    [7, 9],
    [9, 11],
  ];
  for (const [low, high] of bands) {
    const service = services.find(s => s.tier === 'prod') ?? services[0];
    if (
      !service ||
      findings.some(f => f.severity >= low && f.severity < high)
    ) {
      continue;
    }
    const target =
      service.runtime === 'ecs' ? ['ecs-task', 'ecs-cluster'] : ['eks-cluster'];
    const kind = FINDING_TYPES.find(
      t =>
        target.includes(t.target) &&
        t.severity[0] >= low &&
        t.severity[0] < high,
    );
    if (kind) {
      const rngBand = SeededRandom.forKey(
        scenario.seed,
        keyed(`findings/band/${service.id}/${low}`),
      );
      const template = findings.find(f =>
        f.description.includes(`${service.component} in`),
      );
      add(
        rngBand,
        kind,
        `${service.id}/band/${low}`,
        template?.resource ?? {},
        service,
      );
    }
  }

  // Untagged resources: nobody's component, so the portal must still show them somewhere.
  const rng = SeededRandom.forKey(
    scenario.seed,
    keyed(`findings/untagged/${accountId}/${region}`),
  );
  const ecsCluster = clusters.find(c => c.kind === 'ecs');
  if (ecsCluster) {
    add(
      rng,
      FINDING_TYPES.find(t => t.type === 'Runtime:Container/ReverseShell')!,
      `untagged/${ecsCluster.arn}/debug-task`,
      {
        resourceType: 'ECSCluster',
        ecsClusterDetails: {
          name: ecsCluster.name,
          arn: ecsCluster.arn,
          status: 'ACTIVE',
          tags: [],
          taskDetails: {
            arn: `arn:aws:ecs:${region}:${accountId}:task/${
              ecsCluster.name
            }/${stableHex(`debug/${ecsCluster.arn}`, 32)}`,
            group: 'family:debug-shell',
            launchType: 'FARGATE',
            tags: [],
            containers: [
              {
                name: 'debug-shell',
                image: 'public.ecr.aws/docker/library/alpine:3.20',
              },
            ],
          },
        },
      },
    );
  }
  add(
    rng,
    FINDING_TYPES.find(t => t.type === 'Recon:EC2/PortProbeUnprotectedPort')!,
    `untagged/${accountId}/${region}/bastion`,
    {
      resourceType: 'Instance',
      instanceDetails: {
        instanceId: `i-${stableHex(`bastion/${accountId}/${region}`, 17)}`,
        instanceType: 't3.micro',
        instanceState: 'running',
        availabilityZone: `${region}a`,
        tags: [{ key: 'Name', value: 'bastion' }],
      },
    },
  );
  return findings;
}
