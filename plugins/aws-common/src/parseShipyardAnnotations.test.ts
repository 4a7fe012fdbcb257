import { parseShipyardAnnotations } from './parseShipyardAnnotations';

function entity(annotations: Record<string, string>, name = 'checkout-api') {
  return { metadata: { name, annotations } };
}

describe('parseShipyardAnnotations', () => {
  it('defaults the component tag value to the entity name and environments to all', () => {
    expect(parseShipyardAnnotations(entity({}))).toEqual({
      value: {
        runtime: undefined,
        componentTagValue: 'checkout-api',
        environments: undefined,
      },
    });
  });

  it('reads runtime, component tag override and environment list', () => {
    const result = parseShipyardAnnotations(
      entity({
        'shipyard.io/runtime': 'eks',
        'shipyard.io/component-tag': 'checkout',
        'shipyard.io/environments': 'dev, staging,prod',
        'backstage.io/kubernetes-id': 'checkout-api',
      }),
      { environmentNames: ['dev', 'staging', 'prod'] },
    );
    expect(result).toEqual({
      value: {
        runtime: 'eks',
        componentTagValue: 'checkout',
        environments: ['dev', 'staging', 'prod'],
      },
    });
  });

  it.each([
    [
      { 'shipyard.io/runtime': 'docker' },
      'Annotation "shipyard.io/runtime" must be one of "ecs" or "eks", got "docker".',
    ],
    [
      { 'shipyard.io/runtime': 'ECS' },
      'Annotation "shipyard.io/runtime" must be one of "ecs" or "eks", got "ECS".',
    ],
    [
      { 'shipyard.io/component-tag': 'checkout api' },
      'Annotation "shipyard.io/component-tag" must be 1 to 63 letters, digits, ".", "_" or "-", starting and ending with a letter or digit, got "checkout api".',
    ],
    [
      { 'shipyard.io/component-tag': '' },
      'Annotation "shipyard.io/component-tag" must be 1 to 63 letters, digits, ".", "_" or "-", starting and ending with a letter or digit, got "".',
    ],
    [
      { 'shipyard.io/component-tag': 'a*' },
      'Annotation "shipyard.io/component-tag" must be 1 to 63 letters, digits, ".", "_" or "-", starting and ending with a letter or digit, got "a*".',
    ],
    [
      { 'shipyard.io/environments': 'dev,,prod' },
      'Annotation "shipyard.io/environments" must be a comma separated list of environment names, e.g. "dev,staging,prod", but it has an empty entry.',
    ],
    [
      { 'shipyard.io/environments': 'dev,Prod EU' },
      'Annotation "shipyard.io/environments" must be a comma separated list of environment names, e.g. "dev,staging,prod", but "Prod EU" is not an environment name (lowercase letters, digits and "-").',
    ],
    [
      { 'shipyard.io/environments': 'dev,dev' },
      'Annotation "shipyard.io/environments" must be a comma separated list of environment names, e.g. "dev,staging,prod", but "dev" appears more than once.',
    ],
    [
      { 'shipyard.io/environments': 'dev,qa,perf' },
      'Annotation "shipyard.io/environments" must be a comma separated list of environment names, e.g. "dev,staging,prod", but "qa", "perf" are not configured environments (known: dev, staging, prod).',
    ],
  ])('rejects malformed value %j', (annotations, message) => {
    expect(
      parseShipyardAnnotations(entity(annotations), {
        environmentNames: ['dev', 'staging', 'prod'],
      }),
    ).toEqual({ errors: [message] });
  });

  it('accepts any well-formed environment name when the configured names are not given', () => {
    expect(
      parseShipyardAnnotations(entity({ 'shipyard.io/environments': 'qa' })),
    ).toEqual({
      value: expect.objectContaining({ environments: ['qa'] }),
    });
  });

  it.each([
    ['shipyard.io/account', '222222222222', 'an AWS account'],
    ['shipyard.io/account-id', '222222222222', 'an AWS account'],
    ['shipyard.io/accountId', '222222222222', 'an AWS account'],
    ['shipyard.io/region', 'us-east-1', 'an AWS region'],
    ['shipyard.io/role', 'admin', 'an IAM role'],
    ['shipyard.io/role-arn', 'x', 'an IAM role'],
    ['shipyard.io/assume-role', 'x', 'an IAM role'],
    ['shipyard.io/external-id', 'x', 'credentials'],
    ['shipyard.io/aws-profile', 'x', 'credentials'],
    ['shipyard.io/endpoint', 'http://evil', 'an AWS endpoint'],
  ])('rejects the grant attempt %s', (key, value, thing) => {
    const result = parseShipyardAnnotations(entity({ [key]: value }));
    expect(result.errors).toEqual([
      `Annotation "${key}" is not allowed: annotations may select resources but never grant access, so they cannot name ${thing}. ` +
        'Accounts, regions and roles come from the environments the platform team configures (shipyard.environments); remove the annotation.',
    ]);
    expect(result.value).toBeUndefined();
  });

  it('rejects an ARN in a tag value', () => {
    const result = parseShipyardAnnotations(
      entity({
        'shipyard.io/component-tag':
          'arn:aws:iam::222222222222:role/ShipyardAdmin',
      }),
    );
    expect(result).toEqual({
      errors: [
        'Annotation "shipyard.io/component-tag" contains the ARN "arn:aws:iam::222222222222:role/ShipyardAdmin": annotations select resources by tag and may never name an account, region, role or ARN; remove the ARN.',
      ],
    });
  });

  it('rejects an ARN in any Shipyard annotation, including ones it does not otherwise know', () => {
    const result = parseShipyardAnnotations(
      entity({
        'shipyard.io/metrics-source':
          'arn:aws-us-gov:cloudwatch:us-gov-west-1:1:alarm:x',
      }),
    );
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]).toContain(
      'contains the ARN "arn:aws-us-gov:cloudwatch:us-gov-west-1:1:alarm:x"',
    );
  });

  it('ignores annotations of other prefixes, even if they name accounts', () => {
    expect(
      parseShipyardAnnotations(
        entity({
          'example.com/account': '222222222222',
          'eks.amazonaws.com/role-arn': 'arn:aws:iam::1:role/x',
        }),
      ).value,
    ).toBeDefined();
  });

  it('reports every problem at once', () => {
    const result = parseShipyardAnnotations(
      entity({
        'shipyard.io/runtime': 'lambda',
        'shipyard.io/role': 'admin',
        'shipyard.io/environments': ',',
      }),
    );
    expect(result.errors).toHaveLength(3);
  });
});
