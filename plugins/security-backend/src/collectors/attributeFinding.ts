import {
  ShipyardEnvironment,
  ShipyardTagKeys,
} from '@internal/plugin-aws-common';
import { severityBand } from '@internal/plugin-security-common';
import { StoredFinding } from '../database/SecurityStore';

/** Where a finding was found, and what it can be attributed to there. */
export interface FindingAttributionContext {
  /** The detector's account and region: the finding's key and its environments'. */
  accountId: string;
  region: string;
  /**
   * The configured environments that list this account and region, in
   * configuration order (several when environments share an account, as
   * dev and staging do).
   */
  environments: ShipyardEnvironment[];
  tagKeys: ShipyardTagKeys;
}

/** A finding as the sync stores it, before the store keeps its archivedAt and notifiedAt. */
export type AttributedFinding = Omit<
  StoredFinding,
  'archivedAt' | 'notifiedAt'
>;

type Json = Record<string, unknown>;

/** An object member, or undefined for anything else (a malformed finding). */
function object(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Json)
    : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value)
    ? value
    : undefined;
}

function date(value: unknown): Date | undefined {
  if (typeof value !== 'string' && !(value instanceof Date)) {
    return undefined;
  }
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? undefined : parsed;
}

/** GuardDuty's `[{ Key, Value }]` as a map; anything else as no tags. */
function tagsOf(holder: Json | undefined): Map<string, string> {
  const tags = new Map<string, string>();
  const list = holder?.Tags;
  if (!Array.isArray(list)) {
    return tags;
  }
  for (const tag of list) {
    const key = text(object(tag)?.Key);
    const value = text(object(tag)?.Value);
    if (key && value) {
      tags.set(key, value);
    }
  }
  return tags;
}

/** The part after the last `/` of an ARN, e.g. a task id. */
function lastSegment(arn: string | undefined): string | undefined {
  return arn?.split('/').pop() || undefined;
}

/** A long generated id shortened for people (task ids are 32 hex digits). */
function short(id: string): string {
  return id.length > 12 ? `${id.slice(0, 8)}…` : id;
}

interface ResourceParts {
  ecsCluster?: Json;
  ecsTask?: Json;
  eksCluster?: Json;
  workload?: Json;
  instance?: Json;
  buckets: Json[];
  accessKey?: Json;
  lambda?: Json;
  database?: Json;
}

function partsOf(resource: Json | undefined): ResourceParts {
  const ecsCluster = object(resource?.EcsClusterDetails);
  const buckets = Array.isArray(resource?.S3BucketDetails)
    ? resource!.S3BucketDetails.map(object).filter(
        (b): b is Json => b !== undefined,
      )
    : [];
  return {
    ecsCluster,
    ecsTask: object(ecsCluster?.TaskDetails),
    eksCluster: object(resource?.EksClusterDetails),
    workload: object(
      object(resource?.KubernetesDetails)?.KubernetesWorkloadDetails,
    ),
    instance: object(resource?.InstanceDetails),
    buckets,
    accessKey: object(resource?.AccessKeyDetails),
    lambda: object(resource?.LambdaDetails),
    database: object(resource?.RdsDbInstanceDetails),
  };
}

/**
 * The tags of the finding's resources, most specific first: the ECS task,
 * the EC2 instance, the S3 buckets, the access key (GuardDuty gives its
 * tags rarely), the Lambda function, the RDS instance, then the ECS and EKS
 * clusters. GuardDuty gives an EKS workload no tags of its own: the
 * cluster's stand for it.
 */
function tagsBySpecificity(parts: ResourceParts): Array<Map<string, string>> {
  return [
    tagsOf(parts.ecsTask),
    tagsOf(parts.instance),
    ...parts.buckets.map(tagsOf),
    tagsOf(parts.accessKey),
    tagsOf(parts.lambda),
    tagsOf(parts.database),
    tagsOf(parts.ecsCluster),
    tagsOf(parts.eksCluster),
  ];
}

/**
 * What a person recognises, and its ARN where GuardDuty gives one (or it
 * follows from the id, as for an instance).
 */
function describeResource(
  parts: ResourceParts,
  resourceType: string | undefined,
  context: FindingAttributionContext,
): { label: string; arn?: string } {
  const ecsClusterName = text(parts.ecsCluster?.Name);
  const eksClusterName = text(parts.eksCluster?.Name);
  const taskArn = text(parts.ecsTask?.Arn);
  if (parts.ecsTask && taskArn) {
    const id = lastSegment(taskArn)!;
    return {
      label: `task ${short(id)}${
        ecsClusterName ? ` in ${ecsClusterName}` : ''
      }`,
      arn: taskArn,
    };
  }
  const workloadName = text(parts.workload?.Name);
  if (workloadName) {
    const kind = (text(parts.workload?.Type) ?? 'workload').replace(/s$/, '');
    const namespace = text(parts.workload?.Namespace);
    return {
      label: `${kind} ${namespace ? `${namespace}/` : ''}${workloadName}${
        eksClusterName ? ` in ${eksClusterName}` : ''
      }`,
      arn: text(parts.eksCluster?.Arn),
    };
  }
  const instanceId = text(parts.instance?.InstanceId);
  if (instanceId) {
    const name = tagsOf(parts.instance).get('Name');
    return {
      label: `instance ${instanceId}${name ? ` (${name})` : ''}`,
      arn: `arn:aws:ec2:${context.region}:${context.accountId}:instance/${instanceId}`,
    };
  }
  const bucket = parts.buckets.find(b => text(b.Name) || text(b.Arn));
  if (bucket) {
    const name = text(bucket.Name) ?? lastSegment(text(bucket.Arn))!;
    const more = parts.buckets.length - 1;
    return {
      label: `bucket ${name}${more > 0 ? ` and ${more} more` : ''}`,
      arn: text(bucket.Arn) ?? `arn:aws:s3:::${name}`,
    };
  }
  const accessKeyId = text(parts.accessKey?.AccessKeyId);
  const userName = text(parts.accessKey?.UserName);
  if (accessKeyId || userName) {
    return {
      label: `access key ${accessKeyId ?? ''}${
        userName ? `${accessKeyId ? ' ' : ''}of ${userName}` : ''
      }`,
    };
  }
  const functionName = text(parts.lambda?.FunctionName);
  if (functionName) {
    return {
      label: `function ${functionName}`,
      arn: text(parts.lambda?.FunctionArn),
    };
  }
  const database = text(parts.database?.DbInstanceIdentifier);
  if (database) {
    return {
      label: `database ${database}`,
      arn: text(parts.database?.DbInstanceArn),
    };
  }
  if (ecsClusterName) {
    return {
      label: `ECS cluster ${ecsClusterName}`,
      arn: text(parts.ecsCluster?.Arn),
    };
  }
  if (eksClusterName) {
    return {
      label: `EKS cluster ${eksClusterName}`,
      arn: text(parts.eksCluster?.Arn),
    };
  }
  return {
    label: resourceType ? `${resourceType} resource` : 'unknown resource',
  };
}

/**
 * The environment of a finding: the one whose configured ECS or EKS cluster
 * (in this account and region) the finding's resource is in; else the one
 * its resource's environment tag names, among those of this account and
 * region; else the first of those (configuration order), so that a shared
 * account's findings on no cluster (an instance, a bucket) count once.
 */
function environmentOf(
  parts: ResourceParts,
  tags: Array<Map<string, string>>,
  context: FindingAttributionContext,
): string {
  const inHere = (c: { accountId: string; region: string }) =>
    c.accountId === context.accountId && c.region === context.region;
  const ecsClusterName = text(parts.ecsCluster?.Name);
  const eksClusterName = text(parts.eksCluster?.Name);
  const byCluster = context.environments.find(
    env =>
      (ecsClusterName &&
        env.ecsClusters.some(c => c.name === ecsClusterName && inHere(c))) ||
      (eksClusterName &&
        env.eksClusters.some(c => c.name === eksClusterName && inHere(c))),
  );
  if (byCluster) {
    return byCluster.name;
  }
  for (const resourceTags of tags) {
    const tagged = resourceTags.get(context.tagKeys.environment);
    const named = context.environments.find(env => env.name === tagged);
    if (named) {
      return named.name;
    }
  }
  return context.environments[0].name;
}

/**
 * A GetFindings finding as Shipyard stores it: its environment (by cluster,
 * environment tag, or account and region), its component (the component tag
 * of its most specific tagged resource; none for a platform finding), its
 * severity band, what its resource is, and when it was first and last seen.
 * Pure, and total: a malformed or unexpected shape gives what it has
 * (`unknown` band, `unknown resource`) and its raw JSON, never an error.
 * Undefined only for a finding without an id, which cannot be stored.
 */
export function attributeFinding(
  raw: unknown,
  context: FindingAttributionContext,
): AttributedFinding | undefined {
  if (context.environments.length === 0) {
    throw new Error(
      `No configured environment lists account ${context.accountId}, ${context.region}`,
    );
  }
  const finding = object(raw);
  const id = text(finding?.Id);
  if (!finding || !id) {
    return undefined;
  }
  const service = object(finding.Service);
  const resource = object(finding.Resource);
  const parts = partsOf(resource);
  const tags = tagsBySpecificity(parts);
  const resourceType = text(resource?.ResourceType);
  const described = describeResource(parts, resourceType, context);
  const component = tags
    .map(t => t.get(context.tagKeys.component))
    .find(Boolean);
  // Kept only within GuardDuty's 0 to 10, as its band is.
  const severity =
    severityBand(finding.Severity) === 'unknown'
      ? undefined
      : finite(finding.Severity);
  const updatedAt = date(finding.UpdatedAt);
  const firstSeen = date(service?.EventFirstSeen) ?? date(finding.CreatedAt);
  const lastSeen = date(service?.EventLastSeen) ?? updatedAt;
  const count = Number.isInteger(service?.Count)
    ? (service!.Count as number)
    : undefined;
  const type = text(finding.Type);
  const title = text(finding.Title);
  const description = text(finding.Description);

  return {
    accountId: context.accountId,
    region: context.region,
    id,
    environment: environmentOf(parts, tags, context),
    ...(component && { component }),
    ...(type && { type }),
    ...(title && { title }),
    ...(description && { description }),
    ...(severity !== undefined && { severity }),
    band: severityBand(finding.Severity),
    ...(resourceType && { resourceType }),
    resourceLabel: described.label,
    ...(described.arn && { resourceArn: described.arn }),
    ...(firstSeen && { firstSeen }),
    ...(lastSeen && { lastSeen }),
    ...(updatedAt && { updatedAt }),
    ...(count !== undefined && { count }),
    archived: service?.Archived === true,
    raw,
  };
}
