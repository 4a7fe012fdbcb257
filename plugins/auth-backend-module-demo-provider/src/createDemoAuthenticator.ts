import {
  AuthenticationError,
  InputError,
  NotAllowedError,
} from '@backstage/errors';
import { createProxyAuthenticator } from '@backstage/plugin-auth-node';
import { normalizeUserRef } from './normalizeUserRef';

/**
 * The request header that names the catalog user to sign in as.
 *
 * @public
 */
export const DEMO_USER_HEADER = 'x-shipyard-demo-user';

/** @public */
export type DemoSignInResult = {
  /** The canonical entity ref of the user to sign in as. */
  userEntityRef: string;
};

type UserProfile = { displayName?: string; email?: string; picture?: string };

/**
 * Trusts the {@link DEMO_USER_HEADER} header, but only for the users listed in configuration:
 * the list is what keeps this from being a sign-in as anyone.
 *
 * @public
 */
export function createDemoAuthenticator(options: {
  allowedUserRefs: string[];
}) {
  const allowed = new Set(options.allowedUserRefs);
  return createProxyAuthenticator<void, DemoSignInResult, undefined>({
    async defaultProfileTransform(result, ctx) {
      const { entity } = await ctx.findCatalogUser({
        entityRef: result.userEntityRef,
      });
      const profile = (entity.spec?.profile ?? {}) as UserProfile;
      return {
        profile: {
          displayName:
            profile.displayName ??
            entity.metadata.title ??
            entity.metadata.name,
          email: profile.email,
          picture: profile.picture,
        },
      };
    },
    initialize() {},
    async authenticate({ req }) {
      const requested = req.header(DEMO_USER_HEADER);
      if (!requested) {
        throw new AuthenticationError(
          `Demo sign-in needs the ${DEMO_USER_HEADER} header`,
        );
      }
      let userEntityRef: string;
      try {
        userEntityRef = normalizeUserRef(requested);
      } catch (error) {
        throw new InputError(
          `${DEMO_USER_HEADER} '${requested}' is not a user entity ref: ${error}`,
        );
      }
      if (!allowed.has(userEntityRef)) {
        throw new NotAllowedError(
          `${requested} is not a demo user (shipyard.demoSignIn.users)`,
        );
      }
      return { result: { userEntityRef } };
    },
  });
}
