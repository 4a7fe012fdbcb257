import type { IncomingHttpHeaders } from 'node:http';

/**
 * The parts of a SigV4 credential scope that the sandbox routes and authenticates by.
 *
 * @public
 */
export interface SigV4Credential {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  sessionToken?: string;
}

const CREDENTIAL =
  /Credential=([^/\s,]+)\/(\d{8})\/([^/\s,]+)\/([^/\s,]+)\/aws4_request/;

/**
 * Reads the credential scope from a SigV4 `Authorization` header (or a presigned URL's
 * `X-Amz-Credential`). The signature itself is not verified.
 *
 * @public
 */
export function parseSigV4Credential(
  headers: IncomingHttpHeaders,
  query: URLSearchParams,
): SigV4Credential | undefined {
  const authorization = headers.authorization;
  let match: RegExpExecArray | null = null;
  if (authorization?.startsWith('AWS4-HMAC-SHA256 ')) {
    match = CREDENTIAL.exec(authorization);
  } else if (query.has('X-Amz-Credential')) {
    match = CREDENTIAL.exec(`Credential=${query.get('X-Amz-Credential')}`);
  }
  if (!match) {
    return undefined;
  }
  const token =
    headers['x-amz-security-token'] ?? query.get('X-Amz-Security-Token');
  return {
    accessKeyId: match[1],
    date: match[2],
    region: match[3],
    service: match[4],
    sessionToken: typeof token === 'string' ? token : undefined,
  };
}

/**
 * The account behind a sandbox access key id, `SANDBOX<12 digits>[anything]`.
 *
 * @public
 */
export function accountOfAccessKey(accessKeyId: string): string | undefined {
  return /^SANDBOX(\d{12})/.exec(accessKeyId)?.[1];
}
