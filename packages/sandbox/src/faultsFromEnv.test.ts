import { faultsFromEnv } from './faultsFromEnv';
import { createSandboxServer } from './server/createSandboxServer';

describe('faultsFromEnv', () => {
  it('returns no faults when SANDBOX_FAULTS is unset or empty', () => {
    expect(faultsFromEnv({})).toEqual([]);
    expect(faultsFromEnv({ SANDBOX_FAULTS: ' ' })).toEqual([]);
  });

  it('accepts a JSON array of the specs the admin route takes, and the server applies them', async () => {
    const specs = faultsFromEnv({
      SANDBOX_FAULTS: JSON.stringify([
        { service: 'kubernetes', kind: 'throttle', rate: 0.5 },
        { service: '*', kind: 'latency', latencyMs: 10 },
        { service: 'sts', kind: 'error', count: 2, statusCode: 503 },
      ]),
    });
    expect(specs).toEqual([
      { service: 'kubernetes', kind: 'throttle', rate: 0.5 },
      { service: '*', kind: 'latency', latencyMs: 10 },
      { service: 'sts', kind: 'error', count: 2, statusCode: 503 },
    ]);
    const server = await createSandboxServer({ port: 0, faults: specs });
    try {
      expect(server.faults.list().map(f => [f.service, f.kind])).toEqual([
        ['kubernetes', 'throttle'],
        ['*', 'latency'],
        ['sts', 'error'],
      ]);
    } finally {
      await server.close();
    }
  });

  it('takes a single object as a list of one', () => {
    expect(
      faultsFromEnv({
        SANDBOX_FAULTS: '{"service":"ecs","kind":"throttle"}',
      }),
    ).toEqual([{ service: 'ecs', kind: 'throttle' }]);
  });

  it('rejects malformed JSON naming the variable', () => {
    expect(() => faultsFromEnv({ SANDBOX_FAULTS: '[{service:ecs}]' })).toThrow(
      /^SANDBOX_FAULTS must be a JSON array of fault specs/,
    );
  });

  it('rejects an invalid spec naming the variable, the entry and the rule', () => {
    expect(() =>
      faultsFromEnv({
        SANDBOX_FAULTS: JSON.stringify([
          { service: 'ecs', kind: 'throttle' },
          { service: 'ecs', kind: 'explode' },
        ]),
      }),
    ).toThrow(
      "SANDBOX_FAULTS[1] is not a valid fault: A fault's 'kind' must be throttle, error or latency",
    );
    expect(() =>
      faultsFromEnv({
        SANDBOX_FAULTS: '[{"service":"ecs","kind":"throttle","rate":2}]',
      }),
    ).toThrow(/^SANDBOX_FAULTS\[0\].*'rate' must be a number from 0 to 1/);
  });
});
