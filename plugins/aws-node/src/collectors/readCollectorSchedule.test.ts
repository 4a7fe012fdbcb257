import { ConfigReader } from '@backstage/config';
import { readCollectorSchedule } from './readCollectorSchedule';

const defaults = { frequency: { minutes: 10 }, timeout: { minutes: 5 } };

describe('readCollectorSchedule', () => {
  it('falls back to the defaults', () => {
    expect(
      readCollectorSchedule(new ConfigReader({}), 'shipyard.x', defaults),
    ).toEqual(defaults);
  });

  it('reads objects and strings', () => {
    const config = new ConfigReader({
      shipyard: { x: { frequency: { minutes: 2 }, timeout: 'PT1M' } },
    });
    expect(readCollectorSchedule(config, 'shipyard.x', defaults)).toEqual({
      frequency: { minutes: 2 },
      timeout: { minutes: 1 },
    });
  });

  it('names the key of a malformed value', () => {
    const config = new ConfigReader({
      shipyard: { x: { frequency: 'often' } },
    });
    expect(() => readCollectorSchedule(config, 'shipyard.x', defaults)).toThrow(
      /shipyard\.x\.frequency/,
    );
  });
});
