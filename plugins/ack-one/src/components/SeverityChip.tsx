import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import { StateSeverity } from './presentation';

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

/** Props of {@link SeverityChip}. */
export interface SeverityChipProps {
  label: string;
  severity: StateSeverity;
  /** `data-testid` of the chip. */
  testId?: string;
  /** Extra data attributes, e.g. `{ 'data-state': 'in-parity' }`. */
  data?: Record<`data-${string}`, string>;
  title?: string;
}

/**
 * A small chip coloured by severity: green (ok), amber (warning), red
 * (error) or neutral (unknown).
 */
export const SeverityChip = (props: SeverityChipProps) => {
  const classes = useStyles();
  return (
    <Chip
      size="small"
      label={props.label}
      title={props.title}
      className={classes[props.severity]}
      data-testid={props.testId}
      data-severity={props.severity}
      {...props.data}
    />
  );
};
