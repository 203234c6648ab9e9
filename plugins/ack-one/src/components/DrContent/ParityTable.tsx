import { InfoCard, Link } from '@backstage/core-components';
import {
  DrCluster,
  DrWorkload,
  DrWorkloadInCluster,
  ParityResult,
} from '@internal/plugin-ack-one-common';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { Fragment } from 'react';
import { CARD_TITLE_PROPS } from '../presentation';
import { ClusterNames, staleMark } from './drPresentation';
import { StaleMark } from './StaleMark';
import { StatusText } from '../SeverityChip';
import { ParityChip } from './ParityChip';

const useStyles = makeStyles(theme => ({
  findings: {
    margin: theme.spacing(0.5, 0, 0),
    paddingLeft: theme.spacing(2),
  },
  // Image references break only after a separator (`/`, `:`, `.`, `@`).
  image: {
    fontFamily: 'monospace',
  },
  nowrap: {
    whiteSpace: 'nowrap',
  },
  images: {
    minWidth: 200,
  },
  parity: {
    minWidth: 220,
  },
  notReady: {
    fontWeight: theme.typography.fontWeightBold as number,
  },
}));

const ReplicaCell = (props: { w?: DrWorkloadInCluster; stale?: DrCluster }) => {
  const { w, stale } = props;
  const classes = useStyles();
  if (!w) {
    return (
      <>
        <StatusText severity="error" plain display="block">
          Not running
        </StatusText>
        {stale && <StaleMark text={staleMark(stale)} />}
      </>
    );
  }
  const notReady = w.ready < w.desired;
  const details = `${w.ready} ready, ${w.available} available, ${
    w.updated
  } updated of ${w.desired} desired${notReady ? ' (not all ready)' : ''}${
    stale ? ` (${staleMark(stale)})` : ''
  }`;
  return (
    <>
      <Typography
        variant="body2"
        title={details}
        aria-label={details}
        className={notReady ? classes.notReady : undefined}
        data-testid="ack-one-dr-replicas"
        data-stale={stale ? 'true' : undefined}
      >
        {`${w.ready}/${w.desired}`}
      </Typography>
      {notReady && (
        <Typography
          variant="caption"
          display="block"
          className={classes.notReady}
        >
          not all ready
        </Typography>
      )}
      {stale && <StaleMark text={staleMark(stale)} />}
      <Typography variant="caption" color="textSecondary" display="block">
        <span className={classes.nowrap}>{`${w.available} available`}</span>{' '}
        <span className={classes.nowrap}>{`· ${w.updated} updated`}</span>
      </Typography>
      {w.hpa && (
        <Typography
          variant="caption"
          color="textSecondary"
          display="block"
          title={`HorizontalPodAutoscaler ${w.hpa.name}`}
        >
          {`HPA ${w.hpa.minReplicas}–${w.hpa.maxReplicas}`}
        </Typography>
      )}
    </>
  );
};

/** Text with line-break opportunities after `/`, `:`, `.` and `@` only. */
const Breakable = (props: { text: string }) => (
  <>
    {props.text.split(/(?<=[/:.@])/).map((part, i) => (
      <Fragment key={i}>
        {i > 0 && <wbr />}
        {part}
      </Fragment>
    ))}
  </>
);

const Images = (props: { workload: DrWorkload; names: ClusterNames }) => {
  const { workload, names } = props;
  const classes = useStyles();
  const keys = new Set(workload.clusters.map(c => c.images.join(' ')));
  if (keys.size <= 1) {
    const images = workload.clusters[0]?.images ?? [];
    return (
      <>
        {images.map(image => (
          <Typography
            key={image}
            variant="caption"
            display="block"
            className={classes.image}
          >
            <Breakable text={image} />
          </Typography>
        ))}
      </>
    );
  }
  return (
    <>
      {workload.clusters.map(c => (
        <Typography
          key={c.clusterId}
          variant="caption"
          display="block"
          className={classes.image}
        >
          {`${names(c.clusterId)}: `}
          <Breakable text={c.images.join(', ') || '(no image)'} />
        </Typography>
      ))}
    </>
  );
};

const Findings = (props: { parity: ParityResult }) => {
  const classes = useStyles();
  const { findings } = props.parity;
  return (
    <>
      <ParityChip state={props.parity.state} />
      {findings.length > 0 && (
        <ul className={classes.findings}>
          {findings.map((f, i) => (
            <li key={i}>
              <Typography variant="caption">{f.message}</Typography>
            </li>
          ))}
        </ul>
      )}
    </>
  );
};

const WorkloadRow = (props: {
  workload: DrWorkload;
  clusters: DrCluster[];
  names: ClusterNames;
  kubernetesPath?: string;
}) => {
  const { workload: w, clusters, names, kubernetesPath } = props;
  const classes = useStyles();
  const byCluster = new Map(w.clusters.map(c => [c.clusterId, c]));
  const label = `${w.namespace}/${w.name}`;
  return (
    <TableRow data-testid="ack-one-dr-workload" data-workload={label}>
      <TableCell className={classes.nowrap}>{w.kind}</TableCell>
      <TableCell className={classes.nowrap}>
        {kubernetesPath ? (
          <Link
            to={kubernetesPath}
            title={`${w.kind} ${label} on the Kubernetes tab`}
          >
            {label}
          </Link>
        ) : (
          <Typography variant="body2">{label}</Typography>
        )}
      </TableCell>
      {clusters.map(c => (
        <TableCell key={c.clusterId}>
          <ReplicaCell
            w={byCluster.get(c.clusterId)}
            stale={c.reachable ? undefined : c}
          />
        </TableCell>
      ))}
      <TableCell>
        <Images workload={w} names={names} />
      </TableCell>
      <TableCell>
        <Findings parity={w.parity} />
      </TableCell>
    </TableRow>
  );
};

const ParityHead = (props: { clusters: DrCluster[] }) => {
  const classes = useStyles();
  return (
    <TableHead>
      <TableRow>
        <TableCell>Kind</TableCell>
        <TableCell>Workload</TableCell>
        {props.clusters.map(c => (
          <TableCell key={c.clusterId} className={classes.nowrap}>
            {c.name}
            {!c.reachable && (
              <StatusText severity="critical" plain display="block">
                unreachable
              </StatusText>
            )}
          </TableCell>
        ))}
        <TableCell className={classes.images}>Images</TableCell>
        <TableCell className={classes.parity}>Parity</TableCell>
      </TableRow>
    </TableHead>
  );
};

/**
 * One row per workload (kind, namespace and name), with its ready/desired
 * replicas in each cluster, its images and its parity.
 */
export const ParityTable = (props: {
  workloads: DrWorkload[];
  clusters: DrCluster[];
  names: ClusterNames;
  /** The service's overall parity, shown when no workload matches. */
  parity: ParityResult;
  /** The service's Kubernetes tab, where its workloads are shown. */
  kubernetesPath?: string;
}) => {
  const { workloads, clusters, names, parity, kubernetesPath } = props;
  return (
    <InfoCard
      title="Workload parity"
      titleTypographyProps={CARD_TITLE_PROPS}
      noPadding
    >
      {workloads.length === 0 ? (
        <Box p={2}>
          <Typography variant="body2" gutterBottom>
            No workload of this service was found in the fleet&apos;s clusters.
          </Typography>
          <Findings parity={parity} />
        </Box>
      ) : (
        <TableContainer>
          <Table size="small" aria-label="Workload parity">
            <ParityHead clusters={clusters} />
            <TableBody>
              {workloads.map(w => (
                <WorkloadRow
                  key={`${w.kind}/${w.namespace}/${w.name}`}
                  workload={w}
                  clusters={clusters}
                  names={names}
                  kubernetesPath={kubernetesPath}
                />
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
    </InfoCard>
  );
};
