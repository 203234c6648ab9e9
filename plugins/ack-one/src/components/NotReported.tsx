import Typography from '@material-ui/core/Typography';

/** Placeholder for a value the catalog provider or the backend did not report. */
export const NotReported = (props: { children?: string }) => (
  <Typography variant="body2" color="textSecondary" component="span">
    {props.children ?? 'Not reported'}
  </Typography>
);
