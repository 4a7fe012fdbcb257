const EFFECTS = ['Allow', 'Deny'];

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

/**
 * What makes a repository policy one ECR refuses, or undefined when it would take it: JSON
 * with a `Statement` (one or a list), each with an `Effect`, a `Principal` and ECR actions.
 * ECR checks more (that the principals exist); the sandbox has no IAM to check them against.
 */
export function policyProblem(policyText: string): string | undefined {
  let policy: unknown;
  try {
    policy = JSON.parse(policyText);
  } catch {
    return 'not JSON';
  }
  if (typeof policy !== 'object' || policy === null || Array.isArray(policy)) {
    return 'not a JSON object';
  }
  const { Statement } = policy as Record<string, unknown>;
  const statements = Statement === undefined ? [] : asList(Statement);
  if (statements.length === 0) {
    return 'no Statement';
  }
  for (const [index, statement] of statements.entries()) {
    if (typeof statement !== 'object' || statement === null) {
      return `Statement ${index} is not an object`;
    }
    const { Effect, Principal, Action } = statement as Record<string, unknown>;
    if (!EFFECTS.includes(Effect as string)) {
      return `Statement ${index} has no Effect Allow or Deny`;
    }
    if (Principal === undefined) {
      return `Statement ${index} has no Principal`;
    }
    const actions = Action === undefined ? [] : asList(Action);
    if (
      actions.length === 0 ||
      actions.some(
        a =>
          typeof a !== 'string' || !(a === '*' || /^ecr:[A-Za-z*]+$/.test(a)),
      )
    ) {
      return `Statement ${index} must name ECR actions (ecr:BatchGetImage)`;
    }
  }
  return undefined;
}
