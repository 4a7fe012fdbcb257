export interface Config {
  shipyard?: {
    /** Shipyard's scaffolder actions (`shipyard:*`), used by Shipyard's templates. */
    scaffolder?: {
      /**
       * The IAM role that a generated service's GitLab pipeline assumes (through GitLab OIDC) to
       * deploy in each environment's account. The `shipyard:environments:resolve` action gives
       * each environment `arn:aws:iam::<accountId>:role/<deployRoleName>`, and the templates
       * store it in the project's per-environment CI/CD variable `AWS_ROLE_ARN`. The platform
       * creates this role in every account, trusting the GitLab OIDC provider. Default
       * `shipyard-gitlab-deploy`.
       */
      deployRoleName?: string;
      /**
       * The artifact account whose ECR registry holds every service's images:
       * `shipyard:ecr:create-repository` creates repositories there, and pipelines of every
       * environment pull from it (each repository's policy grants pulling to the accounts of
       * `shipyard.environments`). Default: the first account and region of the first
       * environment in `shipyard.environments`.
       */
      ecr?: {
        /**
         * The 12 digit AWS account id of the artifact account, quoted in YAML. Shipyard needs
         * credentials for it in `aws.accounts`, with ecr:CreateRepository, ecr:TagResource,
         * ecr:SetRepositoryPolicy (to let the other environment accounts pull),
         * ecr:DescribeRepositories, ecr:ListTagsForResource and ecr:GetRepositoryPolicy.
         */
        accountId?: string;
        /**
         * The region of the registry, e.g. `eu-west-1`. Default: the first region declared for
         * that account in `shipyard.environments`.
         */
        region?: string;
      };
    };
  };
}
