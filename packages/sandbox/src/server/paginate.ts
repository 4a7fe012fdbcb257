import { SandboxError } from './SandboxError';

/**
 * Cuts one page out of a list. Tokens are opaque to clients; a token that the sandbox did not
 * issue fails with `errorName` (ECS and Tagging call that InvalidParameterException).
 *
 * @public
 */
export function paginate<T>(
  items: readonly T[],
  options: { pageSize: number; token?: string; errorName: string },
): { page: T[]; nextToken?: string } {
  let offset = 0;
  if (options.token !== undefined) {
    const decoded = Buffer.from(options.token, 'base64url').toString('utf8');
    const match = /^offset:(\d+)$/.exec(decoded);
    if (!match) {
      throw new SandboxError(options.errorName, 'Invalid pagination token');
    }
    offset = Number(match[1]);
  }
  const page = items.slice(offset, offset + options.pageSize);
  const next = offset + options.pageSize;
  return {
    page,
    nextToken:
      next < items.length
        ? Buffer.from(`offset:${next}`, 'utf8').toString('base64url')
        : undefined,
  };
}
