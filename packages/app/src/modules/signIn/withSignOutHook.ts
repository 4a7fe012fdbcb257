import { IdentityApi } from '@backstage/frontend-plugin-api';

/**
 * Returns an IdentityApi that behaves like `identityApi` but runs `beforeSignOut`
 * first when the user signs out. The app hands this object to every plugin, so
 * it is the one place that sees a sign-out from the settings page.
 */
export function withSignOutHook(
  identityApi: IdentityApi,
  beforeSignOut: () => void,
): IdentityApi {
  return {
    getProfileInfo: () => identityApi.getProfileInfo(),
    getBackstageIdentity: () => identityApi.getBackstageIdentity(),
    getCredentials: () => identityApi.getCredentials(),
    signOut: async () => {
      beforeSignOut();
      await identityApi.signOut();
    },
  };
}
