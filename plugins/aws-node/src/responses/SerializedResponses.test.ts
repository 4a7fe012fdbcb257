import { gunzipSync } from 'node:zlib';
import { SerializedResponses } from './SerializedResponses';

/** A response that records what was sent. */
function recordingResponse() {
  const sent = {
    json: undefined as unknown,
    headers: {} as Record<string, string>,
    body: undefined as Buffer | undefined,
  };
  return {
    sent,
    res: {
      json: (body: unknown) => (sent.json = body),
      vary: (field: string) => (sent.headers.vary = field),
      type: (type: string) => (sent.headers['content-type'] = type),
      set: (field: string, value: string) =>
        (sent.headers[field.toLowerCase()] = value),
      end: (chunk: Buffer) => (sent.body = chunk),
    },
  };
}

const takesGzip = { acceptsEncodings: () => 'gzip' as const };
const identityOnly = { acceptsEncodings: () => false as const };

describe('SerializedResponses', () => {
  it('serializes an object the second time it is seen, once, as JSON and gzipped', async () => {
    const responses = new SerializedResponses();
    const value = { items: [{ id: 'a', count: 2 }], totalCount: 1 };
    expect(responses.get(value)).toBeUndefined();
    const second = responses.get(value);
    expect(second).toBeDefined();
    expect(responses.get(value)).toBe(second);
    const { json, gzip } = await second!;
    expect(JSON.parse(json.toString())).toEqual(value);
    expect(gunzipSync(gzip).toString()).toBe(json.toString());
  });

  it('keeps bytes per object, not per content', () => {
    const responses = new SerializedResponses();
    responses.get({ a: 1 });
    expect(responses.get({ a: 1 })).toBeUndefined();
  });

  it('sends an object first through res.json, then its stored bytes, gzipped only to a client that takes gzip', async () => {
    const responses = new SerializedResponses();
    const value = { name: 'checkout-api', counts: { high: 3 } };

    const first = recordingResponse();
    await responses.send(takesGzip, first.res, value);
    expect(first.sent.json).toBe(value);
    expect(first.sent.body).toBeUndefined();

    const gzipped = recordingResponse();
    await responses.send(takesGzip, gzipped.res, value);
    expect(gzipped.sent.json).toBeUndefined();
    expect(gzipped.sent.headers).toEqual({
      vary: 'Accept-Encoding',
      'content-type': 'application/json',
      'content-encoding': 'gzip',
      'content-length': String(gzipped.sent.body!.length),
    });
    expect(JSON.parse(gunzipSync(gzipped.sent.body!).toString())).toEqual(
      value,
    );

    const plain = recordingResponse();
    await responses.send(identityOnly, plain.res, value);
    expect(plain.sent.headers['content-encoding']).toBeUndefined();
    expect(plain.sent.headers['content-length']).toBe(
      String(plain.sent.body!.length),
    );
    expect(JSON.parse(plain.sent.body!.toString())).toEqual(value);
  });
});
