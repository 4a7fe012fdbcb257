import { parseProjectUrl, projectUrl } from './projectUrl';

describe('projectUrl', () => {
  it('writes the repository URL publish:gitlab takes, and reads it back', () => {
    const url = projectUrl({
      host: 'localhost:4566',
      owner: 'northwind/storefront',
      repo: 'basket-api',
    });
    expect(url).toBe(
      'localhost:4566?owner=northwind%2Fstorefront&repo=basket-api',
    );
    expect(parseProjectUrl(url)).toEqual({
      host: 'localhost:4566',
      owner: 'northwind/storefront',
      repo: 'basket-api',
    });
  });

  it('reads nothing from an empty or malformed value', () => {
    expect(parseProjectUrl(undefined)).toBeUndefined();
    expect(parseProjectUrl('')).toBeUndefined();
    expect(parseProjectUrl('localhost:4566')).toBeUndefined();
  });
});
