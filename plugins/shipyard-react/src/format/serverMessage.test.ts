import { ResponseError } from '@backstage/errors';
import { responseError } from '../testing';
import { serverMessage } from './serverMessage';

describe('serverMessage', () => {
  it('is the message of a Backstage error body', async () => {
    const error = await responseError(
      409,
      'ConflictError',
      'A rollback is already running in prod',
    );
    expect(serverMessage(error)).toBe('A rollback is already running in prod');
  });

  it('is the response error’s own message when the body’s is empty', async () => {
    const error = await responseError(500, 'Error', '');
    expect(serverMessage(error)).toBe(error.message);
    expect(serverMessage(error)).toContain('500');
  });

  it('carries what the server answered when it is no error body', async () => {
    const error = await ResponseError.fromResponse(
      new Response('upstream timed out', { status: 504 }),
    );
    expect(serverMessage(error)).toContain('504');
    expect(serverMessage(error)).toContain('upstream timed out');
  });

  it('is the message of any other error', () => {
    expect(serverMessage(new TypeError('Failed to fetch'))).toBe(
      'Failed to fetch',
    );
  });
});
