type Node = Record<string, unknown> | unknown[];

/**
 * Decodes an awsQuery form into nested values: `Tags.member.2.Key=a` becomes
 * `{ Tags: [undefined, { Key: 'a' }] }` compacted to `{ Tags: [{ Key: 'a' }] }`, and
 * `Policy.Name=x` becomes `{ Policy: { Name: 'x' } }`. `Action` and `Version` are left in.
 */
export function decodeQueryForm(
  form: URLSearchParams,
): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of form) {
    const segments = key.split('.');
    let node: Node = root;
    for (let i = 0; i < segments.length; i++) {
      const last = i === segments.length - 1;
      let segment: string | number = segments[i];
      // `member.N` (and `entry.N` for maps) is how awsQuery spells a list index.
      if (
        (segment === 'member' || segment === 'entry') &&
        i + 1 < segments.length &&
        /^\d+$/.test(segments[i + 1])
      ) {
        continue;
      }
      if (/^\d+$/.test(segment) && Array.isArray(node)) {
        segment = Number(segment) - 1;
      }
      const container = node as Record<string | number, unknown>;
      if (last) {
        container[segment] = value;
        break;
      }
      const next = segments[i + 1];
      const nextIsIndex =
        next === 'member' || next === 'entry' || /^\d+$/.test(next);
      if (container[segment] === undefined) {
        container[segment] = nextIsIndex ? [] : {};
      }
      node = container[segment] as Node;
    }
  }
  return compact(root) as Record<string, unknown>;
}

function compact(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.filter(v => v !== undefined).map(compact);
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = compact(v);
    }
    return out;
  }
  return value;
}
