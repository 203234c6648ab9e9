import {
  CompoundEntityRef,
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import {
  ACK_ONE_SERVICE_ANNOTATIONS,
  DrStatus,
} from '@internal/plugin-ack-one-common';
import Grid from '@material-ui/core/Grid';
import { makeStyles } from '@material-ui/core/styles';
import { isAckOneDrAvailable } from '../../conditions';
import { FailoverSection } from '../Failover';
import { isNotFound } from '../presentation';
import { AnnotationProblems } from './AnnotationProblems';
import { CapacityTable } from './CapacityTable';
import { ClusterCards } from './ClusterCards';
import { clusterColorsOf } from './clusterColors';
import { DrSummary } from './DrSummary';
import {
  blockingProblems,
  ClusterNames,
  clusterIndexOf,
  clusterNamesOf,
  kubernetesTabPath,
  servingShareOf,
  staleClusterIds,
} from './drPresentation';
import { GatewayWeights } from './GatewayWeights';
import { ParityTable } from './ParityTable';
import { DEFAULT_DR_POLL_INTERVAL_MS, useDrStatus } from './useDrStatus';

/**
 * Props of the Disaster Recovery tab (`EntityAckOneDrContent`).
 *
 * @public
 */
export interface DrContentProps {
  /** Title of the summary card; `Disaster recovery` by default. */
  title?: string;
  /** How often the status is refreshed, in milliseconds; 4000 by default. */
  pollIntervalMs?: number;
}

const useStyles = makeStyles({
  // A failed refresh greys every live indicator: what they show is old.
  pageStale: {
    '& [data-live="true"]': { filter: 'grayscale(100%)' },
  },
});

/** The sections below the summary, when the service has a DR policy. */
const DrDetails = (props: { status: DrStatus; names: ClusterNames }) => {
  const { status, names } = props;
  const colorOf = clusterColorsOf(status);
  const servingOf =
    status.policy?.mode === 'primary-standby'
      ? servingShareOf(status)
      : undefined;
  return (
    <>
      <Grid item xs={12}>
        <ClusterCards
          clusters={status.clusters}
          colorOf={colorOf}
          servingOf={servingOf}
        />
      </Grid>
      <Grid item xs={12}>
        <ParityTable
          workloads={status.workloads}
          clusters={status.clusters}
          names={names}
          parity={status.parity}
          kubernetesPath={kubernetesTabPath(status.entityRef)}
        />
      </Grid>
      <Grid item xs={12}>
        <GatewayWeights
          gateway={status.gateway}
          clusterIds={status.clusters.map(c => c.clusterId)}
          names={names}
          colorOf={colorOf}
          orderOf={clusterIndexOf(status)}
          stale={staleClusterIds(status)}
        />
      </Grid>
      <Grid item xs={12}>
        <CapacityTable
          capacity={status.capacity}
          clusters={status.clusters}
          names={names}
        />
      </Grid>
      <Grid item xs={12}>
        <FailoverSection
          key={status.entityRef}
          status={status}
          entityRef={status.entityRef}
        />
      </Grid>
    </>
  );
};

/** The whole status, once fetched. */
export const DrStatusView = (props: {
  status: DrStatus;
  title: string;
  refreshError?: Error;
  failingSince?: Date;
}) => {
  const { status, title, refreshError, failingSince } = props;
  const classes = useStyles();
  const errors = blockingProblems(status.problems);
  const blocking = !status.policy;
  const names = clusterNamesOf(status);

  return (
    <Grid
      container
      spacing={3}
      data-testid="ack-one-dr-content"
      data-state={status.state}
      data-page-stale={refreshError ? 'true' : undefined}
      className={refreshError ? classes.pageStale : undefined}
    >
      {errors.length > 0 && (
        <Grid item xs={12}>
          <AnnotationProblems
            problems={errors}
            entityRef={status.entityRef}
            blocking={blocking}
          />
        </Grid>
      )}
      <Grid item xs={12}>
        <DrSummary
          status={status}
          title={title}
          names={names}
          refreshError={refreshError}
          failingSince={failingSince}
        />
      </Grid>
      {!blocking && <DrDetails status={status} names={names} />}
    </Grid>
  );
};

const DrStatusLoader = (props: {
  entityRef: CompoundEntityRef;
  title: string;
  pollIntervalMs: number;
}) => {
  const { entityRef, title, pollIntervalMs } = props;
  const { value, error, loading, failingSince } = useDrStatus(
    entityRef,
    pollIntervalMs,
  );

  if (loading) {
    return <Progress />;
  }
  if (!value) {
    return (
      <ResponseErrorPanel
        error={error ?? new Error('No status')}
        title={
          error && isNotFound(error)
            ? `No disaster recovery status for ${stringifyEntityRef(
                entityRef,
              )}: the entity is unknown, you may not read it, or the ack-one backend plugin is not installed`
            : 'Could not load the disaster recovery status'
        }
      />
    );
  }
  return (
    <DrStatusView
      status={value}
      title={title}
      refreshError={error}
      failingSince={failingSince}
    />
  );
};

/**
 * The Disaster Recovery tab of a service: parity of its workloads between
 * the IDC and cloud clusters, the clusters' reachability, the gateway's
 * declared and effective weights, whether each cluster could carry all
 * traffic, and failover requests with owner approval, their live progress
 * and history. Refreshes itself every few seconds.
 */
export const DrContent = (props: DrContentProps) => {
  const { entity } = useEntity();
  const title = props.title ?? 'Disaster recovery';

  if (!isAckOneDrAvailable(entity)) {
    return (
      <MissingAnnotationEmptyState
        annotation={ACK_ONE_SERVICE_ANNOTATIONS.fleet}
      />
    );
  }
  return (
    <DrStatusLoader
      entityRef={getCompoundEntityRef(entity)}
      title={title}
      pollIntervalMs={props.pollIntervalMs ?? DEFAULT_DR_POLL_INTERVAL_MS}
    />
  );
};
