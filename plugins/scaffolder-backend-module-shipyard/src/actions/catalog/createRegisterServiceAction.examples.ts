import { TemplateExample } from '@backstage/plugin-scaffolder-node';

export const examples: TemplateExample[] = [
  {
    description:
      'Register the catalog-info.yaml of the project the publish step just created',
    example: `steps:
  - id: register
    name: Register the service in the catalog
    action: shipyard:catalog:register
    input:
      repoContentsUrl: \${{ steps.publish.output.repoContentsUrl }}
      catalogInfoPath: /catalog-info.yaml`,
  },
];
