import { ResponseError } from '@backstage/errors';
import { describeRollbackError } from './describeRollbackError';

async function responseError(
  status: number,
  message: string,
  headers: Record<string, string> = {},
): Promise<ResponseError> {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'Error', message },
        response: { statusCode: status },
      }),
      {
        status,
        headers: { 'content-type': 'application/json', ...headers },
      },
    ),
  );
}

describe('describeRollbackError', () => {
  it.each([
    [400, 'The rollback request was refused'],
    [403, 'You may not roll back here'],
    [404, 'The service or revision was not found'],
    [409, 'A rollback of this service is already running'],
    [500, 'The rollback could not be requested'],
  ])('titles a %s and keeps the server message', async (status, title) => {
    const description = describeRollbackError(
      await responseError(status, 'what the server said'),
    );
    expect(description).toEqual({ title, message: 'what the server said' });
  });

  it('passes on Retry-After for a 503', async () => {
    const description = describeRollbackError(
      await responseError(503, 'ECS is throttling', { 'retry-after': '7' }),
    );
    expect(description.title).toBe('AWS is unavailable; try again in 7 s');
  });

  it('describes a network failure by its message', () => {
    expect(describeRollbackError(new TypeError('Failed to fetch'))).toEqual({
      title: 'The rollback could not be requested',
      message: 'Failed to fetch',
    });
  });
});
