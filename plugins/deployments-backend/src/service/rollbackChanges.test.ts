import { StoredRevision } from '../database/DeploymentsStore';
import { rollbackChanges } from './rollbackChanges';

function stored(
  n: number,
  spec: StoredRevision['spec'],
  extra: { cpu?: string; memory?: string } = {},
): StoredRevision {
  return {
    revision: {
      id: `checkout-api:${n}`,
      revision: `checkout-api:${n}`,
      image: `checkout-api:1.${n}.0`,
      ...extra,
    },
    spec,
    targetId:
      'arn:aws:ecs:eu-west-1:222222222222:service/prod-apps/checkout-api',
    family: 'checkout-api',
  };
}

describe('rollbackChanges', () => {
  it('names what changes: image, CPU, memory, and variables and secrets by name, sorted', () => {
    const from = stored(
      42,
      {
        environment: ['LOG_LEVEL', 'NEW_CHECKOUT', 'FEATURE_B'],
        secrets: ['DB_PASSWORD', 'STRIPE_KEY_V2'],
      },
      { cpu: '512', memory: '1024' },
    );
    const to = stored(
      41,
      {
        environment: ['LOG_LEVEL', 'OLD_FLAG', 'A_FLAG'],
        secrets: ['DB_PASSWORD', 'STRIPE_KEY'],
      },
      { cpu: '512', memory: '2048' },
    );
    expect(rollbackChanges(from, to)).toEqual({
      image: { from: 'checkout-api:1.42.0', to: 'checkout-api:1.41.0' },
      memory: { from: '1024', to: '2048' },
      environmentAdded: ['A_FLAG', 'OLD_FLAG'],
      environmentRemoved: ['FEATURE_B', 'NEW_CHECKOUT'],
      secretsAdded: ['STRIPE_KEY'],
      secretsRemoved: ['STRIPE_KEY_V2'],
    });
  });

  it('names no change when the revisions run the same', () => {
    const spec = { environment: ['LOG_LEVEL'], secrets: ['DB_PASSWORD'] };
    const a = stored(42, spec);
    expect(rollbackChanges(a, { ...a, revision: { ...a.revision } })).toEqual({
      environmentAdded: [],
      environmentRemoved: [],
      secretsAdded: [],
      secretsRemoved: [],
    });
  });

  it('compares against nothing when the running revision is not stored', () => {
    const to = stored(41, { environment: ['LOG_LEVEL'], secrets: ['KEY'] });
    expect(rollbackChanges(undefined, to)).toEqual({
      image: { from: '', to: 'checkout-api:1.41.0' },
      environmentAdded: ['LOG_LEVEL'],
      environmentRemoved: [],
      secretsAdded: ['KEY'],
      secretsRemoved: [],
    });
  });
});
