import { DrRoute } from '@internal/plugin-ack-one-common';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { ReactNode } from 'react';
import {
  ClusterNames,
  declaredSegments,
  declaredShares,
  describeHeaderMatch,
  effectiveSegments,
  formatPercent,
  unresolvedByPods,
} from './drPresentation';
import { StaleMark } from './StaleMark';
import { WeightBar } from './WeightBar';

const useStyles = makeStyles(theme => ({
  route: {
    '& + &': {
      marginTop: theme.spacing(3),
      paddingTop: theme.spacing(2),
      borderTop: `1px solid ${theme.palette.divider}`,
    },
  },
  legend: {
    marginTop: theme.spacing(1),
    width: 'auto',
    whiteSpace: 'nowrap',
  },
  list: {
    margin: theme.spacing(0.5, 0, 0),
    paddingLeft: theme.spacing(2),
  },
}));

/** In words, how a route without (all) declared weights is split. */
export function byPodsExplanation(route: DrRoute, names: ClusterNames) {
  if (route.declaredByPods <= 0) return undefined;
  const share =
    route.declaredByPods >= 100
      ? 'No weight is declared for this route'
      : `No weight is declared for ${formatPercent(
          route.declaredByPods,
        )} of this route`;
  const parts = Object.entries(route.byPods ?? {})
    .filter(([, v]) => v > 0)
    .map(([c, v]) => `${names(c)} ${formatPercent(v)}`);
  return `${share}: the gateway splits it by ready pods, so the declared shares follow the ready replicas (${
    parts.length ? `now ${parts.join(', ')}` : 'now no cluster has a ready pod'
  }).`;
}

const DeclaredCell = (props: { route: DrRoute; clusterId: string }) => {
  const { route, clusterId } = props;
  const pinned = route.declared[clusterId] ?? 0;
  const pods = route.byPods?.[clusterId] ?? 0;
  const total = declaredShares(route)[clusterId] ?? 0;
  let note: string | undefined;
  if (pods > 0)
    note =
      pinned > 0
        ? `${formatPercent(pinned)} declared + ${formatPercent(
            pods,
          )} by ready pods`
        : 'by ready pods';
  return (
    <>
      {formatPercent(total)}
      {note && (
        <Typography variant="caption" display="block" color="textSecondary">
          {note}
        </Typography>
      )}
    </>
  );
};

const WeightsTable = (props: {
  route: DrRoute;
  rows: string[];
  title: string;
  names: ClusterNames;
  stale?: Set<string>;
  healthKnown: boolean;
  className: string;
}) => {
  const { route, rows, title, names, stale, healthKnown } = props;
  const rest = unresolvedByPods(route);
  return (
    <Table
      size="small"
      className={props.className}
      aria-label={`Weights of ${title}`}
    >
      <TableHead>
        <TableRow>
          <TableCell>Cluster</TableCell>
          <TableCell align="right">Declared</TableCell>
          <TableCell align="right">Effective</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map(id => (
          <TableRow key={id} data-testid="ack-one-dr-weight-row">
            <TableCell>{names(id)}</TableCell>
            <TableCell align="right">
              <DeclaredCell route={route} clusterId={id} />
            </TableCell>
            <TableCell align="right">
              {healthKnown
                ? formatPercent(route.effective[id] ?? 0)
                : 'unknown'}
              {healthKnown && stale?.has(id) && (
                <>
                  {' '}
                  <StaleMark text="last known" />
                </>
              )}
            </TableCell>
          </TableRow>
        ))}
        {rest > 0 && (
          <TableRow>
            <TableCell>by ready pods (none ready)</TableCell>
            <TableCell align="right">{formatPercent(rest)}</TableCell>
            <TableCell align="right">–</TableCell>
          </TableRow>
        )}
      </TableBody>
    </Table>
  );
};

const HeaderRoutes = (props: {
  route: DrRoute;
  names: ClusterNames;
  className: string;
}) => {
  const { route, names } = props;
  if (route.headerRoutes.length === 0) return null;
  return (
    <Box mt={1}>
      <Typography variant="body2">Header routes</Typography>
      <ul className={props.className}>
        {route.headerRoutes.map((h, i) => (
          <li key={i}>
            <Typography variant="body2">
              {`${describeHeaderMatch(h)} → ${
                h.clusterId ? names(h.clusterId) : 'every cluster by ready pods'
              }`}
              <Typography
                component="span"
                variant="caption"
                color="textSecondary"
              >
                {` (Ingress ${h.ingress})`}
              </Typography>
            </Typography>
          </li>
        ))}
      </ul>
    </Box>
  );
};

/** The clusters a route's table lists: the fleet's and any the route names. */
function routeRows(route: DrRoute, clusterIds: string[]): string[] {
  return [
    ...new Set([
      ...clusterIds,
      ...Object.keys(declaredShares(route)),
      ...Object.keys(route.effective),
    ]),
  ];
}

/** Why the declared shares follow the ready pods, when they do. */
function routeExplanation(
  route: DrRoute,
  names: ClusterNames,
  healthKnown: boolean,
) {
  return healthKnown
    ? byPodsExplanation(route, names)
    : route.declaredByPods > 0 &&
        'No weight is declared: the gateway splits this route by ready pods, which the portal does not know for a route that no service you may read uses.';
}

/** The route's title, where it comes from, and how it is split. */
const RouteHeading = (props: {
  route: DrRoute;
  title: string;
  explanation?: string | false;
  children?: ReactNode;
}) => {
  const { route, explanation } = props;
  return (
    <>
      <Typography variant="subtitle1" component="h3">
        {props.title}
      </Typography>
      <Typography variant="caption" color="textSecondary" display="block">
        {`Service ${route.namespace}/${
          route.service
        } · Ingress ${route.ingresses.join(', ')}`}
      </Typography>
      {props.children}
      {explanation && (
        <Typography variant="body2" data-testid="ack-one-dr-by-pods">
          {explanation}
        </Typography>
      )}
    </>
  );
};

/**
 * One route: its declared and effective weights as bars and as a table,
 * its header routes. Shares of an unreachable cluster are marked last known.
 */
export const RouteWeights = (props: {
  route: DrRoute;
  clusterIds: string[];
  names: ClusterNames;
  colorOf: (clusterId: string) => string;
  orderOf: (clusterId: string) => number;
  stale?: Set<string>;
  /** False when the backend does not know the ready pods behind the route. */
  healthKnown?: boolean;
  /** Extra lines under the route's title (e.g. the services using it). */
  children?: ReactNode;
}) => {
  const { route, clusterIds, names, colorOf, orderOf, stale } = props;
  const healthKnown = props.healthKnown ?? true;
  const classes = useStyles();
  const title = `${route.host || '*'}${route.path}`;
  const byPods = route.declaredByPods > 0;
  // A declared share is last known only where it follows stale ready pods.
  const podsStale = new Set(
    [...(stale ?? [])].filter(id => (route.byPods?.[id] ?? 0) > 0),
  );

  return (
    <Box
      component="section"
      aria-label={`Route ${title}`}
      className={classes.route}
      data-testid="ack-one-dr-route"
    >
      <RouteHeading
        route={route}
        title={title}
        explanation={routeExplanation(route, names, healthKnown)}
      >
        {props.children}
      </RouteHeading>
      <WeightBar
        label={byPods ? 'Declared (split by ready pods)' : 'Declared'}
        segments={declaredSegments(route, names, orderOf)}
        colorOf={colorOf}
        emptyText="No weights declared"
        stale={podsStale}
      />
      {healthKnown && (
        <WeightBar
          label="Effective"
          segments={effectiveSegments(route, names, orderOf)}
          colorOf={colorOf}
          emptyText="No cluster can serve"
          stale={stale}
        />
      )}
      <WeightsTable
        route={route}
        rows={routeRows(route, clusterIds)}
        title={title}
        names={names}
        stale={stale}
        healthKnown={healthKnown}
        className={classes.legend}
      />
      <HeaderRoutes route={route} names={names} className={classes.list} />
    </Box>
  );
};
