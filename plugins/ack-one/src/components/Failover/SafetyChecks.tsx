import { SafetyCheck } from '@internal/plugin-ack-one-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { SeverityChip } from '../SeverityChip';
import { formatNumbers, ruleLabel } from './failoverPresentation';

const useStyles = makeStyles(theme => ({
  list: {
    margin: 0,
    padding: 0,
    listStyle: 'none',
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
  },
  item: {
    display: 'flex',
    alignItems: 'flex-start',
    gap: theme.spacing(1),
  },
  chip: {
    flexShrink: 0,
    width: 56,
  },
}));

/**
 * Safety checks with their outcome in words (Pass / Fail), their message
 * and the numbers behind it.
 */
export const SafetyChecks = (props: {
  checks: SafetyCheck[];
  names: (clusterId: string) => string;
  label?: string;
}) => {
  const { checks, names, label = 'Safety checks' } = props;
  const classes = useStyles();
  if (checks.length === 0)
    return (
      <Typography variant="body2" color="textSecondary">
        No safety checks were recorded.
      </Typography>
    );
  return (
    <ul className={classes.list} aria-label={label}>
      {checks.map((check, i) => {
        const numbers = formatNumbers(check.numbers);
        return (
          <li
            key={`${check.rule}-${check.clusterId ?? ''}-${i}`}
            className={classes.item}
            data-testid="ack-one-failover-check"
            data-rule={check.rule}
            data-passed={String(check.passed)}
          >
            <span className={classes.chip}>
              <SeverityChip
                label={check.passed ? 'Pass' : 'Fail'}
                severity={check.passed ? 'ok' : 'error'}
              />
            </span>
            <Box>
              <Typography variant="body2" component="div">
                <strong>
                  {ruleLabel(check.rule)}
                  {check.clusterId ? ` (${names(check.clusterId)})` : ''}
                </strong>
                {`: ${check.message}`}
              </Typography>
              {numbers && (
                <Typography variant="caption" color="textSecondary">
                  {numbers}
                </Typography>
              )}
            </Box>
          </li>
        );
      })}
    </ul>
  );
};
