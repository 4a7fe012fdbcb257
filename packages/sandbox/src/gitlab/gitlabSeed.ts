/**
 * The GitLab world the stand-in starts with, mirroring the demo catalog (catalog/org.yaml):
 * one root group for Northwind and one subgroup per team, the catalog's users with memberships
 * that follow their catalog groups, and the portal's own bot.
 */

/** GitLab's access levels. */
export const ACCESS = {
  guest: 10,
  reporter: 20,
  developer: 30,
  maintainer: 40,
  owner: 50,
} as const;

/** @public */
export type GitlabAccessLevel = (typeof ACCESS)[keyof typeof ACCESS];

/**
 * The portal's own token (`integrations.gitlab[].token` in app-config.yaml): the `shipyard-bot`
 * user, an administrator, who may do everything.
 *
 * @public
 */
export const GITLAB_SANDBOX_TOKEN = 'sandbox';

/**
 * Each seeded user's personal access token is `sandbox-<username>` (e.g. `sandbox-ana.lima`), so
 * that tests and curl can act as a user without the OAuth dance.
 *
 * @public
 */
export function gitlabPersonalToken(username: string): string {
  return `sandbox-${username}`;
}

/** The user OAuth sign-in approves when the authorize request names none (`login`). */
export const GITLAB_DEFAULT_OAUTH_LOGIN = 'ana.lima';

/** @public */
export interface GitlabSeedGroup {
  /** Full path, e.g. `northwind/storefront`. */
  fullPath: string;
  name: string;
  description: string;
  /** The catalog group it mirrors. */
  catalogGroup: string;
}

/** @public */
export interface GitlabSeedUser {
  username: string;
  name: string;
  isAdmin: boolean;
  /** Direct memberships: group full path → access level. */
  memberships: Record<string, GitlabAccessLevel>;
}

/** @public */
export const GITLAB_SEED_GROUPS: readonly GitlabSeedGroup[] = [
  {
    fullPath: 'northwind',
    name: 'Northwind',
    description: 'Northwind Engineering',
    catalogGroup: 'engineering',
  },
  {
    fullPath: 'northwind/storefront',
    name: 'Storefront',
    description: 'The storefront team: online shop, checkout, stock levels',
    catalogGroup: 'team-storefront',
  },
  {
    fullPath: 'northwind/freight',
    name: 'Freight',
    description: 'The freight team: the freight marketplace',
    catalogGroup: 'team-freight',
  },
  {
    fullPath: 'northwind/payments',
    name: 'Payments',
    description: 'The payments team: card and wallet payments, the ledger',
    catalogGroup: 'team-payments',
  },
  {
    fullPath: 'northwind/platform',
    name: 'Platform & SRE',
    description: 'Platform & SRE: clusters, CI runners and Shipyard',
    catalogGroup: 'platform-sre',
  },
];

const developerOf = (team: string) => ({
  [`northwind/${team}`]: ACCESS.developer,
});

/**
 * Developers are Developers of their team's group; SREs Maintainers of the root group (so of
 * every team's projects, as they operate everything) and Owners of the platform group; the
 * engineering manager a Reporter of the root group (reads, never writes).
 *
 * @public
 */
export const GITLAB_SEED_USERS: readonly GitlabSeedUser[] = [
  {
    username: 'shipyard-bot',
    name: 'Shipyard',
    isAdmin: true,
    memberships: {},
  },
  {
    username: 'ana.lima',
    name: 'Ana Lima',
    isAdmin: false,
    memberships: developerOf('storefront'),
  },
  {
    username: 'lucas.moreau',
    name: 'Lucas Moreau',
    isAdmin: false,
    memberships: developerOf('storefront'),
  },
  {
    username: 'jonas.weber',
    name: 'Jonas Weber',
    isAdmin: false,
    memberships: developerOf('freight'),
  },
  {
    username: 'priya.nair',
    name: 'Priya Nair',
    isAdmin: false,
    memberships: developerOf('payments'),
  },
  {
    username: 'sam.okafor',
    name: 'Sam Okafor',
    isAdmin: false,
    memberships: {
      northwind: ACCESS.maintainer,
      'northwind/platform': ACCESS.owner,
    },
  },
  {
    username: 'fatima.zahra',
    name: 'Fatima Zahra',
    isAdmin: false,
    memberships: {
      northwind: ACCESS.maintainer,
      'northwind/platform': ACCESS.owner,
    },
  },
  {
    username: 'mei.chen',
    name: 'Mei Chen',
    isAdmin: false,
    memberships: { northwind: ACCESS.reporter },
  },
];
