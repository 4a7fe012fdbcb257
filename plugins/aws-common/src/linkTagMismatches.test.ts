import { linkTagMismatches } from './linkTagMismatches';

const expected = {
  'shipyard:component': 'checkout-api',
  'shipyard:environment': 'prod',
  'shipyard:owner': 'team-storefront',
  'shipyard:system': 'storefront',
};

describe('linkTagMismatches', () => {
  it('is empty when every link tag matches', () => {
    expect(linkTagMismatches({ ...expected, other: 'x' }, expected)).toEqual(
      [],
    );
  });

  it('names the tags that differ or are missing', () => {
    expect(
      linkTagMismatches(
        {
          'shipyard:component': 'checkout-api',
          'shipyard:environment': 'prod',
          'shipyard:owner': 'team-payments',
        },
        expected,
      ),
    ).toEqual([
      {
        tag: 'shipyard:owner',
        expected: 'team-storefront',
        actual: 'team-payments',
      },
      { tag: 'shipyard:system', expected: 'storefront' },
    ]);
  });

  it('never matches an empty expectation (an entity without owner or system)', () => {
    expect(
      linkTagMismatches(
        { ...expected, 'shipyard:system': '' },
        { ...expected, 'shipyard:system': '' },
      ),
    ).toEqual([{ tag: 'shipyard:system', expected: '', actual: '' }]);
  });
});
