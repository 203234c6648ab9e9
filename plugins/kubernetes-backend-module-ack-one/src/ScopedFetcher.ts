import { ANNOTATION_KUBERNETES_AUTH_PROVIDER } from '@backstage/plugin-kubernetes-common';
import type {
  FetchResponseWrapper,
  KubernetesFetcher,
  ObjectFetchParams,
} from '@backstage/plugin-kubernetes-node';
import {
  ACK_ONE_ANNOTATIONS,
  ACK_ONE_NAMESPACE_LABELS,
  type NamespaceScopeRule,
} from '@internal/plugin-ack-one-common';
import { ACK_ONE_AUTH_STRATEGY } from './clusterMetadata';

const NAMESPACES = {
  objectType: 'customresources' as const,
  group: '',
  apiVersion: 'v1',
  plural: 'namespaces',
};

/**
 * Wraps the Kubernetes backend's fetcher so that, on ACK One clusters of an
 * account with the `namespace-label` rule, a service only sees namespaces
 * labelled `backstage.io/kubernetes-id: <its id>`: its annotations cannot
 * point the Kubernetes tab at somebody else's namespace. Other clusters and
 * `annotation` accounts are fetched as before.
 */
export class ScopedFetcher implements KubernetesFetcher {
  readonly #inner: KubernetesFetcher;
  readonly #ruleOf: (account: string) => NamespaceScopeRule;

  constructor(options: {
    inner: KubernetesFetcher;
    ruleOf: (account: string) => NamespaceScopeRule;
  }) {
    this.#inner = options.inner;
    this.#ruleOf = options.ruleOf;
  }

  async fetchObjectsForService(
    params: ObjectFetchParams,
  ): Promise<FetchResponseWrapper> {
    const meta = params.clusterDetails.authMetadata ?? {};
    const account = meta[ACK_ONE_ANNOTATIONS.account];
    if (
      meta[ANNOTATION_KUBERNETES_AUTH_PROVIDER] !== ACK_ONE_AUTH_STRATEGY ||
      !account ||
      this.#ruleOf(account) === 'annotation'
    ) {
      return this.#inner.fetchObjectsForService(params);
    }
    const claimed = await this.#claimedNamespaces(params);
    if ('errors' in claimed) return claimed;
    const wanted = params.namespace
      ? claimed.filter(ns => ns === params.namespace)
      : claimed;
    if (params.namespace && !wanted.length) {
      return {
        responses: [],
        errors: [
          {
            errorType: 'UNAUTHORIZED_ERROR',
            statusCode: 403,
            resourcePath: `/api/v1/namespaces/${params.namespace}`,
          },
        ],
      };
    }
    const parts = await Promise.all(
      wanted.map(namespace =>
        this.#inner.fetchObjectsForService({ ...params, namespace }),
      ),
    );
    return merge(parts);
  }

  fetchPodMetricsByNamespaces(
    ...args: Parameters<KubernetesFetcher['fetchPodMetricsByNamespaces']>
  ) {
    return this.#inner.fetchPodMetricsByNamespaces(...args);
  }

  /** Namespaces labelled with the service's id, or the fetch errors. */
  async #claimedNamespaces(
    params: ObjectFetchParams,
  ): Promise<string[] | FetchResponseWrapper> {
    const res = await this.#inner.fetchObjectsForService({
      ...params,
      namespace: undefined,
      objectTypesToFetch: new Set(),
      customResources: [NAMESPACES],
      labelSelector: `${ACK_ONE_NAMESPACE_LABELS.entity}=${params.serviceId}`,
    });
    if (res.errors.length) return res;
    return res.responses
      .flatMap(r => r.resources as Array<{ metadata?: { name?: string } }>)
      .map(n => n.metadata?.name)
      .filter((n): n is string => !!n)
      .sort();
  }
}

/**
 * One response per object type, with the resources of every namespace.
 * Custom resources all have the type `customresources`: they are told apart
 * by their order, which is the order they were asked for.
 */
function merge(parts: FetchResponseWrapper[]): FetchResponseWrapper {
  const byKey = new Map<string, FetchResponseWrapper['responses'][number]>();
  for (const p of parts) {
    const occurrences = new Map<string, number>();
    for (const r of p.responses) {
      const n = occurrences.get(r.type) ?? 0;
      occurrences.set(r.type, n + 1);
      const key = `${r.type}#${n}`;
      const seen = byKey.get(key);
      if (seen) {
        (seen as { resources: unknown[] }).resources = [
          ...seen.resources,
          ...r.resources,
        ];
      } else byKey.set(key, { ...r, resources: [...r.resources] } as any);
    }
  }
  return {
    errors: parts.flatMap(p => p.errors),
    responses: [...byKey.values()],
  };
}
