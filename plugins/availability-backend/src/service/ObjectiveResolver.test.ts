import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { ObjectiveResolver } from './ObjectiveResolver';

describe('ObjectiveResolver', () => {
  it('defaults to prod 99.9, staging 99 and no target in dev', () => {
    const resolver = ObjectiveResolver.fromConfig(new ConfigReader({}));
    expect(resolver.resolve('prod', undefined)).toEqual({
      target: 99.9,
      window: '30d',
      source: 'tier',
    });
    expect(resolver.resolve('staging', {})?.target).toBe(99);
    expect(resolver.resolve('dev', {})).toBeUndefined();
  });

  it('reads shipyard.availability.targets; a tier without objective has none', () => {
    const resolver = ObjectiveResolver.fromConfig(
      new ConfigReader({
        shipyard: {
          availability: {
            targets: {
              prod: { objective: 99.95, window: '28d' },
              staging: {},
              dev: { objective: 95 },
            },
          },
        },
      }),
    );
    expect(resolver.resolve('prod', {})).toEqual({
      target: 99.95,
      window: '28d',
      source: 'tier',
    });
    expect(resolver.resolve('staging', {})).toBeUndefined();
    expect(resolver.resolve('dev', {})).toEqual({ target: 95, source: 'tier' });
  });

  it('refuses an invalid configured objective or window', () => {
    const config = (target: object) =>
      new ConfigReader({ shipyard: { availability: { targets: target } } });
    expect(() =>
      ObjectiveResolver.fromConfig(config({ prod: { objective: 120 } })),
    ).toThrow(InputError);
    expect(() =>
      ObjectiveResolver.fromConfig(
        config({ prod: { objective: 99, window: 'month' } }),
      ),
    ).toThrow(InputError);
  });

  it('lets valid annotations override, ignores invalid ones, gives dev none', () => {
    const resolver = ObjectiveResolver.fromConfig(new ConfigReader({}));
    expect(
      resolver.resolve('prod', {
        'shipyard.io/availability-target': '99.97',
        'shipyard.io/availability-window': '7d',
      }),
    ).toEqual({ target: 99.97, window: '7d', source: 'annotation' });
    expect(
      resolver.resolve('prod', {
        'shipyard.io/availability-target': 'high',
        'shipyard.io/availability-window': '14d',
      }),
    ).toEqual({ target: 99.9, window: '14d', source: 'annotation' });
    expect(
      resolver.resolve('prod', { 'shipyard.io/availability-target': '0' }),
    ).toEqual({ target: 99.9, window: '30d', source: 'tier' });
    expect(
      resolver.resolve('dev', { 'shipyard.io/availability-target': '99.9' }),
    ).toBeUndefined();
  });
});
