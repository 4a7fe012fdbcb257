import { ConfigReader } from '@backstage/config';
import { readShipyardTagKeys } from './readShipyardTagKeys';

describe('readShipyardTagKeys', () => {
  it('defaults to the shipyard: keys', () => {
    expect(readShipyardTagKeys(new ConfigReader({}))).toEqual({
      component: 'shipyard:component',
      environment: 'shipyard:environment',
      owner: 'shipyard:owner',
      system: 'shipyard:system',
    });
  });

  it('overrides single keys', () => {
    expect(
      readShipyardTagKeys(
        new ConfigReader({
          shipyard: { tagKeys: { component: 'app', environment: 'env' } },
        }),
      ),
    ).toEqual({
      component: 'app',
      environment: 'env',
      owner: 'shipyard:owner',
      system: 'shipyard:system',
    });
  });

  it.each([
    [
      { component: 'aws:cloudformation:stack-name' },
      'shipyard.tagKeys.component "aws:cloudformation:stack-name" is not a valid AWS tag key',
    ],
    [{ owner: ' ' }, 'shipyard.tagKeys.owner " " is not a valid AWS tag key'],
    [
      { system: 'shipyard:component' },
      'shipyard.tagKeys must use a different key for each',
    ],
  ])('rejects %j', (tagKeys, message) => {
    expect(() =>
      readShipyardTagKeys(new ConfigReader({ shipyard: { tagKeys } })),
    ).toThrow(message);
  });
});
