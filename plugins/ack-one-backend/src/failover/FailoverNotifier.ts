import type {
  AuditorService,
  AuditorServiceEventSeverityLevel,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  DEFAULT_NAMESPACE,
  Entity,
  parseEntityRef,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { SignalsService } from '@backstage/plugin-signals-node';
import {
  FAILOVER_SIGNAL_CHANNEL,
  type FailoverRequest,
  type FailoverSignal,
  type TrafficSplit,
} from '@internal/plugin-ack-one-common';
import type { Request } from 'express';

/** Topic of every failover notification. */
export const FAILOVER_NOTIFICATION_TOPIC = 'ack-one-failover';

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

/** The owners of an entity (ownedBy relations, else spec.owner). */
export function ownersOf(entity: Entity): string[] {
  const related = (entity.relations ?? [])
    .filter(r => r.type === RELATION_OWNED_BY)
    .map(r => r.targetRef);
  if (related.length) return related;
  const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  if (typeof owner !== 'string' || !owner) return [];
  try {
    return [
      stringifyEntityRef(
        parseEntityRef(owner, {
          defaultKind: 'group',
          defaultNamespace: entity.metadata.namespace ?? DEFAULT_NAMESPACE,
        }),
      ),
    ];
  } catch {
    return [];
  }
}

/** `/catalog/<namespace>/<kind>/<name>/disaster-recovery` for an entity ref. */
export function drTabLink(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `/catalog/${encodeURIComponent(namespace)}/${encodeURIComponent(
    kind.toLocaleLowerCase('en-US'),
  )}/${encodeURIComponent(name)}/disaster-recovery`;
}

function splitText(split: TrafficSplit, names: Record<string, string>) {
  return Object.entries(split)
    .map(([c, v]) => `${names[c] ?? c} ${v}%`)
    .join(' / ');
}

function who(ref: string | undefined) {
  return ref ? ref.replace(/^user:(default\/)?/, '') : 'someone';
}

/**
 * The notices of the failover workflow: an audit event for every
 * transition, notifications to the service's owners on request, decision,
 * completion and rollback, and a signal for every transition and step. A
 * notification or signal that cannot be sent is logged; it never fails the
 * change it is about.
 */
export class FailoverNotifier {
  constructor(
    private readonly deps: {
      auditor: AuditorService;
      notifications?: NotificationService;
      signals?: SignalsService;
      logger: LoggerService;
    },
  ) {}

  /**
   * Records `failover-<transition>` around `fn`: success with its result's
   * meta, or failure with its error (which is rethrown).
   */
  async audit<T>(
    options: {
      transition: string;
      severity: AuditorServiceEventSeverityLevel;
      request?: Request<any, any, any, any, any>;
      meta: Record<string, string | number | boolean | undefined>;
    },
    fn: () => Promise<T>,
  ): Promise<T> {
    const meta = Object.fromEntries(
      Object.entries(options.meta).filter(([, v]) => v !== undefined),
    ) as Record<string, string | number | boolean>;
    const event = await this.deps.auditor.createEvent({
      eventId: `failover-${options.transition}`,
      severityLevel: options.severity,
      request: options.request,
      meta,
    });
    try {
      const result = await fn();
      await event.success({ meta });
      return result;
    } catch (error) {
      await event.fail({ error: error as Error, meta });
      throw error;
    }
  }

  /** Publishes `{ id, entityRef, state }` on `ack-one:failover` to the owners and the requester. */
  signal(req: FailoverRequest, owners: string[]): void {
    const signals = this.deps.signals;
    if (!signals) return;
    const message: FailoverSignal = {
      id: req.id,
      entityRef: req.entityRef,
      state: req.state,
    };
    const recipients = [...new Set([...owners, req.requestedBy])];
    signals
      .publish({
        recipients: { type: 'user', entityRef: recipients },
        channel: FAILOVER_SIGNAL_CHANNEL,
        message: { ...message },
      })
      .catch(e =>
        this.deps.logger.warn(
          `could not publish the failover signal of ${req.id}: ${e}`,
        ),
      );
  }

  /** Notifies the entity's owners (the notifications backend resolves them). */
  notify(
    req: FailoverRequest,
    notice: FailoverNotice,
    options: { names?: Record<string, string>; why?: string } = {},
  ): void {
    const notifications = this.deps.notifications;
    if (!notifications) return;
    const { title, description, severity } = this.#text(req, notice, options);
    notifications
      .send({
        recipients: { type: 'entity', entityRef: req.entityRef },
        payload: {
          title,
          description,
          link: drTabLink(req.entityRef),
          severity,
          topic: FAILOVER_NOTIFICATION_TOPIC,
        },
      })
      .catch(e =>
        this.deps.logger.warn(
          `could not send the failover notification (${notice}) of ${req.id}: ${e}`,
        ),
      );
  }

  #text(
    req: FailoverRequest,
    notice: FailoverNotice,
    options: { names?: Record<string, string>; why?: string },
  ): {
    title: string;
    description: string;
    severity: 'critical' | 'high' | 'normal' | 'low';
  } {
    const service = parseEntityRef(req.entityRef).name;
    const target = splitText(
      req.steps[req.steps.length - 1]?.weights ?? {},
      options.names ?? {},
    );
    const why = options.why ? ` ${options.why}` : '';
    const critical = req.emergency;
    switch (notice) {
      case 'requested':
        return critical
          ? {
              title: `Emergency failover of ${service} by ${who(
                req.requestedBy,
              )}`,
              description: `${who(req.requestedBy)} moves the traffic of ${
                req.entityRef
              } to ${target} without a second approval (emergency override): ${
                req.reason
              }`,
              severity: 'critical',
            }
          : {
              title: `Failover of ${service} requested by ${who(
                req.requestedBy,
              )}`,
              description: `${who(
                req.requestedBy,
              )} asks to move the traffic of ${req.entityRef} to ${target} (${
                req.steps.length
              } step${req.steps.length === 1 ? '' : 's'}): ${
                req.reason
              }. Another owner must approve it.`,
              severity: 'normal',
            };
      case 'approved':
      case 'rejected':
      case 'cancelled':
        return {
          title: `Failover of ${service} ${notice} by ${who(req.decidedBy)}`,
          description: `The request to move the traffic of ${req.entityRef} to ${target} was ${notice}.${why}`,
          severity: critical ? 'critical' : 'normal',
        };
      case 'expired':
        return {
          title: `Failover request of ${service} expired`,
          description: `The request to move the traffic of ${req.entityRef} to ${target} expired.${why}`,
          severity: 'low',
        };
      case 'completed':
        return {
          title: `Failover of ${service} completed`,
          description: `The traffic of ${req.entityRef} is now ${target}${
            req.durationSeconds !== undefined
              ? `, ${req.durationSeconds.toFixed(1)} s after approval`
              : ''
          }${req.rtoSeconds ? ` (RTO ${req.rtoSeconds} s)` : ''}.`,
          severity: critical ? 'critical' : 'normal',
        };
      case 'rolled-back':
        return {
          title: `Failover of ${service} rolled back`,
          description: `The move of ${req.entityRef} to ${target} was stopped and the previous split restored.${why}`,
          severity: 'high',
        };
      default:
        return {
          title: `Failover of ${service} failed`,
          description: `The move of ${req.entityRef} to ${target} was stopped and the previous state could not be restored; check the gateway.${why}`,
          severity: 'critical',
        };
    }
  }
}
