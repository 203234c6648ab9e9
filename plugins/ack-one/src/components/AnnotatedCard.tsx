import { Entity } from '@backstage/catalog-model';
import { InfoCard } from '@backstage/core-components';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { ReactNode } from 'react';
import { CARD_TITLE_PROPS } from './presentation';

/** The value of one of the entity's annotations, if it has it. */
export function annotation(entity: Entity, key: string): string | undefined {
  return entity.metadata.annotations?.[key];
}

/**
 * A card of the current entity that needs one of its annotations: its body
 * gets the annotation's value; without the annotation, the card says how to
 * add it.
 */
export const AnnotatedCard = (props: {
  title: string;
  annotation: string;
  children: (value: string, entity: Entity) => ReactNode;
}) => {
  const { entity } = useEntity();
  const value = annotation(entity, props.annotation);
  return (
    <InfoCard title={props.title} titleTypographyProps={CARD_TITLE_PROPS}>
      {value ? (
        props.children(value, entity)
      ) : (
        <MissingAnnotationEmptyState annotation={props.annotation} />
      )}
    </InfoCard>
  );
};
