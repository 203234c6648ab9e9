import { parseAllDocuments } from 'yaml';

/**
 * The simulated Argo CD source. No Git repository or Helm chart is fetched:
 * an Application's workload is derived from its `spec.source`:
 *
 * 1. If the Application (or the ApplicationSet template) carries the
 *    annotation `simulator.ack-one.io/manifests`, its value is a YAML stream
 *    of manifests applied verbatim (namespaced objects go to the destination
 *    namespace when they name none).
 * 2. Otherwise the source is read as the ACK One demo charts
 *    (`manifests/helm/web-demo`, `echo-server`): one Deployment and one
 *    Service, shaped by `spec.source.helm.parameters` (and `valuesObject`):
 *    - `appName` / `nameOverride`: Deployment name and `app` label
 *      (default: last element of `source.path`, else `source.chart`)
 *    - `replicaCount` (default 1), `image` or `image.repository`+`image.tag`
 *    - `clusterId`: value of the pod label `topology.istio.io/cluster`
 *    - `envCluster`: env `ENV_NAME` (default: clusterId)
 *    - `service.name` / `serviceName` (default `service1` for web-demo,
 *      else the app name), `service.port` (80), `service.targetPort` /
 *      `containerPort` (8080)
 *    - `autoscaling.enabled` (`true` adds an autoscaling/v2
 *      HorizontalPodAutoscaler for the Deployment), `autoscaling.minReplicas`
 *      (default `replicaCount`), `autoscaling.maxReplicas` (default 3 × min)
 */
export const MANIFESTS_ANNOTATION = 'simulator.ack-one.io/manifests';
export const INSTANCE_LABEL = 'app.kubernetes.io/instance';
export const HASH_ANNOTATION = 'simulator.ack-one.io/manifest-hash';

function flatten(obj: any, prefix = '', out: Record<string, string> = {}) {
  if (obj === null || obj === undefined) return out;
  if (typeof obj !== 'object') {
    out[prefix] = String(obj);
    return out;
  }
  for (const [k, v] of Object.entries(obj))
    flatten(v, prefix ? `${prefix}.${k}` : k, out);
  return out;
}

export function renderApplication(app: any): any[] {
  const ns = app.spec?.destination?.namespace ?? 'default';
  const manifests = app.metadata?.annotations?.[MANIFESTS_ANNOTATION];
  if (manifests) {
    return parseAllDocuments(manifests)
      .map(d => d.toJSON())
      .filter(o => o && typeof o === 'object' && o.kind)
      .map(o => ({ ...o, metadata: { namespace: ns, ...(o.metadata ?? {}) } }));
  }
  const src = app.spec?.source ?? app.spec?.sources?.[0] ?? {};
  const params: Record<string, string> = {};
  let valuesObject = src.helm?.valuesObject;
  if (!valuesObject && typeof src.helm?.values === 'string') {
    try {
      valuesObject = parseAllDocuments(src.helm.values)[0]?.toJSON();
    } catch {
      valuesObject = undefined;
    }
  }
  Object.assign(params, flatten(valuesObject ?? {}));
  for (const p of src.helm?.parameters ?? [])
    if (p?.name) params[p.name] = String(p.value ?? '');
  const base = String(src.path ?? src.chart ?? app.metadata?.name ?? 'app')
    .split('/')
    .filter(Boolean)
    .pop()!;
  const appName = params.appName ?? params.nameOverride ?? base;
  const replicas = Math.max(
    0,
    Number.parseInt(params.replicaCount ?? '1', 10) || 0,
  );
  const image =
    params.image ??
    (params['image.repository']
      ? `${params['image.repository']}:${params['image.tag'] ?? 'latest'}`
      : `registry-cn-hangzhou.ack.aliyuncs.com/acs/${appName}:0.5.0`);
  const clusterId = params.clusterId;
  const envCluster = params.envCluster ?? clusterId ?? '';
  const serviceName =
    params['service.name'] ??
    params.serviceName ??
    (appName === 'web-demo' ? 'service1' : appName);
  const port = Number(params['service.port'] ?? 80);
  const targetPort = Number(
    params['service.targetPort'] ?? params.containerPort ?? 8080,
  );
  // `backstage.io/kubernetes-id` is the label the Backstage Kubernetes plugin
  // finds a service's workloads by; the charts of opted-in services carry it.
  const appLabels = { app: appName, 'backstage.io/kubernetes-id': appName };
  const podLabels: Record<string, string> = { ...appLabels };
  if (clusterId) podLabels['topology.istio.io/cluster'] = clusterId;
  const minReplicas = Math.max(
    1,
    Number.parseInt(params['autoscaling.minReplicas'] ?? '', 10) ||
      replicas ||
      1,
  );
  const hpa =
    params['autoscaling.enabled'] === 'true'
      ? [
          {
            apiVersion: 'autoscaling/v2',
            kind: 'HorizontalPodAutoscaler',
            metadata: { name: appName, namespace: ns, labels: appLabels },
            spec: {
              scaleTargetRef: {
                apiVersion: 'apps/v1',
                kind: 'Deployment',
                name: appName,
              },
              minReplicas,
              maxReplicas: Math.max(
                minReplicas,
                Number.parseInt(params['autoscaling.maxReplicas'] ?? '', 10) ||
                  3 * minReplicas,
              ),
              metrics: [
                {
                  type: 'Resource',
                  resource: {
                    name: 'cpu',
                    target: { type: 'Utilization', averageUtilization: 70 },
                  },
                },
              ],
            },
          },
        ]
      : [];
  return [
    ...hpa,
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: appName, namespace: ns, labels: appLabels },
      spec: {
        replicas,
        selector: { matchLabels: { app: appName } },
        template: {
          metadata: { labels: podLabels },
          spec: {
            containers: [
              {
                name: appName,
                image,
                imagePullPolicy: 'IfNotPresent',
                ports: [{ containerPort: targetPort, protocol: 'TCP' }],
                env: [{ name: 'ENV_NAME', value: envCluster }],
              },
            ],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: serviceName, namespace: ns, labels: appLabels },
      spec: {
        type: 'ClusterIP',
        selector: { app: appName },
        ports: [{ name: 'http', port, targetPort, protocol: 'TCP' }],
      },
    },
  ];
}

/**
 * ApplicationSet template substitution: Go templates (`goTemplate: true`,
 * `{{.name}}`, `{{.metadata.annotations.cluster_id}}`, `{{.values.x}}`,
 * `{{index .metadata.labels "k"}}`) and fasttemplate (`{{name}}`,
 * `{{metadata.annotations.cluster_id}}`).
 */
export function substitute(
  value: any,
  params: Record<string, any>,
  goTemplate: boolean,
): any {
  if (typeof value === 'string') {
    return value.replace(/\{\{\s*(.*?)\s*\}\}/g, (whole, expr: string) => {
      let path: string[] | undefined;
      const idx = /^index\s+\.?([\w.]+)\s+"([^"]+)"$/.exec(expr);
      if (idx) path = [...idx[1].split('.'), idx[2]];
      else if (goTemplate && expr.startsWith('.'))
        path = expr.slice(1).split('.');
      else if (!goTemplate && /^[\w.-]+$/.test(expr)) {
        // fasttemplate keys are flat: metadata.annotations.x
        if (expr in params) return String(params[expr]);
        path = expr.split('.');
      }
      if (!path) return whole;
      let cur: any = params;
      for (const p of path) cur = cur?.[p];
      return cur === undefined || cur === null ? whole : String(cur);
    });
  }
  if (Array.isArray(value))
    return value.map(v => substitute(v, params, goTemplate));
  if (value && typeof value === 'object') {
    const out: any = {};
    for (const [k, v] of Object.entries(value))
      out[k] = substitute(v, params, goTemplate);
    return out;
  }
  return value;
}
