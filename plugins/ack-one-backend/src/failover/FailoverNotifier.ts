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
} from '@internal/plugin-ack-one-common';
import type { Request } from 'express';
import { FailoverNotice, noticeText } from './noticeText';

/** Topic of every failover notification. */
export const FAILOVER_NOTIFICATION_TOPIC = 'ack-one-failover';

export type { FailoverNotice } from './noticeText';

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
    const { title, description, severity } = noticeText(req, notice, options);
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
}
