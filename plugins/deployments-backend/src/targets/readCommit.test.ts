import { readCommit } from './readCommit';

const SHA = '3f9c2ab41d0e8c7b6a5f4e3d2c1b0a9f8e7d6c5b';

describe('readCommit', () => {
  it('reads a full SHA and a UTC commit time to the second', () => {
    expect(readCommit(SHA, '2026-12-02T03:12:16Z')).toEqual({
      sha: SHA,
      committedAt: new Date('2026-12-02T03:12:16Z'),
    });
  });

  it('reads a commit time with an offset as the same instant', () => {
    expect(readCommit(undefined, '2026-12-02T04:12:16+01:00')).toEqual({
      committedAt: new Date('2026-12-02T03:12:16Z'),
    });
  });

  it('lower-cases the SHA and trims whitespace around both values', () => {
    expect(
      readCommit(` ${SHA.toUpperCase()}\n`, ' 2026-12-02T03:12:16Z '),
    ).toEqual({
      sha: SHA,
      committedAt: new Date('2026-12-02T03:12:16Z'),
    });
  });

  it.each([
    ['empty', ''],
    ['a word', 'yesterday'],
    ['a date without a time', '2026-12-02'],
    ['a US date', '12/02/2026 03:12:16'],
    ['a time without a zone', '2026-12-02T03:12:16'],
    ['epoch seconds', '1796267536'],
    ['an impossible month', '2026-13-02T03:12:16Z'],
    ['an impossible hour', '2026-12-02T25:12:16Z'],
  ])('ignores a malformed committed-at: %s', (_, value) => {
    expect(readCommit(SHA, value)).toEqual({ sha: SHA });
  });

  it.each([
    ['too short', '3f9c2a'],
    ['not hex', 'main'],
    ['a ref name', 'refs/heads/main'],
    ['too long', 'a'.repeat(65)],
  ])('ignores a malformed commit-sha: %s', (_, value) => {
    expect(readCommit(value, '2026-12-02T03:12:16Z')).toEqual({
      committedAt: new Date('2026-12-02T03:12:16Z'),
    });
  });

  it('reads nothing when neither is recorded', () => {
    expect(readCommit(undefined, undefined)).toEqual({});
  });
});
