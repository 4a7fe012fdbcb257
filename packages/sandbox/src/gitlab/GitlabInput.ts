import type { SandboxRequest } from '../server/SandboxRequest';
import { GitlabError } from './GitlabError';

type Value = unknown;

/**
 * A GitLab API call's parameters: the query string merged with a JSON or form body, as GitLab's
 * API takes them from either. Readers throw GitLab's own parameter errors.
 */
export class GitlabInput {
  private constructor(private readonly values: Record<string, Value>) {}

  static of(request: SandboxRequest): GitlabInput {
    const values: Record<string, Value> = {};
    for (const [key, value] of request.query) {
      values[key] = value;
    }
    const type = String(request.headers['content-type'] ?? '');
    const text = request.body.length > 0 ? request.body.toString('utf8') : '';
    if (text && type.includes('application/json')) {
      let body: Value;
      try {
        body = JSON.parse(text);
      } catch {
        throw new GitlabError(400, {
          error: 'The request body is not valid JSON',
        });
      }
      if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
        Object.assign(values, body);
      }
    } else if (text && type.includes('application/x-www-form-urlencoded')) {
      for (const [key, value] of new URLSearchParams(text)) {
        values[key] = value;
      }
    }
    return new GitlabInput(values);
  }

  /** Throws `{"error":"a is missing, b is missing"}` for every required parameter absent. */
  require(...names: string[]): void {
    const missing = names.filter(n => {
      const v = this.values[n];
      return v === undefined || v === null || v === '';
    });
    if (missing.length > 0) throw GitlabError.missing(missing);
  }

  string(name: string): string | undefined {
    const v = this.values[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    throw GitlabError.badParameter(name);
  }

  boolean(name: string): boolean | undefined {
    const v = this.values[name];
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v === 'boolean') return v;
    if (v === 'true' || v === '1' || v === 1) return true;
    if (v === 'false' || v === '0' || v === 0) return false;
    throw GitlabError.badParameter(name);
  }

  integer(name: string): number | undefined {
    const v = this.values[name];
    if (v === undefined || v === null || v === '') return undefined;
    const n = typeof v === 'number' ? v : Number(v);
    if (!Number.isInteger(n)) throw GitlabError.badParameter(name);
    return n;
  }

  /** One of the allowed values, or GitLab's "does not have a valid value". */
  oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const v = this.string(name);
    if (v === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(v)) {
      throw GitlabError.badParameter(name, 'does not have a valid value');
    }
    return v as T;
  }

  /** A list given as a JSON array, `name[]=a&name[]=b`, or a comma-separated string. */
  stringList(name: string): string[] | undefined {
    const v = this.values[name] ?? this.values[`${name}[]`];
    if (v === undefined || v === null) return undefined;
    if (Array.isArray(v) && v.every(i => typeof i === 'string')) return v;
    if (typeof v === 'string') return v.split(',').filter(Boolean);
    throw GitlabError.badParameter(name);
  }

  /** Everything given, for settings the stand-in keeps without acting on. */
  all(): Record<string, Value> {
    return { ...this.values };
  }
}
