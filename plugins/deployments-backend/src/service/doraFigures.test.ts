import { StoredDeployment } from '../database/DeploymentsStore';
import { doraFigures } from './doraFigures';

const OWNER = 'group:default/team-storefront';
const DEPLOYED = new Date('2026-11-20T12:00:00Z');

function deployment(
  id: string,
  leadMinutes: number | undefined,
  extra: Partial<StoredDeployment> = {},
): StoredDeployment {
  return {
    id,
    entityRef: 'component:default/checkout-api',
    owner: OWNER,
    environment: 'prod',
    targetId: 'svc',
    revision: { id: `rev-${id}`, revision: id, image: `app:${id}` },
    deployedAt: DEPLOYED,
    ...(leadMinutes !== undefined
      ? { committedAt: new Date(DEPLOYED.getTime() - leadMinutes * 60_000) }
      : {}),
    ...extra,
  };
}

const leadTime = (deployments: StoredDeployment[]) => {
  const [figures] = doraFigures({ deployments, rollbacks: [], days: 30 });
  return {
    median: figures.medianLeadTimeMinutes,
    basedOn: figures.leadTimeDeployments,
  };
};

describe('doraFigures lead time', () => {
  it('is the median over the deployments with a commit time, with how many', () => {
    expect(
      leadTime([
        deployment('a', 30),
        deployment('b', 1440),
        deployment('c', 90),
        deployment('d', undefined),
      ]),
    ).toEqual({ median: 90, basedOn: 3 });
  });

  it('averages the middle two of an even count, to a tenth of a minute', () => {
    expect(leadTime([deployment('a', 10), deployment('b', 25.25)])).toEqual({
      median: 17.6,
      basedOn: 2,
    });
  });

  it('counts a deployment of the commit made that same second as zero', () => {
    expect(leadTime([deployment('a', 0)])).toEqual({ median: 0, basedOn: 1 });
  });

  it('leaves out commit times after the deployment and rollbacks, and is absent without any', () => {
    expect(
      leadTime([
        deployment('a', -5),
        deployment('b', 600, { rollbackId: 'r-1' }),
        deployment('c', undefined),
      ]),
    ).toEqual({ median: undefined, basedOn: 0 });
  });
});
