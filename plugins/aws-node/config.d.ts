export interface Config {
  /**
   * Shipyard's AWS settings, owned by the platform team.
   *
   * Credentials are not configured here: they come from `aws.accounts[]` and
   * `aws.mainAccount` of `@backstage/integration-aws-node` (`roleName`,
   * `externalId`; in development static `accessKeyId`/`secretAccessKey`
   * dummies `SANDBOX<accountId>`/`sandbox`). Every account that an
   * environment names must have an entry there.
   */
  shipyard?: {
    /**
     * The deployment environments. Validated at start-up: the backend does not
     * start when an environment is malformed or names an account that has no
     * credentials.
     */
    environments?: Array<{
      /**
       * Unique name, lowercase letters, digits and "-", e.g. `prod`. It is the
       * value of the environment tag on AWS resources.
       */
      name: string;
      /** Human readable name, e.g. `Production`. */
      title?: string;
      /** One of `dev`, `staging`, `prod`. */
      tier: 'dev' | 'staging' | 'prod';
      /** The AWS accounts of this environment and the regions used in each. */
      accounts: Array<{
        /** 12 digit account id, quoted in YAML, e.g. `'222222222222'`. */
        accountId: string;
        /** Region names, e.g. `eu-west-1`. */
        regions: string[];
      }>;
      /** ECS clusters; each must be in one of the accounts and regions above. */
      ecsClusters?: Array<{
        name: string;
        accountId: string;
        region: string;
      }>;
      /** EKS clusters; each must be in one of the accounts and regions above. */
      eksClusters?: Array<{
        name: string;
        accountId: string;
        region: string;
        /**
         * The Kubernetes API server URL. Without it the resource locator
         * cannot read the cluster and skips it (with a warning).
         */
        url?: string;
        /**
         * How to authenticate to the Kubernetes API: `aws` (default) signs an
         * EKS token with the account's credentials from `aws.accounts[]`;
         * `serviceAccount` uses `serviceAccountToken`.
         */
        authProvider?: 'aws' | 'serviceAccount';
        /**
         * Bearer token when `authProvider` is `serviceAccount`.
         * @visibility secret
         */
        serviceAccountToken?: string;
        /** Base64 PEM of the API server's certificate authority. */
        caData?: string;
        /** Skip TLS verification; only for the local sandbox. */
        skipTLSVerify?: boolean;
      }>;
    }>;

    aws?: {
      /**
       * Endpoint of every AWS SDK client. ONLY for the local sandbox, e.g.
       * `http://localhost:4566`; never set in production.
       */
      endpoint?: string;
      /** Attempts per AWS call with the standard retry mode. Default 3. */
      maxAttempts?: number;
      /**
       * The account id of `aws.mainAccount`'s credentials, when environments
       * use that account directly instead of an `aws.accounts[]` entry. The
       * AWS integration's mainAccount has no account id of its own, and
       * environments are validated at start-up without calling AWS.
       */
      mainAccountId?: string;
    };

    /**
     * The AWS tag keys linking resources to the catalog. Defaults:
     * `shipyard:component`, `shipyard:environment`, `shipyard:owner`,
     * `shipyard:system`.
     */
    tagKeys?: {
      component?: string;
      environment?: string;
      owner?: string;
      system?: string;
    };
  };
}
