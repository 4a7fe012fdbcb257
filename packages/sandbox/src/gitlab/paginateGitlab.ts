import type { SandboxResponse } from '../server/SandboxRequest';
import { jsonResponse, type GitlabCall } from './GitlabCall';

const DEFAULT_PER_PAGE = 20;
const MAX_PER_PAGE = 100;

/**
 * One page of a list, with the headers GitLab's offset pagination sends (`x-page`, `x-per-page`,
 * `x-total`, `x-total-pages`, `x-next-page`, `x-prev-page` and a `Link` header with first, last,
 * next and prev): gitbeaker's `all()` follows `rel="next"`. `per_page` is capped at 100. Only
 * the page's items are rendered, so rendering may be costly (asking git).
 */
export async function paginateGitlab<T>(
  call: GitlabCall,
  items: readonly T[],
  render: (item: T) => unknown,
): Promise<SandboxResponse> {
  const requestedPerPage = call.input.integer('per_page') ?? DEFAULT_PER_PAGE;
  const perPage = Math.min(Math.max(requestedPerPage, 1), MAX_PER_PAGE);
  const page = Math.max(call.input.integer('page') ?? 1, 1);
  const totalPages = Math.max(Math.ceil(items.length / perPage), 1);
  const slice = items.slice((page - 1) * perPage, page * perPage);

  const pageUrl = (n: number) => {
    const url = new URL(
      `${call.baseUrl}${call.request.path.replace(/^\/gitlab/, '')}`,
    );
    for (const [key, value] of call.request.query) {
      url.searchParams.append(key, value);
    }
    url.searchParams.set('page', String(n));
    url.searchParams.set('per_page', String(perPage));
    return url.toString();
  };
  const links = [
    ...(page > 1 ? [`<${pageUrl(page - 1)}>; rel="prev"`] : []),
    ...(page < totalPages ? [`<${pageUrl(page + 1)}>; rel="next"`] : []),
    `<${pageUrl(1)}>; rel="first"`,
    `<${pageUrl(totalPages)}>; rel="last"`,
  ];
  return jsonResponse(200, await Promise.all(slice.map(render)), {
    'x-page': String(page),
    'x-per-page': String(perPage),
    'x-total': String(items.length),
    'x-total-pages': String(totalPages),
    'x-next-page': page < totalPages ? String(page + 1) : '',
    'x-prev-page': page > 1 ? String(page - 1) : '',
    link: links.join(', '),
  });
}
