import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { FailoverPredictedLoad } from '@internal/plugin-ack-one-common';
import { StateSeverity } from '../presentation';
import { SeverityChip } from '../SeverityChip';

function verdict(load: FailoverPredictedLoad): {
  label: string;
  severity: StateSeverity;
} {
  if (load.requiredReplicas <= load.readyReplicas)
    return { label: 'Ready now', severity: 'ok' };
  if (load.requiredReplicas <= load.maxReplicas)
    return { label: 'Needs scaling', severity: 'warning' };
  return { label: 'Over capacity', severity: 'error' };
}

/**
 * The load each cluster would carry after the shift: its share, the ready
 * replicas that share needs, and what it has and can reach.
 */
export const PredictedLoad = (props: {
  predicted: FailoverPredictedLoad[];
}) => (
  <Table size="small" aria-label="Predicted load after the shift">
    <TableHead>
      <TableRow>
        <TableCell>Cluster</TableCell>
        <TableCell align="right">Weight</TableCell>
        <TableCell align="right">Required replicas</TableCell>
        <TableCell align="right">Ready replicas</TableCell>
        <TableCell align="right">Max replicas</TableCell>
        <TableCell>Verdict</TableCell>
      </TableRow>
    </TableHead>
    <TableBody>
      {props.predicted.map(load => {
        const { label, severity } = verdict(load);
        return (
          <TableRow
            key={load.clusterId}
            data-testid="ack-one-failover-predicted"
            data-cluster={load.name}
          >
            <TableCell>{load.name}</TableCell>
            <TableCell align="right">{`${load.weight}%`}</TableCell>
            <TableCell align="right">{load.requiredReplicas}</TableCell>
            <TableCell align="right">{load.readyReplicas}</TableCell>
            <TableCell align="right">{load.maxReplicas}</TableCell>
            <TableCell>
              <SeverityChip label={label} severity={severity} />
            </TableCell>
          </TableRow>
        );
      })}
    </TableBody>
  </Table>
);
