import { InfoCard } from '@backstage/core-components';
import { DrCluster, DrClusterCapacity } from '@internal/plugin-ack-one-common';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { CARD_TITLE_PROPS } from '../presentation';
import { StatusText } from '../SeverityChip';
import { ClusterNames, staleMark } from './drPresentation';
import { StaleMark } from './StaleMark';

const useStyles = makeStyles({
  table: { whiteSpace: 'nowrap' },
});

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

const Answer = (props: { yes: boolean; warn?: boolean }) =>
  props.yes ? (
    <StatusText severity="ok">Yes</StatusText>
  ) : (
    <StatusText severity={props.warn ? 'warning' : 'error'}>No</StatusText>
  );

const CapacityRow = (props: {
  row: DrClusterCapacity;
  names: ClusterNames;
  stale?: DrCluster;
}) => {
  const { row: c, names, stale } = props;
  return (
    <TableRow
      data-testid="ack-one-dr-capacity"
      data-cluster={names(c.clusterId)}
      data-now={String(c.canCarryAllNow)}
      data-after-scaling={String(c.canCarryAllAfterScaling)}
      data-stale={stale ? 'true' : undefined}
    >
      <TableCell>
        {names(c.clusterId)}
        {stale && (
          <>
            {' '}
            <StaleMark text={staleMark(stale)} />
          </>
        )}
      </TableCell>
      <TableCell align="right">{c.ready}</TableCell>
      <TableCell align="right">{c.max}</TableCell>
      <TableCell>
        <Answer yes={c.canCarryAllNow} warn={c.canCarryAllAfterScaling} />
      </TableCell>
      <TableCell>
        <Answer yes={c.canCarryAllAfterScaling} />
      </TableCell>
    </TableRow>
  );
};

/** In words, the load each cluster's capacity is compared against. */
function loadText(load: number): string {
  return load > 0
    ? `Could one cluster carry all traffic? The load is ${plural(
        load,
        'ready replica',
      )} in the clusters serving traffic now.`
    : 'No cluster serves traffic now, so there is no load to compare against.';
}

/**
 * Whether each cluster could carry all of the service's traffic alone: now,
 * with its ready replicas, and after scaling up to its maximum. Rows of an
 * unreachable cluster say that their figures are the last known.
 */
export const CapacityTable = (props: {
  capacity: DrClusterCapacity[];
  clusters: DrCluster[];
  names: ClusterNames;
}) => {
  const { capacity, clusters, names } = props;
  const classes = useStyles();
  const unreachable = new Map(
    clusters.filter(c => !c.reachable).map(c => [c.clusterId, c]),
  );
  return (
    <InfoCard
      title="Failover capacity"
      titleTypographyProps={CARD_TITLE_PROPS}
      noPadding
    >
      <Box px={2} pt={2}>
        <Typography variant="body2" color="textSecondary">
          {loadText(capacity[0]?.load ?? 0)}
        </Typography>
      </Box>
      {capacity.length > 0 && (
        <TableContainer>
          <Table
            size="small"
            aria-label="Failover capacity"
            className={classes.table}
          >
            <TableHead>
              <TableRow>
                <TableCell>Cluster</TableCell>
                <TableCell align="right">Ready</TableCell>
                <TableCell align="right">Can reach</TableCell>
                <TableCell>All traffic now</TableCell>
                <TableCell>After scaling</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {capacity.map(c => (
                <CapacityRow
                  key={c.clusterId}
                  row={c}
                  names={names}
                  stale={unreachable.get(c.clusterId)}
                />
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
    </InfoCard>
  );
};
