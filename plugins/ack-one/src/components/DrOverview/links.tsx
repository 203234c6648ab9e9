import { Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import {
  entityRouteParams,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { makeStyles } from '@material-ui/core/styles';
import { useCallback } from 'react';
import { DR_TAB_PATH } from './format';

const useStyles = makeStyles({
  nowrap: { whiteSpace: 'nowrap', wordBreak: 'normal' },
});

/** A function from a service's entity ref to its Disaster Recovery tab. */
export function useDrTabLink(): (entityRef: string) => string {
  const entityRoute = useRouteRef(entityRouteRef);
  return useCallback(
    (entityRef: string) =>
      `${entityRoute(entityRouteParams(entityRef))}/${DR_TAB_PATH}`,
    [entityRoute],
  );
}

/** A link to a service's Disaster Recovery tab, on one line. */
export const DrTabLink = (props: { entityRef: string; label: string }) => {
  const classes = useStyles();
  const drTab = useDrTabLink();
  return (
    <Link to={drTab(props.entityRef)} className={classes.nowrap}>
      {props.label}
    </Link>
  );
};
