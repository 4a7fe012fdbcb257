export interface Config {
  shipyard?: {
    permissions?: {
      /**
       * Maps catalog entities (normally groups) to Shipyard roles. A user holds a role when one of
       * the refs is among their ownership refs (the user itself and the groups it is a member of).
       * Refs without a kind are groups, refs without a namespace are in `default`.
       * When a user matches several roles the most capable one wins: sre, then developer,
       * then manager.
       */
      roles?: {
        /**
         * Platform and SRE: every permission is allowed.
         * Defaults to `[group:default/platform-sre]`.
         */
        sre?: string[];
        /**
         * Developers act on what their team owns and create services from templates.
         * When not set, a member of any group that is not listed for sre or manager is a developer.
         */
        developer?: string[];
        /**
         * Managers read everything and change nothing.
         * Defaults to `[group:default/engineering-managers]`.
         */
        manager?: string[];
      };
      /**
       * The environment tiers in which developers may roll back (`deployments.rollback`) the
       * components their team owns. SREs may roll back in every tier; managers and users
       * without a role in none. Defaults to `[dev, staging]`. An empty list keeps rollbacks
       * to SREs. An unknown tier stops the backend at start-up.
       */
      developerRollbackTiers?: Array<'dev' | 'staging' | 'prod'>;
      costs?: {
        /**
         * Whose AWS costs developers may read (`costs.read`): `if-owner` (the default) the
         * services their team owns, `allow` every service. SREs and managers read every
         * service's costs; users without a role none. Another value stops the backend at
         * start-up.
         */
        developers?: 'if-owner' | 'allow';
      };
      security?: {
        /**
         * What managers see of GuardDuty findings: `counts` (the default) every service's
         * counts per environment, band, team and service (`security.overview.read`) but no
         * finding; `findings` every finding too (`security.findings.read`). Another value stops
         * the backend at start-up.
         */
        managers?: 'counts' | 'findings';
        /**
         * Groups of a security team (entity refs; without a kind a group, without a namespace
         * in `default`): their members read every finding, platform findings included, and
         * every count (`security.findings.read` and `security.overview.read`), whatever their
         * role, and nothing more. Defaults to none. An invalid ref stops the backend at
         * start-up.
         */
        groups?: string[];
      };
    };
  };
}
