import { CSSProperties } from 'react';
import { TableColumn } from '@backstage/core-components';
import {
  CatalogTable,
  CatalogTableColumnsFunc,
  CatalogTableRow,
} from '@backstage/plugin-catalog';

type Column = TableColumn<CatalogTableRow>;

// The stock columns, by the field each one shows.
const NAME = 'resolved.entityRef';
const SYSTEM = 'resolved.partOfSystemRelationTitle';
const OWNER = 'resolved.ownedByRelationsTitle';
const LIFECYCLE = 'entity.spec.lifecycle';
const DESCRIPTION = 'entity.metadata.description';
const TAGS = 'entity.metadata.tags';

// Width hints for the list of components, APIs and resources: the name gets
// the most room, Type, Lifecycle and Actions take what their content needs.
const crowdedListWidths: Record<string, string> = {
  [NAME]: '30%',
  [SYSTEM]: '20%',
  [OWNER]: '20%',
  [LIFECYCLE]: 'auto',
};

// The theme lets table cells break anywhere, so the table could squeeze a
// column below its longest word: names came out as "Branc/h inv/entory".
const wrapAtWordBoundaries: CSSProperties = {
  wordBreak: 'normal',
  overflowWrap: 'break-word',
};

function wrapAtWords(column: Column): Column {
  const { cellStyle } = column;
  return {
    ...column,
    cellStyle:
      typeof cellStyle === 'function'
        ? (data, rowData) => ({
            ...cellStyle(data, rowData),
            ...wrapAtWordBoundaries,
          })
        : { ...cellStyle, ...wrapAtWordBoundaries },
  };
}

function fitCrowdedList(columns: Column[]): Column[] {
  return columns
    .filter(column => column.field !== DESCRIPTION && column.field !== TAGS)
    .map(column => {
      const width = column.field && crowdedListWidths[column.field];
      return width ? { ...column, width } : column;
    });
}

/**
 * The stock catalog columns, fitted to the catalog page at 1280 to 1440 px.
 *
 * Beside the filters the table gets 850 to 980 px there. The stock list of
 * components, APIs and resources has eight columns whose headers alone need
 * about 990 px, so the table overflowed and squeezed the names to a few
 * letters a line. That list drops Description (cut to two words at that
 * width anyway) and Tags (a stack of chips), which both stay on the entity
 * page (tags also as a filter), and gives the name the most room. Lists with
 * fewer columns (users, groups, systems, templates) keep every column.
 */
export const shipyardCatalogColumns: CatalogTableColumnsFunc = context => {
  const columns = CatalogTable.defaultColumnsFunc(context);
  const crowded = columns.some(column => column.field === SYSTEM);
  return (crowded ? fitCrowdedList(columns) : columns).map(wrapAtWords);
};
