import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import { stateSeverity } from './presentation';

const useStyles = makeStyles(theme => ({
  ok: {
    backgroundColor: theme.palette.status.ok,
    color: theme.palette.common.white,
  },
  warning: {
    backgroundColor: theme.palette.status.warning,
    color: theme.palette.common.black,
  },
  error: {
    backgroundColor: theme.palette.status.error,
    color: theme.palette.common.white,
  },
  unknown: {},
}));

/**
 * A chip showing a state, coloured by severity: green (ok), amber (warning),
 * red (error) or neutral (unknown).
 */
export const StateChip = (props: { state?: string }) => {
  const classes = useStyles();
  const severity = stateSeverity(props.state);
  return (
    <Chip
      size="small"
      label={props.state || 'unknown'}
      className={classes[severity]}
      data-testid="ack-one-state-chip"
      data-severity={severity}
    />
  );
};
