import { NotFoundError } from '@backstage/errors';
import { Revision } from '@internal/plugin-deployments-common';
import { StoredDeployment, StoredRevision } from '../database/DeploymentsStore';
import { planRollback } from './planRollback';

const TARGET =
  'arn:aws:ecs:eu-west-1:222222222222:service/prod-apps/checkout-api';

function revision(n: number): Revision {
  return {
    id: `arn:aws:ecs:eu-west-1:222222222222:task-definition/checkout-api:${n}`,
    revision: `checkout-api:${n}`,
    image: `checkout-api:1.${n}.0`,
  };
}

function stored(n: number): StoredRevision {
  return {
    revision: revision(n),
    spec: { environment: [], secrets: [] },
    targetId: TARGET,
    family: 'checkout-api',
  };
}

function deployed(n: number, at: string, targetId = TARGET): StoredDeployment {
  return {
    id: `${n}@${at}`,
    entityRef: 'component:default/checkout-api',
    environment: 'prod',
    targetId,
    revision: revision(n),
    deployedAt: new Date(at),
  };
}

// Newest first, as the store lists them.
const revisions = [stored(43), stored(42), stored(41), stored(40)];

describe('planRollback', () => {
  it('proposes the revision that ran before the running one, and lists every other revision', () => {
    const plan = planRollback({
      targetId: TARGET,
      running: revision(43),
      revisions,
      deployments: [
        deployed(41, '2026-03-01T10:00:00Z'),
        deployed(40, '2026-03-02T10:00:00Z'),
        deployed(43, '2026-03-03T10:00:00Z'),
        // Another target's newer deployment does not count.
        deployed(42, '2026-03-04T10:00:00Z', `${TARGET}-eu`),
      ],
    });
    expect(plan.to).toBe(revisions[3]);
    expect(plan.candidates.map(c => c.revision.revision)).toEqual([
      'checkout-api:42',
      'checkout-api:41',
      'checkout-api:40',
    ]);
  });

  it('skips deployments of the running revision and of revisions not stored', () => {
    const plan = planRollback({
      targetId: TARGET,
      running: revision(43),
      revisions,
      deployments: [
        deployed(41, '2026-03-01T10:00:00Z'),
        deployed(43, '2026-03-02T10:00:00Z'),
        deployed(99, '2026-03-03T10:00:00Z'),
        deployed(43, '2026-03-04T10:00:00Z'),
      ],
    });
    expect(plan.to.revision.id).toBe(revision(41).id);
  });

  it('proposes the newest other revision without deployment records', () => {
    const plan = planRollback({
      targetId: TARGET,
      running: revision(43),
      revisions,
      deployments: [],
    });
    expect(plan.to.revision.id).toBe(revision(42).id);
  });

  it('takes a chosen candidate, and refuses the running one or an unknown one', () => {
    const request = {
      targetId: TARGET,
      running: revision(43),
      revisions,
      deployments: [],
    };
    expect(
      planRollback({ ...request, toRevision: revision(40).id }).to.revision,
    ).toEqual(revision(40));
    expect(() =>
      planRollback({ ...request, toRevision: revision(43).id }),
    ).toThrow(/it is the one running/);
    expect(() =>
      planRollback({ ...request, toRevision: revision(7).id }),
    ).toThrow(NotFoundError);
  });

  it('throws NotFoundError when there is nothing to go back to', () => {
    expect(() =>
      planRollback({
        targetId: TARGET,
        running: revision(43),
        revisions: [stored(43)],
        deployments: [],
      }),
    ).toThrow(NotFoundError);
  });
});
