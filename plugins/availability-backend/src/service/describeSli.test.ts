import { describeSli } from './describeSli';

const targetGroup = (region: string) => ({
  targetGroup: 'targetgroup/payments-gateway-prod/6d0ecf831eec9f09',
  loadBalancer: 'app/shipyard-prod/50dc6c495c0c9188',
  accountId: '222222222222',
  region,
});

describe('describeSli', () => {
  it('names one target group by its console name', () => {
    expect(
      describeSli({
        kind: 'requests',
        targetGroups: [targetGroup('eu-west-1')],
      }),
    ).toEqual({
      kind: 'requests',
      description: 'ALB target group payments-gateway-prod',
    });
  });

  it('tells same-named target groups in two regions apart', () => {
    expect(
      describeSli({
        kind: 'requests',
        targetGroups: [targetGroup('eu-west-1'), targetGroup('eu-central-1')],
      }).description,
    ).toBe(
      'ALB target groups payments-gateway-prod (eu-west-1), payments-gateway-prod (eu-central-1)',
    );
  });

  it('names ECS services and EKS workloads of a worker', () => {
    expect(
      describeSli({
        kind: 'health',
        workloads: [
          {
            runtime: 'eks',
            cluster: 'prod-eks',
            service: 'carrier-matching-worker',
            namespace: 'team-freight',
            accountId: '222222222222',
            region: 'eu-west-1',
          },
        ],
      }),
    ).toEqual({
      kind: 'health',
      description:
        'Running tasks of EKS workload team-freight/carrier-matching-worker in prod-eks',
    });
  });
});
