import Typography from '@material-ui/core/Typography';
import { describeError } from './presentation';
import { Time } from './Time';

/**
 * Says that the last refreshes failed, since when and why: what is shown is
 * older, and greyed out until a refresh succeeds.
 */
export const RefreshFailed = (props: {
  error: Error;
  failingSince?: Date;
  what?: string;
}) => (
  <Typography
    variant="body2"
    role="status"
    data-testid="ack-one-refresh-failed"
  >
    Refresh failed
    {props.failingSince && (
      <>
        {' since '}
        <Time iso={props.failingSince.toISOString()} />
      </>
    )}
    {`: ${describeError(props.error)}. ${
      props.what ?? 'What is shown'
    } is the last known, greyed out until a refresh succeeds.`}
  </Typography>
);
