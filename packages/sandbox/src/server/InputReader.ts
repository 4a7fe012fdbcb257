import { SandboxError } from './SandboxError';

type Input = Record<string, unknown>;

/**
 * Reads and validates an operation's input from the wire, failing with the service's
 * validation error name and AWS's wording for constraint violations.
 *
 * @public
 */
export class InputReader {
  private constructor(
    private readonly input: Input,
    private readonly errorName: string,
  ) {}

  /** `errorName` is the service's validation error, e.g. `InvalidParameterException`. */
  static of(input: unknown, errorName: string): InputReader {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw new SandboxError(errorName, 'The request must be a structure');
    }
    return new InputReader(input as Input, errorName);
  }

  /** The service's validation error with a message of the handler's own; throw it. */
  invalid(message: string): SandboxError {
    return new SandboxError(this.errorName, message);
  }

  private violation(name: string, value: unknown, constraint: string): never {
    const shown =
      value === undefined || value === null ? 'null' : `'${String(value)}'`;
    throw this.invalid(
      `1 validation error detected: Value ${shown} at '${name}' failed to satisfy constraint: ${constraint}`,
    );
  }

  has(name: string): boolean {
    return this.input[name] !== undefined && this.input[name] !== null;
  }

  string(
    name: string,
    options: { pattern?: RegExp; minLength?: number; maxLength?: number } = {},
  ): string | undefined {
    const value = this.input[name];
    if (value === undefined || value === null) {
      return undefined;
    }
    if (typeof value !== 'string') {
      return this.violation(name, value, 'Member must be a string');
    }
    if (options.minLength !== undefined && value.length < options.minLength) {
      return this.violation(
        name,
        value,
        `Member must have length greater than or equal to ${options.minLength}`,
      );
    }
    if (options.maxLength !== undefined && value.length > options.maxLength) {
      return this.violation(
        name,
        value,
        `Member must have length less than or equal to ${options.maxLength}`,
      );
    }
    if (options.pattern && !options.pattern.test(value)) {
      return this.violation(
        name,
        value,
        `Member must satisfy regular expression pattern: ${options.pattern.source}`,
      );
    }
    return value;
  }

  requiredString(
    name: string,
    options: { pattern?: RegExp; minLength?: number; maxLength?: number } = {},
  ): string {
    const value = this.string(name, options);
    if (value === undefined) {
      return this.violation(name, undefined, 'Member must not be null');
    }
    return value;
  }

  /** Integers arrive as JSON numbers, or as strings from awsQuery forms and query strings. */
  integer(
    name: string,
    options: { min?: number; max?: number } = {},
  ): number | undefined {
    const raw = this.input[name];
    if (raw === undefined || raw === null) {
      return undefined;
    }
    const value =
      typeof raw === 'string' && /^-?\d+$/.test(raw) ? Number(raw) : raw;
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      return this.violation(name, raw, 'Member must be an integer');
    }
    if (options.min !== undefined && value < options.min) {
      return this.violation(
        name,
        value,
        `Member must have value greater than or equal to ${options.min}`,
      );
    }
    if (options.max !== undefined && value > options.max) {
      return this.violation(
        name,
        value,
        `Member must have value less than or equal to ${options.max}`,
      );
    }
    return value;
  }

  boolean(name: string): boolean | undefined {
    const raw = this.input[name];
    if (raw === undefined || raw === null) {
      return undefined;
    }
    if (raw === 'true' || raw === 'false') {
      return raw === 'true';
    }
    if (typeof raw !== 'boolean') {
      return this.violation(name, raw, 'Member must be a boolean');
    }
    return raw;
  }

  enumValue<T extends string>(
    name: string,
    values: readonly T[],
  ): T | undefined {
    const value = this.string(name);
    if (value !== undefined && !values.includes(value as T)) {
      return this.violation(
        name,
        value,
        `Member must satisfy enum value set: [${values.join(', ')}]`,
      );
    }
    return value as T | undefined;
  }

  list(
    name: string,
    options: { maxItems?: number } = {},
  ): unknown[] | undefined {
    const value = this.input[name];
    if (value === undefined || value === null) {
      return undefined;
    }
    if (!Array.isArray(value)) {
      return this.violation(name, value, 'Member must be a list');
    }
    if (options.maxItems !== undefined && value.length > options.maxItems) {
      return this.violation(
        name,
        `[${value.length} items]`,
        `Member must have length less than or equal to ${options.maxItems}`,
      );
    }
    return value;
  }

  stringList(
    name: string,
    options: { maxItems?: number } = {},
  ): string[] | undefined {
    const list = this.list(name, options);
    if (list && list.some(v => typeof v !== 'string')) {
      return this.violation(name, list, 'Member must be a list of strings');
    }
    return list as string[] | undefined;
  }

  /** A nested structure, read with the same error name. */
  structure(name: string): InputReader | undefined {
    const value = this.input[name];
    if (value === undefined || value === null) {
      return undefined;
    }
    if (typeof value !== 'object' || Array.isArray(value)) {
      return this.violation(name, value, 'Member must be a structure');
    }
    return new InputReader(value as Input, this.errorName);
  }

  /** Each element of a list of structures, read with the same error name. */
  structureList(
    name: string,
    options: { maxItems?: number } = {},
  ): InputReader[] | undefined {
    return this.list(name, options)?.map(item =>
      InputReader.of(item, this.errorName),
    );
  }
}
