import { revisionLabel, shortDigest, versionLabel } from './formatRevision';

describe('formatRevision', () => {
  it('names an EKS revision by its ReplicaSet, an ECS one by family:revision', () => {
    expect(
      revisionLabel('eks-deployment', {
        id: 'eks:prod-eks/team-freight/freight-quote-api-j6gdsblgx9',
        revision: '7',
        image: 'freight-quote-api:2.11.0',
      }),
    ).toBe('ReplicaSet freight-quote-api-j6gdsblgx9 (revision 7)');
    expect(
      revisionLabel('ecs-service', {
        id: 'arn:aws:ecs:eu-west-1:222222222222:task-definition/checkout-api-prod:8',
        revision: 'checkout-api-prod:8',
        image: 'checkout-api:3.21.1',
      }),
    ).toBe('checkout-api-prod:8');
  });

  it('calls a version by its tag, else its short digest, else its image', () => {
    const base = { id: 'x', revision: '1', image: 'registry/app' };
    expect(versionLabel({ ...base, imageTag: '1.2.3' })).toBe('1.2.3');
    expect(
      versionLabel({ ...base, imageDigest: 'sha256:4f1c2a9b8e7d6c5b4a39' }),
    ).toBe('sha256:4f1c2a9b8e7d');
    expect(versionLabel(base)).toBe('registry/app');
    expect(shortDigest('4f1c2a9b8e7d6c5b4a39')).toBe('4f1c2a9b8e7d');
  });
});
