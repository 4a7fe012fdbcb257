import type { ScenarioComponent } from './Scenario';
import { SeededRandom } from './SeededRandom';
import { stableHex } from './stableHex';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A version a team shipped; every environment deploys it after a fixed delay. */
export interface Release {
  version: string;
  releasedAt: Date;
  /** The commit the version was built from (the pipeline's `shipyard:commit-sha`). */
  commitSha: string;
  /** When that commit was made: minutes to a day and a half before the release. */
  committedAt: Date;
  /** Shipped to prod on purpose as the scenario's bad deployment, rolled back there. */
  bad?: boolean;
}

/** How long after a release each environment deploys it (the pipeline's promotion delays). */
export const PROMOTION_DELAY_MS = {
  dev: 10 * 60_000,
  staging: 3 * HOUR,
  prod: 26 * HOUR,
  /** The disaster-recovery region follows its primary region by half an hour. */
  drExtra: 30 * 60_000,
} as const;

/** When the scenario's bad prod deployment (payments-gateway) reached prod, before `now`. */
export const BAD_DEPLOYMENT_AGO_MS = 3 * DAY;
/** How long after reaching prod the bad deployment was rolled back. */
export const BAD_DEPLOYMENT_DURATION_MS = 38 * 60_000;

/** Shortest and longest time from a release's commit to its pipeline releasing it. */
const COMMIT_TO_RELEASE_MS = { min: 12 * 60_000, max: 36 * HOUR } as const;

/**
 * The commit a component's version was built from: a full SHA-1, the same in every environment
 * and in the image's `org.opencontainers.image.revision` label.
 */
export function releaseCommitSha(component: string, version: string): string {
  return stableHex(`commit/${component}/${version}`, 40);
}

/**
 * The release history of one component over the last 90 days: 6 to 10 versions, spread so that
 * no two land on the same day, the newest sometimes too recent to have reached prod yet.
 */
export function planReleases(
  component: ScenarioComponent,
  seed: string,
  now: Date,
): Release[] {
  const rng = SeededRandom.forKey(seed, `releases/${component.name}`);
  const withBadDeployment =
    component.copyIndex === 0 && component.baseName === 'payments-gateway';
  const count = withBadDeployment ? rng.int(4, 7) : rng.int(6, 10);
  const oldestDaysAgo = 88;
  // payments-gateway keeps its last week for the bad deployment and its fix.
  const newestDaysAgo = withBadDeployment ? 6 : 0.5;
  const slot = (oldestDaysAgo - newestDaysAgo) / count;

  let major = rng.int(1, 3);
  let minor = rng.int(0, 20);
  let patch = rng.int(0, 3);
  const nextVersion = () => {
    const roll = rng.next();
    if (roll < 0.03) {
      major += 1;
      minor = 0;
      patch = 0;
    } else if (roll < 0.6) {
      minor += 1;
      patch = 0;
    } else {
      patch += 1;
    }
    return `${major}.${minor}.${patch}`;
  };

  // Commit times draw from their own stream, so adding them moved no version or release date.
  const commits = SeededRandom.forKey(seed, `commits/${component.name}`);
  const release = (version: string, releasedAt: Date, bad?: boolean) => {
    // Squared: most commits ship within hours, a few wait a day or more for review.
    const wait =
      COMMIT_TO_RELEASE_MS.min +
      commits.next() ** 2 *
        (COMMIT_TO_RELEASE_MS.max - COMMIT_TO_RELEASE_MS.min);
    return {
      version,
      releasedAt,
      commitSha: releaseCommitSha(component.name, version),
      // The pipeline records it to the second.
      committedAt: new Date(
        Math.floor((releasedAt.getTime() - wait) / 1000) * 1000,
      ),
      ...(bad ? { bad } : {}),
    };
  };

  const releases: Release[] = [];
  for (let k = 0; k < count; k++) {
    const daysAgo = oldestDaysAgo - (k + rng.between(0.1, 0.9)) * slot;
    releases.push(
      release(nextVersion(), new Date(now.getTime() - daysAgo * DAY)),
    );
  }
  if (withBadDeployment) {
    releases.push(
      release(
        nextVersion(),
        new Date(
          now.getTime() - BAD_DEPLOYMENT_AGO_MS - PROMOTION_DELAY_MS.prod,
        ),
        true,
      ),
    );
    // The fix, released the day after the rollback.
    releases.push(
      release(nextVersion(), new Date(now.getTime() - 2 * DAY - 20 * HOUR)),
    );
  }
  return releases;
}
