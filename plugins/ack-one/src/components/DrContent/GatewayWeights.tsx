import { InfoCard } from '@backstage/core-components';
import { DrGateway, DrRoute } from '@internal/plugin-ack-one-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { ReactNode } from 'react';
import { CARD_TITLE_PROPS } from '../presentation';
import { StatusText } from '../SeverityChip';
import { Time } from '../Time';
import { ClusterNames } from './drPresentation';
import { RouteWeights } from './RouteWeights';

const useStyles = makeStyles(theme => ({
  list: {
    margin: theme.spacing(0.5, 0, 0),
    paddingLeft: theme.spacing(2),
  },
}));

/** Problems found in the gateway's Ingresses. */
export const GatewayIssues = (props: { issues: DrGateway['issues'] }) => {
  const classes = useStyles();
  if (props.issues.length === 0) return null;
  return (
    <Box mt={2}>
      <Typography variant="body2">Gateway issues</Typography>
      <ul className={classes.list} aria-label="Gateway issues">
        {props.issues.map((issue, i) => (
          <li key={i}>
            <StatusText
              severity={issue.severity === 'error' ? 'error' : 'warning'}
            >{`${issue.ingress}: ${issue.message}`}</StatusText>
          </li>
        ))}
      </ul>
    </Box>
  );
};

/** Says that the gateway's routes are the last known, and since when. */
export const GatewayUnreadable = (props: {
  message?: string;
  lastSyncAt?: string;
}) => (
  <Box mb={2} data-testid="ack-one-gateway-stale">
    <StatusText severity="critical">
      {`Gateway configuration unreadable${
        props.message ? `: ${props.message}` : ''
      }; these are the last known routes`}
      {props.lastSyncAt && (
        <>
          {' (from '}
          <Time iso={props.lastSyncAt} />)
        </>
      )}
      .
    </StatusText>
  </Box>
);

/** How a route's weights are shown: the clusters, their names and colours. */
export interface RouteView {
  clusterIds: string[];
  names: ClusterNames;
  colorOf: (clusterId: string) => string;
  orderOf: (clusterId: string) => number;
  stale?: Set<string>;
}

/**
 * A gateway's routes with their weights (or `emptyText` without any), a
 * warning first when its configuration is unreadable, its issues last.
 * `extras` adds, per route, whether its ready pods are known and lines
 * under its title.
 */
export const GatewayRoutes = <R extends DrRoute>(props: {
  gateway: Omit<DrGateway, 'routes'> & { routes: R[] };
  view: RouteView;
  emptyText: string;
  extras?: (route: R) => { healthKnown?: boolean; children?: ReactNode };
}) => {
  const { gateway, view, extras } = props;
  return (
    <>
      {!gateway.reachable && (
        <GatewayUnreadable
          message={gateway.message}
          lastSyncAt={gateway.lastSyncAt}
        />
      )}
      {gateway.routes.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          {props.emptyText}
        </Typography>
      ) : (
        gateway.routes.map(route => (
          <RouteWeights
            key={route.id}
            route={route}
            {...view}
            {...extras?.(route)}
          />
        ))
      )}
      <GatewayIssues issues={gateway.issues} />
    </>
  );
};

/**
 * The multi-cluster gateway's routes for the service: declared versus
 * effective weights per cluster, header routes and configuration issues.
 */
export const GatewayWeights = (props: { gateway: DrGateway } & RouteView) => {
  const { gateway, ...view } = props;
  return (
    <InfoCard
      title="Gateway traffic"
      titleTypographyProps={CARD_TITLE_PROPS}
      subheader="Weights declared in the Fleet's Ingresses, and where traffic goes now that unhealthy clusters are failed over"
    >
      <GatewayRoutes
        gateway={gateway}
        view={view}
        emptyText="No gateway route sends traffic to this service."
      />
    </InfoCard>
  );
};
