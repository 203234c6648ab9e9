import {
  InfoCard,
  StatusError,
  StatusWarning,
} from '@backstage/core-components';
import { DrGateway, DrRoute } from '@internal/plugin-ack-one-common';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { BY_PODS_COLOR } from './clusterColors';
import {
  ClusterNames,
  declaredSegments,
  describeHeaderMatch,
  effectiveSegments,
  formatClock,
  formatPercent,
  WeightSegment,
} from './drPresentation';

const useStyles = makeStyles(theme => ({
  route: {
    '& + &': {
      marginTop: theme.spacing(3),
      paddingTop: theme.spacing(2),
      borderTop: `1px solid ${theme.palette.divider}`,
    },
  },
  barRow: {
    display: 'flex',
    alignItems: 'center',
    marginTop: theme.spacing(1),
  },
  barLabel: {
    width: 80,
    flexShrink: 0,
  },
  bar: {
    display: 'flex',
    flexGrow: 1,
    height: 28,
    borderRadius: theme.shape.borderRadius,
    overflow: 'hidden',
    backgroundColor: theme.palette.action.disabledBackground,
  },
  segment: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    gap: theme.spacing(0.5),
    minWidth: 0,
    overflow: 'hidden',
    whiteSpace: 'nowrap',
    color: theme.palette.common.white,
    fontSize: theme.typography.caption.fontSize,
    padding: theme.spacing(0, 0.5),
    '& + &': {
      borderLeft: `2px solid ${theme.palette.background.paper}`,
    },
  },
  segmentName: {
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  },
  byPods: {
    backgroundImage:
      'repeating-linear-gradient(45deg, rgba(255,255,255,0.15) 0, rgba(255,255,255,0.15) 6px, transparent 6px, transparent 12px)',
  },
  nothing: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    width: '100%',
    color: theme.palette.common.white,
    backgroundColor: theme.palette.status.error,
    fontSize: theme.typography.caption.fontSize,
  },
  legend: {
    marginTop: theme.spacing(1),
    width: 'auto',
  },
  list: {
    margin: theme.spacing(0.5, 0, 0),
    paddingLeft: theme.spacing(2),
  },
}));

/** A horizontal bar of shares, one coloured segment per cluster. */
export const WeightBar = (props: {
  label: string;
  segments: WeightSegment[];
  colorOf: (clusterId: string) => string;
  emptyText: string;
}) => {
  const { label, segments, colorOf, emptyText } = props;
  const classes = useStyles();
  const shown = segments.filter(s => s.percent > 0);
  const summary = shown.length
    ? shown.map(s => `${s.label} ${formatPercent(s.percent)}`).join(', ')
    : emptyText;
  return (
    <Box className={classes.barRow}>
      <Typography variant="body2" className={classes.barLabel}>
        {label}
      </Typography>
      <Box
        className={classes.bar}
        role="img"
        aria-label={`${label}: ${summary}`}
        data-testid="ack-one-dr-weight-bar"
        data-bar={label.toLocaleLowerCase('en-US')}
      >
        {shown.length === 0 && (
          <span className={classes.nothing}>{emptyText}</span>
        )}
        {shown.map(s => (
          <span
            key={s.key}
            title={`${s.label}: ${formatPercent(s.percent)}`}
            className={`${classes.segment} ${s.byPods ? classes.byPods : ''}`}
            style={{
              width: `${s.percent}%`,
              backgroundColor: s.byPods ? BY_PODS_COLOR : colorOf(s.key),
            }}
            data-testid="ack-one-dr-weight-segment"
            data-cluster={s.label}
            data-percent={String(s.percent)}
          >
            <span className={classes.segmentName}>{s.label}</span>
            <span>{formatPercent(s.percent)}</span>
          </span>
        ))}
      </Box>
    </Box>
  );
};

const RouteWeights = (props: {
  route: DrRoute;
  clusterIds: string[];
  names: ClusterNames;
  colorOf: (clusterId: string) => string;
  orderOf: (clusterId: string) => number;
}) => {
  const { route, clusterIds, names, colorOf, orderOf } = props;
  const classes = useStyles();
  const declared = declaredSegments(route, names, orderOf);
  const effective = effectiveSegments(route, names, orderOf);
  const rows = [
    ...new Set([
      ...clusterIds,
      ...Object.keys(route.declared),
      ...Object.keys(route.effective),
    ]),
  ];
  const title = `${route.host || '*'}${route.path}`;

  return (
    <Box
      component="section"
      aria-label={`Route ${title}`}
      className={classes.route}
      data-testid="ack-one-dr-route"
    >
      <Typography variant="subtitle1" component="h3">
        {title}
      </Typography>
      <Typography variant="caption" color="textSecondary" display="block">
        {`Service ${route.namespace}/${
          route.service
        } · Ingress ${route.ingresses.join(', ')}`}
      </Typography>
      <WeightBar
        label="Declared"
        segments={declared}
        colorOf={colorOf}
        emptyText="No weights declared"
      />
      <WeightBar
        label="Effective"
        segments={effective}
        colorOf={colorOf}
        emptyText="No cluster can serve"
      />
      <Table
        size="small"
        className={classes.legend}
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
            <TableRow key={id}>
              <TableCell>{names(id)}</TableCell>
              <TableCell align="right">
                {formatPercent(route.declared[id] ?? 0)}
              </TableCell>
              <TableCell align="right">
                {formatPercent(route.effective[id] ?? 0)}
              </TableCell>
            </TableRow>
          ))}
          {route.declaredByPods > 0 && (
            <TableRow>
              <TableCell>by ready pods</TableCell>
              <TableCell align="right">
                {formatPercent(route.declaredByPods)}
              </TableCell>
              <TableCell align="right">–</TableCell>
            </TableRow>
          )}
        </TableBody>
      </Table>
      {route.headerRoutes.length > 0 && (
        <Box mt={1}>
          <Typography variant="body2">Header routes</Typography>
          <ul className={classes.list}>
            {route.headerRoutes.map((h, i) => (
              <li key={i}>
                <Typography variant="body2">
                  {`${describeHeaderMatch(h)} → ${
                    h.clusterId
                      ? names(h.clusterId)
                      : 'every cluster by ready pods'
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
      )}
    </Box>
  );
};

/**
 * The multi-cluster gateway's routes for the service: declared versus
 * effective weights per cluster, header routes and configuration issues.
 */
export const GatewayWeights = (props: {
  gateway: DrGateway;
  clusterIds: string[];
  names: ClusterNames;
  colorOf: (clusterId: string) => string;
  orderOf: (clusterId: string) => number;
}) => {
  const { gateway, clusterIds, names, colorOf, orderOf } = props;
  const classes = useStyles();
  return (
    <InfoCard
      title="Gateway traffic"
      subheader="Weights declared in the Fleet's Ingresses, and where traffic goes now that unhealthy clusters are failed over"
    >
      {!gateway.reachable && (
        <Box mb={2}>
          <StatusError>
            {`Gateway configuration unreadable${
              gateway.message ? `: ${gateway.message}` : ''
            }; these are the last known routes${
              gateway.lastSyncAt
                ? ` (from ${formatClock(gateway.lastSyncAt)})`
                : ''
            }.`}
          </StatusError>
        </Box>
      )}
      {gateway.routes.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No gateway route sends traffic to this service.
        </Typography>
      ) : (
        gateway.routes.map(route => (
          <RouteWeights
            key={route.id}
            route={route}
            clusterIds={clusterIds}
            names={names}
            colorOf={colorOf}
            orderOf={orderOf}
          />
        ))
      )}
      {gateway.issues.length > 0 && (
        <Box mt={2}>
          <Typography variant="body2">Gateway issues</Typography>
          <ul className={classes.list} aria-label="Gateway issues">
            {gateway.issues.map((issue, i) => (
              <li key={i}>
                {issue.severity === 'error' ? (
                  <StatusError>{`${issue.ingress}: ${issue.message}`}</StatusError>
                ) : (
                  <StatusWarning>{`${issue.ingress}: ${issue.message}`}</StatusWarning>
                )}
              </li>
            ))}
          </ul>
        </Box>
      )}
    </InfoCard>
  );
};
