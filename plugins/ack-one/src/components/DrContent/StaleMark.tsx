import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { SEVERITY_TEXT_COLORS } from '../presentation';

const useStyles = makeStyles(theme => ({
  mark: {
    display: 'inline-block',
    fontStyle: 'italic',
    fontWeight: theme.typography.fontWeightMedium as number,
    color: SEVERITY_TEXT_COLORS[theme.palette.type].critical,
    borderBottom: `1px dashed currentColor`,
    whiteSpace: 'nowrap',
  },
}));

/**
 * The mark of a value derived from an unreachable cluster: words
 * (`last known, data 42 s old`), not only a colour.
 */
export const StaleMark = (props: { text: string }) => {
  const classes = useStyles();
  return (
    <Typography
      variant="caption"
      component="span"
      className={classes.mark}
      data-testid="ack-one-dr-stale"
    >
      {props.text}
    </Typography>
  );
};
