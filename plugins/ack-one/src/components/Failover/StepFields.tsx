import {
  FAILOVER_MAX_PAUSE_SECONDS,
  TrafficSplit,
} from '@internal/plugin-ack-one-common';
import Box from '@material-ui/core/Box';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { formatSplit } from './failoverPresentation';
import { STEP_PLANS } from './presets';

/** The split each step reaches, with the pause after it. */
const StepList = (props: {
  splits: TrafficSplit[];
  pauseSeconds: number;
  clusterIds: string[];
  names: (clusterId: string) => string;
}) => {
  const { splits, pauseSeconds, clusterIds, names } = props;
  if (splits.length === 0) return null;
  return (
    <ol
      aria-label="Resulting split of each step"
      data-testid="ack-one-failover-steps"
    >
      {splits.map((split, i) => (
        <Typography
          key={i}
          component="li"
          variant="body2"
          data-testid="ack-one-failover-step"
        >
          {`Step ${i + 1}: ${formatSplit(split, names, clusterIds)}`}
          {pauseSeconds > 0 && i < splits.length - 1
            ? `, then pause ${pauseSeconds} s`
            : ''}
        </Typography>
      ))}
    </ol>
  );
};

/** The step plan and the pause between steps. */
const StepPlanInputs = (props: {
  plan: string;
  pause: string;
  pauseError?: string;
  stepwise: boolean;
  onPlan: (key: string) => void;
  onPause: (value: string) => void;
}) => (
  <Box display="flex" flexWrap="wrap" style={{ gap: 16 }}>
    <TextField
      select
      id="ack-one-failover-plan"
      label="Steps"
      value={props.plan}
      onChange={e => props.onPlan(e.target.value)}
      size="small"
      style={{ minWidth: 280 }}
    >
      {STEP_PLANS.map(p => (
        <MenuItem key={p.key} value={p.key}>
          {p.label}
        </MenuItem>
      ))}
    </TextField>
    <TextField
      id="ack-one-failover-pause"
      label="Pause between steps (seconds)"
      type="number"
      size="small"
      value={props.pause}
      onChange={e => props.onPause(e.target.value)}
      inputProps={{ min: 0, max: FAILOVER_MAX_PAUSE_SECONDS, step: 1 }}
      error={Boolean(props.pauseError)}
      helperText={props.pauseError ?? 'Optional'}
      disabled={!props.stepwise}
      style={{ minWidth: 240 }}
    />
  </Box>
);

/**
 * How the move is cut into steps, the pause between them, and the split
 * each step reaches.
 */
export const StepFields = (props: {
  plan: string;
  pause: string;
  pauseError?: string;
  current?: TrafficSplit;
  splits: TrafficSplit[];
  clusterIds: string[];
  names: (clusterId: string) => string;
  onPlan: (key: string) => void;
  onPause: (value: string) => void;
}) => {
  const { plan, pause, pauseError, current, clusterIds, names } = props;
  const stepwise = plan !== STEP_PLANS[0].key;
  return (
    <Box mt={1}>
      <StepPlanInputs
        plan={plan}
        pause={pause}
        pauseError={pauseError}
        stepwise={stepwise}
        onPlan={props.onPlan}
        onPause={props.onPause}
      />
      {stepwise && !current && (
        <Typography variant="body2" color="textSecondary">
          Where traffic goes now is unknown, so the move is one step.
        </Typography>
      )}
      <Typography variant="body2">
        {`Now: ${
          current
            ? formatSplit(current, names, clusterIds)
            : 'unknown (no route reports its weights)'
        }`}
      </Typography>
      <StepList
        splits={props.splits}
        pauseSeconds={stepwise ? Number(pause) || 0 : 0}
        clusterIds={clusterIds}
        names={names}
      />
    </Box>
  );
};
