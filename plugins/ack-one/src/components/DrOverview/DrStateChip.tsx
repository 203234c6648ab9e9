import { DrState } from '@internal/plugin-ack-one-common';
import { makeStyles } from '@material-ui/core/styles';
import {
  drStateDescription,
  drStateLabel,
  drStateSeverity,
} from '../DrContent/drPresentation';
import { SeverityChip } from '../SeverityChip';

/**
 * The DR state of a service as a chip, the same as the DR tab's: red when
 * the gateway failed over or parity is broken, dark red when a site is
 * unreachable, amber when the standby is not ready, green in parity.
 */
export const DrStateChip = (props: { state: DrState }) => (
  <SeverityChip
    label={drStateLabel(props.state)}
    severity={drStateSeverity(props.state)}
    title={drStateDescription(props.state)}
    testId="ack-one-dr-state-chip"
    data={{ 'data-state': props.state }}
  />
);

/**
 * A class for a container whose live indicators (chips, bars) show data
 * that could not be refreshed: they turn grey, like the DR tab's.
 */
export const useStaleStyles = makeStyles({
  stale: { '& [data-live="true"]': { filter: 'grayscale(100%)' } },
});
