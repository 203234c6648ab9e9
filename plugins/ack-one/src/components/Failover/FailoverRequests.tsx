import { useApi } from '@backstage/core-plugin-api';
import { FailoverRequest } from '@internal/plugin-ack-one-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import { ackOneApiRef } from '../../api';
import { SeverityChip } from '../SeverityChip';
import { DecisionDialog, FailoverDecision } from './DecisionDialog';
import { FailoverStateChip } from './FailoverChips';
import { actorName, checksAtRequest, sameRef } from './failoverPresentation';
import { FailoverProgress } from './FailoverProgress';
import { RequestFacts } from './RequestFacts';
import { SafetyChecks } from './SafetyChecks';
import { FailoverAccess } from './useFailoverAccess';

const useStyles = makeStyles(theme => ({
  request: {
    padding: theme.spacing(2),
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    '& + &': { marginTop: theme.spacing(2) },
  },
  head: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(1),
  },
  actions: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    marginTop: theme.spacing(2),
  },
}));

interface Props {
  access: FailoverAccess;
  clusterIds: string[];
  names: (clusterId: string) => string;
  onDecided: (request: FailoverRequest) => void;
}

/** What the user can do with a request, and what it is waiting for. */
function actionsOf(
  request: FailoverRequest,
  access: FailoverAccess,
): { decisions: FailoverDecision[]; note?: string } {
  const mine = sameRef(access.userEntityRef, request.requestedBy);
  if (request.state === 'requested') {
    if (mine)
      return {
        decisions: ['cancel'],
        note: 'You requested this failover: waiting for another owner to approve it.',
      };
    if (access.canApprove) return { decisions: ['approve', 'reject'] };
    return {
      decisions: [],
      note: 'Waiting for an owner of the service to approve it.',
    };
  }
  if (request.state === 'approved')
    return {
      decisions: mine || access.canApprove ? ['cancel'] : [],
      note: `Approved by ${actorName(
        request.decidedBy,
      )}; it starts when its window opens.`,
    };
  return { decisions: [] };
}

const LABELS: Record<FailoverDecision, string> = {
  approve: 'Approve',
  reject: 'Reject',
  cancel: 'Cancel request',
};

/** The checks recorded with the request; folded away while it runs. */
const RequestChecks = (props: {
  request: FailoverRequest;
  running: boolean;
  names: (clusterId: string) => string;
}) => {
  const { request, running, names } = props;
  const [showChecks, setShowChecks] = useState(false);
  const checks = checksAtRequest(request);
  if (!checks) return null;
  const checksId = `ack-one-failover-request-checks-${request.id}`;
  return (
    <Box mt={1}>
      <Box display="flex" alignItems="center" style={{ gap: 8 }}>
        <Typography variant="subtitle2" component="h4">
          Safety checks at request time
        </Typography>
        {running && (
          <Button
            size="small"
            aria-expanded={showChecks}
            aria-controls={checksId}
            onClick={() => setShowChecks(shown => !shown)}
          >
            {showChecks ? 'Hide checks' : 'Show checks'}
          </Button>
        )}
      </Box>
      {(!running || showChecks) && (
        <div id={checksId}>
          <SafetyChecks
            checks={checks}
            names={names}
            label="Safety checks at request time"
          />
        </div>
      )}
    </Box>
  );
};

/** What the request waits for, and the decisions the user may take on it. */
const RequestDecisions = (props: {
  request: FailoverRequest;
  access: FailoverAccess;
  onDecided: (request: FailoverRequest) => void;
}) => {
  const { request, onDecided } = props;
  const classes = useStyles();
  const api = useApi(ackOneApiRef);
  const [decision, setDecision] = useState<FailoverDecision>();
  const { decisions, note } = actionsOf(request, props.access);
  const decide = async (reason: string | undefined) => {
    let result: FailoverRequest;
    if (decision === 'approve')
      result = await api.approveFailover(request.id, reason);
    else if (decision === 'reject')
      result = await api.rejectFailover(request.id, reason ?? '');
    else result = await api.cancelFailover(request.id, reason);
    setDecision(undefined);
    onDecided(result);
  };
  return (
    <>
      {(note || decisions.length > 0) && (
        <Box className={classes.actions}>
          {note && <Alert severity="info">{note}</Alert>}
          {decisions.map(d => (
            <Button
              key={d}
              variant={d === 'approve' ? 'contained' : 'outlined'}
              color="primary"
              onClick={() => setDecision(d)}
            >
              {LABELS[d]}
            </Button>
          ))}
        </Box>
      )}
      {decision && (
        <DecisionDialog
          decision={decision}
          onConfirm={decide}
          onClose={() => setDecision(undefined)}
        />
      )}
    </>
  );
};

const OpenRequest = (props: Props & { request: FailoverRequest }) => {
  const { request, access, clusterIds, names, onDecided } = props;
  const classes = useStyles();
  const requester = actorName(request.requestedBy);
  // Once approved, where it is matters more than what was checked.
  const running = request.state === 'executing' || request.state === 'approved';
  return (
    <Box
      component="section"
      className={classes.request}
      aria-label={`Failover request by ${requester}`}
      data-testid="ack-one-failover-request"
      data-id={request.id}
    >
      <Box className={classes.head}>
        <FailoverStateChip state={request.state} />
        {request.emergency && (
          <SeverityChip label="Emergency override" severity="error" />
        )}
      </Box>
      <RequestFacts request={request} clusterIds={clusterIds} names={names} />
      {running && (
        <Box mt={2}>
          <Typography variant="subtitle2" component="h4">
            Progress
          </Typography>
          <FailoverProgress
            request={request}
            clusterIds={clusterIds}
            names={names}
          />
        </Box>
      )}
      <RequestChecks request={request} running={running} names={names} />
      <RequestDecisions
        request={request}
        access={access}
        onDecided={onDecided}
      />
    </Box>
  );
};

/** The open requests of the service, each with what the user can do about it. */
export const FailoverRequests = (
  props: Props & { requests: FailoverRequest[] },
) => {
  const { requests, ...rest } = props;
  if (requests.length === 0)
    return (
      <Typography variant="body2" color="textSecondary">
        No open failover requests.
      </Typography>
    );
  return (
    <>
      {requests.map(r => (
        <OpenRequest key={r.id} request={r} {...rest} />
      ))}
    </>
  );
};
