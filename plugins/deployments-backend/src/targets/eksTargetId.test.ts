import { InputError } from '@backstage/errors';
import { eksTargetId, parseEksTargetId } from './eksTargetId';

describe('eksTargetId', () => {
  it('names a Deployment by cluster, namespace and name, and parses back', () => {
    const ref = {
      cluster: 'prod-eks',
      namespace: 'team-freight',
      name: 'freight-quote-api',
    };
    const id = eksTargetId(ref);
    expect(id).toBe('eks:prod-eks/team-freight/freight-quote-api');
    expect(parseEksTargetId(id)).toEqual(ref);
  });

  it('accepts dotted object names and underscored cluster names', () => {
    expect(parseEksTargetId('eks:prod_eks-2/ns/api.v2-abc12')).toEqual({
      cluster: 'prod_eks-2',
      namespace: 'ns',
      name: 'api.v2-abc12',
    });
  });

  it.each([
    'arn:aws:ecs:eu-west-1:222222222222:service/prod-apps/checkout-api',
    'eks:prod-eks/team-freight',
    'eks:prod-eks/team-freight/freight-quote-api/extra',
    'eks:prod-eks//freight-quote-api',
    'eks:prod-eks/Team-Freight/freight-quote-api',
    'eks:prod-eks/team-freight/-api',
    'eks:/team-freight/freight-quote-api',
  ])('refuses %s with InputError naming it', id => {
    expect(() => parseEksTargetId(id)).toThrow(InputError);
    expect(() => parseEksTargetId(id)).toThrow(
      `"${id}" is not an EKS target id`,
    );
  });
});
