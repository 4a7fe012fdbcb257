import { TemplateExample } from '@backstage/plugin-scaffolder-node';

export const examples: TemplateExample[] = [
  {
    description:
      'Resolve the environments chosen in the form for an ECS service: account, region, cluster and deploy role of each, dev first',
    example: `steps:
  - id: environments
    name: Resolve environments
    action: shipyard:environments:resolve
    input:
      environments: \${{ parameters.environments }}
      runtime: ecs
`,
  },
  {
    description:
      'Resolve environments picked as catalog entities (an EntityPicker on the environment Resources) for an EKS service, and use the result in later steps',
    example: `steps:
  - id: environments
    name: Resolve environments
    action: shipyard:environments:resolve
    input:
      environments:
        - resource:default/prod
        - resource:default/dev
      runtime: eks
  - id: fetch
    name: Fetch the deployment files
    action: fetch:template
    input:
      url: ./skeleton
      values:
        environments: \${{ steps.environments.output.environments }}
        environmentNames: \${{ steps.environments.output.names }}
        registry: \${{ steps.environments.output.registry }}
`,
  },
];
