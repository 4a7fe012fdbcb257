import { throwIfProblems } from '../../validation/throwIfProblems';

// GitLab's own rule for variable keys.
const KEY = /^[A-Za-z0-9_]+$/;
const MAX_KEY_LENGTH = 255;
// GitLab masks only values of 8 or more characters from this alphabet (so on
// one line, without spaces); it refuses to save a masked variable otherwise.
const MASKABLE = /^[A-Za-z0-9_:@\-+.~=/]{8,}$/;

/** One CI/CD variable to create or update, checked, with its defaults. */
export interface CiVariable {
  key: string;
  value: string;
  environmentScope: string;
  protected: boolean;
  masked: boolean;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks the variables with messages that name the variable and say what to
 * change, all at once; the scaffolder's schema check only knows the types.
 */
export function validateCiVariables(variables: unknown): CiVariable[] {
  const heading = 'Cannot set the GitLab CI/CD variables';
  if (!Array.isArray(variables) || variables.length === 0) {
    throwIfProblems(heading, [
      'variables must list at least one { key, value } to set',
    ]);
  }
  const problems: string[] = [];
  const seen = new Set<string>();
  const checked = (variables as unknown[]).map((variable, index) => {
    const at = `variables[${index}]`;
    if (!isObject(variable)) {
      problems.push(`${at} must be an object with a key and a value`);
      return undefined;
    }
    const { key, value, environmentScope = '*', masked = false } = variable;
    const isProtected = variable.protected ?? false;
    const name = typeof key === 'string' && key ? key : at;
    if (typeof key !== 'string' || key === '') {
      problems.push(`${at}.key is required, e.g. AWS_ROLE_ARN`);
    } else if (!KEY.test(key) || key.length > MAX_KEY_LENGTH) {
      problems.push(
        `${at}.key "${key}" may only contain letters, digits and "_" (at most ${MAX_KEY_LENGTH}), e.g. AWS_ROLE_ARN`,
      );
    }
    if (typeof value !== 'string' || value === '') {
      problems.push(
        `${name}: value must be a non-empty string${
          value === undefined || value === '' ? '' : `, got ${typeof value}`
        }`,
      );
    }
    if (
      typeof environmentScope !== 'string' ||
      environmentScope.trim() === '' ||
      environmentScope.length > 255
    ) {
      problems.push(
        `${name}: environmentScope must be an environment name (dev), a wildcard (review/*) or * for all environments`,
      );
    }
    if (typeof isProtected !== 'boolean') {
      problems.push(`${name}: protected must be true or false`);
    }
    if (typeof masked !== 'boolean') {
      problems.push(`${name}: masked must be true or false`);
    } else if (masked && typeof value === 'string' && !MASKABLE.test(value)) {
      problems.push(
        `${name}: GitLab masks only values of at least 8 characters made of letters, digits and _:@-+.~=/ (no spaces or line breaks); set masked: false or change the value`,
      );
    }
    const identity = `${String(key)}\u0000${String(environmentScope)}`;
    if (seen.has(identity)) {
      problems.push(
        `${name} is listed twice for environment scope ${String(
          environmentScope,
        )}`,
      );
    }
    seen.add(identity);
    return {
      key: key as string,
      value: value as string,
      environmentScope: environmentScope as string,
      protected: isProtected as boolean,
      masked: masked as boolean,
    };
  });
  throwIfProblems(heading, problems);
  return checked as CiVariable[];
}
