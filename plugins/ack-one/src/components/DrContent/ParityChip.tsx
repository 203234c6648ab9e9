import { ParityState } from '@internal/plugin-ack-one-common';
import { SeverityChip } from '../SeverityChip';
import {
  parityDescription,
  parityLabel,
  paritySeverity,
} from './drPresentation';

/**
 * Parity of a workload or of the whole service: green in parity, amber
 * standby not ready, red degraded or one-sided, grey unknown.
 */
export const ParityChip = (props: { state: ParityState }) => (
  <SeverityChip
    label={parityLabel(props.state)}
    severity={paritySeverity(props.state)}
    title={parityDescription(props.state)}
    testId="ack-one-parity-chip"
    data={{ 'data-state': props.state }}
  />
);
