import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';
import { ReactNode } from 'react';
import {
  SEVERITY_COLORS,
  SEVERITY_TEXT_COLORS,
  Severity,
} from './presentation';

const chipStyle = (severity: Severity) => ({
  backgroundColor: SEVERITY_COLORS[severity].background,
  color: SEVERITY_COLORS[severity].color,
});

const useStyles = makeStyles({
  ok: chipStyle('ok'),
  warning: chipStyle('warning'),
  error: chipStyle('error'),
  critical: {
    ...chipStyle('critical'),
    fontWeight: 700,
    textTransform: 'uppercase',
    letterSpacing: '0.03em',
    outline: `2px solid ${SEVERITY_COLORS.error.background}`,
    outlineOffset: 1,
  },
  unknown: chipStyle('unknown'),
});

/** Props of {@link SeverityChip}. */
export interface SeverityChipProps {
  label: string;
  severity: Severity;
  /** `data-testid` of the chip. */
  testId?: string;
  /** Extra data attributes, e.g. `{ 'data-state': 'in-parity' }`. */
  data?: Record<`data-${string}`, string>;
  title?: string;
}

/**
 * A small chip coloured by severity: green (ok), amber (warning), red
 * (error), dark red and bold (critical) or grey (unknown). The text is the
 * meaning; the colour only repeats it. A failed refresh of the page greys it
 * (`data-live`).
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
      data-live="true"
      {...props.data}
    />
  );
};

const SYMBOLS: Record<Severity, string> = {
  ok: '✓',
  warning: '!',
  error: '✕',
  critical: '✕',
  unknown: '?',
};

const useTextStyles = makeStyles((theme: Theme) => {
  const colors = SEVERITY_TEXT_COLORS[theme.palette.type];
  const entry = (s: Severity) => ({ color: colors[s] });
  return {
    text: {
      display: 'inline-flex',
      alignItems: 'baseline',
      gap: theme.spacing(0.75),
      fontWeight: theme.typography.fontWeightMedium as number,
    },
    symbol: { fontWeight: 700 },
    ok: entry('ok'),
    warning: entry('warning'),
    error: entry('error'),
    critical: { ...entry('critical'), fontWeight: 700 },
    unknown: entry('unknown'),
  };
});

/**
 * A status in words with a coloured symbol before it, in a colour that reads
 * on the page (≥ 4.5:1) in both themes. Unlike Backstage's `Status*`
 * components it is not hidden from screen readers: the words are the status.
 */
export const StatusText = (props: {
  severity: Severity;
  children: ReactNode;
  testId?: string;
  /** Without the symbol: coloured words only. */
  plain?: boolean;
  /** `block` puts it on a line of its own. */
  display?: 'block' | 'inline';
}) => {
  const classes = useTextStyles();
  return (
    <Typography
      component="span"
      variant="body2"
      className={`${classes.text} ${classes[props.severity]}`}
      style={props.display === 'block' ? { display: 'flex' } : undefined}
      data-severity={props.severity}
      data-testid={props.testId}
      data-live="true"
    >
      {!props.plain && (
        <span className={classes.symbol} aria-hidden="true">
          {SYMBOLS[props.severity]}
        </span>
      )}
      <span>{props.children}</span>
    </Typography>
  );
};
