import { SandboxError } from '../SandboxError';

/** Parses a JSON request body as AWS does: empty means `{}`, anything but an object is refused. */
export function parseJsonBody(body: Buffer): Record<string, unknown> {
  if (body.length === 0) {
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new SandboxError(
      'SerializationException',
      'Start of structure or map found where not expected.',
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new SandboxError(
      'SerializationException',
      'Start of structure or map found where not expected.',
    );
  }
  return parsed as Record<string, unknown>;
}
