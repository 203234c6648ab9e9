import { InfoCard, Link } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { ClusterRole, DrCluster } from '@internal/plugin-ack-one-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { locationLabel, PAGE_SECONDARY_TEXT_COLORS } from '../presentation';
import { SeverityChip, StatusText } from '../SeverityChip';
import { Time } from '../Time';
import {
  formatPercent,
  formatStaleness,
  locationShortLabel,
  roleColor,
} from './drPresentation';

const useStyles = makeStyles(theme => ({
  // On the page background, where the theme's secondary text is too faint.
  pageNote: { color: PAGE_SECONDARY_TEXT_COLORS[theme.palette.type] },
  chips: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(1),
  },
  swatch: {
    display: 'inline-block',
    width: 12,
    height: 12,
    borderRadius: 2,
    marginRight: theme.spacing(1),
    verticalAlign: 'middle',
  },
  unreachable: {
    height: '100%',
    '& > *': {
      height: '100%',
      outline: `3px solid ${theme.palette.error.main}`,
    },
  },
  links: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5, 2),
    marginTop: theme.spacing(1),
  },
}));

/** Share of the traffic a cluster serves now, over the service's routes. */
export type ServingShare = (clusterId: string) => number | undefined;

const ClusterTitle = (props: { cluster: DrCluster; color: string }) => {
  const { cluster, color } = props;
  const classes = useStyles();
  return (
    <>
      <span className={classes.swatch} style={{ backgroundColor: color }} />
      {cluster.entityRef ? (
        <EntityRefLink entityRef={cluster.entityRef} title={cluster.name} />
      ) : (
        cluster.name
      )}
    </>
  );
};

const ClusterChips = (props: { cluster: DrCluster; serving?: number }) => {
  const { cluster, serving } = props;
  const classes = useStyles();
  const location = locationShortLabel(cluster.location);
  const standbyServing =
    cluster.role === 'standby' && serving !== undefined && serving > 0;
  return (
    <Box className={classes.chips}>
      <Chip
        size="small"
        label={cluster.role}
        color={roleColor(cluster.role as ClusterRole)}
        variant={cluster.role === 'standby' ? 'outlined' : 'default'}
        title={`Role: ${cluster.role}`}
        data-testid="ack-one-dr-role"
      />
      {location && cluster.location && (
        <Chip
          size="small"
          variant="outlined"
          label={location}
          title={locationLabel(cluster.location)}
        />
      )}
      <SeverityChip
        label={cluster.reachable ? 'Reachable' : 'Unreachable'}
        severity={cluster.reachable ? 'ok' : 'critical'}
        testId="ack-one-dr-reachable"
      />
      {standbyServing && (
        <SeverityChip
          label={`Standby serving ${formatPercent(serving!)}`}
          severity="warning"
          title="A standby should serve no traffic until a failover"
          testId="ack-one-dr-standby-serving"
        />
      )}
    </Box>
  );
};

const ClusterFacts = (props: { cluster: DrCluster }) => {
  const { cluster } = props;
  const classes = useStyles();
  return (
    <>
      {!cluster.reachable && (
        <StatusText severity="critical" plain display="block">
          {cluster.staleSeconds !== undefined
            ? `Last-known data: ${formatStaleness(cluster.staleSeconds)}.`
            : 'No data: the cluster has not answered yet.'}
        </StatusText>
      )}
      {cluster.message && (
        <Typography variant="body2" color="textSecondary">
          {cluster.message}
        </Typography>
      )}
      <Typography variant="caption" color="textSecondary" display="block">
        {cluster.lastSyncAt ? (
          <>
            Last sync <Time iso={cluster.lastSyncAt} />
          </>
        ) : (
          'Never synced'
        )}
      </Typography>
      {cluster.consoleUrl && (
        <Box className={classes.links}>
          <Link to={cluster.consoleUrl}>
            {`${cluster.name} in the ACK console`}
          </Link>
        </Box>
      )}
    </>
  );
};

const ClusterCard = (props: {
  cluster: DrCluster;
  color: string;
  serving?: number;
}) => {
  const { cluster, color, serving } = props;
  const classes = useStyles();
  return (
    <Box
      component="section"
      aria-label={`Cluster ${cluster.name}`}
      data-testid="ack-one-dr-cluster"
      data-cluster={cluster.name}
      data-reachable={String(cluster.reachable)}
      height="100%"
      className={cluster.reachable ? undefined : classes.unreachable}
    >
      <InfoCard
        variant="gridItem"
        titleTypographyProps={{ component: 'h3', variant: 'h6' }}
        title={<ClusterTitle cluster={cluster} color={color} />}
        subheader={cluster.clusterId}
      >
        <ClusterChips cluster={cluster} serving={serving} />
        <ClusterFacts cluster={cluster} />
      </InfoCard>
    </Box>
  );
};

/** The service's clusters side by side: role, location and reachability. */
export const ClusterCards = (props: {
  clusters: DrCluster[];
  colorOf: (clusterId: string) => string;
  servingOf?: ServingShare;
}) => {
  const { clusters, colorOf, servingOf } = props;
  const classes = useStyles();
  if (clusters.length === 0) {
    return (
      <Typography variant="body2" className={classes.pageNote}>
        The fleet has no member clusters.
      </Typography>
    );
  }
  const md = ([12, 12, 6] as const)[clusters.length] ?? 4;
  return (
    <Grid container spacing={3} alignItems="stretch">
      {clusters.map(c => (
        <Grid item xs={12} md={md} key={c.clusterId}>
          <ClusterCard
            cluster={c}
            color={colorOf(c.clusterId)}
            serving={servingOf?.(c.clusterId)}
          />
        </Grid>
      ))}
    </Grid>
  );
};
