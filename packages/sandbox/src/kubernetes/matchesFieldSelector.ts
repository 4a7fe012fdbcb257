import { KubernetesError } from './KubernetesError';

type Json = any;

interface Requirement {
  path: string[];
  value: string;
  equal: boolean;
}

function parse(selector: string): Requirement[] {
  return selector
    .split(',')
    .map(part => part.trim())
    .filter(Boolean)
    .map(part => {
      const m = /^([\w.-]+)\s*(!=|==|=)\s*(.*)$/.exec(part);
      if (!m) {
        throw new KubernetesError(
          400,
          'BadRequest',
          `invalid field selector: '${selector}'; can't understand '${part}'`,
        );
      }
      return { path: m[1].split('.'), value: m[3], equal: m[2] !== '!=' };
    });
}

/**
 * A test of whether an object satisfies a field selector (`involvedObject.name=x,type!=Normal`),
 * parsed up front so that a malformed selector fails (400) even when nothing is listed. The API
 * server supports a few fields per kind (`metadata.name`, `metadata.namespace`, and for events
 * `involvedObject.*`, `reason`, `type`, ...); any dotted path of the object works here, a missing
 * field reading as the empty string.
 */
export function matchesFieldSelector(
  selector: string | null | undefined,
): (object: Json) => boolean {
  const requirements = selector ? parse(selector) : [];
  return object =>
    requirements.every(({ path, value, equal }) => {
      let current: Json = object;
      for (const key of path) {
        current = current?.[key];
      }
      const actual =
        current === undefined || current === null ? '' : String(current);
      return (actual === value) === equal;
    });
}
