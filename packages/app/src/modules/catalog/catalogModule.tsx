import { Fragment } from 'react';
import {
  coreExtensionData,
  createFrontendModule,
} from '@backstage/frontend-plugin-api';
import catalogPlugin, {
  CatalogIndexPage,
} from '@backstage/plugin-catalog/alpha';

/**
 * The stock catalog page with Shipyard's table columns. The page's config
 * (path, title, pagination, exportSettings) and its filter extensions apply
 * as before; 1.55 offers no config for columns, so the page is overridden
 * (https://github.com/backstage/backstage/issues/33438). Export
 * customisations from CatalogExportConfigBlueprint extensions are not passed
 * on: their data ref is private, and Shipyard installs none.
 */
const catalogPage = catalogPlugin.getExtension('page:catalog').override({
  factory(originalFactory, { inputs, config }) {
    return originalFactory({
      params: {
        loader: async () => {
          const { shipyardCatalogColumns } = await import(
            './shipyardCatalogColumns'
          );
          return (
            <CatalogIndexPage
              filters={
                <>
                  {inputs.filters.map(filter => (
                    <Fragment key={filter.node.spec.id}>
                      {filter.get(coreExtensionData.reactElement)}
                    </Fragment>
                  ))}
                </>
              }
              columns={shipyardCatalogColumns}
              pagination={config.pagination}
              exportSettings={
                config.exportSettings?.enabled
                  ? config.exportSettings
                  : undefined
              }
            />
          );
        },
      },
    });
  },
});

/** Shipyard's adjustments to the catalog plugin. */
export const catalogModule = createFrontendModule({
  pluginId: 'catalog',
  extensions: [catalogPage],
});
