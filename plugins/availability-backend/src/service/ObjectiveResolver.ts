import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  AVAILABILITY_TARGET_ANNOTATION,
  AVAILABILITY_WINDOW_ANNOTATION,
  Objective,
  parseAvailabilityAnnotations,
  Tier,
} from '@internal/plugin-availability-common';

/** A tier's objective from configuration. */
interface TierObjective {
  target: number;
  window?: string;
}

/** The defaults when `shipyard.availability.targets.<tier>` is not configured. */
const DEFAULT_TARGETS: Record<Tier, TierObjective | undefined> = {
  prod: { target: 99.9, window: '30d' },
  staging: { target: 99, window: '30d' },
  dev: undefined,
};

const TIERS: Tier[] = ['dev', 'staging', 'prod'];

/**
 * Which availability objective applies to a component in an environment
 * tier. The tier's comes from `shipyard.availability.targets.<tier>`
 * (`{ objective: 99.9, window: '30d' }`; a tier configured without
 * `objective` has none; an unconfigured tier has the default: prod 99.9,
 * staging 99, dev none). A component's `shipyard.io/availability-target`
 * and `-window` annotations override it in every tier that has an objective
 * (dev has none by policy, and an annotation does not give it one). An
 * invalid annotation value is ignored here, the tier's value holds; the
 * catalog processor reports it on the entity.
 */
export class ObjectiveResolver {
  static fromConfig(config: Config): ObjectiveResolver {
    const targets = { ...DEFAULT_TARGETS };
    const configured = config.getOptionalConfig(
      'shipyard.availability.targets',
    );
    for (const tier of TIERS) {
      const tierConfig = configured?.getOptionalConfig(tier);
      if (!tierConfig) {
        continue;
      }
      const target = tierConfig.getOptionalNumber('objective');
      const window = tierConfig.getOptionalString('window');
      if (target !== undefined && !(target > 0 && target <= 100)) {
        throw new InputError(
          `shipyard.availability.targets.${tier}.objective must be a percentage above 0 and at most 100, got ${target}`,
        );
      }
      if (window !== undefined && !/^([1-9]|[1-8]\d|90)d$/.test(window)) {
        throw new InputError(
          `shipyard.availability.targets.${tier}.window must be a number of days from 1d to 90d, e.g. 30d, got ${window}`,
        );
      }
      targets[tier] =
        target === undefined
          ? undefined
          : { target, ...(window ? { window } : {}) };
    }
    return new ObjectiveResolver(targets);
  }

  private constructor(
    private readonly targets: Record<Tier, TierObjective | undefined>,
  ) {}

  resolve(
    tier: Tier,
    annotations: Record<string, string> | undefined,
  ): Objective | undefined {
    const fromTier = this.targets[tier];
    if (!fromTier) {
      return undefined;
    }
    // Each annotation on its own, so that a valid one holds when the other is not.
    const parse = (key: string) =>
      annotations?.[key] === undefined
        ? undefined
        : parseAvailabilityAnnotations({
            metadata: { annotations: { [key]: annotations[key] } },
          }).value;
    const target = parse(AVAILABILITY_TARGET_ANNOTATION)?.target;
    const windowDays = parse(AVAILABILITY_WINDOW_ANNOTATION)?.windowDays;
    const window = windowDays ? `${windowDays}d` : fromTier.window;
    return {
      target: target ?? fromTier.target,
      ...(window ? { window } : {}),
      source: target !== undefined || windowDays ? 'annotation' : 'tier',
    };
  }
}
