import { InfoCard } from '@backstage/core-components';
import { DrStatus } from '@internal/plugin-ack-one-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import { ReactNode } from 'react';
import { describeError } from '../presentation';
import {
  formatClock,
  formatDateTime,
  formatPercent,
  formatRto,
  modeLabel,
} from './drPresentation';
import { ParityChip } from './ParityChip';

const useStyles = makeStyles(theme => ({
  facts: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1, 4),
    marginBottom: theme.spacing(2),
  },
  alerts: {
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
    margin: 0,
    padding: 0,
    listStyle: 'none',
  },
}));

const Fact = (props: { label: string; children: ReactNode }) => (
  <Box>
    <Typography variant="caption" color="textSecondary" display="block">
      {props.label}
    </Typography>
    <Typography variant="body2" component="div">
      {props.children}
    </Typography>
  </Box>
);

/**
 * The head of the DR tab: overall parity, the policy, when the status was
 * computed, and every warning in plain language.
 */
export const DrSummary = (props: {
  status: DrStatus;
  title: string;
  /** The error of the last refresh, when it failed (the status shown is older). */
  refreshError?: Error;
}) => {
  const { status, title, refreshError } = props;
  const classes = useStyles();
  const { policy } = status;
  const notes = status.problems.filter(p => p.severity !== 'error');

  return (
    <InfoCard
      title={title}
      subheader={status.fleet ? `Fleet ${status.fleet.name}` : undefined}
    >
      <Box className={classes.facts}>
        <Fact label="Parity">
          <ParityChip state={status.parity.state} />
        </Fact>
        {policy && (
          <>
            <Fact label="Mode">{modeLabel(policy.mode)}</Fact>
            <Fact label="Minimum standby capacity">
              {formatPercent(policy.minStandbyCapacity)}
            </Fact>
            <Fact label="RTO">{formatRto(policy)}</Fact>
          </>
        )}
        <Fact label="Status">
          <span title={formatDateTime(status.generatedAt)}>
            {`Updated ${formatClock(status.generatedAt)}`}
          </span>
        </Fact>
      </Box>
      <ul className={classes.alerts} aria-label="Disaster recovery warnings">
        {refreshError && (
          <li>
            <Alert severity="error">
              Refresh failed: {describeError(refreshError)}. Showing the status
              from {formatClock(status.generatedAt)}.
            </Alert>
          </li>
        )}
        {status.warnings.map((warning, i) => (
          <li key={`w${i}`}>
            <Alert severity="warning" data-testid="ack-one-dr-warning">
              {warning}
            </Alert>
          </li>
        ))}
        {notes.map((p, i) => (
          <li key={`n${i}`}>
            <Alert severity="info">{p.message}</Alert>
          </li>
        ))}
        {status.warnings.length === 0 && policy && (
          <li>
            <Alert severity="success">No disaster recovery warnings.</Alert>
          </li>
        )}
      </ul>
    </InfoCard>
  );
};
