import { HumanDuration } from '@backstage/types';

export interface Config {
  shipyard?: {
    /** Scheduled AWS collectors. */
    collectors?: {
      /**
       * Syncs Amazon GuardDuty's findings of every account and region of
       * the configured environments (one detector each, however many
       * environments share it) into the security plugin's database:
       * incrementally by updatedAt, then against GuardDuty's list of active
       * findings, so that findings archived in GuardDuty leave the active
       * list. Every security view reads that database. The role Shipyard
       * assumes in each account needs `guardduty:ListDetectors`,
       * `guardduty:ListFindings`, `guardduty:GetFindings` and
       * `guardduty:GetFindingsStatistics`. A region without a detector is
       * shown as "GuardDuty off".
       */
      security?: {
        /**
         * How often to run, once across all replicas: `{ minutes: 15 }`,
         * `'15m'` or `'PT15M'`. Default 15 minutes. Each run lists every
         * active finding's id once (50 a request), besides what changed.
         */
        frequency?: HumanDuration | string;
        /** How long one run may take before it is abandoned. Default 30 minutes. */
        timeout?: HumanDuration | string;
      };
    };
    /** The security backend plugin (`/api/security`) and its collector. */
    security?: {
      /** Notifications of new high and critical findings. */
      notify?: {
        /**
         * Groups notified of every new high or critical finding of a
         * service, besides its owning team (entity refs; without a kind a
         * group, without a namespace in `default`). Default
         * `[group:default/platform-sre]`.
         */
        groups?: string[];
      };
    };
  };
}
