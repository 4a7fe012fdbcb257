import { Entity } from '@backstage/catalog-model';
import {
  SHIPYARD_ANNOTATION_COMPONENT_TAG,
  SHIPYARD_ANNOTATION_ENVIRONMENTS,
  SHIPYARD_ANNOTATION_PREFIX,
  SHIPYARD_ANNOTATION_RUNTIME,
} from './annotations';
import { SHIPYARD_RUNTIMES, ShipyardRuntime } from './ShipyardEnvironment';
import {
  SHIPYARD_ENVIRONMENT_NAME_PATTERN,
  SHIPYARD_TAG_VALUE_PATTERN,
} from './shipyardNamePatterns';

/**
 * The Shipyard annotations of an entity, validated.
 *
 * @public
 */
export interface ShipyardAnnotations {
  /** Undefined when the entity has no `shipyard.io/runtime` annotation. */
  runtime?: ShipyardRuntime;
  /** The `shipyard.io/component-tag` override, or else the entity name. */
  componentTagValue: string;
  /** Undefined means every configured environment. */
  environments?: string[];
}

/**
 * Either the validated annotations or every problem found, each a sentence
 * meant for the entity's owner.
 *
 * @public
 */
export type ParseShipyardAnnotationsResult =
  | { value: ShipyardAnnotations; errors?: undefined }
  | { value?: undefined; errors: string[] };

/**
 * Options for {@link parseShipyardAnnotations}.
 *
 * @public
 */
export interface ParseShipyardAnnotationsOptions {
  /**
   * The configured environment names. When given, `shipyard.io/environments`
   * may only name these.
   */
  environmentNames?: string[];
}

const ARN_PATTERN = /\barn:aws[a-z-]*:[^\s,]*/i;

// Word stems in an annotation name that would make it name *where* or *as whom*
// Shipyard acts. Annotations are editable by anyone who can edit a
// catalog-info.yaml, so they may select but never grant.
const GRANT_WORDS: Record<string, string> = {
  account: 'an AWS account',
  accounts: 'an AWS account',
  accountid: 'an AWS account',
  region: 'an AWS region',
  regions: 'an AWS region',
  role: 'an IAM role',
  roles: 'an IAM role',
  rolearn: 'an IAM role',
  rolename: 'an IAM role',
  assume: 'an IAM role',
  iam: 'an IAM role',
  arn: 'an ARN',
  arns: 'an ARN',
  credential: 'credentials',
  credentials: 'credentials',
  secret: 'credentials',
  access: 'credentials',
  accesskey: 'credentials',
  external: 'credentials',
  externalid: 'credentials',
  profile: 'credentials',
  endpoint: 'an AWS endpoint',
};

function grantedThing(annotationName: string): string | undefined {
  const words = annotationName
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/);
  for (const word of words) {
    if (Object.prototype.hasOwnProperty.call(GRANT_WORDS, word)) {
      return GRANT_WORDS[word];
    }
  }
  return undefined;
}

/**
 * Validates the `shipyard.io/*` annotations of an entity. Pure: used by the
 * catalog processor to reject bad entities and by the frontend to explain
 * them.
 *
 * Annotations may select (which tag value, which environments) but never
 * grant: any Shipyard annotation that names an account, region, role,
 * credentials or an ARN is an error, because accounts and roles come only
 * from the platform team's configuration.
 *
 * @public
 */
export function parseShipyardAnnotations(
  entity: Pick<Entity, 'metadata'>,
  options: ParseShipyardAnnotationsOptions = {},
): ParseShipyardAnnotationsResult {
  const annotations = entity.metadata.annotations ?? {};
  const errors: string[] = [];

  for (const [key, raw] of Object.entries(annotations)) {
    if (!key.startsWith(SHIPYARD_ANNOTATION_PREFIX)) {
      continue;
    }
    const thing = grantedThing(key.slice(SHIPYARD_ANNOTATION_PREFIX.length));
    if (thing) {
      errors.push(
        `Annotation "${key}" is not allowed: annotations may select resources but never grant access, so they cannot name ${thing}. ` +
          `Accounts, regions and roles come from the environments the platform team configures (shipyard.environments); remove the annotation.`,
      );
      continue;
    }
    const arn = typeof raw === 'string' ? raw.match(ARN_PATTERN) : null;
    if (arn) {
      errors.push(
        `Annotation "${key}" contains the ARN "${arn[0]}": annotations select resources by tag and may never name an account, region, role or ARN; remove the ARN.`,
      );
    }
  }

  let runtime: ShipyardRuntime | undefined;
  const rawRuntime = annotations[SHIPYARD_ANNOTATION_RUNTIME];
  if (rawRuntime !== undefined) {
    const value = rawRuntime.trim();
    if ((SHIPYARD_RUNTIMES as readonly string[]).includes(value)) {
      runtime = value as ShipyardRuntime;
    } else {
      errors.push(
        `Annotation "${SHIPYARD_ANNOTATION_RUNTIME}" must be one of ${SHIPYARD_RUNTIMES.map(
          r => `"${r}"`,
        ).join(' or ')}, got "${rawRuntime}".`,
      );
    }
  }

  let componentTagValue = entity.metadata.name;
  const rawTag = annotations[SHIPYARD_ANNOTATION_COMPONENT_TAG];
  if (rawTag !== undefined && !ARN_PATTERN.test(rawTag)) {
    const value = rawTag.trim();
    if (SHIPYARD_TAG_VALUE_PATTERN.test(value)) {
      componentTagValue = value;
    } else {
      errors.push(
        `Annotation "${SHIPYARD_ANNOTATION_COMPONENT_TAG}" must be 1 to 63 letters, digits, ".", "_" or "-", starting and ending with a letter or digit, got "${rawTag}".`,
      );
    }
  }

  let environments: string[] | undefined;
  const rawEnvironments = annotations[SHIPYARD_ANNOTATION_ENVIRONMENTS];
  if (rawEnvironments !== undefined && !ARN_PATTERN.test(rawEnvironments)) {
    const names = rawEnvironments.split(',').map(name => name.trim());
    const problems: string[] = [];
    if (names.some(name => name === '')) {
      problems.push('it has an empty entry');
    }
    const invalid = names.filter(
      name => name !== '' && !SHIPYARD_ENVIRONMENT_NAME_PATTERN.test(name),
    );
    if (invalid.length) {
      problems.push(
        `${invalid.map(n => `"${n}"`).join(', ')} ${
          invalid.length === 1 ? 'is not an' : 'are not'
        } environment name${
          invalid.length === 1 ? '' : 's'
        } (lowercase letters, digits and "-")`,
      );
    }
    const duplicates = names.filter(
      (name, index) => name !== '' && names.indexOf(name) !== index,
    );
    if (duplicates.length) {
      problems.push(
        `${[...new Set(duplicates)]
          .map(n => `"${n}"`)
          .join(', ')} appears more than once`,
      );
    }
    if (options.environmentNames && !invalid.length) {
      const known = options.environmentNames;
      const unknown = names.filter(
        name => name !== '' && !known.includes(name),
      );
      if (unknown.length) {
        problems.push(
          `${unknown.map(n => `"${n}"`).join(', ')} ${
            unknown.length === 1 ? 'is not a' : 'are not'
          } configured environment${unknown.length === 1 ? '' : 's'} (known: ${
            known.join(', ') || 'none'
          })`,
        );
      }
    }
    if (problems.length) {
      errors.push(
        `Annotation "${SHIPYARD_ANNOTATION_ENVIRONMENTS}" must be a comma separated list of environment names, e.g. "dev,staging,prod", but ${problems.join(
          '; ',
        )}.`,
      );
    } else {
      environments = names;
    }
  }

  if (errors.length) {
    return { errors };
  }
  return { value: { runtime, componentTagValue, environments } };
}
