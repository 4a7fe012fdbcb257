import {
  BackstageUserInfo,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  readCatalogUserInfo,
  userEntityRefOf,
} from './catalogUserInfoServiceFactory';

/** How long the backend's user info service keeps a token's answer (CachedUserInfoService). */
const USER_INFO_TTL_MS = 5_000;

/**
 * catalogUserInfoServiceFactory's user info, kept per user for 5 s as the
 * backend's own user info service keeps each token's. For benchmarks: the
 * policy asks for it on every decision (every item of a batch), and
 * production does not read the catalog for each.
 */
export const cachedCatalogUserInfoServiceFactory = createServiceFactory({
  service: coreServices.userInfo,
  deps: { catalog: catalogServiceRef, auth: coreServices.auth },
  factory: deps => {
    const cache = new Map<
      string,
      { expiresAt: number; info: Promise<BackstageUserInfo> }
    >();
    return {
      async getUserInfo(credentials) {
        const userEntityRef = userEntityRefOf(credentials);
        const now = Date.now();
        let entry = cache.get(userEntityRef);
        if (!entry || entry.expiresAt <= now) {
          entry = {
            expiresAt: now + USER_INFO_TTL_MS,
            info: readCatalogUserInfo(deps, userEntityRef),
          };
          cache.set(userEntityRef, entry);
        }
        return entry.info;
      },
    };
  },
});
