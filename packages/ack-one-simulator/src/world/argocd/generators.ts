import type { KubeServer } from '../../kube/KubeServer';
import { selectorObjectMatcher } from '../../kube/selectors';
import { nowRfc3339 } from '../../kube/Store';
import { MANIFESTS_ANNOTATION, substitute } from '../render';
import { ARGOCD_SECRET_TYPE_LABEL } from '../constants';

/** The Argo CD cluster secrets in the Fleet's `argocd` namespace. */
export function clusterSecrets(fleet: KubeServer) {
  return fleet.api
    .listObjs('v1', 'Secret', 'argocd')
    .filter(s => s.metadata.labels?.[ARGOCD_SECRET_TYPE_LABEL] === 'cluster');
}

/** The cluster generator's parameters for one cluster secret. */
export function clusterParams(secret: any) {
  const dec = (k: string) =>
    secret.data?.[k]
      ? Buffer.from(secret.data[k], 'base64').toString()
      : undefined;
  const name = dec('name') ?? secret.metadata.name;
  const server = dec('server') ?? '';
  return {
    name,
    nameNormalized: name.toLowerCase().replace(/[^a-z0-9-.]/g, '-'),
    server,
    metadata: {
      labels: secret.metadata.labels ?? {},
      annotations: secret.metadata.annotations ?? {},
    },
    // fasttemplate flat keys
    ...Object.fromEntries(
      Object.entries(secret.metadata.labels ?? {}).map(([k, v]) => [
        `metadata.labels.${k}`,
        v,
      ]),
    ),
    ...Object.fromEntries(
      Object.entries(secret.metadata.annotations ?? {}).map(([k, v]) => [
        `metadata.annotations.${k}`,
        v,
      ]),
    ),
  } as Record<string, any>;
}

/** The parameter sets of an ApplicationSet's cluster and list generators. */
export function generate(
  fleet: KubeServer,
  appset: any,
): Array<Record<string, any>> {
  const out: Array<Record<string, any>> = [];
  for (const g of appset.spec?.generators ?? []) {
    if (g.clusters) {
      const m = selectorObjectMatcher(g.clusters.selector);
      for (const s of clusterSecrets(fleet)) {
        if (!m(s.metadata.labels)) continue;
        const p = clusterParams(s);
        const values = substitute(
          g.clusters.values ?? {},
          p,
          !!appset.spec.goTemplate,
        );
        out.push({
          ...p,
          values,
          ...Object.fromEntries(
            Object.entries(values).map(([k, v]) => [`values.${k}`, v]),
          ),
        });
      }
    } else if (Array.isArray(g.list?.elements)) {
      for (const e of g.list.elements) out.push({ ...e });
    }
  }
  return out;
}

/** The Application an ApplicationSet generates from one rendered template. */
export function generatedApplication(
  appset: any,
  rendered: any,
  params: Record<string, any>,
  goTemplate: boolean,
  name: string,
  ns: string,
) {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name,
      namespace: ns,
      labels: rendered.metadata?.labels,
      annotations: {
        ...(rendered.metadata?.annotations ?? {}),
        ...(appset.metadata.annotations?.[MANIFESTS_ANNOTATION] &&
        !rendered.metadata?.annotations?.[MANIFESTS_ANNOTATION]
          ? {
              [MANIFESTS_ANNOTATION]: substitute(
                appset.metadata.annotations[MANIFESTS_ANNOTATION],
                params,
                goTemplate,
              ),
            }
          : {}),
      },
      ownerReferences: [
        {
          apiVersion: appset.apiVersion,
          kind: 'ApplicationSet',
          name: appset.metadata.name,
          uid: appset.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
      finalizers: ['resources-finalizer.argocd.argoproj.io'],
    },
    spec: rendered.spec,
  };
}

/** The status of an ApplicationSet that generated the named Applications. */
export function appSetStatus(appset: any, generated: string[]) {
  return {
    conditions: [
      {
        type: 'ResourcesUpToDate',
        status: 'True',
        reason: 'ApplicationSetUpToDate',
        message: 'All applications have been generated successfully',
        lastTransitionTime:
          appset.status?.conditions?.[0]?.lastTransitionTime ?? nowRfc3339(),
      },
    ],
    resources: generated.sort().map(n => ({
      name: n,
      namespace: appset.metadata.namespace,
      group: 'argoproj.io',
      version: 'v1alpha1',
      kind: 'Application',
    })),
  };
}
