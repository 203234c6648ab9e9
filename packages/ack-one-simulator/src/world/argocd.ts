import { createHash } from 'node:crypto';
import type { KubeServer } from '../kube/KubeServer';
import { selectorObjectMatcher } from '../kube/selectors';
import { nowRfc3339 } from '../kube/Store';
import {
  HASH_ANNOTATION,
  INSTANCE_LABEL,
  MANIFESTS_ANNOTATION,
  renderApplication,
  substitute,
} from './render';
import { ARGOCD_SECRET_TYPE_LABEL, World } from './World';

const APPSET_KEY = 'argoproj.io/applicationsets';
const APP_KEY = 'argoproj.io/applications';
const IN_CLUSTER = 'https://kubernetes.default.svc';
/** The field manager Argo CD's application controller writes as. */
const ARGOCD_MANAGER = 'argocd-controller';

function hash(v: unknown) {
  return createHash('sha256')
    .update(JSON.stringify(v))
    .digest('hex')
    .slice(0, 16);
}

/**
 * Argo CD in a Fleet: the ApplicationSet controller (cluster and list
 * generators over the Argo CD cluster secrets in `argocd`) and a simulated
 * application controller that syncs each Application's rendered workload
 * (see render.ts) into its destination cluster and reports sync/health.
 * Automated sync re-applies when the rendered manifests change; drift made
 * directly in a member cluster (e.g. `kubectl scale`) is left alone, as with
 * `automated: {}` without selfHeal.
 */
export class ArgoCdController {
  private scheduled = false;
  private timer?: NodeJS.Timeout;
  private unsubscribe: Array<() => void> = [];

  constructor(
    private readonly world: World,
    private readonly fleet: KubeServer,
  ) {}

  start() {
    this.unsubscribe.push(
      this.fleet.api.store.onEvent(ev => {
        if (
          ev.typeKey === APPSET_KEY ||
          ev.typeKey === APP_KEY ||
          ev.typeKey === '/secrets'
        ) {
          if (
            ev.typeKey === APP_KEY &&
            ev.type === 'MODIFIED' &&
            JSON.stringify(ev.obj.spec) === JSON.stringify(ev.prev?.spec)
          )
            return;
          this.schedule();
        }
      }),
    );
    this.timer = setInterval(() => this.refreshHealth(), 1000);
    this.timer.unref?.();
    this.schedule();
  }

  stop() {
    for (const u of this.unsubscribe) u();
    this.unsubscribe = [];
    if (this.timer) clearInterval(this.timer);
  }

  schedule() {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      try {
        this.reconcile();
      } catch (e) {
        this.world.logger.warn(`argocd: ${(e as Error).message}`);
      }
    });
  }

  private clusterSecrets() {
    return this.fleet.api
      .listObjs('v1', 'Secret', 'argocd')
      .filter(s => s.metadata.labels?.[ARGOCD_SECRET_TYPE_LABEL] === 'cluster');
  }

  private clusterParams(secret: any) {
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

  private generate(appset: any): Array<Record<string, any>> {
    const out: Array<Record<string, any>> = [];
    for (const g of appset.spec?.generators ?? []) {
      if (g.clusters) {
        const m = selectorObjectMatcher(g.clusters.selector);
        for (const s of this.clusterSecrets()) {
          if (!m(s.metadata.labels)) continue;
          const p = this.clusterParams(s);
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

  private reconcile() {
    const api = this.fleet.api;
    const wantedApps = new Set<string>();
    for (const appset of api.listObjs(
      'argoproj.io/v1alpha1',
      'ApplicationSet',
    )) {
      const goTemplate = !!appset.spec?.goTemplate;
      const generated: string[] = [];
      for (const params of this.generate(appset)) {
        const tpl = appset.spec?.template ?? {};
        const rendered = substitute(tpl, params, goTemplate);
        const name = rendered.metadata?.name;
        if (!name || /\{\{/.test(name)) continue;
        const ns = appset.metadata.namespace;
        wantedApps.add(`${ns}/${name}`);
        generated.push(name);
        const app = {
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
        const cur = api.getObj('argoproj.io/v1alpha1', 'Application', ns, name);
        if (
          !cur ||
          JSON.stringify(cur.spec) !== JSON.stringify(app.spec) ||
          JSON.stringify(cur.metadata.annotations ?? {}) !==
            JSON.stringify(app.metadata.annotations)
        ) {
          api.upsert({ ...app, status: cur?.status });
        }
      }
      const status = {
        conditions: [
          {
            type: 'ResourcesUpToDate',
            status: 'True',
            reason: 'ApplicationSetUpToDate',
            message: 'All applications have been generated successfully',
            lastTransitionTime:
              appset.status?.conditions?.[0]?.lastTransitionTime ??
              nowRfc3339(),
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
      if (
        JSON.stringify(appset.status?.resources) !==
        JSON.stringify(status.resources)
      )
        api.setStatus(appset, status);
    }
    // applications of an ApplicationSet that no longer generates them
    for (const app of api.listObjs('argoproj.io/v1alpha1', 'Application')) {
      const owner = (app.metadata.ownerReferences ?? []).find(
        (r: any) => r.kind === 'ApplicationSet',
      );
      if (
        owner &&
        !wantedApps.has(`${app.metadata.namespace}/${app.metadata.name}`)
      ) {
        api.removeObj(
          'argoproj.io/v1alpha1',
          'Application',
          app.metadata.namespace,
          app.metadata.name,
        );
      }
    }
    this.syncAll();
  }

  private lastDestinations = new Map<
    string,
    { server: string; ns: string; names: Array<[string, string]> }
  >();

  private destination(app: any): KubeServer | undefined {
    const d = app.spec?.destination ?? {};
    let url: string | undefined = d.server;
    if (!url && d.name) {
      const s = this.clusterSecrets().find(
        x => Buffer.from(x.data?.name ?? '', 'base64').toString() === d.name,
      );
      if (s) url = Buffer.from(s.data.server, 'base64').toString();
      else if (d.name === 'in-cluster') url = IN_CLUSTER;
    }
    if (!url) return undefined;
    if (url === IN_CLUSTER) return this.fleet;
    for (const e of this.world.servers.values())
      if (e.server.url === url) return e.server;
    return undefined;
  }

  private syncAll() {
    const api = this.fleet.api;
    const seen = new Set<string>();
    for (const app of api.listObjs('argoproj.io/v1alpha1', 'Application')) {
      const key = `${app.metadata.namespace}/${app.metadata.name}`;
      seen.add(key);
      this.syncApp(app);
    }
    for (const [key, last] of [...this.lastDestinations]) {
      if (seen.has(key)) continue;
      // pruned: delete what the application deployed
      this.prune(last);
      this.lastDestinations.delete(key);
    }
  }

  private prune(last: {
    server: string;
    ns: string;
    names: Array<[string, string]>;
  }) {
    const target = this.world.servers.get(last.server)?.server;
    if (!target) return;
    for (const [kindKey, name] of last.names) {
      const [apiVersion, kind] = kindKey.split('|');
      try {
        target.api.removeObj(apiVersion, kind, last.ns, name);
      } catch {
        // ignore
      }
    }
  }

  private syncApp(app: any) {
    const key = `${app.metadata.namespace}/${app.metadata.name}`;
    const target = this.destination(app);
    if (!target) {
      this.fleet.api.setStatus(app, {
        ...(app.status ?? {}),
        sync: {
          status: 'Unknown',
          comparedTo: {
            source: app.spec?.source,
            destination: app.spec?.destination,
          },
        },
        health: { status: 'Unknown' },
        conditions: [
          {
            type: 'InvalidSpecError',
            message: `cluster ${
              app.spec?.destination?.server ?? app.spec?.destination?.name
            } has not been configured`,
            lastTransitionTime: nowRfc3339(),
          },
        ],
      });
      return;
    }
    const ns = app.spec?.destination?.namespace ?? 'default';
    const manifests = renderApplication(app);
    const h = hash(manifests);
    const automated = !!app.spec?.syncPolicy?.automated;
    const createNs = (app.spec?.syncPolicy?.syncOptions ?? []).includes(
      'CreateNamespace=true',
    );
    const serverName = [...this.world.servers.values()].find(
      e => e.server === target,
    )!.name;
    const prev = this.lastDestinations.get(key);
    if (prev && (prev.server !== serverName || prev.ns !== ns))
      this.prune(prev);
    const names: Array<[string, string]> = manifests.map(m => [
      `${m.apiVersion}|${m.kind}`,
      m.metadata.name,
    ]);
    if (prev && prev.server === serverName) {
      // resources dropped from the manifests
      const keep = new Set(names.map(n => n.join('/')));
      this.prune({
        ...prev,
        names: prev.names.filter(n => !keep.has(n.join('/'))),
      });
    }
    this.lastDestinations.set(key, { server: serverName, ns, names });
    if (target.faultState().offline) {
      this.setAppStatus(
        app,
        'Unknown',
        'Unknown',
        manifests,
        h,
        'cluster is unreachable',
      );
      return;
    }
    let outOfSync = false;
    for (const m of manifests) {
      let cur: any;
      try {
        cur = target.api.getObj(
          m.apiVersion,
          m.kind,
          m.metadata.namespace ?? ns,
          m.metadata.name,
        );
      } catch {
        continue;
      }
      if (!cur || cur.metadata.annotations?.[HASH_ANNOTATION] !== h)
        outOfSync = true;
    }
    if (outOfSync && automated) {
      try {
        if (createNs) this.ensureNamespace(target, ns, app);
        for (const m of manifests) {
          const obj = {
            ...m,
            metadata: {
              ...m.metadata,
              namespace: m.metadata.namespace ?? ns,
              labels: {
                ...(m.metadata.labels ?? {}),
                [INSTANCE_LABEL]: app.metadata.name,
              },
              annotations: {
                ...(m.metadata.annotations ?? {}),
                [HASH_ANNOTATION]: h,
              },
            },
          };
          target.api.upsert(obj, { manager: ARGOCD_MANAGER });
        }
        outOfSync = false;
      } catch (e) {
        this.setAppStatus(
          app,
          'OutOfSync',
          'Missing',
          manifests,
          h,
          `sync failed: ${(e as Error).message}`,
        );
        return;
      }
    }
    this.setAppStatus(
      app,
      outOfSync ? 'OutOfSync' : 'Synced',
      undefined,
      manifests,
      h,
    );
  }

  private health(target: KubeServer, m: any, ns: string): string {
    const cur = target.api.getObj(
      m.apiVersion,
      m.kind,
      m.metadata.namespace ?? ns,
      m.metadata.name,
    );
    if (!cur) return 'Missing';
    if (m.kind === 'Deployment' || m.kind === 'StatefulSet') {
      const want = cur.spec?.replicas ?? 1;
      const s = cur.status ?? {};
      if ((s.observedGeneration ?? 0) < (cur.metadata.generation ?? 1))
        return 'Progressing';
      if (
        (s.availableReplicas ?? 0) >= want &&
        (s.updatedReplicas ?? 0) >= want
      )
        return 'Healthy';
      if (
        want > 0 &&
        (s.readyReplicas ?? 0) === 0 &&
        (s.replicas ?? 0) > 0 &&
        s.conditions?.some(
          (c: any) => c.type === 'Available' && c.status === 'False',
        )
      ) {
        return 'Degraded';
      }
      return 'Progressing';
    }
    return 'Healthy';
  }

  /**
   * `CreateNamespace=true`: creates the destination namespace, with the
   * labels and annotations of `syncPolicy.managedNamespaceMetadata`, which
   * Argo CD also keeps applied to a namespace it created.
   */
  private ensureNamespace(target: KubeServer, ns: string, app: any) {
    const meta = app.spec?.syncPolicy?.managedNamespaceMetadata ?? {};
    const cur = target.api.getObj('v1', 'Namespace', undefined, ns);
    const labels = { ...(cur?.metadata?.labels ?? {}), ...(meta.labels ?? {}) };
    const annotations = {
      ...(cur?.metadata?.annotations ?? {}),
      ...(meta.annotations ?? {}),
    };
    const same = (a: object, b: object | undefined) =>
      JSON.stringify(a) === JSON.stringify(b ?? {});
    if (
      cur &&
      same(labels, cur.metadata?.labels) &&
      same(annotations, cur.metadata?.annotations)
    )
      return;
    target.api.upsert({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        ...(cur?.metadata ?? {}),
        name: ns,
        ...(Object.keys(labels).length ? { labels } : {}),
        ...(Object.keys(annotations).length ? { annotations } : {}),
      },
    });
  }

  private setAppStatus(
    app: any,
    sync: string,
    healthOverride: string | undefined,
    manifests: any[],
    h: string,
    message?: string,
  ) {
    const target = this.destination(app);
    const ns = app.spec?.destination?.namespace ?? 'default';
    const order = ['Missing', 'Degraded', 'Progressing', 'Unknown', 'Healthy'];
    const resources = manifests.map(m => {
      const health =
        healthOverride ?? (target ? this.health(target, m, ns) : 'Unknown');
      const [group, version] = m.apiVersion.includes('/')
        ? m.apiVersion.split('/')
        : ['', m.apiVersion];
      return {
        group: group || undefined,
        version,
        kind: m.kind,
        namespace: m.metadata.namespace ?? ns,
        name: m.metadata.name,
        status: sync,
        health: { status: health },
      };
    });
    let health = healthOverride ?? 'Healthy';
    if (!healthOverride) {
      for (const r of resources)
        if (order.indexOf(r.health.status) < order.indexOf(health))
          health = r.health.status;
    }
    const prevStatus = app.status ?? {};
    const status: any = {
      sync: {
        status: sync,
        revision: h,
        comparedTo: {
          source: app.spec?.source,
          destination: app.spec?.destination,
        },
      },
      health: { status: health },
      resources,
      summary: {
        images: manifests.flatMap(m =>
          (m.spec?.template?.spec?.containers ?? []).map((c: any) => c.image),
        ),
      },
      reconciledAt: prevStatus.reconciledAt,
      sourceType: 'Helm',
      ...(message
        ? {
            conditions: [
              { type: 'SyncError', message, lastTransitionTime: nowRfc3339() },
            ],
          }
        : {}),
    };
    if (sync === 'Synced') {
      status.operationState = {
        phase: 'Succeeded',
        message: 'successfully synced (all tasks run)',
        startedAt: prevStatus.operationState?.startedAt ?? nowRfc3339(),
        finishedAt: prevStatus.operationState?.finishedAt ?? nowRfc3339(),
        syncResult: { revision: h },
      };
    }
    const cmp = (s: any) =>
      JSON.stringify({
        ...s,
        reconciledAt: undefined,
        operationState: s?.operationState?.phase,
        conditions: s?.conditions?.map((c: any) => c.message),
      });
    if (cmp(prevStatus) === cmp(status)) return;
    status.reconciledAt = nowRfc3339();
    const cur = this.fleet.api.getObj(
      'argoproj.io/v1alpha1',
      'Application',
      app.metadata.namespace,
      app.metadata.name,
    );
    if (cur) this.fleet.api.setStatus(cur, status);
  }

  private refreshHealth() {
    try {
      this.syncAll();
    } catch (e) {
      this.world.logger.warn(`argocd: ${(e as Error).message}`);
    }
  }
}
