import { TagMismatch } from './schema/openapi/generated';

/**
 * The link tags whose value on a resource differs from what the entity
 * expects (aws-node's `expectedLinkTags`), in the order expected lists them.
 * A missing tag is a mismatch without `actual`; an empty expectation (an
 * entity without owner or system) never matches.
 *
 * @public
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
