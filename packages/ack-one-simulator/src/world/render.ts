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

/** The manifests of the `simulator.ack-one.io/manifests` annotation. */
function verbatimManifests(manifests: string, ns: string): any[] {
  return parseAllDocuments(manifests)
    .map(d => d.toJSON())
    .filter(o => o && typeof o === 'object' && o.kind)
    .map(o => ({ ...o, metadata: { namespace: ns, ...(o.metadata ?? {}) } }));
}

/** Helm values (`valuesObject`, else the `values` string), then parameters. */
function helmParams(src: any): Record<string, string> {
  let valuesObject = src.helm?.valuesObject;
  if (!valuesObject && typeof src.helm?.values === 'string') {
    try {
      valuesObject = parseAllDocuments(src.helm.values)[0]?.toJSON();
    } catch {
      valuesObject = undefined;
    }
  }
  const params: Record<string, string> = flatten(valuesObject ?? {});
  for (const p of src.helm?.parameters ?? [])
    if (p?.name) params[p.name] = String(p.value ?? '');
  return params;
}

/** What the demo chart makes of its parameters. */
interface ChartValues {
  ns: string;
  appName: string;
  replicas: number;
  image: string;
  clusterId?: string;
  envCluster: string;
  serviceName: string;
  port: number;
  targetPort: number;
}

function chartValues(
  app: any,
  src: any,
  params: Record<string, string>,
): ChartValues {
  const base = String(src.path ?? src.chart ?? app.metadata?.name ?? 'app')
    .split('/')
    .filter(Boolean)
    .pop()!;
  const appName = params.appName ?? params.nameOverride ?? base;
  const clusterId = params.clusterId;
  return {
    ns: app.spec?.destination?.namespace ?? 'default',
    appName,
    replicas: Math.max(0, Number.parseInt(params.replicaCount ?? '1', 10) || 0),
    image:
      params.image ??
      (params['image.repository']
        ? `${params['image.repository']}:${params['image.tag'] ?? 'latest'}`
        : `registry-cn-hangzhou.ack.aliyuncs.com/acs/${appName}:0.5.0`),
    clusterId,
    envCluster: params.envCluster ?? clusterId ?? '',
    serviceName:
      params['service.name'] ??
      params.serviceName ??
      (appName === 'web-demo' ? 'service1' : appName),
    port: Number(params['service.port'] ?? 80),
    targetPort: Number(
      params['service.targetPort'] ?? params.containerPort ?? 8080,
    ),
  };
}

// `backstage.io/kubernetes-id` is the label the Backstage Kubernetes plugin
// finds a service's workloads by; the charts of opted-in services carry it.
function appLabels(v: ChartValues) {
  return { app: v.appName, 'backstage.io/kubernetes-id': v.appName };
}

/** The chart's HorizontalPodAutoscaler, when `autoscaling.enabled` is true. */
function chartHpa(v: ChartValues, params: Record<string, string>): any[] {
  if (params['autoscaling.enabled'] !== 'true') return [];
  const minReplicas = Math.max(
    1,
    Number.parseInt(params['autoscaling.minReplicas'] ?? '', 10) ||
      v.replicas ||
      1,
  );
  const maxReplicas = Math.max(
    minReplicas,
    Number.parseInt(params['autoscaling.maxReplicas'] ?? '', 10) ||
      3 * minReplicas,
  );
  return [
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: v.appName, namespace: v.ns, labels: appLabels(v) },
      spec: {
        scaleTargetRef: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: v.appName,
        },
        minReplicas,
        maxReplicas,
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
  ];
}

function chartDeployment(v: ChartValues): any {
  const podLabels: Record<string, string> = { ...appLabels(v) };
  if (v.clusterId) podLabels['topology.istio.io/cluster'] = v.clusterId;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: v.appName, namespace: v.ns, labels: appLabels(v) },
    spec: {
      replicas: v.replicas,
      selector: { matchLabels: { app: v.appName } },
      template: {
        metadata: { labels: podLabels },
        spec: {
          containers: [
            {
              name: v.appName,
              image: v.image,
              imagePullPolicy: 'IfNotPresent',
              ports: [{ containerPort: v.targetPort, protocol: 'TCP' }],
              env: [{ name: 'ENV_NAME', value: v.envCluster }],
            },
          ],
        },
      },
    },
  };
}

function chartService(v: ChartValues): any {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: v.serviceName, namespace: v.ns, labels: appLabels(v) },
    spec: {
      type: 'ClusterIP',
      selector: { app: v.appName },
      ports: [
        {
          name: 'http',
          port: v.port,
          targetPort: v.targetPort,
          protocol: 'TCP',
        },
      ],
    },
  };
}

export function renderApplication(app: any): any[] {
  const ns = app.spec?.destination?.namespace ?? 'default';
  const manifests = app.metadata?.annotations?.[MANIFESTS_ANNOTATION];
  if (manifests) return verbatimManifests(manifests, ns);
  const src = app.spec?.source ?? app.spec?.sources?.[0] ?? {};
  const params = helmParams(src);
  const values = chartValues(app, src, params);
  return [
    ...chartHpa(values, params),
    chartDeployment(values),
    chartService(values),
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
