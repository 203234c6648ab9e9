import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  DrBlastImpact,
  DrBlastRadiusRow,
  DrOverviewRow,
} from '@internal/plugin-ack-one-common';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { ackOneApiRef } from '../../api';
import { CARD_TITLE_PROPS } from '../presentation';
import { backendMessage, entityRefLabel } from './format';
import { Time } from '../Time';
import { DrTabLink } from './links';
import { Choice } from './rows';

const useStyles = makeStyles(theme => ({
  select: { minWidth: 240, marginBottom: theme.spacing(2) },
  groups: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(260px, 1fr))',
    gap: theme.spacing(2),
  },
  list: { margin: 0, paddingLeft: theme.spacing(2) },
  item: { marginBottom: theme.spacing(1) },
}));

const GROUPS: Array<{ impact: DrBlastImpact; title: string }> = [
  { impact: 'down', title: 'Would go down' },
  { impact: 'loses-capacity', title: 'Would lose capacity' },
  { impact: 'unaffected', title: 'Unaffected' },
];

const ImpactGroup = (props: {
  title: string;
  impact: DrBlastImpact;
  items: DrBlastRadiusRow[];
  names: Map<string, string>;
}) => {
  const classes = useStyles();
  const headingId = `ack-one-blast-${props.impact}`;
  return (
    <section aria-labelledby={headingId} data-testid={headingId}>
      <Typography variant="h6" component="h3" id={headingId}>
        {`${props.title} (${props.items.length})`}
      </Typography>
      {props.items.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          None
        </Typography>
      ) : (
        <ul className={classes.list}>
          {props.items.map(item => (
            <li key={item.entityRef} className={classes.item}>
              <DrTabLink
                entityRef={item.entityRef}
                label={
                  props.names.get(item.entityRef) ??
                  entityRefLabel(item.entityRef)
                }
              />
              <Typography variant="body2" color="textSecondary">
                {item.reason}
              </Typography>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
};

const Impacts = (props: { clusterId: string; names: Map<string, string> }) => {
  const api = useApi(ackOneApiRef);
  const classes = useStyles();
  const { value, loading, error } = useAsync(
    () => api.getBlastRadius(props.clusterId),
    [api, props.clusterId],
  );
  if (loading) return <Progress />;
  if (error) {
    return (
      <Alert severity="error" role="status">
        {`Could not work out the blast radius: ${backendMessage(error)}`}
      </Alert>
    );
  }
  if (!value) return null;
  return (
    <>
      <Typography variant="caption" color="textSecondary" component="p">
        Worked out <Time iso={value.generatedAt} />
      </Typography>
      <div className={classes.groups}>
        {GROUPS.map(g => (
          <ImpactGroup
            key={g.impact}
            {...g}
            items={value.items.filter(i => i.impact === g.impact)}
            names={props.names}
          />
        ))}
      </div>
    </>
  );
};

/**
 * Blast radius: pick a cluster and see which services would go down, lose
 * capacity or be unaffected if it failed, with the reason for each.
 */
export const BlastRadius = (props: {
  clusters: Choice[];
  rows: DrOverviewRow[];
}) => {
  const classes = useStyles();
  const [clusterId, setClusterId] = useState('');
  const names = new Map(
    props.rows.map(r => [r.entityRef, r.title ?? entityRefLabel(r.entityRef)]),
  );
  return (
    <InfoCard
      title="Blast radius"
      subheader="What losing one cluster would do to each service"
      titleTypographyProps={CARD_TITLE_PROPS}
    >
      <TextField
        id="ack-one-blast-cluster"
        select
        label="Cluster that fails"
        value={clusterId}
        onChange={e => setClusterId(e.target.value)}
        className={classes.select}
        SelectProps={{ displayEmpty: true }}
        InputLabelProps={{ shrink: true }}
      >
        <MenuItem value="">Pick a cluster</MenuItem>
        {props.clusters.map(c => (
          <MenuItem key={c.value} value={c.value}>
            {c.label}
          </MenuItem>
        ))}
      </TextField>
      {clusterId && <Impacts clusterId={clusterId} names={names} />}
    </InfoCard>
  );
};
