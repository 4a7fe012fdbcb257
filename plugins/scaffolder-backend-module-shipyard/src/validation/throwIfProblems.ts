import { InputError } from '@backstage/errors';

/**
 * Throws one `InputError` listing every problem found, so that a person fixes
 * all of them in one go rather than one per run.
 */
export function throwIfProblems(heading: string, problems: string[]): void {
  if (problems.length === 1) {
    throw new InputError(`${heading}: ${problems[0]}`);
  }
  if (problems.length > 1) {
    throw new InputError(
      `${heading}:\n${problems.map(p => `  - ${p}`).join('\n')}`,
    );
  }
}
