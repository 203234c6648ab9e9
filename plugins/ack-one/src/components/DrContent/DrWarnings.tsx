import { Link } from '@backstage/core-components';
import {
  DrClusterCapacity,
  DrStatus,
  DrWarning,
} from '@internal/plugin-ack-one-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import { useEffect, useRef, useState } from 'react';
import { ClusterNames } from './drPresentation';

const useStyles = makeStyles(theme => ({
  list: {
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
    margin: 0,
    padding: 0,
    listStyle: 'none',
  },
  fix: { marginTop: theme.spacing(0.5) },
  visuallyHidden: {
    position: 'absolute',
    width: 1,
    height: 1,
    padding: 0,
    margin: -1,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
    border: 0,
  },
}));

const ALERT_SEVERITY = {
  critical: 'error',
  warning: 'warning',
  info: 'info',
} as const;

const warningKey = (w: DrWarning) =>
  `${w.id}|${w.clusterId ?? ''}|${w.message}`;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The capacity rows that say a cluster could not carry all traffic now, in
 * words with the table's numbers, for those no warning of the backend is
 * about already: the summary never reads "no warnings" while the capacity
 * table says "No".
 */
export function capacityNotes(
  status: Pick<DrStatus, 'capacity' | 'warnings'>,
  names: ClusterNames,
): DrWarning[] {
  const covered = new Set(
    status.warnings.filter(w => /capacity/.test(w.id)).map(w => w.clusterId),
  );
  return status.capacity
    .filter(
      (c: DrClusterCapacity) =>
        c.load > 0 && !c.canCarryAllNow && !covered.has(c.clusterId),
    )
    .map(c => ({
      id: 'capacity-now',
      severity: c.canCarryAllAfterScaling ? 'info' : 'warning',
      clusterId: c.clusterId,
      message: c.canCarryAllAfterScaling
        ? `${names(c.clusterId)} could not carry all traffic now: ${plural(
            c.ready,
            'ready replica',
          )} against a load of ${c.load}; it can scale to ${c.max}.`
        : `${names(
            c.clusterId,
          )} could not carry all traffic: it can run ${plural(
            c.max,
            'replica',
          )} against a load of ${c.load}.`,
      fix: c.canCarryAllAfterScaling
        ? 'A failover to it relies on scaling up first; raise its replicas if that is too slow for the RTO.'
        : `Raise its replicas (or HPA maximum) to at least ${c.load}.`,
    }));
}

/**
 * Critical warnings that were not there at the previous answer, to be
 * announced once; a poll with the same warnings announces nothing.
 */
function useNewCritical(warnings: DrWarning[]): string {
  const seen = useRef<Set<string>>(new Set());
  const [announcement, setAnnouncement] = useState('');
  const criticalKeys = warnings
    .filter(w => w.severity === 'critical')
    .map(warningKey)
    .join('\n');
  useEffect(() => {
    const current = criticalKeys ? criticalKeys.split('\n') : [];
    const fresh = current.filter(k => !seen.current.has(k));
    seen.current = new Set(current);
    if (current.length === 0) setAnnouncement('');
    else if (fresh.length > 0)
      setAnnouncement(
        fresh.map(k => k.split('|').slice(2).join('|')).join(' '),
      );
  }, [criticalKeys]);
  return announcement;
}

const WarningItem = (props: { warning: DrWarning }) => {
  const { warning } = props;
  const classes = useStyles();
  return (
    <Alert
      severity={ALERT_SEVERITY[warning.severity] ?? 'warning'}
      role="status"
      aria-live="polite"
      data-testid="ack-one-dr-warning"
      data-warning={warning.id}
      data-severity={warning.severity}
    >
      <Typography variant="body2">{warning.message}</Typography>
      {(warning.fix || warning.link) && (
        <Typography variant="body2" className={classes.fix}>
          {warning.fix && <strong>Fix: </strong>}
          {warning.fix}
          {warning.fix && warning.link && ' '}
          {warning.link && (
            <Link to={warning.link.url} underline="always">
              {warning.link.title}
            </Link>
          )}
        </Typography>
      )}
    </Alert>
  );
};

/**
 * Every warning with what to do about it. Each is a polite status; a
 * critical warning that was not there before is also announced once,
 * assertively.
 */
export const DrWarnings = (props: { warnings: DrWarning[] }) => {
  const classes = useStyles();
  const announcement = useNewCritical(props.warnings);
  return (
    <Box>
      <div
        role="alert"
        aria-live="assertive"
        className={classes.visuallyHidden}
        data-testid="ack-one-dr-announcement"
      >
        {announcement}
      </div>
      {props.warnings.length > 0 && (
        <ul className={classes.list} aria-label="Disaster recovery warnings">
          {props.warnings.map(w => (
            <li key={warningKey(w)}>
              <WarningItem warning={w} />
            </li>
          ))}
        </ul>
      )}
    </Box>
  );
};
