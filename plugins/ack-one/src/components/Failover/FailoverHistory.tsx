import { FailoverRequest } from '@internal/plugin-ack-one-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { Fragment, useState } from 'react';
import { SeverityChip } from '../SeverityChip';
import { Time } from '../Time';
import { FailoverStateChip } from './FailoverChips';
import {
  actorName,
  checksAtDecision,
  eventNotes,
  formatDuration,
  formatSplit,
} from './failoverPresentation';
import { SafetyChecks } from './SafetyChecks';

const Who = (props: { actor?: string; at?: string }) =>
  props.actor ? (
    <>
      <div>{actorName(props.actor)}</div>
      {props.at && (
        <Typography variant="caption" color="textSecondary">
          <Time iso={props.at} />
        </Typography>
      )}
    </>
  ) : (
    <>–</>
  );

/** How long the failover took against the service's RTO. */
const DurationVsRto = (props: {
  durationSeconds?: number;
  rtoSeconds?: number;
}) => {
  const { durationSeconds, rtoSeconds } = props;
  if (durationSeconds === undefined) return <>–</>;
  const over = rtoSeconds !== undefined && durationSeconds > rtoSeconds;
  return (
    <Box display="flex" flexDirection="column" alignItems="flex-start">
      <span>
        {formatDuration(durationSeconds)}
        {rtoSeconds !== undefined
          ? ` of ${formatDuration(rtoSeconds)} RTO`
          : ''}
      </span>
      {rtoSeconds !== undefined && (
        <SeverityChip
          label={over ? 'Over RTO' : 'Within RTO'}
          severity={over ? 'error' : 'ok'}
          testId="ack-one-failover-rto"
        />
      )}
    </Box>
  );
};

/** The state of a request, and whether it overrode the approval. */
const StateCell = ({ request }: { request: FailoverRequest }) => (
  <TableCell>
    <FailoverStateChip state={request.state} />
    {request.emergency && (
      <Typography variant="caption" display="block">
        Emergency override
      </Typography>
    )}
  </TableCell>
);

/** Shows or hides the checks recorded at decision time. */
const ChecksToggle = (props: {
  open: boolean;
  controls: string;
  onToggle: () => void;
}) => (
  <Button
    size="small"
    aria-expanded={props.open}
    aria-controls={props.controls}
    onClick={props.onToggle}
  >
    {props.open ? 'Hide checks' : 'Show checks'}
  </Button>
);

/** The reason of a request, with notes from its events. */
const ReasonCell = ({ request }: { request: FailoverRequest }) => (
  <TableCell>
    <div>{request.reason}</div>
    {eventNotes(request).map(n => (
      <Typography
        key={n.key}
        variant="caption"
        color="textSecondary"
        display="block"
      >
        {n.text}
      </Typography>
    ))}
  </TableCell>
);

const HistoryRow = (props: {
  request: FailoverRequest;
  clusterIds: string[];
  names: (clusterId: string) => string;
}) => {
  const { request, clusterIds, names } = props;
  const [open, setOpen] = useState(false);
  const checks = checksAtDecision(request);
  const after = request.steps[request.steps.length - 1]?.weights;
  const detailsId = `ack-one-failover-checks-${request.id}`;
  return (
    <Fragment>
      <TableRow
        data-testid="ack-one-failover-history"
        data-id={request.id}
        data-state={request.state}
      >
        <StateCell request={request} />
        <TableCell>
          <Who actor={request.requestedBy} at={request.requestedAt} />
        </TableCell>
        <TableCell>
          <Who actor={request.decidedBy} at={request.decidedAt} />
        </TableCell>
        <ReasonCell request={request} />
        <TableCell>
          {formatSplit(request.previous, names, clusterIds)}
        </TableCell>
        <TableCell>{formatSplit(after, names, clusterIds)}</TableCell>
        <TableCell>
          <DurationVsRto
            durationSeconds={request.durationSeconds}
            rtoSeconds={request.rtoSeconds}
          />
        </TableCell>
        <TableCell>
          {checks ? (
            <ChecksToggle
              open={open}
              controls={detailsId}
              onToggle={() => setOpen(o => !o)}
            />
          ) : (
            '–'
          )}
        </TableCell>
      </TableRow>
      {open && checks && (
        <TableRow id={detailsId}>
          <TableCell colSpan={8}>
            <SafetyChecks
              checks={checks}
              names={names}
              label="Safety checks at decision time"
            />
          </TableCell>
        </TableRow>
      )}
    </Fragment>
  );
};

/** The ended requests of the service, newest first, with paging. */
export const FailoverHistory = (props: {
  requests: FailoverRequest[];
  clusterIds: string[];
  names: (clusterId: string) => string;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
}) => {
  const { requests, clusterIds, names, hasMore, loadingMore } = props;
  return (
    <>
      {requests.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No failover has ended yet.
        </Typography>
      ) : (
        <TableContainer>
          <Table size="small" aria-label="Failover history">
            <TableHead>
              <TableRow>
                <TableCell>Outcome</TableCell>
                <TableCell>Requested by</TableCell>
                <TableCell>Decided by</TableCell>
                <TableCell>Why</TableCell>
                <TableCell>Before</TableCell>
                <TableCell>After</TableCell>
                <TableCell>Duration vs RTO</TableCell>
                <TableCell>Checks at decision</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {requests.map(r => (
                <HistoryRow
                  key={r.id}
                  request={r}
                  clusterIds={clusterIds}
                  names={names}
                />
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
      {hasMore && (
        <Box mt={1}>
          <Button
            onClick={props.onLoadMore}
            disabled={loadingMore}
            variant="outlined"
          >
            {loadingMore ? 'Loading…' : 'Load more'}
          </Button>
        </Box>
      )}
    </>
  );
};
