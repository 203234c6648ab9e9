import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { SEVERITY_COLORS } from '../presentation';
import { BY_PODS_COLOR } from './clusterColors';
import { formatPercent, WeightSegment } from './drPresentation';

const useStyles = makeStyles(theme => ({
  barRow: {
    display: 'flex',
    alignItems: 'center',
    marginTop: theme.spacing(1),
  },
  barLabel: {
    width: 80,
    flexShrink: 0,
  },
  bar: {
    display: 'flex',
    flexGrow: 1,
    height: 28,
    borderRadius: theme.shape.borderRadius,
    overflow: 'hidden',
    backgroundColor: theme.palette.action.disabledBackground,
  },
  segment: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    gap: theme.spacing(0.5),
    minWidth: 0,
    overflow: 'hidden',
    whiteSpace: 'nowrap',
    color: theme.palette.common.white,
    fontSize: theme.typography.caption.fontSize,
    padding: theme.spacing(0, 0.5),
    '& + &': {
      borderLeft: `2px solid ${theme.palette.background.paper}`,
    },
  },
  stale: {
    backgroundImage:
      'repeating-linear-gradient(135deg, rgba(0,0,0,0.35) 0, rgba(0,0,0,0.35) 4px, transparent 4px, transparent 10px)',
    fontStyle: 'italic',
  },
  segmentName: {
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  },
  nothing: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    width: '100%',
    color: SEVERITY_COLORS.error.color,
    backgroundColor: SEVERITY_COLORS.error.background,
    fontSize: theme.typography.caption.fontSize,
  },
}));

/**
 * A horizontal bar of shares, one coloured segment per cluster. A segment
 * of an unreachable cluster (`stale`) is hatched and says `last known`.
 */
export const WeightBar = (props: {
  label: string;
  segments: WeightSegment[];
  colorOf: (clusterId: string) => string;
  emptyText: string;
  stale?: Set<string>;
}) => {
  const { label, segments, colorOf, emptyText, stale } = props;
  const classes = useStyles();
  const shown = segments.filter(s => s.percent > 0);
  const isStale = (key: string) => stale?.has(key) ?? false;
  const text = (s: WeightSegment) =>
    `${s.label} ${formatPercent(s.percent)}${
      isStale(s.key) ? ' (last known)' : ''
    }`;
  const summary = shown.length ? shown.map(text).join(', ') : emptyText;
  return (
    <Box className={classes.barRow}>
      <Typography variant="body2" className={classes.barLabel}>
        {label}
      </Typography>
      <Box
        className={classes.bar}
        role="img"
        aria-label={`${label}: ${summary}`}
        data-testid="ack-one-dr-weight-bar"
        data-bar={label.toLocaleLowerCase('en-US')}
        data-live="true"
      >
        {shown.length === 0 && (
          <span className={classes.nothing}>{emptyText}</span>
        )}
        {shown.map(s => (
          <span
            key={s.key}
            title={text(s)}
            className={`${classes.segment} ${
              isStale(s.key) ? classes.stale : ''
            }`}
            style={{
              width: `${s.percent}%`,
              backgroundColor:
                s.key === 'pods' ? BY_PODS_COLOR : colorOf(s.key),
            }}
            data-testid="ack-one-dr-weight-segment"
            data-cluster={s.label}
            data-percent={String(s.percent)}
            data-stale={isStale(s.key) ? 'true' : undefined}
          >
            <span className={classes.segmentName}>{s.label}</span>
            <span>{formatPercent(s.percent)}</span>
            {isStale(s.key) && <span>last known</span>}
          </span>
        ))}
      </Box>
    </Box>
  );
};
