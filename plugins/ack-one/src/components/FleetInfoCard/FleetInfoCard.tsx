import { Entity } from '@backstage/catalog-model';
import {
  InfoCard,
  Progress,
  StructuredMetadataTable,
} from '@backstage/core-components';
import {
  EntityRefLink,
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { ACK_ONE_ANNOTATIONS } from '@internal/plugin-ack-one-common';
import { NotReported } from '../NotReported';
import { StateChip } from '../StateChip';
import {
  clusterTypeLabel,
  describeError,
  locationLabel,
  parseBoolean,
  resolveLocation,
} from '../presentation';
import { useFleetMembers } from './useFleetMembers';

function annotation(entity: Entity, key: string): string | undefined {
  return entity.metadata.annotations?.[key];
}

const Enabled = (props: { value: string | undefined }) => {
  const value = parseBoolean(props.value);
  if (value === undefined) return <NotReported />;
  return <>{value ? 'Enabled' : 'Disabled'}</>;
};

const MemberClusters = (props: { clusters: Entity[] }) => {
  if (props.clusters.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No member clusters of this fleet are in the catalog.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="Member clusters">
      <TableHead>
        <TableRow>
          <TableCell>Cluster</TableCell>
          <TableCell>Location</TableCell>
          <TableCell>Type</TableCell>
          <TableCell>State</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.clusters.map(cluster => {
          const clusterType = annotation(
            cluster,
            ACK_ONE_ANNOTATIONS.clusterType,
          );
          const location = resolveLocation(
            annotation(cluster, ACK_ONE_ANNOTATIONS.location),
            clusterType,
          );
          return (
            <TableRow key={cluster.metadata.uid ?? cluster.metadata.name}>
              <TableCell>
                <EntityRefLink entityRef={cluster} />
              </TableCell>
              <TableCell>
                {location ? locationLabel(location) : <NotReported />}
              </TableCell>
              <TableCell>
                {clusterType ? clusterTypeLabel(clusterType) : <NotReported />}
              </TableCell>
              <TableCell>
                <StateChip
                  state={annotation(cluster, ACK_ONE_ANNOTATIONS.state)}
                />
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
};

const Gateways = (props: { gateways: Entity[] }) => {
  if (props.gateways.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No multi-cluster gateways of this fleet are in the catalog.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="Gateways">
      <TableHead>
        <TableRow>
          <TableCell>Gateway</TableCell>
          <TableCell>Kind</TableCell>
          <TableCell>Address</TableCell>
          <TableCell>Status</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.gateways.map(gateway => (
          <TableRow key={gateway.metadata.uid ?? gateway.metadata.name}>
            <TableCell>
              <EntityRefLink entityRef={gateway} />
            </TableCell>
            <TableCell>
              {annotation(gateway, ACK_ONE_ANNOTATIONS.gatewayKind) ?? (
                <NotReported />
              )}
            </TableCell>
            <TableCell>
              {annotation(gateway, ACK_ONE_ANNOTATIONS.gatewayAddress) ?? (
                <NotReported />
              )}
            </TableCell>
            <TableCell>
              <StateChip
                state={annotation(gateway, ACK_ONE_ANNOTATIONS.gatewayStatus)}
              />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};

const FleetMembersSection = (props: { entity: Entity; fleetId: string }) => {
  const { value, loading, error } = useFleetMembers(
    props.entity,
    props.fleetId,
  );
  if (loading) return <Progress />;
  if (error || !value) {
    return (
      <Typography variant="body2" color="error">
        Could not load the fleet's clusters and gateways from the catalog:{' '}
        {describeError(error)}
      </Typography>
    );
  }
  return (
    <>
      <Box mt={2} mb={1}>
        <Typography variant="subtitle2">Member clusters</Typography>
      </Box>
      <MemberClusters clusters={value.clusters} />
      <Box mt={2} mb={1}>
        <Typography variant="subtitle2">Multi-cluster gateways</Typography>
      </Box>
      <Gateways gateways={value.gateways} />
    </>
  );
};

/** Props of {@link FleetInfoCard}. */
export interface FleetInfoCardProps {
  title?: string;
}

/**
 * Overview of an ACK One Fleet: state, region, VPC, GitOps and gateway
 * features, member clusters and multi-cluster gateways.
 */
export const FleetInfoCard = (props: FleetInfoCardProps) => {
  const { entity } = useEntity();
  const title = props.title ?? 'ACK One fleet';
  const fleetId = annotation(entity, ACK_ONE_ANNOTATIONS.clusterId);

  if (!fleetId) {
    return (
      <InfoCard title={title}>
        <MissingAnnotationEmptyState
          annotation={ACK_ONE_ANNOTATIONS.clusterId}
        />
      </InfoCard>
    );
  }

  const metadata = {
    'Fleet ID': fleetId,
    State: <StateChip state={annotation(entity, ACK_ONE_ANNOTATIONS.state)} />,
    Region: annotation(entity, ACK_ONE_ANNOTATIONS.region) ?? <NotReported />,
    VPC: annotation(entity, ACK_ONE_ANNOTATIONS.vpcId) ?? <NotReported />,
    'GitOps (Argo CD)': (
      <Enabled value={annotation(entity, ACK_ONE_ANNOTATIONS.gitOpsEnabled)} />
    ),
    'Multi-cluster gateway': (
      <Enabled value={annotation(entity, ACK_ONE_ANNOTATIONS.gatewayEnabled)} />
    ),
  };

  return (
    <InfoCard title={title}>
      <StructuredMetadataTable
        metadata={metadata}
        options={{ titleFormat: key => key }}
      />
      <FleetMembersSection entity={entity} fleetId={fleetId} />
    </InfoCard>
  );
};
