import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';

/**
 * User info as sign-in gives it: the user and the groups the catalog says
 * they are a member of. The policy derives the role and ownership from it,
 * so backend tests with the real policy see the demo organisation's roles.
 */
export const catalogUserInfoServiceFactory = createServiceFactory({
  service: coreServices.userInfo,
  deps: { catalog: catalogServiceRef, auth: coreServices.auth },
  factory: ({ catalog, auth }) => ({
    async getUserInfo(credentials) {
      const principal = credentials.principal as { userEntityRef?: string };
      if (!principal.userEntityRef) {
        throw new Error('User info is only available for users');
      }
      const user = await catalog.getEntityByRef(principal.userEntityRef, {
        credentials: await auth.getOwnServiceCredentials(),
      });
      const groups = (user?.relations ?? [])
        .filter(r => r.type === 'memberOf')
        .map(r => r.targetRef);
      return {
        userEntityRef: principal.userEntityRef,
        ownershipEntityRefs: [principal.userEntityRef, ...groups],
      };
    },
  }),
});
