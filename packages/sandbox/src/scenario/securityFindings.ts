import type { Scenario, ScenarioService } from './Scenario';
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

const cache = new WeakMap<Scenario, Map<string, SecurityFinding[]>>();

const tagList = (tags: Record<string, string>) =>
  Object.entries(tags).map(([key, value]) => ({ key, value }));

/** The GuardDuty detector id of an account and region. @public */
export function detectorIdFor(accountId: string, region: string): string {
  return stableHex(`detector/${accountId}/${region}`, 32);
}

/**
 * The scenario's GuardDuty findings in one account and region, deterministic from the seed and
 * built once: findings on ECS tasks and clusters and EKS clusters carrying the shipyard tags (and
 * the EKS workload they concern), a few on untagged resources (an ad-hoc task, a bastion
 * instance), timestamps within the last 90 days, about a fifth archived.
 *
 * @public
 */
export function securityFindings(
  scenario: Scenario,
  accountId: string,
  region: string,
): SecurityFinding[] {
  let byRegion = cache.get(scenario);
  if (!byRegion) {
    byRegion = new Map();
    cache.set(scenario, byRegion);
  }
  const key = `${accountId}/${region}`;
  let findings = byRegion.get(key);
  if (!findings) {
    findings = build(scenario, accountId, region);
    byRegion.set(key, findings);
  }
  return findings;
}

function build(
  scenario: Scenario,
  accountId: string,
  region: string,
): SecurityFinding[] {
  const now = scenario.createdAt.getTime();
  const detectorId = detectorIdFor(accountId, region);
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
    const id = stableHex(`finding/${scenario.seed}/${key}`, 32);
    const firstSeen = now - rng.between(0.5, 89) * DAY;
    const lastSeen = Math.min(
      now - 60_000,
      firstSeen + rng.between(0, 5) * DAY,
    );
    const severity =
      Math.round(rng.between(kind.severity[0], kind.severity[1]) * 10) / 10;
    const archived = rng.next() < 0.2;
    findings.push({
      accountId,
      arn: `arn:aws:guardduty:${region}:${accountId}:detector/${detectorId}/finding/${id}`,
      createdAt: new Date(firstSeen).toISOString(),
      id,
      partition: 'aws',
      region,
      resource,
      schemaVersion: '2.0',
      severity,
      title: kind.title,
      type: kind.type,
      updatedAt: new Date(lastSeen).toISOString(),
      confidence: Math.round(rng.between(5, 9) * 10) / 10,
      description: service
        ? `${kind.title} Affected: ${service.component} in ${service.environment}.`
        : kind.title,
      service: {
        archived,
        count: rng.int(1, 20),
        detectorId,
        eventFirstSeen: new Date(firstSeen).toISOString(),
        eventLastSeen: new Date(lastSeen).toISOString(),
        resourceRole: 'TARGET',
        serviceName: 'guardduty',
        featureName:
          kind.target === 'eks-cluster' ? 'EksAuditLogs' : 'RuntimeMonitoring',
      },
    });
  };

  for (const service of services) {
    const rng = SeededRandom.forKey(scenario.seed, `findings/${service.id}`);
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
      const taskId = stableHex(`finding-task/${service.id}/${i}`, 32);
      const resource =
        service.runtime === 'ecs'
          ? {
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
            }
          : {
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
      add(rng, kind, `${service.id}/${i}`, resource, service);
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
        `findings/band/${service.id}/${low}`,
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
    `findings/untagged/${accountId}/${region}`,
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
  return findings.sort((a, b) => (a.id < b.id ? -1 : 1));
}
