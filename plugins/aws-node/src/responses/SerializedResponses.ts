import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);

/** An answer's body, as JSON and gzipped. */
export interface SerializedResponse {
  json: Buffer;
  gzip: Buffer;
}

/** What `send` asks of a request: express's content negotiation. */
export interface SerializedResponseRequest {
  acceptsEncodings(encoding: string): string | false;
}

/** What `send` does with a response: express's. */
export interface SerializedResponseTarget {
  json(body: any): unknown;
  vary(field: string): unknown;
  type(type: string): unknown;
  set(field: string, value: string): unknown;
  end(chunk: Buffer): unknown;
}

/**
 * The JSON of answers that are served again as the same object (the views a
 * model keeps and shares between callers, such as the costs portfolio or a
 * page of security findings), made once per object and kept as long as the
 * object is: serializing and gzipping a large view on every request costs
 * CPU that 50 concurrent readers queue behind.
 */
export class SerializedResponses {
  private readonly responses = new WeakMap<
    object,
    Promise<SerializedResponse>
  >();

  /**
   * The serialized `value`, or undefined the first time it is seen: that
   * caller answers with the object itself (through res.json, where
   * responses are validated) while it is serialized for the next.
   */
  get(value: object): Promise<SerializedResponse> | undefined {
    const response = this.responses.get(value);
    if (response) {
      return response;
    }
    const serialized = (async () => {
      const json = Buffer.from(JSON.stringify(value));
      return { json, gzip: await gzipAsync(json) };
    })();
    this.responses.set(value, serialized);
    // A failure (never expected of JSON.stringify) serves the object again.
    serialized.catch(() => this.responses.delete(value));
    return undefined;
  }

  /**
   * Answers with `value`: the first time through res.json (where responses
   * are validated), after that with its stored bytes as they are (the typed
   * res.send of a generated router takes only the contract's objects),
   * gzipped when the client takes it, which the backend's compression
   * middleware then leaves alone.
   */
  async send(
    req: SerializedResponseRequest,
    res: SerializedResponseTarget,
    value: object,
  ): Promise<void> {
    const response = this.get(value);
    if (!response) {
      res.json(value);
      return;
    }
    const { json, gzip: gzipped } = await response;
    const acceptsGzip = req.acceptsEncodings('gzip') === 'gzip';
    const body = acceptsGzip ? gzipped : json;
    res.vary('Accept-Encoding');
    res.type('application/json');
    if (acceptsGzip) {
      res.set('Content-Encoding', 'gzip');
    }
    res.set('Content-Length', String(body.length));
    res.end(body);
  }
}
