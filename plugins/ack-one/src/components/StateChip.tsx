import { stateSeverity } from './presentation';
import { SeverityChip } from './SeverityChip';

/**
 * A chip showing a cloud-side state, coloured by severity: green (ok), amber
 * (warning), red (error) or grey (unknown). When the backend cannot reach the
 * cluster (`reachable: false`), the chip says so in red, whatever ACK One
 * reports: a cluster is never shown green while it does not answer.
 */
export const StateChip = (props: { state?: string; reachable?: boolean }) => {
  const state = props.state || 'unknown';
  if (props.reachable === false) {
    return (
      <SeverityChip
        label={`${state} · unreachable`}
        severity="error"
        title={`ACK One reports "${state}", but the portal's backend cannot reach the cluster's API server`}
        testId="ack-one-state-chip"
        data={{ 'data-state': state, 'data-reachable': 'false' }}
      />
    );
  }
  return (
    <SeverityChip
      label={state}
      severity={stateSeverity(props.state)}
      testId="ack-one-state-chip"
      data={{ 'data-state': state }}
    />
  );
};
