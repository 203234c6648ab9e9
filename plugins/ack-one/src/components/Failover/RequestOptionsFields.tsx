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
        <TextField
          id="ack-one-failover-not-before"
          label="Not before"
          type="datetime-local"
          size="small"
          value={form.notBefore}
          onChange={e => onChange({ notBefore: e.target.value })}
          InputLabelProps={{ shrink: true }}
          helperText="Optional"
        />
        <TextField
          id="ack-one-failover-not-after"
          label="Not after"
          type="datetime-local"
          size="small"
          value={form.notAfter}
          onChange={e => onChange({ notAfter: e.target.value })}
          InputLabelProps={{ shrink: true }}
          error={Boolean(windowError)}
          helperText={windowError ?? 'Optional'}
        />
      </Box>
      <FormControlLabel
        control={
          <Checkbox
            checked={form.warmUp}
            onChange={e => onChange({ warmUp: e.target.checked })}
          />
        }
        label="Warm up first: scale the target clusters' workloads up and wait until they are ready"
      />
      {canOverride && (
        <FormControlLabel
          control={
            <Checkbox
              checked={form.emergency}
              onChange={e => onChange({ emergency: e.target.checked })}
            />
          }
          label="Emergency override: execute now, without a second owner"
        />
      )}
      {form.emergency && <EmergencyWarning />}
    </>
  );
};
