import type { IngressLike } from '@internal/plugin-ack-one-common';
import { statusOf } from '../cache/requests';
import {
  canaryBody,
  FAILOVER_MARKER_ANNOTATION,
  IngressBefore,
  IngressTarget,
  managedValues,
  sameValues,
} from './gatewayPlan';
import type { KubeJson } from './kubeClient';

/** Someone else changed an Ingress the failover manages: it stops and rolls back. */
export class UnexpectedChangeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnexpectedChangeError';
  }
}

export interface GatewayWriterOptions {
  /** JSON requests to the Fleet's API server. */
  kube: KubeJson;
  /**
   * Runs after a write lost a race (409), before the Ingress is read again:
   * re-evaluates the safety rules and throws to stop.
   */
  recheck: () => Promise<void>;
  /** Runs between reading an Ingress and replacing it (a seam for tests). */
  beforeReplace?: (namespace: string, name: string) => Promise<void>;
  /** Writes attempted per Ingress before giving up (default 5). */
  maxAttempts?: number;
}

const path = (ns: string, name?: string) =>
  `/apis/networking.k8s.io/v1/namespaces/${encodeURIComponent(ns)}/ingresses${
    name ? `/${encodeURIComponent(name)}` : ''
  }`;

function short(key: string) {
  return key.replace(/^.*\//, '');
}

function describeDiff(
  now: Record<string, string | undefined>,
  expected: Record<string, string | undefined>,
): string {
  return Object.keys({ ...now, ...expected })
    .filter(k => now[k] !== expected[k])
    .map(
      k =>
        `${short(k)} is ${
          now[k] === undefined ? 'absent' : `"${now[k]}"`
        }, expected ${expected[k] === undefined ? 'none' : `"${expected[k]}"`}`,
    )
    .join(', ');
}

/**
 * Writes the failover's annotations on the Fleet's gateway Ingresses with
 * optimistic concurrency: read, compare with what the failover expects to
 * find, replace with the object's resourceVersion. A lost race (409) makes
 * it re-check the safety rules, read again and retry, keeping the other
 * writer's changes; an Ingress whose managed annotations hold something
 * unexpected is never overwritten (UnexpectedChangeError).
 */
export class GatewayWriter {
  readonly #o: GatewayWriterOptions;
  /** Writes that lost a race, since creation (diagnostics, tests). */
  conflicts = 0;

  constructor(options: GatewayWriterOptions) {
    this.#o = options;
  }

  async read(ns: string, name: string): Promise<any | undefined> {
    try {
      return await this.#o.kube('GET', path(ns, name));
    } catch (e) {
      if (statusOf(e) === 404) return undefined;
      throw e;
    }
  }

  /**
   * Makes the Ingress carry `target`. `expected` is what it should carry
   * now (the previous step's target, or the values before the first step);
   * `'absent'` when the failover is to create it. Returns whether it wrote.
   */
  async apply(
    target: IngressTarget,
    expected: Record<string, string | undefined> | 'absent',
  ): Promise<'applied' | 'unchanged'> {
    const { namespace: ns, name } = target;
    const id = `${ns}/${name}`;
    const keys = Object.keys(target.annotations);
    const max = this.#o.maxAttempts ?? 5;
    for (let attempt = 1; attempt <= max; attempt++) {
      const cur = await this.read(ns, name);
      if (!cur) {
        if (!target.createFrom || expected !== 'absent')
          throw new UnexpectedChangeError(
            `Ingress ${id} was deleted by someone else during the failover`,
          );
        if (await this.#create(target)) return 'applied';
        continue;
      }
      const mine = cur.metadata?.annotations?.[FAILOVER_MARKER_ANNOTATION];
      if (
        target.createFrom &&
        mine !== target.annotations[FAILOVER_MARKER_ANNOTATION]
      )
        throw new UnexpectedChangeError(
          `an Ingress named ${id} exists that this failover did not create; rename or remove it`,
        );
      const now = managedValues(cur as IngressLike, keys);
      if (sameValues(now, target.annotations)) return 'unchanged';
      if (expected === 'absent' || !sameValues(now, expected))
        throw new UnexpectedChangeError(
          `Ingress ${id} was changed by someone else during the failover: ${describeDiff(
            now,
            expected === 'absent' ? {} : expected,
          )}`,
        );
      const body = structuredClone(cur);
      body.metadata.annotations = {
        ...body.metadata.annotations,
        ...target.annotations,
      };
      if (await this.#replace(body)) return 'applied';
    }
    throw new Error(
      `Ingress ${id} kept changing under the failover (${max} lost races in a row)`,
    );
  }

  /** Restores an Ingress to what it was before the first step (deletes one the failover created). */
  async restore(before: IngressBefore, requestId: string): Promise<void> {
    const { namespace: ns, name } = before;
    const max = this.#o.maxAttempts ?? 5;
    for (let attempt = 1; attempt <= max; attempt++) {
      const cur = await this.read(ns, name);
      if (!before.existed) {
        if (!cur) return;
        if (
          cur.metadata?.annotations?.[FAILOVER_MARKER_ANNOTATION] !== requestId
        )
          return;
        try {
          await this.#o.kube('DELETE', path(ns, name), {
            apiVersion: 'v1',
            kind: 'DeleteOptions',
            preconditions: { resourceVersion: cur.metadata.resourceVersion },
          });
          return;
        } catch (e) {
          if (statusOf(e) === 404) return;
          if (statusOf(e) !== 409) throw e;
          this.conflicts++;
          continue;
        }
      }
      if (!cur)
        throw new Error(
          `Ingress ${ns}/${name} was deleted by someone else; it cannot be restored`,
        );
      const want: Record<string, string | undefined> = {};
      for (const k of before.keys) want[k] = before.annotations[k];
      if (sameValues(managedValues(cur, before.keys), want)) return;
      const body = structuredClone(cur);
      const a = { ...(body.metadata.annotations ?? {}) };
      for (const k of before.keys)
        if (before.annotations[k] === undefined) delete a[k];
        else a[k] = before.annotations[k];
      body.metadata.annotations = a;
      try {
        await this.#o.kube('PUT', path(ns, name), body);
        return;
      } catch (e) {
        if (statusOf(e) !== 409) throw e;
        this.conflicts++;
      }
    }
    throw new Error(
      `Ingress ${ns}/${name} kept changing while it was restored (${max} lost races in a row)`,
    );
  }

  /** Replaces with the read resourceVersion; false when the race was lost. */
  async #replace(body: any): Promise<boolean> {
    const { namespace: ns, name } = body.metadata;
    await this.#o.beforeReplace?.(ns, name);
    try {
      await this.#o.kube('PUT', path(ns, name), body);
      return true;
    } catch (e) {
      if (statusOf(e) !== 409) throw e;
      this.conflicts++;
      await this.#o.recheck();
      return false;
    }
  }

  async #create(target: IngressTarget): Promise<boolean> {
    const base = await this.read(target.namespace, target.createFrom!.base);
    if (!base)
      throw new UnexpectedChangeError(
        `Ingress ${target.namespace}/${
          target.createFrom!.base
        } was deleted by someone else during the failover`,
      );
    try {
      await this.#o.kube(
        'POST',
        path(target.namespace),
        canaryBody(base, target),
      );
      return true;
    } catch (e) {
      if (statusOf(e) !== 409) throw e;
      this.conflicts++;
      return false;
    }
  }
}
