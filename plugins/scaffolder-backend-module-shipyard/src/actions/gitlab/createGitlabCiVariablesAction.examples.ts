import { TemplateExample } from '@backstage/plugin-scaffolder-node';

export const examples: TemplateExample[] = [
  {
    description:
      'Give each environment of the new project the role its pipeline assumes and its region, as the user who signed in to GitLab',
    example: `steps:
  - id: ci-variables
    name: Set the CI/CD variables
    action: shipyard:gitlab:ci-variables
    input:
      repoUrl: \${{ parameters.repoUrl }}
      token: \${{ secrets.USER_OAUTH_TOKEN }}
      variables:
        - key: AWS_ROLE_ARN
          value: arn:aws:iam::111111111111:role/shipyard-gitlab-deploy
          environmentScope: dev
        - key: AWS_REGION
          value: eu-west-1
          environmentScope: dev
        - key: AWS_ROLE_ARN
          value: arn:aws:iam::222222222222:role/shipyard-gitlab-deploy
          environmentScope: prod
          protected: true
        - key: AWS_REGION
          value: eu-west-1
          environmentScope: prod
          protected: true
`,
  },
  {
    description:
      'Set a variable for every environment (scope *); the RepoUrlPicker must request the user credentials',
    example: `parameters:
  - title: Repository
    properties:
      repoUrl:
        type: string
        ui:field: RepoUrlPicker
        ui:options:
          allowedHosts: [gitlab.example.com]
          requestUserCredentials:
            secretsKey: USER_OAUTH_TOKEN
            additionalScopes:
              gitlab: [api]
steps:
  - id: ci-variables
    name: Set the CI/CD variables
    action: shipyard:gitlab:ci-variables
    input:
      repoUrl: \${{ parameters.repoUrl }}
      token: \${{ secrets.USER_OAUTH_TOKEN }}
      variables:
        - key: SERVICE_NAME
          value: returns-api
`,
  },
];
