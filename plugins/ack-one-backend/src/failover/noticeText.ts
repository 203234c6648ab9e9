import { parseEntityRef } from '@backstage/catalog-model';
import type {
  FailoverRequest,
  TrafficSplit,
} from '@internal/plugin-ack-one-common';

/** What a notification is about. */
export type FailoverNotice =
  | 'requested'
  | 'approved'
  | 'rejected'
  | 'cancelled'
  | 'expired'
  | 'completed'
  | 'rolled-back'
  | 'failed';

/** The words and severity of a failover notification. */
export interface NoticeText {
  title: string;
  description: string;
  severity: 'critical' | 'high' | 'normal' | 'low';
}

/** What every text is written from. */
interface TextFacts {
  req: FailoverRequest;
  /** The entity name of the service. */
  service: string;
  /** The split of the last step, with cluster names. */
  target: string;
  /** ` <why>`, or empty. */
  why: string;
}

function splitText(split: TrafficSplit, names: Record<string, string>) {
  return Object.entries(split)
    .map(([c, v]) => `${names[c] ?? c} ${v}%`)
    .join(' / ');
}

function who(ref: string | undefined) {
  return ref ? ref.replace(/^user:(default\/)?/, '') : 'someone';
}

function requestedText({ req, service, target }: TextFacts): NoticeText {
  const by = who(req.requestedBy);
  if (req.emergency) {
    return {
      title: `Emergency failover of ${service} by ${by}`,
      description: `${by} moves the traffic of ${req.entityRef} to ${target} without a second approval (emergency override): ${req.reason}`,
      severity: 'critical',
    };
  }
  const steps = `${req.steps.length} step${req.steps.length === 1 ? '' : 's'}`;
  return {
    title: `Failover of ${service} requested by ${by}`,
    description: `${by} asks to move the traffic of ${req.entityRef} to ${target} (${steps}): ${req.reason}. Another owner must approve it.`,
    severity: 'normal',
  };
}

function decidedText(
  { req, service, target, why }: TextFacts,
  decision: 'approved' | 'rejected' | 'cancelled',
): NoticeText {
  return {
    title: `Failover of ${service} ${decision} by ${who(req.decidedBy)}`,
    description: `The request to move the traffic of ${req.entityRef} to ${target} was ${decision}.${why}`,
    severity: req.emergency ? 'critical' : 'normal',
  };
}

function completedText({ req, service, target }: TextFacts): NoticeText {
  const after =
    req.durationSeconds !== undefined
      ? `, ${req.durationSeconds.toFixed(1)} s after approval`
      : '';
  const rto = req.rtoSeconds ? ` (RTO ${req.rtoSeconds} s)` : '';
  return {
    title: `Failover of ${service} completed`,
    description: `The traffic of ${req.entityRef} is now ${target}${after}${rto}.`,
    severity: req.emergency ? 'critical' : 'normal',
  };
}

const TEXTS: Record<FailoverNotice, (facts: TextFacts) => NoticeText> = {
  requested: requestedText,
  approved: facts => decidedText(facts, 'approved'),
  rejected: facts => decidedText(facts, 'rejected'),
  cancelled: facts => decidedText(facts, 'cancelled'),
  expired: ({ req, service, target, why }) => ({
    title: `Failover request of ${service} expired`,
    description: `The request to move the traffic of ${req.entityRef} to ${target} expired.${why}`,
    severity: 'low',
  }),
  completed: completedText,
  'rolled-back': ({ req, service, target, why }) => ({
    title: `Failover of ${service} rolled back`,
    description: `The move of ${req.entityRef} to ${target} was stopped and the previous split restored.${why}`,
    severity: 'high',
  }),
  failed: ({ req, service, target, why }) => ({
    title: `Failover of ${service} failed`,
    description: `The move of ${req.entityRef} to ${target} was stopped and the previous state could not be restored; check the gateway.${why}`,
    severity: 'critical',
  }),
};

/** The notification of `notice` about a request; `names` name its clusters. */
export function noticeText(
  req: FailoverRequest,
  notice: FailoverNotice,
  options: { names?: Record<string, string>; why?: string },
): NoticeText {
  const text = TEXTS[notice] ?? TEXTS.failed;
  return text({
    req,
    service: parseEntityRef(req.entityRef).name,
    target: splitText(
      req.steps[req.steps.length - 1]?.weights ?? {},
      options.names ?? {},
    ),
    why: options.why ? ` ${options.why}` : '',
  });
}
