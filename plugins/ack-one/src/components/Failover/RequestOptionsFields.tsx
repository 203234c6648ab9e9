import Box from '@material-ui/core/Box';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import { FailoverForm } from './failoverForm';

const EmergencyWarning = () => (
  <Alert severity="warning" data-testid="ack-one-failover-emergency-warning">
    An emergency override skips the second person: the failover is approved and
    executed as soon as you submit, without another owner&apos;s approval. Every
    owner of the service is notified, and the override is recorded at critical
    severity.
  </Alert>
);

/** One end of the execution window (local date and time). */
const WindowField = (props: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
}) => (
  <TextField
    id={props.id}
    label={props.label}
    type="datetime-local"
    size="small"
    value={props.value}
    onChange={e => props.onChange(e.target.value)}
    InputLabelProps={{ shrink: true }}
    error={Boolean(props.error)}
    helperText={props.error ?? 'Optional'}
  />
);

/** A labelled checkbox. */
const FlagField = (props: {
  checked: boolean;
  onChange: (checked: boolean) => void;
  label: string;
}) => (
  <FormControlLabel
    control={
      <Checkbox
        checked={props.checked}
        onChange={e => props.onChange(e.target.checked)}
      />
    }
    label={props.label}
  />
);

/**
 * Why and when: the reason, the execution window, warm-up and, for users
 * allowed to, the emergency override.
 */
export const RequestOptionsFields = (props: {
  form: FailoverForm;
  windowError?: string;
  canOverride: boolean;
  onChange: (patch: Partial<FailoverForm>) => void;
}) => {
  const { form, windowError, canOverride, onChange } = props;
  return (
    <>
      <TextField
        id="ack-one-failover-reason"
        label="Reason"
        required
        fullWidth
        multiline
        minRows={2}
        margin="normal"
        value={form.reason}
        onChange={e => onChange({ reason: e.target.value })}
        helperText="Shown to the approver and kept in the history"
      />
      <Box display="flex" flexWrap="wrap" style={{ gap: 16 }}>
        <WindowField
          id="ack-one-failover-not-before"
          label="Not before"
          value={form.notBefore}
          onChange={notBefore => onChange({ notBefore })}
        />
        <WindowField
          id="ack-one-failover-not-after"
          label="Not after"
          value={form.notAfter}
          onChange={notAfter => onChange({ notAfter })}
          error={windowError}
        />
      </Box>
      <FlagField
        checked={form.warmUp}
        onChange={warmUp => onChange({ warmUp })}
        label="Warm up first: scale the target clusters' workloads up and wait until they are ready"
      />
      {canOverride && (
        <FlagField
          checked={form.emergency}
          onChange={emergency => onChange({ emergency })}
          label="Emergency override: execute now, without a second owner"
        />
      )}
      {form.emergency && <EmergencyWarning />}
    </>
  );
};
