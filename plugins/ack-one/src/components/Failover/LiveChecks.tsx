import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { serverMessage } from './failoverPresentation';
import { PredictedLoad } from './PredictedLoad';
import { SafetyChecks } from './SafetyChecks';
import { SafetyChecksState } from './useSafetyChecks';

/** The safety checks of the planned shift and the load it would put on each cluster, kept current. */
export const LiveChecks = (props: {
  state: SafetyChecksState;
  ready: boolean;
  names: (clusterId: string) => string;
}) => {
  const { state, ready, names } = props;
  const { value, error, checking } = state;
  return (
    <Box mt={2} aria-live="polite" aria-busy={checking}>
      <Typography variant="subtitle1" component="h3">
        Safety checks
      </Typography>
      {!ready && (
        <Typography variant="body2" color="textSecondary">
          Choose a valid target to see the safety checks.
        </Typography>
      )}
      {ready && checking && (
        <LinearProgress aria-label="Checking the planned shift" />
      )}
      {ready && error && (
        <Alert severity="error">
          {`The safety checks could not be evaluated: ${serverMessage(error)}`}
        </Alert>
      )}
      {ready && !error && value && (
        <>
          <SafetyChecks checks={value.checks} names={names} />
          <Box mt={2}>
            <Typography variant="subtitle1" component="h3">
              Predicted load per cluster
            </Typography>
            <PredictedLoad predicted={value.predicted} />
          </Box>
        </>
      )}
    </Box>
  );
};
