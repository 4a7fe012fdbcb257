import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);

/** An answer's body, as JSON and gzipped. */
export interface SerializedResponse {
  json: Buffer;
  gzip: Buffer;
}

/**
 * The JSON of answers that are served again as the same object (the
 * overviews and pages of findings that DefaultSecurityModel and
 * AuthorizedSecurityModel share between callers), made once per object and
 * kept as long as the object is: serializing and gzipping a page of 50
 * findings on every request is CPU that 50 concurrent readers queue behind.
 * (The costs backend does the same with its portfolio.)
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
}
