import { DrOverviewRow } from '@internal/plugin-ack-one-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TableSortLabel from '@material-ui/core/TableSortLabel';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  formatPercent,
  modeLabel,
  parityLabel,
} from '../DrContent/drPresentation';
import { DrStateChip } from '../DrContent/DrStateChip';
import { useStaleStyles } from './staleStyles';
import { entityRefLabel } from './format';
import { Time } from '../Time';
import { DrTabLink } from './links';
import { serviceName, SortKey, SortOrder } from './rows';

const useStyles = makeStyles(theme => ({
  nowrap: { whiteSpace: 'nowrap', wordBreak: 'normal' },
  name: { whiteSpace: 'nowrap', wordBreak: 'normal', minWidth: 120 },
  warning: { minWidth: 220, maxWidth: 360 },
  stale: { color: theme.palette.text.secondary },
  traffic: { margin: 0, padding: 0, listStyle: 'none' },
}));

const COLUMNS: Array<{ label: string; sort?: SortKey }> = [
  { label: 'Service', sort: 'service' },
  { label: 'Owner', sort: 'owner' },
  { label: 'State', sort: 'state' },
  { label: 'Parity', sort: 'parity' },
  { label: 'Mode' },
  { label: 'Traffic now' },
  { label: 'Standby capacity', sort: 'standbyCapacity' },
  { label: 'RTO', sort: 'rto' },
  { label: 'Last failover or drill', sort: 'lastFailover' },
  { label: 'Warnings', sort: 'warnings' },
];

const HeaderRow = (props: {
  sort: SortOrder;
  onSort: (key: SortKey) => void;
}) => {
  const classes = useStyles();
  const { sort, onSort } = props;
  return (
    <TableRow>
      {COLUMNS.map(column => {
        const active = column.sort === sort.key;
        return (
          <TableCell
            key={column.label}
            className={classes.nowrap}
            aria-sort={
              active
                ? (`${sort.direction}ending` as 'ascending' | 'descending')
                : undefined
            }
          >
            {column.sort ? (
              <TableSortLabel
                active={active}
                direction={active ? sort.direction : 'asc'}
                onClick={() => onSort(column.sort!)}
              >
                {column.label}
              </TableSortLabel>
            ) : (
              column.label
            )}
          </TableCell>
        );
      })}
    </TableRow>
  );
};

const Traffic = (props: { row: DrOverviewRow; stale: boolean }) => {
  const classes = useStyles();
  const serving = props.row.clusters.filter(c => c.servingPercent > 0);
  if (serving.length === 0) {
    return (
      <Typography variant="body2" color="error">
        No cluster serves it
      </Typography>
    );
  }
  return (
    <ul
      className={`${classes.traffic} ${props.stale ? classes.stale : ''}`}
      data-testid="ack-one-overview-traffic"
      data-stale={props.stale ? 'true' : undefined}
    >
      {serving.map(c => (
        <li key={c.clusterId} className={classes.nowrap}>
          {`${c.name} ${formatPercent(c.servingPercent)}`}
          {!c.reachable && ' (unreachable)'}
        </li>
      ))}
    </ul>
  );
};

const LastFailover = (props: { row: DrOverviewRow }) => {
  const last = props.row.lastFailover;
  if (!last) return <>None</>;
  return (
    <>
      <Typography variant="body2">
        {`${last.drill ? 'Drill' : 'Failover'} ${last.state}`}
      </Typography>
      <Typography variant="caption" color="textSecondary">
        <Time iso={last.at} />
      </Typography>
    </>
  );
};

const Row = (props: { row: DrOverviewRow; stale: boolean }) => {
  const { row, stale } = props;
  const classes = useStyles();
  const standby = row.standbyCapacityPercent;
  return (
    <TableRow
      data-testid="ack-one-overview-row"
      data-entity-ref={row.entityRef}
    >
      <TableCell className={classes.name}>
        <DrTabLink entityRef={row.entityRef} label={serviceName(row)} />
        <Typography variant="caption" color="textSecondary" display="block">
          {[
            entityRefLabel(row.system),
            row.fleet?.name && `Fleet ${row.fleet.name}`,
          ]
            .filter(Boolean)
            .join(' · ')}
        </Typography>
      </TableCell>
      <TableCell className={classes.nowrap}>
        {entityRefLabel(row.owner)}
      </TableCell>
      <TableCell>
        <DrStateChip state={row.state} />
      </TableCell>
      <TableCell className={classes.nowrap}>
        {parityLabel(row.parity)}
      </TableCell>
      <TableCell className={classes.nowrap}>
        {row.mode ? modeLabel(row.mode) : '—'}
      </TableCell>
      <TableCell>
        <Traffic row={row} stale={stale} />
      </TableCell>
      <TableCell className={classes.nowrap}>
        {standby === undefined ? '—' : formatPercent(standby)}
      </TableCell>
      <TableCell className={classes.nowrap}>{row.rto ?? 'Not set'}</TableCell>
      <TableCell>
        <LastFailover row={row} />
      </TableCell>
      <TableCell className={classes.warning}>
        <Typography variant="body2">
          {row.warningCount === 0
            ? 'None'
            : `${row.warningCount} warning${row.warningCount === 1 ? '' : 's'}`}
        </Typography>
        {row.topWarning && (
          <Typography variant="caption" color="textSecondary">
            {row.topWarning}
          </Typography>
        )}
      </TableCell>
    </TableRow>
  );
};

/** The services of the overview, one row each, sortable by column. */
export const OverviewTable = (props: {
  rows: DrOverviewRow[];
  sort: SortOrder;
  onSort: (key: SortKey) => void;
  /** The data could not be refreshed: grey the live indicators. */
  stale: boolean;
}) => {
  const staleClasses = useStaleStyles();
  return (
    <TableContainer
      className={props.stale ? staleClasses.stale : undefined}
      data-stale={props.stale ? 'true' : undefined}
      data-testid="ack-one-overview-table"
    >
      <Table size="small" aria-label="Services with disaster recovery">
        <TableHead>
          <HeaderRow sort={props.sort} onSort={props.onSort} />
        </TableHead>
        <TableBody>
          {props.rows.map(row => (
            <Row key={row.entityRef} row={row} stale={props.stale} />
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
};
