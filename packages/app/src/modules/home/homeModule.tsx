import { createFrontendModule } from '@backstage/frontend-plugin-api';
import homePlugin from '@backstage/plugin-home/alpha';
import { HomePageLayoutBlueprint } from '@backstage/plugin-home-react/alpha';

const shipyardHomeLayout = HomePageLayoutBlueprint.make({
  params: {
    loader: async () =>
      import('./ShipyardHomePage').then(m => m.ShipyardHomePage),
  },
});

/**
 * Stock widgets that mean nothing in Shipyard (jokes, world clocks, generic
 * links) and the visit lists, which need the visits API that stays disabled.
 * Configuring one of them in app-config enables it again.
 */
const unwantedWidgets = [
  'home-page-widget:home/random-joke',
  'home-page-widget:home/world-clock',
  'home-page-widget:home/toolkit',
  'home-page-widget:home/most-visited',
  'home-page-widget:home/recently-visited',
] as const;

/** Shipyard's home page: its layout, and the stock widgets it does not use. */
export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [
    shipyardHomeLayout,
    ...unwantedWidgets.map(id =>
      homePlugin.getExtension(id).override({ disabled: true }),
    ),
  ],
});
