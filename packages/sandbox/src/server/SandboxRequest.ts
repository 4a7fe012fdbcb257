import type { IncomingHttpHeaders } from 'node:http';

/**
 * An HTTP request as the sandbox received it, body fully read.
 *
 * @public
 */
export interface SandboxRequest {
  method: string;
  /** The path without the query string, e.g. `/detector/abc/findings`. */
  path: string;
  query: URLSearchParams;
  /** Header names are lower case, as node:http gives them. */
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * An HTTP response that the server writes as is.
 *
 * @public
 */
export interface SandboxResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string | Buffer;
}
