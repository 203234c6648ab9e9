import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { Progress, StructuredMetadataTable } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  ACK_ONE_ANNOTATIONS,
  DrGatewayObject,
  DrGatewayOverview,
} from '@internal/plugin-ack-one-common';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { useClusterHealth } from '../ClusterInfoCard/useClusterHealth';
import { NotReported } from '../NotReported';
import {
  clusterTypeLabel,
  describeError,
  isNotFound,
  locationLabel,
  parseBoolean,
  resolveLocation,
} from '../presentation';
import { AnnotatedCard, annotation } from '../AnnotatedCard';
import { RefreshFailed } from '../RefreshFailed';
import { StatusText } from '../SeverityChip';
import { StateChip } from '../StateChip';
import { useFleetGateway } from './useFleetGateway';
import { FleetMembers, useFleetMembers } from './useFleetMembers';

const useStyles = makeStyles(theme => ({
  // Words wrap between words only, never mid-word; a table wider than the
  // card scrolls sideways.
  table: {
    '& th, & td': {
      wordBreak: 'normal',
      overflowWrap: 'normal',
      hyphens: 'manual',
      verticalAlign: 'top',
    },
  },
  nowrap: { whiteSpace: 'nowrap' },
  stale: { filter: 'grayscale(100%)' },
  heading: { margin: theme.spacing(2, 0, 1) },
}));

const LiveMemberState = (props: {
  clusterId: string;
  state?: string;
  pollIntervalMs?: number;
}) => {
  const health = useClusterHealth(props.clusterId, props.pollIntervalMs);
  const classes = useStyles();
  return (
    <span className={health.error && health.value ? classes.stale : undefined}>
      <StateChip state={props.state} reachable={health.value?.reachable} />
    </span>
  );
};

/** The member cluster's state, red while the backend cannot reach it. */
const MemberState = (props: { cluster: Entity; pollIntervalMs?: number }) => {
  const clusterId = annotation(props.cluster, ACK_ONE_ANNOTATIONS.clusterId);
  return clusterId ? (
    <LiveMemberState
      clusterId={clusterId}
      state={annotation(props.cluster, ACK_ONE_ANNOTATIONS.state)}
      pollIntervalMs={props.pollIntervalMs}
    />
  ) : (
    <StateChip state={annotation(props.cluster, ACK_ONE_ANNOTATIONS.state)} />
  );
};

const Enabled = (props: { value: string | undefined }) => {
  const value = parseBoolean(props.value);
  if (value === undefined) return <NotReported />;
  return <>{value ? 'Enabled' : 'Disabled'}</>;
};

const MemberRow = (props: { cluster: Entity; pollIntervalMs?: number }) => {
  const { cluster } = props;
  const classes = useStyles();
  const clusterType = annotation(cluster, ACK_ONE_ANNOTATIONS.clusterType);
  const location = resolveLocation(
    annotation(cluster, ACK_ONE_ANNOTATIONS.location),
    clusterType,
  );
  return (
    <TableRow>
      <TableCell className={classes.nowrap}>
        <EntityRefLink entityRef={cluster} />
      </TableCell>
      <TableCell>
        {location ? locationLabel(location) : <NotReported />}
        <Typography variant="caption" color="textSecondary" display="block">
          {clusterType ? clusterTypeLabel(clusterType) : 'Type not reported'}
        </Typography>
      </TableCell>
      <TableCell className={classes.nowrap}>
        <MemberState cluster={cluster} pollIntervalMs={props.pollIntervalMs} />
      </TableCell>
    </TableRow>
  );
};

const MemberClusters = (props: {
  clusters: Entity[];
  pollIntervalMs?: number;
}) => {
  const classes = useStyles();
  if (props.clusters.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No member clusters of this fleet are in the catalog.
      </Typography>
    );
  }
  return (
    <TableContainer>
      <Table
        size="small"
        aria-label="Member clusters"
        className={classes.table}
      >
        <TableHead>
          <TableRow>
            <TableCell>Cluster</TableCell>
            <TableCell>Location and type</TableCell>
            <TableCell>State</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {props.clusters.map(cluster => (
            <MemberRow
              key={cluster.metadata.uid ?? cluster.metadata.name}
              cluster={cluster}
              pollIntervalMs={props.pollIntervalMs}
            />
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
};

/** The gateway object the backend reports for a gateway entity, if any. */
export function liveGatewayOf(
  entity: Entity,
  overview: DrGatewayOverview | undefined,
): DrGatewayObject | undefined {
  const ref = stringifyEntityRef(entity);
  return overview?.gateways.find(
    g => g.entityRef === ref || g.name === entity.metadata.name,
  );
}

const Gateways = (props: {
  gateways: Entity[];
  overview?: DrGatewayOverview;
}) => {
  const classes = useStyles();
  if (props.gateways.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No multi-cluster gateways of this fleet are in the catalog.
      </Typography>
    );
  }
  return (
    <TableContainer>
      <Table size="small" aria-label="Gateways" className={classes.table}>
        <TableHead>
          <TableRow>
            <TableCell>Gateway</TableCell>
            <TableCell>Kind</TableCell>
            <TableCell>Address</TableCell>
            <TableCell>Status</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {props.gateways.map(gateway => {
            const live = liveGatewayOf(gateway, props.overview);
            const kind =
              live?.kind ??
              annotation(gateway, ACK_ONE_ANNOTATIONS.gatewayKind);
            const address =
              live?.address ??
              annotation(gateway, ACK_ONE_ANNOTATIONS.gatewayAddress);
            return (
              <TableRow key={gateway.metadata.uid ?? gateway.metadata.name}>
                <TableCell className={classes.nowrap}>
                  <EntityRefLink entityRef={gateway} />
                </TableCell>
                <TableCell>{kind ?? <NotReported />}</TableCell>
                <TableCell className={classes.nowrap}>
                  {address ?? <NotReported />}
                </TableCell>
                <TableCell className={classes.nowrap}>
                  <StateChip
                    state={
                      live?.status ??
                      annotation(gateway, ACK_ONE_ANNOTATIONS.gatewayStatus)
                    }
                  />
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </TableContainer>
  );
};

/**
 * The Fleet's multi-cluster gateway feature in words: what the backend and
 * the catalog report, so the row never says "not reported" above a table
 * that lists a gateway.
 */
export function gatewaySummary(
  enabledAnnotation: string | undefined,
  gateways: Entity[],
  overview?: DrGatewayOverview,
): { text: string; reported: boolean } {
  const objects = overview?.gateways ?? [];
  if (objects.length > 0) {
    const states = objects
      .map(g => `${g.name} ${g.status ?? 'status not reported'}`)
      .join(', ');
    return { text: `Enabled: ${states}`, reported: true };
  }
  if (gateways.length > 0) {
    const states = gateways
      .map(
        g =>
          `${g.metadata.title ?? g.metadata.name} ${
            annotation(g, ACK_ONE_ANNOTATIONS.gatewayStatus) ??
            'status not reported'
          }`,
      )
      .join(', ');
    return { text: `Enabled: ${states}`, reported: true };
  }
  const enabled = parseBoolean(enabledAnnotation);
  if (enabled === undefined) return { text: 'Not reported', reported: false };
  return { text: enabled ? 'Enabled' : 'Disabled', reported: true };
}

const GatewayRow = (props: {
  entity: Entity;
  members?: FleetMembers;
  overview?: DrGatewayOverview;
}) => {
  const summary = gatewaySummary(
    annotation(props.entity, ACK_ONE_ANNOTATIONS.gatewayEnabled),
    props.members?.gateways ?? [],
    props.overview,
  );
  return summary.reported ? (
    <>{summary.text}</>
  ) : (
    <NotReported>{summary.text}</NotReported>
  );
};

/**
 * Props of the Fleet card (`EntityAckOneFleetCard`).
 *
 * @public
 */
export interface FleetInfoCardProps {
  title?: string;
  /** How often the gateway and reachability are refreshed, in milliseconds; 10000 by default. */
  pollIntervalMs?: number;
}

/** The Fleet's facts, from the catalog and (live state) the backend. */
function fleetMetadata(
  entity: Entity,
  fleetId: string,
  members?: FleetMembers,
  overview?: DrGatewayOverview,
) {
  return {
    'Fleet ID': fleetId,
    State: (
      <StateChip
        state={annotation(entity, ACK_ONE_ANNOTATIONS.state)}
        reachable={overview?.reachable}
      />
    ),
    Region: annotation(entity, ACK_ONE_ANNOTATIONS.region) ?? <NotReported />,
    VPC: annotation(entity, ACK_ONE_ANNOTATIONS.vpcId) ?? <NotReported />,
    'GitOps (Argo CD)': (
      <Enabled value={annotation(entity, ACK_ONE_ANNOTATIONS.gitOpsEnabled)} />
    ),
    'Multi-cluster gateway': (
      <GatewayRow entity={entity} members={members} overview={overview} />
    ),
  };
}

const FleetBody = (props: {
  entity: Entity;
  fleetId: string;
  pollIntervalMs?: number;
}) => {
  const { entity, fleetId, pollIntervalMs } = props;
  const classes = useStyles();
  const members = useFleetMembers(entity, fleetId);
  const gateway = useFleetGateway(fleetId, pollIntervalMs);
  // A Fleet the backend does not know (404) is shown from the catalog alone.
  const overview = gateway.value;
  const refreshError =
    gateway.error && !isNotFound(gateway.error) ? gateway.error : undefined;

  const metadata = fleetMetadata(entity, fleetId, members.value, overview);

  return (
    <>
      <StructuredMetadataTable
        metadata={metadata}
        options={{ titleFormat: key => key }}
      />
      {refreshError && (
        <Box mt={1}>
          <RefreshFailed
            error={refreshError}
            failingSince={gateway.failingSince}
            what="The gateway status shown"
          />
        </Box>
      )}
      {members.loading && <Progress />}
      {!members.loading && (members.error || !members.value) && (
        <StatusText severity="error">
          {`Could not load the fleet's clusters and gateways from the catalog: ${describeError(
            members.error,
          )}`}
        </StatusText>
      )}
      {members.value && (
        <>
          <Typography variant="h6" component="h3" className={classes.heading}>
            Member clusters
          </Typography>
          <MemberClusters
            clusters={members.value.clusters}
            pollIntervalMs={pollIntervalMs}
          />
          <Typography variant="h6" component="h3" className={classes.heading}>
            Multi-cluster gateways
          </Typography>
          <Box className={refreshError ? classes.stale : undefined}>
            <Gateways gateways={members.value.gateways} overview={overview} />
          </Box>
        </>
      )}
    </>
  );
};

/**
 * Overview of an ACK One Fleet: state, region, VPC, GitOps and gateway
 * features, member clusters (red while the backend cannot reach them) and
 * multi-cluster gateways with their live status, refreshed every 10 s.
 */
export const FleetInfoCard = (props: FleetInfoCardProps) => (
  <AnnotatedCard
    title={props.title ?? 'ACK One fleet'}
    annotation={ACK_ONE_ANNOTATIONS.clusterId}
  >
    {(fleetId, entity) => (
      <FleetBody
        entity={entity}
        fleetId={fleetId}
        pollIntervalMs={props.pollIntervalMs}
      />
    )}
  </AnnotatedCard>
);
