import Box from '@material-ui/core/Box';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { formatSplit } from './failoverPresentation';
import { CUSTOM_PRESET, FailoverCluster, TargetPreset } from './presets';

/** A weight per cluster, for a custom target. */
const CustomWeights = (props: {
  clusters: FailoverCluster[];
  custom: Record<string, string>;
  error?: string;
  onCustom: (clusterId: string, value: string) => void;
}) => (
  <Box display="flex" flexWrap="wrap" style={{ gap: 16 }} ml={4}>
    {props.clusters.map(c => (
      <TextField
        key={c.clusterId}
        id={`ack-one-failover-weight-${c.clusterId}`}
        label={`Weight of ${c.name} (%)`}
        type="number"
        size="small"
        value={props.custom[c.clusterId] ?? ''}
        onChange={e => props.onCustom(c.clusterId, e.target.value)}
        inputProps={{ min: 0, max: 100, step: 1 }}
        error={Boolean(props.error)}
      />
    ))}
  </Box>
);

/** The target of the shift: a preset, or a weight per cluster. */
export const TargetFields = (props: {
  presets: TargetPreset[];
  clusters: FailoverCluster[];
  preset: string;
  custom: Record<string, string>;
  error?: string;
  onPreset: (key: string) => void;
  onCustom: (clusterId: string, value: string) => void;
}) => {
  const { presets, clusters, preset, custom, error } = props;
  const ids = clusters.map(c => c.clusterId);
  const names = (id: string) =>
    clusters.find(c => c.clusterId === id)?.name ?? id;
  const isCustom = preset === CUSTOM_PRESET;

  return (
    <FormControl component="fieldset" fullWidth margin="normal">
      <FormLabel component="legend">Target</FormLabel>
      <RadioGroup
        name="ack-one-failover-target"
        value={preset}
        onChange={e => props.onPreset(e.target.value)}
      >
        {presets.map(p => (
          <FormControlLabel
            key={p.key}
            value={p.key}
            control={<Radio size="small" />}
            label={
              <span>
                {p.label}
                {p.weights && (
                  <Typography
                    component="span"
                    variant="caption"
                    color="textSecondary"
                  >
                    {` (${formatSplit(p.weights, names, ids)})`}
                  </Typography>
                )}
              </span>
            }
          />
        ))}
      </RadioGroup>
      {isCustom && (
        <CustomWeights
          clusters={clusters}
          custom={custom}
          error={error}
          onCustom={props.onCustom}
        />
      )}
      {error && preset && (
        <FormHelperText error role="alert">
          {error}
        </FormHelperText>
      )}
    </FormControl>
  );
};
