import { DrState } from '@internal/plugin-ack-one-common';
import { SeverityChip } from '../SeverityChip';
import {
  drStateDescription,
  drStateLabel,
  drStateSeverity,
} from './drPresentation';

/**
 * The DR state of a service as a chip, everywhere it is shown: red when
 * the gateway failed over or parity is broken, dark red when a site is
 * unreachable, amber when the standby is not ready, green in parity.
 */
export const DrStateChip = (props: { state: DrState; testId?: string }) => (
  <SeverityChip
    label={drStateLabel(props.state)}
    severity={drStateSeverity(props.state)}
    title={drStateDescription(props.state)}
    testId={props.testId ?? 'ack-one-dr-state-chip'}
    data={{ 'data-state': props.state }}
  />
);
