import Typography from '@material-ui/core/Typography';

/** Placeholder for an annotation the catalog provider did not write. */
export const NotReported = () => (
  <Typography variant="body2" color="textSecondary" component="span">
    Not reported
  </Typography>
);
