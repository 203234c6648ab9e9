import { Entity } from '@backstage/catalog-model';
import { InfoCard, StructuredMetadataTable } from '@backstage/core-components';
import {
  EntityRefLink,
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { ACK_ONE_ANNOTATIONS } from '@internal/plugin-ack-one-common';
import { NotReported } from '../NotReported';
import { StateChip } from '../StateChip';
import {
  CARD_TITLE_PROPS,
  clusterTypeLabel,
  describeError,
  locationLabel,
  resolveLocation,
} from '../presentation';
import { ClusterHealthStatus } from './ClusterHealthStatus';
import { useClusterFleet } from './useClusterFleet';
import { useClusterHealth } from './useClusterHealth';

const FleetLink = (props: { entity: Entity }) => {
  const fleetId =
    props.entity.metadata.annotations?.[ACK_ONE_ANNOTATIONS.fleetId];
  const { value: fleet, loading, error } = useClusterFleet(props.entity);

  if (fleet) {
    return <EntityRefLink entityRef={fleet} />;
  }
  if (loading) {
    return <Typography variant="body2">{fleetId ?? '…'}</Typography>;
  }
  if (fleetId) {
    return (
      <Typography variant="body2">
        {fleetId}{' '}
        <Typography variant="caption" color="textSecondary" component="span">
          {error
            ? `(catalog lookup failed: ${describeError(error)})`
            : '(not in the catalog)'}
        </Typography>
      </Typography>
    );
  }
  return (
    <Typography variant="body2" color="textSecondary">
      Not attached to a fleet
    </Typography>
  );
};

/**
 * Props of the cluster card (`EntityAckOneClusterCard`).
 *
 * @public
 */
export interface ClusterInfoCardProps {
  title?: string;
  /** How often reachability is refreshed, in milliseconds; 10000 by default. */
  pollIntervalMs?: number;
}

const ClusterMetadata = (props: {
  entity: Entity;
  clusterId: string;
  pollIntervalMs?: number;
}) => {
  const { entity, clusterId } = props;
  const annotations = entity.metadata.annotations ?? {};
  const health = useClusterHealth(clusterId, props.pollIntervalMs);
  const text = (value: string | undefined) => (value ? value : <NotReported />);
  const clusterType = annotations[ACK_ONE_ANNOTATIONS.clusterType];
  const location = resolveLocation(
    annotations[ACK_ONE_ANNOTATIONS.location],
    clusterType,
  );

  const metadata = {
    'Cluster ID': clusterId,
    State: (
      <StateChip
        state={annotations[ACK_ONE_ANNOTATIONS.state]}
        reachable={health.value?.reachable}
      />
    ),
    'Cluster type': clusterType ? (
      `${clusterTypeLabel(clusterType)} · ${clusterType}`
    ) : (
      <NotReported />
    ),
    Location: location ? locationLabel(location) : <NotReported />,
    Region: text(annotations[ACK_ONE_ANNOTATIONS.region]),
    Zone: text(annotations[ACK_ONE_ANNOTATIONS.zone]),
    VPC: text(annotations[ACK_ONE_ANNOTATIONS.vpcId]),
    Fleet: <FleetLink entity={entity} />,
    'Kubernetes version': text(
      annotations[ACK_ONE_ANNOTATIONS.kubernetesVersion],
    ),
    'API server': <ClusterHealthStatus health={health} />,
  };
  return (
    <StructuredMetadataTable
      metadata={metadata}
      options={{ titleFormat: key => key }}
    />
  );
};

/**
 * Overview of an ACK One member cluster: state, type, location, network,
 * fleet, Kubernetes version and API server reachability, refreshed every
 * 10 s from the same source as the DR tab; the state chip turns red while
 * the cluster is unreachable, whatever ACK One reports.
 */
export const ClusterInfoCard = (props: ClusterInfoCardProps) => {
  const { entity } = useEntity();
  const title = props.title ?? 'ACK One cluster';
  const annotations = entity.metadata.annotations ?? {};
  const clusterId = annotations[ACK_ONE_ANNOTATIONS.clusterId];

  if (!clusterId) {
    return (
      <InfoCard title={title} titleTypographyProps={CARD_TITLE_PROPS}>
        <MissingAnnotationEmptyState
          annotation={ACK_ONE_ANNOTATIONS.clusterId}
        />
      </InfoCard>
    );
  }

  return (
    <InfoCard title={title} titleTypographyProps={CARD_TITLE_PROPS} noPadding>
      <ClusterMetadata
        entity={entity}
        clusterId={clusterId}
        pollIntervalMs={props.pollIntervalMs}
      />
    </InfoCard>
  );
};
