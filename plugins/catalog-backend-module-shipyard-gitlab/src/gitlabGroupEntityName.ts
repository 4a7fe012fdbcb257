import { createHash } from 'node:crypto';

/** The longest entity name the catalog accepts. */
const MAX_NAME_LENGTH = 63;

/**
 * A path segment as GitLab accepts it for new groups: letters and digits, with single `-`, `_` or
 * `.` between them. Such a segment never contains `--`, so `--` can join segments unambiguously.
 */
const PLAIN_SEGMENT = /^[a-z0-9]+(?:[-_.][a-z0-9]+)*$/;

/**
 * The catalog entity name of the GitLab group at `fullPath`: the full path, lower case, with
 * `--` in place of each `/` (`northwind/platform/sre` is `northwind--platform--sre`,
 * `northwind/platform-sre` is `northwind--platform-sre`).
 *
 * Distinct groups always get distinct names, because a role is granted by name. A path that the
 * plain form cannot carry unambiguously (a segment from an older GitLab with `--`, or a leading or
 * trailing `-`, `_`, `.`), or whose name would be longer than the catalog allows, is named after
 * its last segment, `---`, and 16 hex digits of the SHA-256 of the lower-case full path. Plain names
 * never contain `---`, so the two forms cannot meet.
 *
 * @public
 */
export function gitlabGroupEntityName(fullPath: string): string {
  const path = fullPath.toLocaleLowerCase('en-US');
  const segments = path.split('/');
  if (segments.some(segment => segment === '')) {
    throw new TypeError(`Invalid GitLab group path '${fullPath}'`);
  }
  const plain = segments.join('--');
  if (
    segments.every(segment => PLAIN_SEGMENT.test(segment)) &&
    plain.length <= MAX_NAME_LENGTH
  ) {
    return plain;
  }
  const hash = createHash('sha256').update(path).digest('hex').slice(0, 16);
  const stem = segments[segments.length - 1]
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return `${stem || 'group'}---${hash}`;
}
