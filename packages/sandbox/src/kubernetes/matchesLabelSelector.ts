import { KubernetesError } from './KubernetesError';

type Requirement = (labels: Record<string, string>) => boolean;

const cache = new Map<string, Requirement[]>();

function parse(selector: string): Requirement[] {
  // Split on commas outside `in (a,b)` sets.
  const parts = selector.match(/(?:[^,(]|\([^)]*\))+/g) ?? [];
  return parts.map(raw => {
    const part = raw.trim();
    let m = /^([\w./-]+)\s*(!=|==|=)\s*([\w./-]*)$/.exec(part);
    if (m) {
      const [, key, op, value] = m;
      return op === '!='
        ? labels => labels[key] !== value
        : labels => labels[key] === value;
    }
    m = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(part);
    if (m) {
      const [, key, op, list] = m;
      const values = list.split(',').map(v => v.trim());
      return op === 'in'
        ? labels => labels[key] !== undefined && values.includes(labels[key])
        : labels => labels[key] === undefined || !values.includes(labels[key]);
    }
    m = /^(!?)([\w./-]+)$/.exec(part);
    if (m) {
      const [, not, key] = m;
      return not
        ? labels => labels[key] === undefined
        : labels => labels[key] !== undefined;
    }
    throw new KubernetesError(
      400,
      'BadRequest',
      `unable to parse requirement: ${part}`,
    );
  });
}

/** Whether labels satisfy a label selector as the API server parses it (`a=b,c!=d,e in (f,g),h`). */
export function matchesLabelSelector(
  labels: Record<string, string> | undefined,
  selector: string | null | undefined,
): boolean {
  if (!selector) {
    return true;
  }
  let requirements = cache.get(selector);
  if (!requirements) {
    requirements = parse(selector);
    if (cache.size < 1000) {
      cache.set(selector, requirements);
    }
  }
  return requirements.every(r => r(labels ?? {}));
}
