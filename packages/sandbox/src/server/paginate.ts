import { SandboxError } from './SandboxError';

/**
 * Cuts one page out of a list. Tokens are opaque to clients; a token that the sandbox did not
 * issue fails with `errorName` (ECS and Tagging call that InvalidParameterException).
 *
 * @public
 */
export function paginate<T>(
  items: readonly T[],
  options: {
    /** A number, or a function of the remaining items (pages sized by content). */
    pageSize: number | ((remaining: readonly T[]) => number);
    token?: string;
    errorName: string;
  },
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
  const pageSize =
    typeof options.pageSize === 'number'
      ? options.pageSize
      : options.pageSize(items.slice(offset));
  const page = items.slice(offset, offset + pageSize);
  const next = offset + pageSize;
  return {
    page,
    nextToken:
      next < items.length
        ? Buffer.from(`offset:${next}`, 'utf8').toString('base64url')
        : undefined,
  };
}
