import { Entity } from '@backstage/catalog-model';
import { EntityListContextProps } from '@backstage/plugin-catalog-react';
import { catalogColumns } from './catalogColumns';

function context(kind: string): EntityListContextProps {
  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name: 'orders', namespace: 'default' },
  };
  return {
    entities: [entity],
    filters: {},
  } as unknown as EntityListContextProps;
}

describe('catalogColumns', () => {
  it('puts the DR state after the name of Components, names on one line', () => {
    const columns = catalogColumns(context('Component'));
    const name = columns.findIndex(c => c.field === 'resolved.entityRef');
    expect(columns[name + 1].title).toBe('DR state');
    expect(columns[name].cellStyle).toMatchObject({
      whiteSpace: 'nowrap',
      wordBreak: 'normal',
    });
    const owner = columns.find(
      c => c.field === 'resolved.ownedByRelationsTitle',
    );
    expect(owner?.cellStyle).toMatchObject({ whiteSpace: 'nowrap' });
  });

  it('leaves the DR state out for other kinds', () => {
    const columns = catalogColumns(context('Group'));
    expect(columns.some(c => c.title === 'DR state')).toBe(false);
    expect(
      columns.find(c => c.field === 'resolved.entityRef')?.cellStyle,
    ).toMatchObject({ whiteSpace: 'nowrap' });
  });
});
