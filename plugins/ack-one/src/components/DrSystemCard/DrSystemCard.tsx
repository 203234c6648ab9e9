import { stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  DR_STATE_SEVERITY,
  DrOverviewRow,
  DrState,
} from '@internal/plugin-ack-one-common';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import { ackOneApiRef } from '../../api';
import { drOverviewRouteRef } from '../../routes';
import { CARD_TITLE_PROPS } from '../presentation';
import { DrStateChip } from '../DrContent/DrStateChip';
import { useStaleStyles } from '../DrOverview/staleStyles';
import { backendMessage, entityRefLabel } from '../DrOverview/format';
import { DrTabLink } from '../DrOverview/links';
import { Time } from '../Time';
import { usePolling } from '../usePolling';

const useStyles = makeStyles(theme => ({
  counts: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(1, 2),
    margin: theme.spacing(0, 0, 2),
    padding: 0,
    listStyle: 'none',
  },
  count: { display: 'flex', alignItems: 'center', gap: theme.spacing(0.5) },
  worst: { margin: 0, padding: 0, listStyle: 'none' },
  worstItem: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'baseline',
    gap: theme.spacing(0.5, 1),
    marginBottom: theme.spacing(1),
  },
}));

/** How many services of the system the card lists by name. */
const WORST_LISTED = 5;

function countsByState(rows: DrOverviewRow[]): Array<[DrState, number]> {
  const counts = new Map<DrState, number>();
  for (const row of rows)
    counts.set(row.state, (counts.get(row.state) ?? 0) + 1);
  return [...counts].sort(
    ([a], [b]) => DR_STATE_SEVERITY[b] - DR_STATE_SEVERITY[a],
  );
}

function worstFirst(rows: DrOverviewRow[]): DrOverviewRow[] {
  return rows
    .filter(r => r.state !== 'in-parity')
    .sort(
      (a, b) =>
        DR_STATE_SEVERITY[b.state] - DR_STATE_SEVERITY[a.state] ||
        b.warningCount - a.warningCount ||
        a.entityRef.localeCompare(b.entityRef),
    )
    .slice(0, WORST_LISTED);
}

const Rollup = (props: { rows: DrOverviewRow[]; stale: boolean }) => {
  const classes = useStyles();
  const staleClasses = useStaleStyles();
  const worst = worstFirst(props.rows);
  return (
    <div
      className={props.stale ? staleClasses.stale : undefined}
      data-stale={props.stale ? 'true' : undefined}
    >
      <ul className={classes.counts} aria-label="Services by DR state">
        {countsByState(props.rows).map(([state, count]) => (
          <li
            key={state}
            className={classes.count}
            data-testid="ack-one-system-count"
          >
            <DrStateChip state={state} />
            <Typography variant="body2">{`× ${count}`}</Typography>
          </li>
        ))}
      </ul>
      {worst.length === 0 ? (
        <Typography variant="body2">
          {`All ${props.rows.length} services are in parity.`}
        </Typography>
      ) : (
        <>
          <Typography variant="subtitle2" component="h3">
            Needs attention
          </Typography>
          <ul className={classes.worst}>
            {worst.map(row => (
              <li key={row.entityRef} className={classes.worstItem}>
                <DrStateChip state={row.state} />
                <DrTabLink
                  entityRef={row.entityRef}
                  label={row.title ?? entityRefLabel(row.entityRef)}
                />
                {row.topWarning && (
                  <Typography variant="body2" color="textSecondary">
                    {row.topWarning}
                  </Typography>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
};

/**
 * The DR roll-up of a System's services: how many are in each state, the
 * worst ones with links to their DR tab, and a link to the DR overview
 * filtered by the system.
 */
export const DrSystemCard = (props: { refreshIntervalMs?: number }) => {
  const { entity } = useEntity();
  const api = useApi(ackOneApiRef);
  const overviewRoute = useRouteRef(drOverviewRouteRef);
  const system = stringifyEntityRef(entity);
  const { value, error, loading } = usePolling(
    `overview:${system}`,
    () => api.getOverview({ system }),
    props.refreshIntervalMs ?? 30_000,
  );
  const rows = value?.items ?? [];
  return (
    <InfoCard
      title="Disaster recovery"
      titleTypographyProps={CARD_TITLE_PROPS}
      deepLink={{
        title: 'Open in the DR overview',
        link: `${overviewRoute()}?${new URLSearchParams({ system })}`,
      }}
    >
      {loading && <Progress />}
      {error && (
        <Alert severity="warning" role="status">
          {`Could not load the DR state: ${backendMessage(error)}`}
          {value && '. Showing the last good data.'}
        </Alert>
      )}
      {value && rows.length === 0 && (
        <Typography variant="body2">
          No service of this system has opted in to disaster recovery (the
          ack-one/fleet annotation).
        </Typography>
      )}
      {rows.length > 0 && <Rollup rows={rows} stale={Boolean(error)} />}
      {value && (
        <Typography variant="caption" color="textSecondary">
          Updated <Time iso={value.generatedAt} />
        </Typography>
      )}
    </InfoCard>
  );
};
