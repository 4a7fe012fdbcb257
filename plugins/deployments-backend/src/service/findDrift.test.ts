import { ShipyardEnvironment } from '@internal/plugin-aws-common';
import { Revision } from '@internal/plugin-deployments-common';
import { findDrift } from './findDrift';

function environment(
  name: string,
  tier: ShipyardEnvironment['tier'],
): ShipyardEnvironment {
  return { name, tier, accounts: [], ecsClusters: [], eksClusters: [] };
}

const dev = environment('dev', 'dev');
const staging = environment('staging', 'staging');
const prod = environment('prod', 'prod');
// By tier, as loadShipyardComponent lists them.
const environments = [dev, staging, prod];

function running(tag: string, deployedAt?: string): Revision {
  return {
    id: `checkout-api:${tag}`,
    revision: `checkout-api:${tag}`,
    image: `registry/checkout-api:${tag}`,
    imageTag: tag,
    ...(deployedAt ? { deployedAt } : {}),
  };
}

describe('findDrift', () => {
  it('says prod is behind staging when staging runs a newer image', () => {
    const map = new Map([
      ['dev', running('1.43.0', '2026-03-03T10:00:00.000Z')],
      ['staging', running('1.42.0', '2026-03-02T10:00:00.000Z')],
      ['prod', running('1.41.0', '2026-03-01T10:00:00.000Z')],
    ]);
    // The nearest lower tier first.
    expect(findDrift(prod, map, environments)).toEqual({
      comparedTo: 'staging',
      imageTag: '1.41.0',
      newerImageTag: '1.42.0',
    });
    expect(findDrift(staging, map, environments)).toEqual({
      comparedTo: 'dev',
      imageTag: '1.42.0',
      newerImageTag: '1.43.0',
    });
    expect(findDrift(dev, map, environments)).toBeUndefined();
  });

  it('finds no drift when the images are the same, or the lower tier runs an older deployment', () => {
    const same = new Map([
      ['staging', running('1.42.0', '2026-03-01T10:00:00.000Z')],
      ['prod', running('1.42.0', '2026-03-02T10:00:00.000Z')],
    ]);
    expect(findDrift(prod, same, environments)).toBeUndefined();

    // Prod was rolled forward past staging with a hotfix.
    const ahead = new Map([
      ['staging', running('1.42.0', '2026-03-01T10:00:00.000Z')],
      ['prod', running('1.42.1', '2026-03-02T10:00:00.000Z')],
    ]);
    expect(findDrift(prod, ahead, environments)).toBeUndefined();
  });

  it('compares skipping environments that run nothing, and needs image tags', () => {
    const map = new Map<string, Revision | undefined>([
      ['dev', running('1.43.0')],
      ['staging', undefined],
      ['prod', running('1.41.0')],
    ]);
    // Without deployment times a different image counts as newer.
    expect(findDrift(prod, map, environments)).toEqual({
      comparedTo: 'dev',
      imageTag: '1.41.0',
      newerImageTag: '1.43.0',
    });
    const untagged = new Map([
      ['staging', running('1.42.0')],
      ['prod', { ...running('1.41.0'), imageTag: undefined }],
    ]);
    expect(findDrift(prod, untagged, environments)).toBeUndefined();
  });
});
