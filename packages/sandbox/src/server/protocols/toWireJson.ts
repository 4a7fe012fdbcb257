/**
 * JSON.stringify with AWS's JSON timestamp format: Date becomes epoch seconds (with
 * milliseconds as a fraction), which is what the SDK's JSON deserialisers expect by default.
 */
export function toWireJson(value: unknown): string {
  return JSON.stringify(
    value,
    function replacer(
      this: Record<string, unknown>,
      key: string,
      serialized: unknown,
    ) {
      // The replacer sees the result of Date.toJSON (a string); the original is still on `this`.
      const raw = this[key];
      return raw instanceof Date ? raw.getTime() / 1000 : serialized;
    },
  );
}
