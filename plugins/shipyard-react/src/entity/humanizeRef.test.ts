import { humanizeRef } from './humanizeRef';

describe('humanizeRef', () => {
  it('leaves out the default kind and namespace', () => {
    expect(humanizeRef('group:default/team-storefront', 'group')).toBe(
      'team-storefront',
    );
    expect(humanizeRef('system:default/payments', 'system')).toBe('payments');
  });

  it('keeps a kind or namespace other than the default', () => {
    expect(humanizeRef('user:default/ada', 'group')).toBe('user:ada');
    expect(humanizeRef('group:platform/sre', 'group')).toBe('platform/sre');
  });

  it('is the text as given when it is no ref', () => {
    expect(humanizeRef('team-storefront', 'group')).toBe('team-storefront');
  });
});
