import {
  CacheService,
  CacheServiceOptions,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { CacheManager } from '@backstage/backend-defaults/cache';
import { ConfigReader } from '@backstage/config';
import { JsonValue } from '@backstage/types';

/**
 * Backstage's real in-memory cache, emptied by `reset()`. Shipyard keeps AWS
 * answers for a while (the locator 60 s, a rollout a few seconds); a test
 * that moves the sandbox's clock or starts over resets it so that one step's
 * cached answers do not hide the next step's AWS calls.
 *
 * `factory` replaces `coreServices.cache` in `startTestBackend`;
 * `forPlugin(id)` gives one plugin's cache for tests that build services by
 * hand.
 */
export function createResettableCache() {
  const createManager = () => CacheManager.fromConfig(new ConfigReader({}));
  let manager = createManager();
  const view = (
    pluginId: string,
    options: CacheServiceOptions,
  ): CacheService => {
    const current = () => manager.forPlugin(pluginId).withOptions(options);
    return {
      get: <T extends JsonValue>(key: string) => current().get<T>(key),
      set: (key, value, setOptions) => current().set(key, value, setOptions),
      delete: key => current().delete(key),
      withOptions: more => view(pluginId, { ...options, ...more }),
    };
  };
  return {
    factory: createServiceFactory({
      service: coreServices.cache,
      deps: { plugin: coreServices.pluginMetadata },
      factory: ({ plugin }) => view(plugin.getId(), {}),
    }),
    forPlugin: (pluginId: string) => view(pluginId, {}),
    reset() {
      manager = createManager();
    },
  };
}
