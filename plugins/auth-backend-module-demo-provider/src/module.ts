import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  authProvidersExtensionPoint,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';
import { createDemoAuthenticator } from './createDemoAuthenticator';
import { readDemoSignInUsers } from './readDemoSignInUsers';

/**
 * Registers the `demo` auth provider: development-only sign-in as one of the demo catalog users.
 * It is active only when `auth.providers.demo` is configured, and refuses to start when
 * `auth.environment` or `NODE_ENV` is `production`.
 *
 * @public
 */
export const authModuleDemoProvider = createBackendModule({
  pluginId: 'auth',
  moduleId: 'demo-provider',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        providers: authProvidersExtensionPoint,
      },
      async init({ config, logger, providers }) {
        if (!config.has('auth.providers.demo')) {
          return;
        }
        const environment =
          config.getOptionalString('auth.environment') ?? 'development';
        if (environment === 'production') {
          // Anyone who can reach the backend could sign in as a listed user: never in production.
          throw new Error(
            "The demo auth provider must not run in production: remove auth.providers.demo from the configuration, or set auth.environment to something other than 'production'",
          );
        }
        if (process.env.NODE_ENV === 'production') {
          // Checked apart from auth.environment, which is configuration too: an image started
          // without the production overlay must not open password-less sign-in either.
          throw new Error(
            'The demo auth provider must not run in production: auth.providers.demo is configured, but NODE_ENV is production; remove auth.providers.demo from the configuration (app-config.production.yaml sets it to null)',
          );
        }
        const allowedUserRefs = readDemoSignInUsers(config);
        logger.warn(
          `Demo sign-in is enabled, without passwords, for ${allowedUserRefs.join(
            ', ',
          )}; it is meant for development only`,
        );
        providers.registerProvider({
          providerId: 'demo',
          factory: createProxyAuthProviderFactory({
            authenticator: createDemoAuthenticator({ allowedUserRefs }),
            // Ownership, and so the permission policy's roles, come from the user's catalog groups.
            signInResolver: async ({ result }, ctx) =>
              ctx.signInWithCatalogUser({ entityRef: result.userEntityRef }),
          }),
        });
      },
    });
  },
});
