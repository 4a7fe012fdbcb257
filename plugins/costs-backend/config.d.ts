import { HumanDuration } from '@backstage/types';

export interface Config {
  shipyard?: {
    /** Scheduled AWS collectors. */
    collectors?: {
      /**
       * Refreshes the costs plugin's database from AWS Cost Explorer: daily
       * unblended cost per environment, component tag value and AWS
       * service, a forecast per environment and the anomalies. Every costs
       * view reads that database. Each Cost Explorer request is billed
       * $0.01; a refresh's requests depend on the days and pages read, not
       * on the number of components.
       */
      costs?: {
        /**
         * How often to run, once across all replicas: `{ hours: 8 }`, `'8h'`
         * or `'PT8H'`. Default 8 hours. A run sooner than
         * `shipyard.costs.refreshesPerDay` allows makes no request.
         */
        frequency?: HumanDuration | string;
        /** How long one run may take before it is abandoned. Default 1 hour. */
        timeout?: HumanDuration | string;
      };
    };
    /** The costs backend plugin (`/api/costs`) and its collector. */
    costs?: {
      /**
       * Where Cost Explorer is called: the management (payer) account of the
       * AWS organization, which sees every member account's costs. Shipyard
       * must be able to assume its role through `aws.accounts` (an entry
       * with this accountId), and its role needs `ce:GetCostAndUsage`,
       * `ce:GetCostForecast` and `ce:GetAnomalies`. Calls go to us-east-1,
       * Cost Explorer's endpoint.
       *
       * Without it, Cost Explorer is called in each environment's first
       * account, which sees only its own costs (a member account) or the
       * organization's (the management account): configure the payer for
       * environments that span several accounts.
       *
       * Either way, an environment's costs are those tagged with its name
       * (the `shipyard:environment` tag, or `shipyard.tagKeys.environment`)
       * plus, as the fallback, those carrying no configured environment's
       * name (no tag, or an unknown value) that were billed to one of its
       * accounts. An account listed by several environments falls back to
       * the first of them: every cost counts in at most one environment.
       * Within an environment, cost without the component tag is reported
       * as unattributed.
       */
      payerAccount?: {
        /** The management account's 12-digit id. */
        accountId: string;
      };
      /**
       * The most refreshes a day (1 to 24), across replicas and restarts:
       * Cost Explorer updates its data up to three times a day. Default 3.
       * The first refresh of a UTC day reads the open days (the current
       * month, and the previous one until the 5th while its bill is
       * finalized) and any day Cost Explorer still marks estimated; the
       * day's other refreshes read the last 3 days, which Cost Explorer
       * revises most.
       */
      refreshesPerDay?: number;
      /**
       * Calendar months the first refresh reads, the current one included
       * (1 to 13; Cost Explorer keeps 13 months and the current one).
       * Default 12. A month more is kept for comparisons.
       */
      backfillMonths?: number;
      /**
       * How the portfolio shows the costs of services the caller may not
       * read (`costs.read`): `hidden` leaves them out; `total` shows their
       * sum per environment, without naming them. Default `hidden`.
       * Unattributed cost is shown to every reader of the portfolio.
       */
      othersAs?: 'hidden' | 'total';
    };
  };
}
