import { ClusterHealth } from '@internal/plugin-ack-one-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { describeError, isNotFound } from '../presentation';
import { RefreshFailed } from '../RefreshFailed';
import { StatusText } from '../SeverityChip';
import { PolledState } from '../usePolling';
import { Time } from '../Time';

/**
 * API server reachability of one cluster, as the `ack-one` backend sees it.
 * Never throws: a missing backend shows "unknown" with a hint, any other
 * failure its message; after a failed refresh the last answer stays, greyed,
 * with since when the refreshes fail.
 */
export const ClusterHealthStatus = (props: {
  health: PolledState<ClusterHealth>;
}) => {
  const { value, loading, error, failingSince } = props.health;

  if (loading) {
    return <StatusText severity="unknown">Checking…</StatusText>;
  }
  if (!value) {
    if (error && isNotFound(error)) {
      return (
        <Box data-testid="ack-one-health" data-health="unknown">
          <StatusText severity="warning">Unknown</StatusText>
          <Typography variant="caption" color="textSecondary" display="block">
            The ack-one backend plugin is not installed, or does not know this
            cluster.
          </Typography>
        </Box>
      );
    }
    if (!error) {
      return (
        <Box data-testid="ack-one-health" data-health="unknown">
          <StatusText severity="unknown">Unknown</StatusText>
        </Box>
      );
    }
    return (
      <Box data-testid="ack-one-health" data-health="error">
        <StatusText severity="error">
          {`Health check failed: ${describeError(error)}`}
        </StatusText>
      </Box>
    );
  }

  return (
    <Box
      data-testid="ack-one-health"
      data-health={value.reachable ? 'reachable' : 'unreachable'}
      data-stale={error ? 'true' : undefined}
    >
      <Box style={error ? { filter: 'grayscale(100%)' } : undefined}>
        {value.reachable ? (
          <StatusText severity="ok">
            {`Reachable${
              typeof value.latencyMs === 'number'
                ? ` (${Math.round(value.latencyMs)} ms)`
                : ''
            }`}
          </StatusText>
        ) : (
          <StatusText severity="critical">
            {`Unreachable${value.message ? `: ${value.message}` : ''}`}
          </StatusText>
        )}
        {!value.reachable && value.lastSyncAt && (
          <Typography variant="caption" display="block">
            Last data from it <Time iso={value.lastSyncAt} />
          </Typography>
        )}
        <Typography variant="caption" color="textSecondary" display="block">
          Checked <Time iso={value.checkedAt} />
        </Typography>
      </Box>
      {error && (
        <RefreshFailed
          error={error}
          failingSince={failingSince}
          what="The reachability shown"
        />
      )}
    </Box>
  );
};
