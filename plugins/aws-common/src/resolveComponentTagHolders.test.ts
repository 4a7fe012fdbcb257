import {
  ComponentTagClaim,
  resolveComponentTagHolders,
} from './resolveComponentTagHolders';

const claim = (
  entityRef: string,
  componentTagValue: string,
): ComponentTagClaim => ({ entityRef, componentTagValue });

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) {
    return [items];
  }
  return items.flatMap((item, index) =>
    permutations([...items.slice(0, index), ...items.slice(index + 1)]).map(
      rest => [item, ...rest],
    ),
  );
}

describe('resolveComponentTagHolders', () => {
  it('gives each value to its only claimant', () => {
    expect(
      resolveComponentTagHolders([
        claim('component:default/catalog-api', 'catalog-api'),
        claim('component:freight/freight-quote-api', 'freight-quote'),
      ]),
    ).toEqual(
      new Map([
        ['catalog-api', 'component:default/catalog-api'],
        ['freight-quote', 'component:freight/freight-quote-api'],
      ]),
    );
    expect(resolveComponentTagHolders([])).toEqual(new Map());
  });

  it('gives the same name in two namespaces to the one in the default namespace', () => {
    const holders = resolveComponentTagHolders([
      claim('component:other/checkout-api', 'checkout-api'),
      claim('component:default/checkout-api', 'checkout-api'),
    ]);
    expect(holders.get('checkout-api')).toBe('component:default/checkout-api');
  });

  it('gives the same name in two other namespaces to the first entity ref', () => {
    const holders = resolveComponentTagHolders([
      claim('component:storefront/checkout-api', 'checkout-api'),
      claim('component:payments/checkout-api', 'checkout-api'),
    ]);
    expect(holders.get('checkout-api')).toBe('component:payments/checkout-api');
  });

  it('prefers the entity named after the value over one that claims it by annotation', () => {
    const holders = resolveComponentTagHolders([
      claim('component:default/aaa-claimant', 'checkout-api'),
      claim('component:default/checkout-api', 'checkout-api'),
    ]);
    expect(holders.get('checkout-api')).toBe('component:default/checkout-api');

    const elsewhere = resolveComponentTagHolders([
      claim('component:payments/aaa-claimant', 'checkout-api'),
      claim('component:storefront/checkout-api', 'checkout-api'),
    ]);
    expect(elsewhere.get('checkout-api')).toBe(
      'component:storefront/checkout-api',
    );
  });

  it('ranks the default namespace above claiming by name', () => {
    const holders = resolveComponentTagHolders([
      claim('component:other/checkout-api', 'checkout-api'),
      claim('component:default/legacy-checkout', 'checkout-api'),
    ]);
    expect(holders.get('checkout-api')).toBe(
      'component:default/legacy-checkout',
    );
  });

  it('breaks ties between overrides by entity ref, ignoring case', () => {
    const holders = resolveComponentTagHolders([
      claim('component:default/Zeta-api', 'shared'),
      claim('component:default/beta-api', 'shared'),
      claim('component:default/Alpha-api', 'shared'),
    ]);
    expect(holders.get('shared')).toBe('component:default/Alpha-api');
  });

  it('compares names with tag values ignoring case, as entity refs come lowercased from the catalog', () => {
    const holders = resolveComponentTagHolders([
      claim('component:default/aaa-claimant', 'Checkout-API'),
      claim('component:default/checkout-api', 'Checkout-API'),
    ]);
    expect(holders.get('Checkout-API')).toBe('component:default/checkout-api');
  });

  it('gives the same holders, in the same order, however the claims are ordered', () => {
    const claims = [
      claim('component:other/checkout-api', 'checkout-api'),
      claim('component:default/checkout-api', 'checkout-api'),
      claim('component:default/impostor', 'checkout-api'),
      claim('component:payments/ledger', 'ledger'),
      claim('component:default/ledger-v2', 'ledger'),
      claim('component:storefront/ledger', 'ledger'),
    ];
    const expected = [
      ['checkout-api', 'component:default/checkout-api'],
      ['ledger', 'component:default/ledger-v2'],
    ];
    for (const order of permutations(claims)) {
      expect([...resolveComponentTagHolders(order)]).toEqual(expected);
    }
  });
});
