import {
  FailoverState,
  FailoverStepProgress,
} from '@internal/plugin-ack-one-common';
import { SeverityChip } from '../SeverityChip';
import {
  failoverStateLabel,
  failoverStateSeverity,
  stepStateLabel,
  stepStateSeverity,
} from './failoverPresentation';

/** The state of a failover request, in words and colour. */
export const FailoverStateChip = (props: { state: FailoverState }) => (
  <SeverityChip
    label={failoverStateLabel(props.state)}
    severity={failoverStateSeverity(props.state)}
    testId="ack-one-failover-state"
    data={{ 'data-state': props.state }}
  />
);

/** The state of one step of an executing request. */
export const StepStateChip = (props: {
  state: FailoverStepProgress['state'];
}) => (
  <SeverityChip
    label={stepStateLabel(props.state)}
    severity={stepStateSeverity(props.state)}
    testId="ack-one-failover-step-state"
    data={{ 'data-state': props.state }}
  />
);
