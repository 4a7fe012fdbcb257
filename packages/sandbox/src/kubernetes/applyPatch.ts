import { KubernetesError } from './KubernetesError';

type Json = any;

const isObject = (v: unknown): v is Record<string, Json> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function mergePatch(target: Json, patch: Json, strategic: boolean): Json {
  if (!isObject(patch)) {
    return patch;
  }
  const result: Record<string, Json> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch' || key.startsWith('$setElementOrder')) {
      continue;
    }
    if (value === null) {
      delete result[key];
    } else if (
      strategic &&
      Array.isArray(value) &&
      Array.isArray(result[key]) &&
      value.every(v => isObject(v) && typeof v.name === 'string')
    ) {
      // Strategic merge: lists of named items (containers, ports, env) merge by name.
      const merged = [...result[key]];
      for (const item of value) {
        const index = merged.findIndex(
          m => isObject(m) && m.name === item.name,
        );
        if (item.$patch === 'delete') {
          if (index >= 0) merged.splice(index, 1);
        } else if (index >= 0) {
          merged[index] = mergePatch(merged[index], item, true);
        } else {
          merged.push(mergePatch({}, item, true));
        }
      }
      result[key] = merged;
    } else {
      result[key] = mergePatch(result[key], value, strategic);
    }
  }
  return result;
}

function pointer(path: string): string[] {
  if (path === '') {
    return [];
  }
  if (!path.startsWith('/')) {
    throw new KubernetesError(422, 'Invalid', `invalid JSON pointer: ${path}`);
  }
  return path
    .slice(1)
    .split('/')
    .map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function jsonPatch(target: Json, operations: Json): Json {
  if (!Array.isArray(operations)) {
    throw new KubernetesError(
      400,
      'BadRequest',
      'json patch must be a list of operations',
    );
  }
  let doc = structuredClone(target);
  for (const op of operations) {
    const path = pointer(String(op?.path ?? ''));
    if (path.length === 0) {
      if (op.op === 'replace' || op.op === 'add') {
        doc = structuredClone(op.value);
        continue;
      }
      throw new KubernetesError(
        422,
        'Invalid',
        `unsupported operation on the root: ${op.op}`,
      );
    }
    const parent = path
      .slice(0, -1)
      .reduce<Json>((node, key) => node?.[key], doc);
    const key = path[path.length - 1];
    if (parent === undefined || parent === null || typeof parent !== 'object') {
      throw new KubernetesError(
        422,
        'Invalid',
        `the server rejected our request due to an error in our request: doc is missing path: ${op.path}`,
      );
    }
    const exists = Array.isArray(parent)
      ? Number(key) < parent.length
      : Object.prototype.hasOwnProperty.call(parent, key);
    switch (op.op) {
      case 'add':
        if (Array.isArray(parent)) {
          parent.splice(key === '-' ? parent.length : Number(key), 0, op.value);
        } else {
          parent[key] = op.value;
        }
        break;
      case 'replace':
      case 'remove':
        if (!exists) {
          throw new KubernetesError(
            422,
            'Invalid',
            `the server rejected our request due to an error in our request: ${op.op} operation does not apply: doc is missing path: ${op.path}`,
          );
        }
        if (op.op === 'remove') {
          if (Array.isArray(parent)) parent.splice(Number(key), 1);
          else delete parent[key];
        } else {
          parent[key] = op.value;
        }
        break;
      case 'test':
        if (JSON.stringify(parent[key]) !== JSON.stringify(op.value)) {
          throw new KubernetesError(
            422,
            'Invalid',
            `testing value ${op.path} failed`,
          );
        }
        break;
      default:
        throw new KubernetesError(422, 'Invalid', `Unexpected kind: ${op.op}`);
    }
  }
  return doc;
}

/** The patch types the API server accepts, by content type. */
export const PATCH_CONTENT_TYPES = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
] as const;

/**
 * Applies a PATCH body to an object as the API server does for its content type: RFC 6902
 * JSON patch, RFC 7386 merge patch, or strategic merge patch (named lists merged by name).
 */
export function applyPatch(
  target: Json,
  patch: Json,
  contentType: string,
): Json {
  const type = contentType.split(';')[0].trim();
  if (type === 'application/json-patch+json') {
    return jsonPatch(target, patch);
  }
  if (type === 'application/merge-patch+json') {
    return mergePatch(target, patch, false);
  }
  if (type === 'application/strategic-merge-patch+json') {
    return mergePatch(target, patch, true);
  }
  throw new KubernetesError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${PATCH_CONTENT_TYPES.join(
      ', ',
    )}`,
  );
}
