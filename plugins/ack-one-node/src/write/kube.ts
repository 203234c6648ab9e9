import type { KubeConfig, KubernetesObjectApi } from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';
import { AckOneApiError, toAckOneApiError } from '../errors';
import {
  connectionSecrets,
  kubeConfigOptions,
  parseKubeconfig,
} from '../kubeconfig';
import { kubeSignalOptions, withKubeDeadline } from '../kubeDeadline';
import { loadKubernetesClient } from '../loadKubernetesClient';
import { DEFAULT_RETRY, withRetry } from '../retry';
import type { AckOneSdkService } from '../sdkAccess';

/**
 * Where Kubernetes objects go: a Fleet (its kubeconfig comes from ACK One,
 * requests go through the account's retries, deadline and rate limit), or
 * a cluster outside Alibaba Cloud reached with a kubeconfig the caller
 * holds (an IDC cluster). The kubeconfig is secret.
 *
 * @public
 */
export type AckOneKubeTarget =
  | { kind: 'fleet'; account: string; region: string; fleetId: string }
  | { kind: 'kubeconfig'; name: string; kubeconfig: string };

/**
 * A Kubernetes object as written: apiVersion, kind and metadata.name at least.
 *
 * @public
 */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: any;
  };
  [key: string]: any;
}

/** @public */
export interface KubeApplyOptions {
  /** The server-side apply field manager. */
  fieldManager: string;
  /** Take over fields other managers own (default false: a conflict fails). */
  force?: boolean;
  /** Server-side dry run: validated by the API server, nothing stored. */
  dryRun?: boolean;
}

/**
 * Server-side apply and reads of Kubernetes objects in Fleets and IDC clusters.
 *
 * @public
 */
export interface AckOneKubeWrites {
  /** Server-side applies the objects one after another; returns what was applied. */
  applyObjects(
    target: AckOneKubeTarget,
    objects: KubeObject[],
    options: KubeApplyOptions,
  ): Promise<Array<{ kind: string; name: string; namespace?: string }>>;
  /** One object, or undefined when it (or its kind) does not exist. */
  getObject(
    target: AckOneKubeTarget,
    ref: { apiVersion: string; kind: string; name: string; namespace?: string },
  ): Promise<KubeObject | undefined>;
  /** Objects of a kind (empty when the kind is not served). */
  listObjects(
    target: AckOneKubeTarget,
    query: {
      apiVersion: string;
      kind: string;
      namespace?: string;
      labelSelector?: string;
    },
  ): Promise<KubeObject[]>;
  /** The API server host of a target, checking its kubeconfig is usable (not secret). */
  describeTarget(target: AckOneKubeTarget): Promise<{ server: string }>;
}

/**
 * Splits a multi-document YAML manifest into objects (empty documents dropped).
 *
 * @public
 */
export function parseManifest(yaml: string): KubeObject[] {
  return parseAllDocuments(yaml)
    .map(d => {
      if (d.errors.length) {
        throw new Error(
          'the manifest is not valid YAML (its content is not shown: it may hold credentials)',
        );
      }
      return d.toJSON();
    })
    .filter(o => o && typeof o === 'object' && o.kind && o.apiVersion)
    .map(o => ({ ...o, metadata: { ...(o.metadata ?? {}) } }));
}

interface Connected {
  kc: KubeConfig;
  secrets: string[];
  context: { call: string; account: string; region?: string };
}

function label(o: {
  kind: string;
  metadata?: { name?: string; namespace?: string };
}) {
  const ns = o.metadata?.namespace ? `${o.metadata.namespace}/` : '';
  return `${o.kind} ${ns}${o.metadata?.name ?? ''}`;
}

/** A Kubernetes object API whose requests end when `signal` aborts. */
async function objectApi(
  kc: KubeConfig,
  signal: AbortSignal,
): Promise<KubernetesObjectApi> {
  const k8s = await loadKubernetesClient();
  const config = k8s.createConfiguration({
    baseServer: new k8s.ServerConfiguration(kc.getCurrentCluster()!.server, {}),
    authMethods: { default: kc },
    middleware: kubeSignalOptions(k8s, signal).middleware as any,
  });
  return new k8s.KubernetesObjectApi(config);
}

/** A cluster reached with a kubeconfig the caller holds. */
async function connectKubeconfig(
  target: Extract<AckOneKubeTarget, { kind: 'kubeconfig' }>,
): Promise<Connected> {
  const k8s = await loadKubernetesClient();
  const connection = parseKubeconfig(target.kubeconfig);
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions(kubeConfigOptions(connection, `cluster ${target.name}`));
  return {
    kc,
    secrets: connectionSecrets(connection),
    context: { call: 'k8s', account: target.name },
  };
}

// 404, or a kind the API server does not serve (its CRD is missing)
function notFound(e: unknown): boolean {
  return (
    e instanceof AckOneApiError &&
    (e.status === 404 || /Unrecognized API version and kind/.test(e.message))
  );
}

/** Server-side apply and reads of Kubernetes objects through an AckOneService. */
export class KubeWrites implements AckOneKubeWrites {
  constructor(private readonly ackOne: AckOneSdkService) {}

  async #connect(target: AckOneKubeTarget): Promise<Connected> {
    if (target.kind !== 'fleet') return connectKubeconfig(target);
    const kubeconfig = await this.ackOne.getFleetKubeconfig(
      target.account,
      target.region,
      target.fleetId,
    );
    return {
      kc: await this.ackOne.toKubeConfig(kubeconfig),
      secrets: connectionSecrets(kubeconfig.connection),
      context: { call: 'k8s', account: target.account, region: target.region },
    };
  }

  /** One request with retries and a deadline per attempt; errors are redacted. */
  async #request<T>(
    target: AckOneKubeTarget,
    name: string,
    fn: (api: KubernetesObjectApi) => Promise<T>,
  ): Promise<T> {
    const c = await this.#connect(target);
    const ctx = { ...c.context, call: `k8s:${name}` };
    const attempt = (timeoutMs: number) =>
      withKubeDeadline(
        async (_options, signal) => fn(await objectApi(c.kc, signal)),
        timeoutMs,
      ).catch(e => {
        throw toAckOneApiError(e, ctx, c.secrets);
      });
    if (target.kind !== 'fleet') {
      return withRetry(
        remaining => attempt(Math.min(remaining, 20_000)),
        e => toAckOneApiError(e, ctx, c.secrets),
        DEFAULT_RETRY,
      );
    }
    try {
      return await this.ackOne.call(
        target.account,
        target.region,
        ctx.call,
        (_clients, runtime) => attempt(runtime.readTimeout ?? 20_000),
      );
    } catch (e) {
      // a rejected token: the next request fetches a fresh kubeconfig
      if (e instanceof AckOneApiError && e.status === 401) {
        this.ackOne.invalidateKubeconfig({
          kind: 'fleet',
          account: target.account,
          region: target.region,
          clusterId: target.fleetId,
        });
      }
      throw e;
    }
  }

  async applyObjects(
    target: AckOneKubeTarget,
    objects: KubeObject[],
    options: KubeApplyOptions,
  ): Promise<Array<{ kind: string; name: string; namespace?: string }>> {
    const applied = [];
    for (const o of objects) {
      await this.#request(target, `apply ${label(o)}`, api =>
        api.patch(
          o,
          undefined,
          options.dryRun ? 'All' : undefined,
          options.fieldManager,
          options.force ?? false,
          'application/apply-patch+yaml',
        ),
      );
      applied.push({
        kind: o.kind,
        name: o.metadata?.name ?? '',
        namespace: o.metadata?.namespace,
      });
    }
    return applied;
  }

  async getObject(
    target: AckOneKubeTarget,
    ref: { apiVersion: string; kind: string; name: string; namespace?: string },
  ): Promise<KubeObject | undefined> {
    try {
      return (await this.#request(target, `get ${label(ref)}`, api =>
        api.read({
          apiVersion: ref.apiVersion,
          kind: ref.kind,
          metadata: { name: ref.name, namespace: ref.namespace },
        }),
      )) as KubeObject;
    } catch (e) {
      if (notFound(e)) return undefined;
      throw e;
    }
  }

  async listObjects(
    target: AckOneKubeTarget,
    q: {
      apiVersion: string;
      kind: string;
      namespace?: string;
      labelSelector?: string;
    },
  ): Promise<KubeObject[]> {
    try {
      const list = await this.#request(target, `list ${q.kind}`, api =>
        api.list(
          q.apiVersion,
          q.kind,
          q.namespace,
          undefined,
          undefined,
          undefined,
          undefined,
          q.labelSelector,
        ),
      );
      return (list.items ?? []) as KubeObject[];
    } catch (e) {
      if (notFound(e)) return [];
      throw e;
    }
  }

  async describeTarget(target: AckOneKubeTarget): Promise<{ server: string }> {
    const c = await this.#connect(target);
    return { server: new URL(c.kc.getCurrentCluster()!.server).host };
  }
}
