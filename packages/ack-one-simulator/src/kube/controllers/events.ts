import type { KubeApi } from '../KubeApi';
import { nowRfc3339 } from '../Store';

export interface EventSource {
  /** e.g. `deployment-controller`, `kubelet` */
  component: string;
  /** the node, for kubelet events */
  host?: string;
}

const EVENTS = '/events';

/**
 * Records core/v1 Events about the objects the controllers act on, as
 * client-go's event recorder does: one Event per object, reason and
 * message, counted when it repeats, named `<object>.<hex timestamp>`. The
 * oldest ones go once a cluster holds `maxEvents`.
 */
export class EventRecorder {
  private seq = 0;
  private readonly byKey = new Map<string, string>(); // dedup key -> ns/name
  private readonly order: Array<{ ref: string; key: string }> = []; // oldest first

  constructor(
    private readonly api: KubeApi,
    private readonly opts: { enabled: boolean; maxEvents: number },
  ) {}

  record(
    obj: any,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    source: EventSource,
    fieldPath?: string,
  ): void {
    if (!this.opts.enabled || !obj?.metadata?.uid) return;
    const ns = obj.metadata.namespace ?? 'default';
    const key = JSON.stringify([obj.metadata.uid, fieldPath, reason, message, source.component]);
    const now = nowRfc3339();
    try {
      if (this.bump(key, now)) return;
      const name = `${obj.metadata.name}.${this.suffix()}`;
      this.api.create(
        this.api.typeFor('v1', 'Event'),
        ns,
        {
          apiVersion: 'v1',
          kind: 'Event',
          metadata: { name, namespace: ns },
          involvedObject: {
            kind: obj.kind,
            namespace: obj.metadata.namespace,
            name: obj.metadata.name,
            uid: obj.metadata.uid,
            apiVersion: obj.apiVersion,
            resourceVersion: obj.metadata.resourceVersion,
            ...(fieldPath ? { fieldPath } : {}),
          },
          reason,
          message,
          source: { component: source.component, ...(source.host ? { host: source.host } : {}) },
          firstTimestamp: now,
          lastTimestamp: now,
          count: 1,
          type,
          eventTime: null,
          reportingComponent: source.component,
          reportingInstance: source.host ?? '',
        },
        { internal: true },
      );
      this.byKey.set(key, `${ns}/${name}`);
      this.order.push({ ref: `${ns}/${name}`, key });
      this.trim();
    } catch {
      // the namespace is going away: no event
    }
  }

  /** Counts a repeated event; false when there is none to count. */
  private bump(key: string, now: string): boolean {
    const ref = this.byKey.get(key);
    if (!ref) return false;
    const [ns, name] = ref.split('/');
    const cur = this.api.store.get(EVENTS, ns, name);
    if (!cur) {
      this.byKey.delete(key);
      return false;
    }
    this.api.update(
      this.api.typeFor('v1', 'Event'),
      {
        ...cur,
        count: (cur.count ?? 1) + 1,
        lastTimestamp: now,
        metadata: { ...cur.metadata, resourceVersion: undefined },
      },
      { internal: true },
    );
    return true;
  }

  private suffix(): string {
    const nanos = BigInt(Date.now()) * 1000000n + BigInt(this.seq++ % 1000000);
    return nanos.toString(16);
  }

  private trim() {
    while (this.order.length > this.opts.maxEvents) {
      const { ref, key } = this.order.shift()!;
      if (this.byKey.get(key) === ref) this.byKey.delete(key);
      const [ns, name] = ref.split('/');
      this.api.removeObj('v1', 'Event', ns, name);
    }
  }
}
