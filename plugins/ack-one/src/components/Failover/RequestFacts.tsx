import { FailoverRequest } from '@internal/plugin-ack-one-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { ReactNode } from 'react';
import { formatTime } from '../presentation';
import { Time } from '../Time';
import { actorName, formatSplit } from './failoverPresentation';

const useStyles = makeStyles(theme => ({
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    gap: theme.spacing(0.5, 2),
    margin: 0,
    '& dt': { color: theme.palette.text.secondary },
    '& dd': { margin: 0 },
  },
  steps: {
    margin: 0,
    paddingLeft: theme.spacing(2.5),
  },
}));

const Fact = (props: { label: string; children: ReactNode }) => (
  <>
    <Typography component="dt" variant="body2">
      {props.label}
    </Typography>
    <Typography component="dd" variant="body2">
      {props.children}
    </Typography>
  </>
);

function describeWindow(window: FailoverRequest['window']): string {
  if (!window?.notBefore && !window?.notAfter) return 'As soon as approved';
  const from = window.notBefore
    ? `not before ${formatTime(window.notBefore)}`
    : '';
  const to = window.notAfter ? `not after ${formatTime(window.notAfter)}` : '';
  return [from, to].filter(Boolean).join(', ');
}

/** The facts of a request: steps, reason, requester, window and options. */
export const RequestFacts = (props: {
  request: FailoverRequest;
  clusterIds: string[];
  names: (clusterId: string) => string;
}) => {
  const { request, clusterIds, names } = props;
  const classes = useStyles();
  return (
    <Box component="dl" className={classes.facts}>
      <Fact label="Requested by">
        {`${actorName(request.requestedBy)} at `}
        <Time iso={request.requestedAt} />
      </Fact>
      <Fact label="Reason">{request.reason}</Fact>
      <Fact label="Before">
        {formatSplit(request.previous, names, clusterIds)}
      </Fact>
      <Fact label="Steps">
        <ol className={classes.steps} aria-label="Steps of the request">
          {request.steps.map((step, i) => (
            <li key={i}>
              {formatSplit(step.weights, names, clusterIds)}
              {step.pauseSeconds ? `, then pause ${step.pauseSeconds} s` : ''}
            </li>
          ))}
        </ol>
      </Fact>
      <Fact label="Window">{describeWindow(request.window)}</Fact>
      <Fact label="Options">
        {[
          request.warmUp ? 'Warm up first' : 'No warm-up',
          request.emergency ? 'Emergency override' : undefined,
        ]
          .filter(Boolean)
          .join(' · ')}
      </Fact>
      {request.decidedBy && (
        <Fact label="Decided by">
          {actorName(request.decidedBy)}
          {request.decidedAt && (
            <>
              {' at '}
              <Time iso={request.decidedAt} />
            </>
          )}
        </Fact>
      )}
    </Box>
  );
};
