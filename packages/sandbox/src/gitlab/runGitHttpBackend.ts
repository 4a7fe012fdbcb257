import { spawn } from 'node:child_process';
import { gunzipSync } from 'node:zlib';
import type { SandboxRequest, SandboxResponse } from '../server/SandboxRequest';
import { GitRepositories } from './GitRepositories';

const GIT_HTTP_BACKEND = '/usr/lib/git-core/git-http-backend';

/**
 * Serves one Git smart-HTTP request (info/refs, git-upload-pack, git-receive-pack) by running
 * Debian's git-http-backend as a CGI program over the stand-in's bare repositories.
 * `pathInfo` is the repository-relative path (`/northwind/storefront/app.git/info/refs`);
 * `remoteUser` is set only for an authenticated caller, which is what enables receive-pack.
 */
export function runGitHttpBackend(
  request: SandboxRequest,
  options: { projectRoot: string; pathInfo: string; remoteUser?: string },
): Promise<SandboxResponse> {
  // git sends large request bodies gzipped; the backend would have to inflate them itself.
  const body =
    request.headers['content-encoding'] === 'gzip'
      ? gunzipSync(request.body)
      : request.body;
  const env: Record<string, string> = {
    ...GitRepositories.env,
    GIT_PROJECT_ROOT: options.projectRoot,
    GIT_HTTP_EXPORT_ALL: '1',
    GATEWAY_INTERFACE: 'CGI/1.1',
    SERVER_PROTOCOL: 'HTTP/1.1',
    REQUEST_METHOD: request.method,
    PATH_INFO: options.pathInfo,
    QUERY_STRING: request.query.toString(),
    CONTENT_TYPE: String(request.headers['content-type'] ?? ''),
    CONTENT_LENGTH: String(body.length),
    REMOTE_ADDR: '127.0.0.1',
    ...(options.remoteUser && {
      REMOTE_USER: options.remoteUser,
      AUTH_TYPE: 'Basic',
    }),
    ...(request.headers['git-protocol'] && {
      GIT_PROTOCOL: String(request.headers['git-protocol']),
    }),
  };
  return new Promise((resolve, reject) => {
    const child = spawn(GIT_HTTP_BACKEND, [], { env });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', code => {
      const output = Buffer.concat(out);
      if (code !== 0 && output.length === 0) {
        reject(
          new Error(
            `git-http-backend exited with ${code}: ${Buffer.concat(
              err,
            ).toString('utf8')}`,
          ),
        );
        return;
      }
      resolve(parseCgiResponse(output));
    });
    child.stdin.on('error', () => {
      // The backend may answer (e.g. 403) without reading the body; the answer still counts.
    });
    child.stdin.end(body);
  });
}

/** A CGI response: header lines, a blank line, the body; `Status:` sets the status code. */
function parseCgiResponse(output: Buffer): SandboxResponse {
  let end = output.indexOf('\r\n\r\n');
  let separator = 4;
  if (end < 0) {
    end = output.indexOf('\n\n');
    separator = 2;
  }
  if (end < 0) {
    throw new Error('git-http-backend wrote no CGI header');
  }
  const headers: Record<string, string> = {};
  let statusCode = 200;
  for (const line of output
    .subarray(0, end)
    .toString('latin1')
    .split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'status') {
      statusCode = parseInt(value, 10);
    } else {
      headers[name] = value;
    }
  }
  return { statusCode, headers, body: output.subarray(end + separator) };
}
