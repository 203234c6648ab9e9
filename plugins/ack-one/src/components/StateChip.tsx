import { stateSeverity } from './presentation';
import { SeverityChip } from './SeverityChip';

/**
 * A chip showing a state, coloured by severity: green (ok), amber (warning),
 * red (error) or neutral (unknown).
 */
export const StateChip = (props: { state?: string }) => (
  <SeverityChip
    label={props.state || 'unknown'}
    severity={stateSeverity(props.state)}
    testId="ack-one-state-chip"
  />
);
