import { ConfigReader } from '@backstage/config';
import { DEFAULT_SHIPYARD_TAG_KEYS } from '@internal/plugin-aws-common';
import { readSecurityCollectorConfig } from './readSecurityCollectorConfig';

describe('readSecurityCollectorConfig', () => {
  it('runs every 15 minutes for at most 30 by default, with the default tag keys', () => {
    expect(readSecurityCollectorConfig(new ConfigReader({}))).toEqual({
      schedule: { frequency: { minutes: 15 }, timeout: { minutes: 30 } },
      tagKeys: DEFAULT_SHIPYARD_TAG_KEYS,
    });
  });

  it('reads the schedule and the tag keys', () => {
    const config = readSecurityCollectorConfig(
      new ConfigReader({
        shipyard: {
          collectors: {
            security: { frequency: { minutes: 1 }, timeout: '5m' },
          },
          tagKeys: { component: 'acme:service' },
        },
      }),
    );
    expect(config.schedule).toEqual({
      frequency: { minutes: 1 },
      timeout: { minutes: 5 },
    });
    expect(config.tagKeys.component).toBe('acme:service');
  });

  it('stops start-up on a malformed value, naming its key', () => {
    expect(() =>
      readSecurityCollectorConfig(
        new ConfigReader({
          shipyard: { collectors: { security: { frequency: 'often' } } },
        }),
      ),
    ).toThrow(/shipyard\.collectors\.security\.frequency/);
  });
});
