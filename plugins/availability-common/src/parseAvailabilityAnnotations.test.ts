import { parseAvailabilityAnnotations } from './parseAvailabilityAnnotations';

const entity = (annotations: Record<string, string>) => ({
  metadata: { annotations },
});

describe('parseAvailabilityAnnotations', () => {
  it('reads a target and a window', () => {
    expect(
      parseAvailabilityAnnotations(
        entity({
          'shipyard.io/availability-target': '99.95',
          'shipyard.io/availability-window': '28d',
        }),
      ),
    ).toEqual({ value: { target: 99.95, windowDays: 28 } });
  });

  it('accepts 100 and a trailing percent sign', () => {
    expect(
      parseAvailabilityAnnotations(
        entity({ 'shipyard.io/availability-target': '100 %' }),
      ),
    ).toEqual({ value: { target: 100 } });
  });

  it('has nothing to say about an entity without the annotations', () => {
    expect(parseAvailabilityAnnotations({ metadata: {} })).toEqual({
      value: {},
    });
  });

  it.each(['0', '101', '99.9.9', 'high', '-5', '99.123456', ''])(
    'refuses the target %p, naming the annotation and the fallback',
    raw => {
      const result = parseAvailabilityAnnotations(
        entity({ 'shipyard.io/availability-target': raw }),
      );
      expect(result.errors).toHaveLength(1);
      expect(result.errors![0]).toContain('shipyard.io/availability-target');
      expect(result.errors![0]).toContain(`"${raw}"`);
      expect(result.errors![0]).toContain("tier's target applies");
    },
  );

  it.each(['0d', '91d', '30', '4w', 'd'])('refuses the window %p', raw => {
    const result = parseAvailabilityAnnotations(
      entity({ 'shipyard.io/availability-window': raw }),
    );
    expect(result.errors).toEqual([
      expect.stringContaining('shipyard.io/availability-window'),
    ]);
  });

  it('reports both problems at once', () => {
    expect(
      parseAvailabilityAnnotations(
        entity({
          'shipyard.io/availability-target': '200',
          'shipyard.io/availability-window': '1y',
        }),
      ).errors,
    ).toHaveLength(2);
  });
});
