import {
  Content,
  Header,
  InfoCard,
  Page,
  Progress,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { DrOverview, DrOverviewRow } from '@internal/plugin-ack-one-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import { useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { ackOneApiRef } from '../../api';
import {
  CARD_TITLE_PROPS,
  formatTime,
  PAGE_SECONDARY_TEXT_COLORS,
} from '../presentation';
import { Time } from '../Time';
import { BlastRadius } from './BlastRadius';
import { downloadText, overviewCsv } from './csv';
import { backendMessage } from './format';
import { OverviewFilterBar } from './OverviewFilterBar';
import { OverviewTable } from './OverviewTable';
import {
  DEFAULT_SORT,
  filterChoices,
  filterRows,
  OverviewFilters,
  SortKey,
  SortOrder,
  sortRows,
} from './rows';
import { PolledState, usePolling } from '../usePolling';

const useStyles = makeStyles(theme => ({
  toolbar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: theme.spacing(1, 2),
    marginBottom: theme.spacing(1),
  },
  section: { marginBottom: theme.spacing(3) },
  // On the page background, where the theme's secondary text is too faint.
  freshness: { color: PAGE_SECONDARY_TEXT_COLORS[theme.palette.type] },
}));

/** Query parameters the filters are kept in, so a view can be linked. */
const PARAMS: Record<keyof OverviewFilters, string> = {
  search: 'q',
  owner: 'owner',
  system: 'system',
  fleet: 'fleet',
  state: 'state',
};

function useUrlFilters(): [OverviewFilters, (f: OverviewFilters) => void] {
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(
    Object.entries(PARAMS).map(([key, param]) => [
      key,
      params.get(param) ?? '',
    ]),
  ) as unknown as OverviewFilters;
  const setFilters = useCallback(
    (next: OverviewFilters) => {
      const search = new URLSearchParams();
      for (const [key, param] of Object.entries(PARAMS)) {
        const value = next[key as keyof OverviewFilters];
        if (value) search.set(param, value);
      }
      setParams(search, { replace: true });
    },
    [setParams],
  );
  return [filters, setFilters];
}

function failureText(error: Error, failedAt?: Date, generatedAt?: string) {
  const reason = backendMessage(error);
  if (!generatedAt) return `Could not load the DR overview: ${reason}.`;
  const at = formatTime(failedAt?.toISOString());
  const from = formatTime(generatedAt);
  return (
    `Refresh failed at ${at}: ${reason}. The states shown are greyed ` +
    `out: they are the last good data, from ${from}.`
  );
}

/** Says when the data is from, and when a refresh failed (a live region). */
const Freshness = (props: {
  generatedAt?: string;
  error?: Error;
  failedAt?: Date;
  intervalSeconds: number;
}) => {
  const { generatedAt, error, failedAt } = props;
  const classes = useStyles();
  return (
    <div role="status" data-testid="ack-one-overview-freshness">
      {error ? (
        <Alert severity="warning" role="none">
          {failureText(error, failedAt, generatedAt)}
        </Alert>
      ) : (
        <Typography variant="body2" className={classes.freshness}>
          Updated <Time iso={generatedAt} />
          {` · refreshes every ${props.intervalSeconds} s while this page is open`}
        </Typography>
      )}
    </div>
  );
};

/**
 * Props of {@link DrOverviewPage}.
 *
 * @public
 */
export interface DrOverviewPageProps {
  /** How often the overview refreshes while visible (default 10 s). */
  refreshIntervalMs?: number;
}

const Toolbar = (props: {
  overview: PolledState<DrOverview>;
  rows: DrOverviewRow[];
  intervalMs: number;
}) => {
  const { overview, rows } = props;
  const classes = useStyles();
  return (
    <Box className={classes.toolbar}>
      <Freshness
        generatedAt={overview.value?.generatedAt}
        error={overview.error}
        failedAt={overview.failedAt}
        intervalSeconds={Math.round(props.intervalMs / 1000)}
      />
      <Box display="flex" gridGap={8}>
        <Button variant="outlined" onClick={overview.refresh}>
          Refresh now
        </Button>
        <Button
          variant="outlined"
          color="primary"
          disabled={rows.length === 0}
          onClick={() =>
            downloadText('dr-overview.csv', overviewCsv(rows), 'text/csv')
          }
        >
          Download CSV
        </Button>
      </Box>
    </Box>
  );
};

/** What the services card shows when it lists no row. */
const NoRows = (props: {
  overview: PolledState<DrOverview>;
  items: DrOverviewRow[];
}) => {
  const { overview, items } = props;
  if (overview.loading) return <Progress />;
  if (items.length === 0 && !overview.error) {
    return (
      <Typography variant="body2">
        No service has opted in to disaster recovery yet: a service does with
        the ack-one/fleet annotation.
      </Typography>
    );
  }
  if (items.length > 0) {
    return (
      <Typography variant="body2">No service matches these filters.</Typography>
    );
  }
  return null;
};

/**
 * The DR overview: every opted-in service with its state, parity, traffic,
 * standby capacity, RTO, last failover and warnings; filters, sorting, CSV
 * export, and the blast radius of losing one cluster.
 */
export const DrOverviewPage = (props: DrOverviewPageProps) => {
  const api = useApi(ackOneApiRef);
  const classes = useStyles();
  const intervalMs = props.refreshIntervalMs ?? 10_000;
  const overview = usePolling('overview', () => api.getOverview(), intervalMs);
  const [filters, setFilters] = useUrlFilters();
  const [sort, setSort] = useState<SortOrder>(DEFAULT_SORT);

  const items = useMemo(() => overview.value?.items ?? [], [overview.value]);
  const choices = useMemo(() => filterChoices(items), [items]);
  const rows = useMemo(
    () => sortRows(filterRows(items, filters), sort),
    [items, filters, sort],
  );
  const onSort = (key: SortKey) =>
    setSort(s => ({
      key,
      direction: s.key === key && s.direction === 'desc' ? 'asc' : 'desc',
    }));

  return (
    <Page themeId="tool">
      <Header
        title="DR overview"
        subtitle="Disaster recovery of every service that opted in"
      />
      <Content>
        <Toolbar overview={overview} rows={rows} intervalMs={intervalMs} />
        <Box className={classes.section}>
          <InfoCard
            title="Services"
            subheader={`${rows.length} of ${items.length} shown`}
            titleTypographyProps={CARD_TITLE_PROPS}
          >
            <OverviewFilterBar
              filters={filters}
              choices={choices}
              onChange={setFilters}
            />
            {rows.length > 0 ? (
              <OverviewTable
                rows={rows}
                sort={sort}
                onSort={onSort}
                stale={Boolean(overview.error && overview.value)}
              />
            ) : (
              <NoRows overview={overview} items={items} />
            )}
          </InfoCard>
        </Box>
        <BlastRadius clusters={choices.clusters} rows={items} />
      </Content>
    </Page>
  );
};
