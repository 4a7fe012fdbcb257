import { TemplateExample } from '@backstage/plugin-scaffolder-node';

export const examples: TemplateExample[] = [
  {
    description:
      "Create the service's image repository in the artifact account, tagged with the component, owner and system",
    example: `steps:
  - id: ecr
    name: Create the ECR repository
    action: shipyard:ecr:create-repository
    input:
      repositoryName: \${{ parameters.name }}
      component: \${{ parameters.name }}
      owner: \${{ parameters.owner | parseEntityRef | pick('name') }}
      system: \${{ parameters.system | parseEntityRef | pick('name') }}
`,
  },
  {
    description:
      'Create a repository under a team prefix; a later step uses its URI (steps.ecr.output.repositoryUri)',
    example: `steps:
  - id: ecr
    name: Create the ECR repository
    action: shipyard:ecr:create-repository
    input:
      repositoryName: storefront/returns-api
      component: returns-api
      owner: team-storefront
      system: storefront
`,
  },
];
