import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import { serverMessage } from './failoverPresentation';

/** The decisions a user can take on an open request. */
export type FailoverDecision = 'approve' | 'reject' | 'cancel';

const TEXT: Record<
  FailoverDecision,
  { title: string; body: string; confirm: string }
> = {
  approve: {
    title: 'Approve the failover',
    body: 'The gateway weights change as planned once the window opens.',
    confirm: 'Approve',
  },
  reject: {
    title: 'Reject the failover',
    body: 'The requester sees your reason. Nothing changes on the gateway.',
    confirm: 'Reject',
  },
  cancel: {
    title: 'Cancel the failover request',
    body: 'The request ends without a change on the gateway.',
    confirm: 'Cancel request',
  },
};

/**
 * Confirms a decision on a request, with a reason (required to reject);
 * a refusal by the server stays in the dialog in its own words.
 */
export const DecisionDialog = (props: {
  decision: FailoverDecision;
  onConfirm: (reason: string | undefined) => Promise<void>;
  onClose: () => void;
}) => {
  const { decision } = props;
  const text = TEXT[decision];
  const required = decision === 'reject';
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const titleId = `ack-one-failover-${decision}-title`;

  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await props.onConfirm(reason.trim() || undefined);
    } catch (e) {
      setError(serverMessage(e));
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={props.onClose} aria-labelledby={titleId}>
      <DialogTitle id={titleId}>{text.title}</DialogTitle>
      <DialogContent>
        <DialogContentText>{text.body}</DialogContentText>
        <TextField
          id="ack-one-failover-decision-reason"
          label={required ? 'Reason' : 'Reason (optional)'}
          required={required}
          fullWidth
          multiline
          minRows={2}
          value={reason}
          onChange={e => setReason(e.target.value)}
          helperText={
            required && !reason.trim() ? 'Say why, for the requester.' : ' '
          }
        />
        {error && (
          <Alert severity="error" role="alert">
            {error}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Back</Button>
        <Button
          color="primary"
          variant="contained"
          disabled={busy || (required && !reason.trim())}
          onClick={confirm}
        >
          {text.confirm}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
