import { createServer, IncomingHttpHeaders } from 'node:http';
import { AddressInfo } from 'node:net';

/** A request as the fake server saw it. */
export interface FakeAwsRequest {
  /** From X-Amz-Target, e.g. `ResourceGroupsTaggingAPI_20170126.GetResources`. */
  target: string;
  headers: IncomingHttpHeaders;
  body: any;
}

/** What the handler answers. */
export interface FakeAwsResponse {
  status?: number;
  headers?: Record<string, string>;
  body: unknown;
}

/** An AWS JSON protocol error response, as AWS sends it. */
export function awsJsonError(
  name: string,
  message: string,
  status = 400,
  headers: Record<string, string> = {},
): FakeAwsResponse {
  return {
    status,
    headers: {
      'x-amzn-errortype': name,
      'x-amzn-requestid': 'req-1234',
      ...headers,
    },
    body: { __type: name, message },
  };
}

/**
 * A local HTTP server speaking the AWS JSON 1.0/1.1 protocols, so that tests
 * exercise real SDK clients (middleware, retries, signing, error parsing)
 * without the sandbox. Listens on an ephemeral port of 127.0.0.1.
 */
export async function startFakeAwsJsonServer(
  handler: (request: FakeAwsRequest) => FakeAwsResponse,
): Promise<{
  url: string;
  requests: FakeAwsRequest[];
  close(): Promise<void>;
}> {
  const requests: FakeAwsRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const request: FakeAwsRequest = {
        target: String(req.headers['x-amz-target'] ?? ''),
        headers: req.headers,
        body: text ? JSON.parse(text) : {},
      };
      requests.push(request);
      const response = handler(request);
      res.writeHead(response.status ?? 200, {
        'content-type': 'application/x-amz-json-1.1',
        'x-amzn-requestid': 'req-1234',
        ...response.headers,
      });
      res.end(JSON.stringify(response.body));
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close(err => (err ? reject(err) : resolve()));
      }),
  };
}
