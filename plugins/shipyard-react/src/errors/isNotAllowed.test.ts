import { responseError } from '../testing';
import { isNotAllowed } from './isNotAllowed';

describe('isNotAllowed', () => {
  it('is true of a 403 and of a NotAllowedError body', async () => {
    expect(
      isNotAllowed(await responseError(403, 'NotAllowedError', 'no')),
    ).toBe(true);
    expect(isNotAllowed(await responseError(403, 'Error', 'no'))).toBe(true);
  });

  it('is false of other failures and of no error', async () => {
    expect(
      isNotAllowed(await responseError(404, 'NotFoundError', 'gone')),
    ).toBe(false);
    expect(isNotAllowed(await responseError(500, 'Error', 'broke'))).toBe(
      false,
    );
    expect(isNotAllowed(new Error('Forbidden'))).toBe(false);
    expect(isNotAllowed(undefined)).toBe(false);
  });
});
