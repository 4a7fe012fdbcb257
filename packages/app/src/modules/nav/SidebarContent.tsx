import {
  Sidebar,
  SidebarDivider,
  SidebarGroup,
  SidebarItem,
  SidebarSpace,
} from '@backstage/core-components';
import {
  NavContentBlueprint,
  NavContentNavItems,
} from '@backstage/plugin-app-react';
import { SidebarSearchModal } from '@backstage/plugin-search';
import { UserSettingsSignInAvatar } from '@backstage/plugin-user-settings';
import MenuIcon from '@material-ui/icons/Menu';
import { SidebarLogo } from './SidebarLogo';

/**
 * The pages that belong in Shipyard's sidebar, in order, with the label each
 * one gets. Plugins discovered through `app.packages: all` add more pages
 * (app visualizer, catalog import, notifications, ...); they stay reachable by
 * URL but are kept out of the sidebar so it only shows what people use daily.
 */
const menuPages = [
  { id: 'page:home', label: 'Home' },
  { id: 'page:catalog', label: 'Catalog' },
  { id: 'page:deployments', label: 'Deployments' },
  { id: 'page:availability', label: 'Availability' },
  { id: 'page:costs', label: 'Costs' },
  { id: 'page:security', label: 'Security' },
  { id: 'page:scaffolder', label: 'Create' },
  { id: 'page:api-docs', label: 'APIs' },
  { id: 'page:techdocs', label: 'Docs' },
];

function renderPage(navItems: NavContentNavItems, id: string, label: string) {
  const item = navItems.take(id);
  if (!item) {
    return null;
  }
  return (
    <SidebarItem key={id} icon={() => item.icon} to={item.href} text={label} />
  );
}

export const SidebarContent = NavContentBlueprint.make({
  params: {
    component: ({ navItems }) => (
      <Sidebar>
        <SidebarLogo />
        <SidebarDivider />
        <SidebarGroup label="Menu" icon={<MenuIcon />}>
          {menuPages.map(({ id, label }) => renderPage(navItems, id, label))}
          <SidebarSearchModal />
        </SidebarGroup>
        <SidebarSpace />
        <SidebarDivider />
        <SidebarGroup
          label="Settings"
          icon={<UserSettingsSignInAvatar />}
          to="/settings"
        >
          {renderPage(navItems, 'page:user-settings', 'Settings')}
        </SidebarGroup>
      </Sidebar>
    ),
  },
});
