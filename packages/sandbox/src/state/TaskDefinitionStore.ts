import type { Tag, TaskDefinition } from '@aws-sdk/client-ecs';
import { deploymentTags } from '../scenario/deploymentTags';
import { releaseCommitSha } from '../scenario/planReleases';
import type { Scenario, ScenarioService } from '../scenario/Scenario';
import { stableHex } from '../scenario/stableHex';

/** A registered task definition revision with its tags. @public */
export interface TaskDefinitionRecord {
  taskDefinition: TaskDefinition;
  tags: Tag[];
}

interface Family {
  name: string;
  revisions: TaskDefinitionRecord[];
}

/**
 * The Git commit a release's image was built from: the same in every environment and region,
 * 40 hex digits as `git rev-parse HEAD` prints it.
 *
 * @public
 */
export function imageRevision(component: string, version: string): string {
  return releaseCommitSha(component, version);
}

function toTagList(tags: Record<string, string>): Tag[] {
  return Object.entries(tags).map(([key, value]) => ({ key, value }));
}

/**
 * ECS task definition families per account and region. The scenario's revisions are those its
 * services deployed; RegisterTaskDefinition appends new ones.
 *
 * @public
 */
export class TaskDefinitionStore {
  /** `<accountId>/<region>` → family name → family. */
  private readonly regions = new Map<string, Map<string, Family>>();

  private constructor() {}

  static create(options: { scenario: Scenario }): TaskDefinitionStore {
    const store = new TaskDefinitionStore();
    for (const service of options.scenario.services) {
      if (service.family) {
        store.addScenarioFamily(service);
      }
    }
    return store;
  }

  /** Families of a region, sorted by name. */
  families(accountId: string, region: string): string[] {
    return [
      ...(this.regions.get(`${accountId}/${region}`)?.keys() ?? []),
    ].sort();
  }

  revisions(
    accountId: string,
    region: string,
    family: string,
  ): readonly TaskDefinitionRecord[] {
    return (
      this.regions.get(`${accountId}/${region}`)?.get(family)?.revisions ?? []
    );
  }

  /**
   * Resolves `family`, `family:revision` or a full ARN as ECS does: a bare family means its
   * latest ACTIVE revision.
   */
  resolve(
    accountId: string,
    region: string,
    reference: string,
  ): TaskDefinitionRecord | undefined {
    const arnMatch =
      /^arn:aws:ecs:([^:]+):(\d{12}):task-definition\/(.+)$/.exec(reference);
    let familyAndRevision = reference;
    if (arnMatch) {
      if (arnMatch[1] !== region || arnMatch[2] !== accountId) {
        return undefined;
      }
      familyAndRevision = arnMatch[3];
    }
    const [family, revisionText] = familyAndRevision.split(':');
    const revisions = this.revisions(accountId, region, family);
    if (revisionText === undefined) {
      return [...revisions]
        .reverse()
        .find(r => r.taskDefinition.status === 'ACTIVE');
    }
    if (!/^\d+$/.test(revisionText)) {
      return undefined;
    }
    return revisions[Number(revisionText) - 1];
  }

  /** Registers the next revision of `taskDefinition.family`. */
  register(
    accountId: string,
    region: string,
    taskDefinition: Omit<
      TaskDefinition,
      'taskDefinitionArn' | 'revision' | 'status'
    >,
    tags: Tag[],
  ): TaskDefinitionRecord {
    const family = this.family(accountId, region, taskDefinition.family!);
    const revision = family.revisions.length + 1;
    const record: TaskDefinitionRecord = {
      taskDefinition: {
        ...taskDefinition,
        taskDefinitionArn: `arn:aws:ecs:${region}:${accountId}:task-definition/${family.name}:${revision}`,
        revision,
        status: 'ACTIVE',
      },
      tags,
    };
    family.revisions.push(record);
    return record;
  }

  private family(accountId: string, region: string, name: string): Family {
    const key = `${accountId}/${region}`;
    let families = this.regions.get(key);
    if (!families) {
      families = new Map();
      this.regions.set(key, families);
    }
    let family = families.get(name);
    if (!family) {
      family = { name, revisions: [] };
      families.set(name, family);
    }
    return family;
  }

  private addScenarioFamily(service: ScenarioService) {
    const family = this.family(
      service.accountId,
      service.region,
      service.family!,
    );
    const { accountId, region } = service;
    const secretsPath = `${service.family}/`;
    const secrets = [
      {
        name: 'SENTRY_DSN',
        valueFrom: `arn:aws:ssm:${region}:${accountId}:parameter/${secretsPath}sentry-dsn`,
      },
    ];
    if (service.type !== 'website') {
      // Secrets Manager appends six random characters to a secret's ARN.
      secrets.unshift({
        name: 'DATABASE_URL',
        valueFrom: `arn:aws:secretsmanager:${region}:${accountId}:secret:${secretsPath}database-url-${stableHex(
          `secret/${service.id}`,
          6,
        )}`,
      });
    }
    for (const deployment of service.deployments) {
      if (deployment.reason !== 'release') {
        continue;
      }
      const container = {
        name: service.component,
        image: deployment.image,
        cpu: service.cpu,
        memory: service.memory,
        essential: true,
        portMappings: service.containerPort
          ? [
              {
                containerPort: service.containerPort,
                hostPort: service.containerPort,
                protocol: 'tcp' as const,
              },
            ]
          : [],
        environment: [
          { name: 'SHIPYARD_ENVIRONMENT', value: service.environment },
          { name: 'SHIPYARD_VERSION', value: deployment.imageTag },
        ],
        secrets,
        // What the pipeline's docker build records, so a revision names its commit.
        dockerLabels: {
          'org.opencontainers.image.revision': imageRevision(
            service.component,
            deployment.imageTag,
          ),
          'org.opencontainers.image.version': deployment.imageTag,
        },
        logConfiguration: {
          logDriver: 'awslogs' as const,
          options: {
            'awslogs-group': `/ecs/${service.family}`,
            'awslogs-region': service.region,
            'awslogs-stream-prefix': service.component,
          },
        },
      };
      family.revisions.push({
        taskDefinition: {
          taskDefinitionArn: deployment.taskDefinitionArn,
          family: service.family,
          revision: deployment.revision,
          containerDefinitions: [container],
          taskRoleArn: `arn:aws:iam::${service.accountId}:role/${service.family}-task`,
          executionRoleArn: `arn:aws:iam::${service.accountId}:role/ecsTaskExecutionRole`,
          networkMode: 'awsvpc',
          status: 'ACTIVE',
          requiresCompatibilities: ['FARGATE'],
          compatibilities: ['EC2', 'FARGATE'],
          cpu: String(service.cpu),
          memory: String(service.memory),
          registeredAt: deployment.deployedAt,
          registeredBy: `arn:aws:sts::${service.accountId}:assumed-role/gitlab-deployer/ci`,
        },
        tags: toTagList({ ...service.tags, ...deploymentTags(deployment) }),
      });
    }
  }
}
