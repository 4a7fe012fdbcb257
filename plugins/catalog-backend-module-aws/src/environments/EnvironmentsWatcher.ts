import {
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import { ShipyardEnvironment } from '@internal/plugin-aws-common';
import { DefaultShipyardEnvironments } from '@internal/plugin-aws-node';

/**
 * Keeps the configured environments current while the backend runs, so that
 * the catalog follows edits of `shipyard.environments` without a restart.
 */
export class EnvironmentsWatcher {
  readonly #config: RootConfigService;
  readonly #logger: LoggerService;
  readonly #read: (config: RootConfigService) => ShipyardEnvironment[];
  readonly #listeners = new Set<
    (environments: ShipyardEnvironment[]) => void
  >();
  #environments: ShipyardEnvironment[];

  static create(options: {
    config: RootConfigService;
    logger: LoggerService;
    /** The environments validated at start-up. */
    initial: ShipyardEnvironment[];
    /** Reads and validates the environments again; throws on bad config. */
    read?: (config: RootConfigService) => ShipyardEnvironment[];
  }): EnvironmentsWatcher {
    const watcher = new EnvironmentsWatcher(
      options.config,
      options.logger,
      options.initial,
      options.read ??
        (config => DefaultShipyardEnvironments.fromConfig(config).list()),
    );
    options.config.subscribe?.(() => watcher.#reload());
    return watcher;
  }

  private constructor(
    config: RootConfigService,
    logger: LoggerService,
    initial: ShipyardEnvironment[],
    read: (config: RootConfigService) => ShipyardEnvironment[],
  ) {
    this.#config = config;
    this.#logger = logger;
    this.#environments = initial;
    this.#read = read;
  }

  /** The environments as currently configured. */
  list(): ShipyardEnvironment[] {
    return this.#environments;
  }

  /** Calls `listener` with the new list whenever it changes. */
  onChange(listener: (environments: ShipyardEnvironment[]) => void): void {
    this.#listeners.add(listener);
  }

  #reload(): void {
    let next: ShipyardEnvironment[];
    try {
      next = this.#read(this.#config);
    } catch (error) {
      // The start-up validation already passed once; a bad edit at run time
      // must not take the previous, valid environments out of the catalog.
      this.#logger.error(
        `Ignoring the changed shipyard.environments configuration and keeping the previous environments: ${stringifyError(
          error,
        )}`,
      );
      return;
    }
    if (JSON.stringify(next) === JSON.stringify(this.#environments)) {
      return;
    }
    this.#environments = next;
    this.#logger.info(
      `shipyard.environments changed: ${next.map(e => e.name).join(', ')}`,
    );
    for (const listener of this.#listeners) {
      listener(next);
    }
  }
}
