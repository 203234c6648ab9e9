import { FailoverRequest } from '@internal/plugin-ack-one-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { Time } from '../Time';
import { formatSplit } from './failoverPresentation';
import { StepStateChip } from './FailoverChips';

const StepTime = (props: { iso?: string }) =>
  props.iso ? <Time iso={props.iso} /> : <>–</>;

/** Where an approved or executing request is: each step's state and times. */
export const FailoverProgress = (props: {
  request: FailoverRequest;
  clusterIds: string[];
  names: (clusterId: string) => string;
}) => {
  const { request, clusterIds, names } = props;
  return (
    <Table size="small" aria-label="Progress per step">
      <TableHead>
        <TableRow>
          <TableCell>Step</TableCell>
          <TableCell>Split</TableCell>
          <TableCell>State</TableCell>
          <TableCell>Started</TableCell>
          <TableCell>Finished</TableCell>
          <TableCell>Message</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {request.steps.map((step, i) => {
          const progress = request.progress.find(p => p.index === i);
          return (
            <TableRow
              key={i}
              data-testid="ack-one-failover-progress"
              data-step={String(i + 1)}
            >
              <TableCell>{i + 1}</TableCell>
              <TableCell>
                {formatSplit(step.weights, names, clusterIds)}
              </TableCell>
              <TableCell>
                <StepStateChip state={progress?.state ?? 'pending'} />
              </TableCell>
              <TableCell>
                <StepTime iso={progress?.startedAt} />
              </TableCell>
              <TableCell>
                <StepTime iso={progress?.finishedAt} />
              </TableCell>
              <TableCell>{progress?.message ?? ''}</TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
};
