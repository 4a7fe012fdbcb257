import type { ScenarioComponent } from './Scenario';
import { SeededRandom } from './SeededRandom';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A version a team shipped; every environment deploys it after a fixed delay. */
export interface Release {
  version: string;
  releasedAt: Date;
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

  const releases: Release[] = [];
  for (let k = 0; k < count; k++) {
    const daysAgo = oldestDaysAgo - (k + rng.between(0.1, 0.9)) * slot;
    releases.push({
      version: nextVersion(),
      releasedAt: new Date(now.getTime() - daysAgo * DAY),
    });
  }
  if (withBadDeployment) {
    releases.push({
      version: nextVersion(),
      releasedAt: new Date(
        now.getTime() - BAD_DEPLOYMENT_AGO_MS - PROMOTION_DELAY_MS.prod,
      ),
      bad: true,
    });
    // The fix, released the day after the rollback.
    releases.push({
      version: nextVersion(),
      releasedAt: new Date(now.getTime() - 2 * DAY - 20 * HOUR),
    });
  }
  return releases;
}
