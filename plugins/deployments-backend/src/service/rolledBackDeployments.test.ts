import { StoredDeployment } from '../database/DeploymentsStore';
import { StoredRollback } from '../database/RollbackStore';
import { rolledBackDeployments } from './rolledBackDeployments';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 1, 12, minute));
const revision = (id: string) => ({ id, revision: id, image: `app:${id}` });

const deployment = (
  id: string,
  rev: string,
  minute: number,
): StoredDeployment => ({
  id,
  entityRef: 'component:default/checkout-api',
  environment: 'prod',
  targetId: 'svc',
  revision: revision(rev),
  deployedAt: at(minute),
});

const rollback = (
  id: string,
  from: string,
  minute: number,
  states: StoredRollback['state'][],
): StoredRollback => ({
  id,
  entityRef: 'component:default/checkout-api',
  environment: 'prod',
  targetId: 'svc',
  requestedBy: 'user:default/sam.okafor',
  from: revision(from),
  to: revision('v1'),
  reason: 'bad',
  state: states[states.length - 1],
  requestedAt: at(minute),
  updatedAt: at(minute),
  steps: states.map(state => ({ state, at: at(minute).toISOString() })),
});

describe('rolledBackDeployments', () => {
  it('blames only the deployment running when the rollback was requested', () => {
    // v2 is deployed twice; only the second run is rolled back.
    const deployments = [
      deployment('d1', 'v2', 0),
      deployment('d2', 'v3', 10),
      deployment('d3', 'v2', 20),
    ];
    const r = rollback('r1', 'v2', 25, [
      'requested',
      'mutating',
      'rolling-out',
    ]);
    expect([...rolledBackDeployments(deployments, [r]).keys()]).toEqual(['d3']);
  });

  it('ignores attempts refused before reaching AWS', () => {
    const refused = rollback('r1', 'v2', 5, [
      'requested',
      'mutating',
      'failed',
    ]);
    expect(
      rolledBackDeployments([deployment('d1', 'v2', 0)], [refused]).size,
    ).toBe(0);
  });

  it('does not blame a deployment of another revision than the rollback left', () => {
    const r = rollback('r1', 'v9', 5, ['requested', 'rolling-out']);
    expect(rolledBackDeployments([deployment('d1', 'v2', 0)], [r]).size).toBe(
      0,
    );
  });
});
