import { TagMismatch } from '@internal/plugin-deployments-common';

/**
 * The link tags whose value on a resource differs from what the entity
 * expects (see `expectedLinkTags`), in the order expected lists them. A
 * missing tag is a mismatch without `actual`.
 */
export function linkTagMismatches(
  actual: Record<string, string>,
  expected: Record<string, string>,
): TagMismatch[] {
  return Object.entries(expected).flatMap(([tag, value]) =>
    actual[tag] === value && value !== ''
      ? []
      : [
          {
            tag,
            expected: value,
            ...(actual[tag] !== undefined ? { actual: actual[tag] } : {}),
          },
        ],
  );
}
