import { useApi } from '@backstage/core-plugin-api';
import { FailoverRequest, TrafficSplit } from '@internal/plugin-ack-one-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useMemo, useState } from 'react';
import { ackOneApiRef } from '../../api';
import {
  deriveFailoverForm,
  FailoverForm,
  initialFailoverForm,
  submitBlocker,
} from './failoverForm';
import { serverMessage } from './failoverPresentation';
import { LiveChecks } from './LiveChecks';
import { RequestOptionsFields } from './RequestOptionsFields';
import { FailoverCluster, targetPresets } from './presets';
import { StepFields } from './StepFields';
import { TargetFields } from './TargetFields';
import { CHECK_DEBOUNCE_MS, useSafetyChecks } from './useSafetyChecks';

/** Props of {@link RequestFailoverDialog}. */
export interface RequestFailoverDialogProps {
  entityRef: string;
  clusters: FailoverCluster[];
  /** Where traffic goes now (effective weights). */
  current?: TrafficSplit;
  /** The split before the last completed failover, to fail back to. */
  previous?: TrafficSplit;
  /** Whether the user may execute without a second owner. */
  canOverride: boolean;
  onClose: () => void;
  onSubmitted: (request: FailoverRequest) => void;
  checkDebounceMs?: number;
}

/** The form, what it derives, its live checks, and its submission. */
function useRequestForm(props: RequestFailoverDialogProps) {
  const { entityRef, clusters, current, previous } = props;
  const api = useApi(ackOneApiRef);
  const [form, setForm] = useState<FailoverForm>(() =>
    initialFailoverForm(clusters, current),
  );
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<string>();
  const presets = useMemo(
    () => targetPresets(clusters, current, previous),
    [clusters, current, previous],
  );
  const derived = deriveFailoverForm(form, {
    entityRef,
    clusters,
    current,
    presets,
  });
  const checks = useSafetyChecks(
    derived.checkInput,
    props.checkDebounceMs ?? CHECK_DEBOUNCE_MS,
  );
  const update = (patch: Partial<FailoverForm>) => {
    setSubmitError(undefined);
    setForm(f => ({ ...f, ...patch }));
  };
  const submit = async () => {
    if (!derived.input) return;
    setSubmitting(true);
    setSubmitError(undefined);
    try {
      props.onSubmitted(await api.requestFailover(derived.input));
    } catch (e) {
      setSubmitError(serverMessage(e));
      setSubmitting(false);
    }
  };
  return {
    form,
    update,
    presets,
    derived,
    checks,
    blocker: submitBlocker(derived, checks),
    submitting,
    submitError,
    submit,
  };
}

/** Why the request cannot be sent yet, Cancel, and Submit. */
const RequestActions = (props: {
  blocker?: string;
  emergency: boolean;
  disabled: boolean;
  onCancel: () => void;
  onSubmit: () => void;
}) => (
  <DialogActions>
    {props.blocker && (
      <Typography
        variant="body2"
        color="textSecondary"
        data-testid="ack-one-failover-blocker"
        style={{ marginRight: 'auto', paddingLeft: 8 }}
      >
        {props.blocker}
      </Typography>
    )}
    <Button onClick={props.onCancel}>Cancel</Button>
    <Button
      color={props.emergency ? 'secondary' : 'primary'}
      variant="contained"
      disabled={props.disabled}
      onClick={props.onSubmit}
    >
      {props.emergency ? 'Execute now (emergency)' : 'Submit request'}
    </Button>
  </DialogActions>
);

/** The target, the steps, and why and when. */
const PlanFields = (props: {
  request: ReturnType<typeof useRequestForm>;
  clusters: FailoverCluster[];
  current?: TrafficSplit;
  canOverride: boolean;
  names: (clusterId: string) => string;
}) => {
  const { request, clusters, current, canOverride, names } = props;
  const { form, update, derived } = request;
  return (
    <>
      <TargetFields
        presets={request.presets}
        clusters={clusters}
        preset={form.preset}
        custom={form.custom}
        error={derived.targetError}
        onPreset={preset => update({ preset })}
        onCustom={(id, value) =>
          update({ custom: { ...form.custom, [id]: value } })
        }
      />
      {derived.unchanged && (
        <Alert severity="info">
          Traffic already goes this way; the request only pins the weights.
        </Alert>
      )}
      <StepFields
        plan={form.plan}
        pause={form.pause}
        pauseError={derived.pauseError}
        current={current}
        splits={derived.splits}
        clusterIds={clusters.map(c => c.clusterId)}
        names={names}
        onPlan={plan => update({ plan })}
        onPause={pause => update({ pause })}
      />
      <RequestOptionsFields
        form={form}
        windowError={derived.windowError}
        canOverride={canOverride}
        onChange={update}
      />
    </>
  );
};

/**
 * Asks for a traffic shift: the target, the steps, why and when, with the
 * safety checks and the predicted load evaluated as the plan changes.
 */
export const RequestFailoverDialog = (props: RequestFailoverDialogProps) => {
  const { entityRef, clusters, current, canOverride } = props;
  const request = useRequestForm(props);
  const { form, derived, checks } = request;
  const names = (id: string) =>
    clusters.find(c => c.clusterId === id)?.name ?? id;
  return (
    <Dialog
      open
      onClose={props.onClose}
      aria-labelledby="ack-one-failover-dialog-title"
      maxWidth="md"
      fullWidth
    >
      <DialogTitle id="ack-one-failover-dialog-title">
        {`Request failover of ${entityRef}`}
      </DialogTitle>
      <DialogContent dividers>
        <PlanFields
          request={request}
          clusters={clusters}
          current={current}
          canOverride={canOverride}
          names={names}
        />
        <LiveChecks
          state={checks}
          ready={Boolean(derived.checkInput)}
          names={names}
        />
        {request.submitError && (
          <Box mt={2}>
            <Alert severity="error" role="alert">
              {`The request was refused: ${request.submitError}`}
            </Alert>
          </Box>
        )}
      </DialogContent>
      <RequestActions
        blocker={request.blocker}
        emergency={form.emergency}
        disabled={
          Boolean(request.blocker) || request.submitting || !derived.input
        }
        onCancel={props.onClose}
        onSubmit={request.submit}
      />
    </Dialog>
  );
};
