import { CSSProperties } from 'react';
import { Entity } from '@backstage/catalog-model';
import { TableColumn } from '@backstage/core-components';
import { CatalogTableRow } from '@backstage/plugin-catalog';
import {
  EntityKindFilter,
  EntityListContextProps,
} from '@backstage/plugin-catalog-react';
import { shipyardCatalogColumns } from './shipyardCatalogColumns';

function listOf(kind: string): EntityListContextProps {
  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name: 'x', namespace: 'default' },
  };
  // The columns depend only on the listed entities and the filters.
  return {
    entities: [entity],
    filters: { kind: new EntityKindFilter(kind.toLowerCase(), kind) },
  } as Partial<EntityListContextProps> as EntityListContextProps;
}

function visibleFields(columns: TableColumn<CatalogTableRow>[]) {
  return columns.filter(column => !column.hidden).map(column => column.field);
}

function cellStyleOf(column: TableColumn<CatalogTableRow>): CSSProperties {
  const { cellStyle } = column;
  return typeof cellStyle === 'function'
    ? cellStyle([], {} as CatalogTableRow)
    : cellStyle ?? {};
}

describe('shipyardCatalogColumns', () => {
  it('lists components by name, system, owner, type and lifecycle, with the name widest', () => {
    const columns = shipyardCatalogColumns(listOf('Component'));

    expect(visibleFields(columns)).toEqual([
      'resolved.entityRef',
      'resolved.partOfSystemRelationTitle',
      'resolved.ownedByRelationsTitle',
      'entity.spec.type',
      'entity.spec.lifecycle',
    ]);
    expect(
      Object.fromEntries(
        columns
          .filter(column => !column.hidden)
          .map(column => [column.field, column.width]),
      ),
    ).toEqual({
      'resolved.entityRef': '30%',
      'resolved.partOfSystemRelationTitle': '20%',
      'resolved.ownedByRelationsTitle': '20%',
      'entity.spec.type': 'auto',
      'entity.spec.lifecycle': 'auto',
    });
  });

  it('keeps the description and tags where the list has room for them', () => {
    expect(visibleFields(shipyardCatalogColumns(listOf('User')))).toEqual([
      'resolved.entityRef',
      'entity.metadata.description',
      'entity.metadata.tags',
    ]);
    expect(visibleFields(shipyardCatalogColumns(listOf('System')))).toEqual([
      'resolved.entityRef',
      'resolved.ownedByRelationsTitle',
      'entity.metadata.description',
      'entity.metadata.tags',
    ]);
  });

  it.each(['Component', 'Group'])(
    'wraps every cell of a %s list at word boundaries',
    kind => {
      for (const column of shipyardCatalogColumns(listOf(kind))) {
        expect(cellStyleOf(column)).toMatchObject({
          wordBreak: 'normal',
          overflowWrap: 'break-word',
        });
      }
    },
  );

  it('keeps the stock cell styles', () => {
    const tags = shipyardCatalogColumns(listOf('Group')).find(
      column => column.field === 'entity.metadata.tags',
    );
    expect(tags && cellStyleOf(tags)).toEqual({
      padding: '0px 16px 0px 20px',
      wordBreak: 'normal',
      overflowWrap: 'break-word',
    });
  });
});
