import { Entity } from '@backstage/catalog-model';
import {
  Progress,
  ResponseErrorPanel,
  StructuredMetadataTable,
} from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  ACK_ONE_ANNOTATIONS,
  DrGatewayOverview,
} from '@internal/plugin-ack-one-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { clusterColorsOf } from '../DrContent/clusterColors';
import { clusterIndexOf } from '../DrContent/drPresentation';
import { GatewayRoutes } from '../DrContent/GatewayWeights';
import { liveGatewayOf } from '../FleetInfoCard/FleetInfoCard';
import { useFleetGateway } from '../FleetInfoCard/useFleetGateway';
import { useFleetMembers } from '../FleetInfoCard/useFleetMembers';
import { NotReported } from '../NotReported';
import { isNotFound, resolveLocation } from '../presentation';
import { AnnotatedCard, annotation } from '../AnnotatedCard';
import { RefreshFailed } from '../RefreshFailed';
import { StateChip } from '../StateChip';
import { Time } from '../Time';

const useStyles = makeStyles(theme => ({
  stale: { '& [data-live="true"]': { filter: 'grayscale(100%)' } },
  heading: { margin: theme.spacing(3, 0, 1) },
  services: { margin: theme.spacing(0.5, 0) },
}));

/** Cluster id → name, from the Fleet's member cluster entities. */
function useClusterNames(entity: Entity, fleetId: string) {
  const members = useFleetMembers(entity, fleetId);
  // The IDC side first, as on the DR tab.
  const clusters = (members.value?.clusters ?? [])
    .flatMap(c => {
      const clusterId = annotation(c, ACK_ONE_ANNOTATIONS.clusterId);
      const location = resolveLocation(
        annotation(c, ACK_ONE_ANNOTATIONS.location),
        annotation(c, ACK_ONE_ANNOTATIONS.clusterType),
      );
      return clusterId
        ? [{ clusterId, name: c.metadata.title ?? c.metadata.name, location }]
        : [];
    })
    .sort(
      (a, b) =>
        Number(b.location === 'idc') - Number(a.location === 'idc') ||
        a.name.localeCompare(b.name),
    );
  const byId = new Map(clusters.map(c => [c.clusterId, c.name]));
  return {
    clusters,
    names: (clusterId: string) => byId.get(clusterId) ?? clusterId,
  };
}

const Services = (props: { entityRefs: string[] }) => {
  const classes = useStyles();
  return (
    <Typography variant="body2" className={classes.services}>
      {'Used by '}
      {props.entityRefs.length === 0
        ? 'no service you may read'
        : props.entityRefs.map((ref, i) => (
            <span key={ref}>
              {i > 0 && ', '}
              <EntityRefLink entityRef={ref} />
            </span>
          ))}
    </Typography>
  );
};

const GatewayBody = (props: {
  entity: Entity;
  fleetId: string;
  overview: DrGatewayOverview;
}) => {
  const { entity, fleetId, overview } = props;
  const classes = useStyles();
  const { clusters, names } = useClusterNames(entity, fleetId);
  const live = liveGatewayOf(entity, overview);
  const ingressClasses =
    live?.ingressClasses.join(', ') ||
    annotation(entity, ACK_ONE_ANNOTATIONS.gatewayIngressClass);
  const address =
    live?.address ?? annotation(entity, ACK_ONE_ANNOTATIONS.gatewayAddress);
  const status = { clusters };
  const orderOf = clusterIndexOf(status);
  const colorOf = clusterColorsOf(status);
  const clusterIds = clusters.map(c => c.clusterId);

  const metadata = {
    Status: (
      <StateChip
        state={
          live?.status ?? annotation(entity, ACK_ONE_ANNOTATIONS.gatewayStatus)
        }
      />
    ),
    Kind: live?.kind ?? annotation(entity, ACK_ONE_ANNOTATIONS.gatewayKind) ?? (
      <NotReported />
    ),
    Address: address ?? <NotReported />,
    IngressClasses: ingressClasses || <NotReported />,
    Fleet: overview.fleetName ?? fleetId,
    'Configuration read': overview.lastSyncAt ? (
      <Time iso={overview.lastSyncAt} />
    ) : (
      <NotReported />
    ),
  };

  return (
    <>
      <StructuredMetadataTable
        metadata={metadata}
        options={{ titleFormat: key => key }}
      />
      <Typography variant="h6" component="h3" className={classes.heading}>
        Routes
      </Typography>
      <GatewayRoutes
        gateway={overview}
        view={{ clusterIds, names, colorOf, orderOf }}
        emptyText="The Fleet's Ingresses declare no route through the gateway."
        extras={route => ({
          healthKnown: route.healthKnown,
          children: <Services entityRefs={route.entityRefs} />,
        })}
      />
    </>
  );
};

/**
 * Props of the gateway card (`EntityAckOneGatewayCard`).
 *
 * @public
 */
export interface GatewayCardProps {
  title?: string;
  /** How often the gateway is refreshed, in milliseconds; 10000 by default. */
  pollIntervalMs?: number;
}

const GatewayLoader = (props: {
  entity: Entity;
  fleetId: string;
  pollIntervalMs?: number;
}) => {
  const { entity, fleetId } = props;
  const classes = useStyles();
  const { value, error, loading, failingSince } = useFleetGateway(
    fleetId,
    props.pollIntervalMs,
  );
  if (loading) return <Progress />;
  if (!value) {
    return (
      <ResponseErrorPanel
        error={error ?? new Error('No answer')}
        title={
          error && isNotFound(error)
            ? `The ack-one backend does not know Fleet ${fleetId}, or you may not read it`
            : 'Could not load the gateway'
        }
      />
    );
  }
  return (
    <Box
      className={error ? classes.stale : undefined}
      data-testid="ack-one-gateway"
      data-page-stale={error ? 'true' : undefined}
    >
      {error && (
        <RefreshFailed
          error={error}
          failingSince={failingSince}
          what="The gateway shown"
        />
      )}
      <GatewayBody entity={entity} fleetId={fleetId} overview={value} />
    </Box>
  );
};

/**
 * A Fleet's multi-cluster gateway (`Resource` of type
 * `multi-cluster-gateway`): its status, address and IngressClasses, and
 * each route with the services using it and its declared and effective
 * weights per cluster. Refreshes every 10 s.
 */
export const GatewayCard = (props: GatewayCardProps) => (
  <AnnotatedCard
    title={props.title ?? 'Multi-cluster gateway'}
    annotation={ACK_ONE_ANNOTATIONS.fleetId}
  >
    {(fleetId, entity) => (
      <GatewayLoader
        entity={entity}
        fleetId={fleetId}
        pollIntervalMs={props.pollIntervalMs}
      />
    )}
  </AnnotatedCard>
);
