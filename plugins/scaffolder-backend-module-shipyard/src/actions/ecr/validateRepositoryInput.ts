import { SHIPYARD_TAG_VALUE_PATTERN } from '@internal/plugin-aws-common';
import { throwIfProblems } from '../../validation/throwIfProblems';

// ECR's own rule for repository names.
const REPOSITORY_NAME =
  /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

/** What the ECR action creates, checked. */
export interface RepositoryInput {
  repositoryName: string;
  component: string;
  owner: string;
  system: string;
}

function checkTagValue(
  problems: string[],
  field: 'component' | 'owner' | 'system',
  value: unknown,
  example: string,
) {
  if (typeof value !== 'string' || value === '') {
    problems.push(`${field} is required, e.g. "${example}"`);
  } else if (/[:/]/.test(value)) {
    problems.push(
      `${field} "${value}" looks like an entity ref; give the entity name only, e.g. "${example}" (in a template: \${{ parameters.${field} | parseEntityRef | pick('name') }})`,
    );
  } else if (!SHIPYARD_TAG_VALUE_PATTERN.test(value)) {
    problems.push(
      `${field} "${value}" must be 1 to 63 letters, digits, ".", "_" or "-", starting and ending with a letter or digit: it becomes the value of a Shipyard tag`,
    );
  }
}

/**
 * Checks the ECR action's input with messages that say what to change; the
 * scaffolder's schema check only knows the types.
 */
export function validateRepositoryInput(input: {
  [key: string]: unknown;
}): RepositoryInput {
  const problems: string[] = [];
  const { repositoryName, component, owner, system } = input;
  if (typeof repositoryName !== 'string' || repositoryName === '') {
    problems.push('repositoryName is required, e.g. "returns-api"');
  } else if (
    repositoryName.length < 2 ||
    repositoryName.length > 256 ||
    !REPOSITORY_NAME.test(repositoryName)
  ) {
    problems.push(
      `repositoryName "${repositoryName}" is not a valid ECR repository name: 2 to 256 characters, lowercase letters and digits, separated by single ".", "_" or "-", with "/" between path parts, e.g. "storefront/returns-api"`,
    );
  }
  checkTagValue(problems, 'component', component, 'returns-api');
  checkTagValue(problems, 'owner', owner, 'team-storefront');
  checkTagValue(problems, 'system', system, 'storefront');
  throwIfProblems('Cannot create the ECR repository', problems);
  return input as unknown as RepositoryInput;
}
