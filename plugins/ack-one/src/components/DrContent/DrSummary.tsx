import { InfoCard, Link } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { DrStatus } from '@internal/plugin-ack-one-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { ReactNode } from 'react';
import {
  CARD_TITLE_PROPS,
  describeError,
  SEVERITY_COLORS,
} from '../presentation';
import { Time } from '../Time';
import {
  ClusterNames,
  formatPercent,
  formatRto,
  formatStaleness,
  modeLabel,
} from './drPresentation';
import { capacityNotes, DrWarnings } from './DrWarnings';
import { DrStateChip } from './DrStateChip';
import { ParityChip } from './ParityChip';

const useStyles = makeStyles(theme => ({
  facts: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1, 4),
    marginBottom: theme.spacing(2),
  },
  alerts: {
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
  },
  // A filled alert in colours that read at 4.5:1 or more.
  unreachable: {
    '&&': {
      backgroundColor: SEVERITY_COLORS.critical.background,
      color: SEVERITY_COLORS.critical.color,
      outline: `3px solid ${SEVERITY_COLORS.error.background}`,
      fontWeight: theme.typography.fontWeightMedium as number,
    },
    '&& .MuiAlert-icon': { color: SEVERITY_COLORS.critical.color },
  },
}));

const Fact = (props: { label: string; children: ReactNode }) => (
  <Box>
    <Typography variant="caption" color="textSecondary" display="block">
      {props.label}
    </Typography>
    <Typography variant="body2" component="div">
      {props.children}
    </Typography>
  </Box>
);

const list = (ids: string[], names: ClusterNames) =>
  ids.map(names).join(', ') || 'no cluster';

/** The banners of an unreachable site and of a failover by the gateway. */
const StateBanners = (props: { status: DrStatus; names: ClusterNames }) => {
  const { status, names } = props;
  const classes = useStyles();
  const unreachable = status.clusters.filter(c => !c.reachable);
  const { failedOver } = status;
  return (
    <>
      {unreachable.map(c => (
        <Alert
          key={c.clusterId}
          severity="error"
          variant="filled"
          role="status"
          className={classes.unreachable}
          data-testid="ack-one-dr-site-unreachable"
        >
          <AlertTitle>{`Site unreachable: ${c.name}`}</AlertTitle>
          {c.lastSyncAt ? (
            <>
              Everything shown for {c.name} is last-known data from{' '}
              <Time iso={c.lastSyncAt} />
              {c.staleSeconds !== undefined &&
                ` (${formatStaleness(c.staleSeconds)})`}
              , marked “last known” below.
            </>
          ) : (
            `${c.name} has not answered since the portal's backend started: nothing is known about it.`
          )}
          {c.message && ` Reason: ${c.message.replace(/\.$/, '')}.`}
        </Alert>
      ))}
      {failedOver && (
        <Alert
          severity="error"
          role="status"
          data-testid="ack-one-dr-failed-over"
        >
          <AlertTitle>
            {`Failed over: serving from ${list(failedOver.to, names)} `}
            {failedOver.since ? (
              <>
                since <Time iso={failedOver.since} />
              </>
            ) : (
              "since before the portal's backend started"
            )}
          </AlertTitle>
          {`${list(failedOver.from, names)} ${
            failedOver.from.length === 1 ? 'has' : 'have'
          } declared traffic but serve${
            failedOver.from.length === 1 ? 's' : ''
          } none now: the gateway moved it to ${list(
            failedOver.to,
            names,
          )} by itself.`}
        </Alert>
      )}
    </>
  );
};

const Subheader = (props: { status: DrStatus }) => {
  const { fleet, argoCdApplications } = props.status;
  if (!fleet) return null;
  // One inline run of text (the card's subheader lays out its children).
  return (
    <span>
      {'Fleet '}
      {fleet.entityRef ? (
        <EntityRefLink
          entityRef={fleet.entityRef}
          title={fleet.name}
          underline="always"
        />
      ) : (
        fleet.name
      )}
      {(argoCdApplications ?? []).map(app => (
        <span key={`${app.namespace}/${app.name}`}>
          {' · Argo CD '}
          {app.url ? (
            <Link to={app.url} underline="always">
              {app.name}
            </Link>
          ) : (
            app.name
          )}
          {[app.syncStatus, app.healthStatus].filter(Boolean).length > 0 &&
            ` (${[app.syncStatus, app.healthStatus]
              .filter(Boolean)
              .join(', ')})`}
        </span>
      ))}
    </span>
  );
};

const SummaryFacts = (props: { status: DrStatus }) => {
  const { status } = props;
  const { policy } = status;
  const classes = useStyles();
  return (
    <Box className={classes.facts}>
      <Fact label="State">
        <DrStateChip state={status.state} testId="ack-one-dr-state" />
      </Fact>
      <Fact label="Parity">
        <ParityChip state={status.parity.state} />
      </Fact>
      {policy && (
        <>
          <Fact label="Mode">{modeLabel(policy.mode)}</Fact>
          <Fact label="Minimum standby capacity">
            {formatPercent(policy.minStandbyCapacity)}
          </Fact>
          <Fact label="RTO">{formatRto(policy)}</Fact>
        </>
      )}
      <Fact label="Status">
        Updated <Time iso={status.generatedAt} testId="ack-one-dr-updated" />
      </Fact>
    </Box>
  );
};

const RefreshFailedAlert = (props: {
  status: DrStatus;
  error: Error;
  failingSince?: Date;
}) => (
  <Alert severity="error" role="status" data-testid="ack-one-dr-refresh-failed">
    Refresh failed
    {props.failingSince && (
      <>
        {' since '}
        <Time iso={props.failingSince.toISOString()} />
      </>
    )}
    {`: ${describeError(props.error)}. Everything below is from `}
    <Time iso={props.status.generatedAt} />
    {' and greyed out until a refresh succeeds.'}
  </Alert>
);

/**
 * The head of the DR tab: the state (an unreachable site and a failover by
 * the gateway first), the policy, when the status was computed, and every
 * warning with what to do about it.
 */
export const DrSummary = (props: {
  status: DrStatus;
  title: string;
  names: ClusterNames;
  /** The error of the last refresh, when it failed (the status shown is older). */
  refreshError?: Error;
  /** When the refreshes started failing. */
  failingSince?: Date;
}) => {
  const { status, title, names, refreshError, failingSince } = props;
  const classes = useStyles();
  const notes = status.problems.filter(p => p.severity !== 'error');
  const warnings = [...status.warnings, ...capacityNotes(status, names)];
  const allClear =
    warnings.length === 0 &&
    !status.failedOver &&
    status.clusters.every(c => c.reachable) &&
    !!status.policy;

  return (
    <InfoCard
      title={title}
      titleTypographyProps={CARD_TITLE_PROPS}
      subheader={<Subheader status={status} />}
    >
      <SummaryFacts status={status} />
      <Box className={classes.alerts}>
        {refreshError && (
          <RefreshFailedAlert
            status={status}
            error={refreshError}
            failingSince={failingSince}
          />
        )}
        <StateBanners status={status} names={names} />
        <DrWarnings warnings={warnings} />
        {notes.map((p, i) => (
          <Alert key={`n${i}`} severity="info" role="status">
            {p.message}
          </Alert>
        ))}
        {allClear && (
          <Alert severity="success" role="status">
            No disaster recovery warnings.
          </Alert>
        )}
      </Box>
    </InfoCard>
  );
};
