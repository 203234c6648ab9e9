import { InfoCard } from '@backstage/core-components';
import { DrCluster } from '@internal/plugin-ack-one-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { locationLabel } from '../presentation';
import { SeverityChip } from '../SeverityChip';
import {
  formatClock,
  formatDateTime,
  formatStaleness,
  locationShortLabel,
  roleColor,
} from './drPresentation';

const useStyles = makeStyles(theme => ({
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
}));

const ClusterCard = (props: { cluster: DrCluster; color: string }) => {
  const { cluster, color } = props;
  const classes = useStyles();
  const location = locationShortLabel(cluster.location);
  const lastSync = cluster.lastSyncAt ? (
    <Typography
      variant="caption"
      color="textSecondary"
      display="block"
      title={formatDateTime(cluster.lastSyncAt)}
    >
      {`Last sync ${formatClock(cluster.lastSyncAt)}`}
    </Typography>
  ) : (
    <Typography variant="caption" color="textSecondary" display="block">
      Never synced
    </Typography>
  );

  return (
    <Box
      component="section"
      aria-label={`Cluster ${cluster.name}`}
      data-testid="ack-one-dr-cluster"
      data-cluster={cluster.name}
      data-reachable={String(cluster.reachable)}
      height="100%"
    >
      <InfoCard
        variant="gridItem"
        title={
          <>
            <span
              className={classes.swatch}
              style={{ backgroundColor: color }}
              aria-hidden
            />
            {cluster.name}
          </>
        }
        subheader={cluster.clusterId}
      >
        <Box className={classes.chips}>
          <Chip
            size="small"
            label={cluster.role}
            color={roleColor(cluster.role)}
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
            severity={cluster.reachable ? 'ok' : 'error'}
            testId="ack-one-dr-reachable"
          />
        </Box>
        {!cluster.reachable && cluster.staleSeconds !== undefined && (
          <Typography variant="body2" color="error">
            {formatStaleness(cluster.staleSeconds)}
          </Typography>
        )}
        {cluster.message && (
          <Typography variant="body2" color="textSecondary">
            {cluster.message}
          </Typography>
        )}
        {lastSync}
      </InfoCard>
    </Box>
  );
};

/** The service's clusters side by side: role, location and reachability. */
export const ClusterCards = (props: {
  clusters: DrCluster[];
  colorOf: (clusterId: string) => string;
}) => {
  const { clusters, colorOf } = props;
  if (clusters.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        The fleet has no member clusters.
      </Typography>
    );
  }
  const md = ([12, 12, 6] as const)[clusters.length] ?? 4;
  return (
    <Grid container spacing={3} alignItems="stretch">
      {clusters.map(c => (
        <Grid item xs={12} md={md} key={c.clusterId}>
          <ClusterCard cluster={c} color={colorOf(c.clusterId)} />
        </Grid>
      ))}
    </Grid>
  );
};
