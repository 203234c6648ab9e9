import { InfoCard, Progress } from '@backstage/core-components';
import { DrStatus, FailoverRequest } from '@internal/plugin-ack-one-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import { clusterNamesOf } from '../DrContent/drPresentation';
import { FailoverHistory } from './FailoverHistory';
import { isOpenFailover, serverMessage } from './failoverPresentation';
import { FailoverRequests } from './FailoverRequests';
import { currentSplit, previousSplitOf } from './presets';
import { RequestFailoverDialog } from './RequestFailoverDialog';
import { FailoverAccess, useFailoverAccess } from './useFailoverAccess';
import {
  DEFAULT_FAILOVER_POLL_INTERVAL_MS,
  FailoversState,
  useFailovers,
} from './useFailovers';

/** Props of {@link FailoverSection}. */
export interface FailoverSectionProps {
  status: DrStatus;
  /** The service, e.g. `component:default/web-demo`. */
  entityRef: string;
  /** How often open requests are re-read, in milliseconds; 2000 by default. */
  pollIntervalMs?: number;
  /** Pause after an edit before the safety checks are asked for. */
  checkDebounceMs?: number;
}

const useStyles = makeStyles({
  visuallyHidden: {
    position: 'absolute',
    width: 1,
    height: 1,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  },
});

const RequestButton = (props: {
  access: FailoverAccess;
  onClick: () => void;
}) => {
  const { access } = props;
  const classes = useStyles();
  const why = access.loading
    ? 'Checking your permissions…'
    : 'Only the owners of this service may request a failover.';
  const button = (
    <Button
      variant="contained"
      color="primary"
      disabled={!access.canRequest}
      onClick={props.onClick}
      aria-describedby={
        access.canRequest ? undefined : 'ack-one-failover-request-why'
      }
    >
      Request failover
    </Button>
  );
  if (access.canRequest) return button;
  return (
    <Tooltip title={why}>
      {/* A disabled button gets no pointer events; the span gets the hover. */}
      <span>
        {button}
        <span
          id="ack-one-failover-request-why"
          className={classes.visuallyHidden}
        >
          {why}
        </span>
      </span>
    </Tooltip>
  );
};

function submittedNotice(request: FailoverRequest): string {
  if (request.emergency)
    return 'Emergency failover started; every owner has been notified.';
  return 'Failover requested; another owner must approve it before it runs.';
}

/** The load error of the list, and what the last submission did. */
const SectionAlerts = (props: {
  error?: Error;
  notice?: string;
  onCloseNotice: () => void;
}) => (
  <>
    {props.error && (
      <Box mb={2}>
        <Alert severity="error">
          {`Could not load the failover requests: ${serverMessage(
            props.error,
          )}`}
        </Alert>
      </Box>
    )}
    {props.notice && (
      <Box mb={2}>
        <Alert severity="success" onClose={props.onCloseNotice}>
          {props.notice}
        </Alert>
      </Box>
    )}
  </>
);

/** The open requests, then the history of the ended ones. */
const FailoverLists = (props: {
  failovers: FailoversState;
  access: FailoverAccess;
  clusterIds: string[];
  names: (clusterId: string) => string;
}) => {
  const { failovers, access, clusterIds, names } = props;
  return (
    <>
      <Box component="section" aria-labelledby="ack-one-failover-requests">
        <Typography variant="h6" component="h3" id="ack-one-failover-requests">
          Failover requests
        </Typography>
        {failovers.loading ? (
          <Progress />
        ) : (
          <FailoverRequests
            requests={failovers.items.filter(isOpenFailover)}
            access={access}
            clusterIds={clusterIds}
            names={names}
            onDecided={failovers.upsert}
          />
        )}
      </Box>
      <Box
        component="section"
        aria-labelledby="ack-one-failover-history"
        mt={3}
      >
        <Typography variant="h6" component="h3" id="ack-one-failover-history">
          History
        </Typography>
        {!failovers.loading && (
          <FailoverHistory
            requests={failovers.items.filter(r => !isOpenFailover(r))}
            clusterIds={clusterIds}
            names={names}
            hasMore={failovers.hasMore}
            loadingMore={failovers.loadingMore}
            onLoadMore={failovers.loadMore}
          />
        )}
      </Box>
    </>
  );
};

/**
 * Failover of a service with owner approval: the request button, the open
 * requests with their decisions and live progress, and the history.
 */
export const FailoverSection = (props: FailoverSectionProps) => {
  const { status, entityRef } = props;
  const access = useFailoverAccess(entityRef);
  const failovers = useFailovers(
    entityRef,
    props.pollIntervalMs ?? DEFAULT_FAILOVER_POLL_INTERVAL_MS,
  );
  const [dialogOpen, setDialogOpen] = useState(false);
  const [notice, setNotice] = useState<string>();
  const clusters = status.clusters.map(c => ({
    clusterId: c.clusterId,
    name: c.name,
  }));
  const clusterIds = clusters.map(c => c.clusterId);
  const names = clusterNamesOf(status);
  const onSubmitted = (request: FailoverRequest) => {
    failovers.upsert(request);
    setDialogOpen(false);
    setNotice(submittedNotice(request));
  };
  return (
    <InfoCard
      title="Failover"
      titleTypographyProps={{ component: 'h2' }}
      subheader="Planned traffic shifts between the clusters, approved by a second owner"
      action={
        <Box pt={1} pr={1}>
          <RequestButton access={access} onClick={() => setDialogOpen(true)} />
        </Box>
      }
    >
      <SectionAlerts
        error={failovers.error}
        notice={notice}
        onCloseNotice={() => setNotice(undefined)}
      />
      <FailoverLists
        failovers={failovers}
        access={access}
        clusterIds={clusterIds}
        names={names}
      />
      {dialogOpen && (
        <RequestFailoverDialog
          entityRef={entityRef}
          clusters={clusters}
          current={currentSplit(status.gateway.routes, clusterIds)}
          previous={previousSplitOf(failovers.items)}
          canOverride={access.canOverride}
          onClose={() => setDialogOpen(false)}
          onSubmitted={onSubmitted}
          checkDebounceMs={props.checkDebounceMs}
        />
      )}
    </InfoCard>
  );
};
