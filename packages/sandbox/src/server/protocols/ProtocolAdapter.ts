import type { SandboxError } from '../SandboxError';
import type { SandboxRequest, SandboxResponse } from '../SandboxRequest';

/** A request decoded by a protocol adapter. */
export interface ParsedOperation {
  operation: string;
  input: unknown;
  /** restJson1 path labels; empty for the RPC protocols. */
  pathParams: Record<string, string>;
}

/**
 * Translates between HTTP and the handler interface for one wire protocol; every protocol's
 * quirks (targets, forms, XML, error documents) live behind it.
 */
export interface ProtocolAdapter {
  /** Decodes the operation and its input; throws `SandboxError` for malformed requests. */
  parse(request: SandboxRequest): ParsedOperation;
  serialize(
    operation: string,
    output: unknown,
    requestId: string,
  ): SandboxResponse;
  serializeError(error: SandboxError, requestId: string): SandboxResponse;
  /** The error for a request without a SigV4 Authorization header. */
  missingAuthentication(): SandboxError;
  /** The error for credentials that the sandbox does not recognise. */
  unrecognizedClient(): SandboxError;
  unknownOperation(operation: string): SandboxError;
}
