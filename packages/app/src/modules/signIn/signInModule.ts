import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';

const shipyardSignInPage = SignInPageBlueprint.make({
  params: {
    loader: async () =>
      import('./ShipyardSignInPage').then(m => m.ShipyardSignInPage),
  },
});

/** Replaces the app's guest sign-in with Shipyard's. */
export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [shipyardSignInPage],
});
