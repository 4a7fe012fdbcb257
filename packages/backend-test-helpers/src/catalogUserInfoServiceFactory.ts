import {
  AuthService,
  BackstageUserInfo,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  CatalogService,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';

/** The user and the groups the catalog says they are a member of. */
export async function readCatalogUserInfo(
  deps: { catalog: CatalogService; auth: AuthService },
  userEntityRef: string,
): Promise<BackstageUserInfo> {
  const user = await deps.catalog.getEntityByRef(userEntityRef, {
    credentials: await deps.auth.getOwnServiceCredentials(),
  });
  const groups = (user?.relations ?? [])
    .filter(r => r.type === 'memberOf')
    .map(r => r.targetRef);
  return { userEntityRef, ownershipEntityRefs: [userEntityRef, ...groups] };
}

/** The user entity ref of `credentials`, which only users have. */
export function userEntityRefOf(credentials: { principal: unknown }): string {
  const principal = credentials.principal as { userEntityRef?: string };
  if (!principal.userEntityRef) {
    throw new Error('User info is only available for users');
  }
  return principal.userEntityRef;
}

/**
 * User info as sign-in gives it: the user and the groups the catalog says
 * they are a member of. The policy derives the role and ownership from it,
 * so backend tests with the real policy see the demo organisation's roles.
 */
export const catalogUserInfoServiceFactory = createServiceFactory({
  service: coreServices.userInfo,
  deps: { catalog: catalogServiceRef, auth: coreServices.auth },
  factory: deps => ({
    getUserInfo: async credentials =>
      readCatalogUserInfo(deps, userEntityRefOf(credentials)),
  }),
});
