import type { KubeServer } from '../kube/KubeServer';
import { renderApplication, substitute } from './render';
import type { World } from './World';
import {
  appSetStatus,
  generate,
  generatedApplication,
} from './argocd/generators';
import { setAppStatus, unknownDestinationStatus } from './argocd/health';
import {
  applyManifests,
  ensureNamespace,
  hash,
  isOutOfSync,
  LastDestination,
  prune,
  resolveDestination,
} from './argocd/sync';
import { onceOnNextTurn } from './nextTurn';

/** What `setAppStatus` takes after the Fleet, destination and Application. */
type AppStatusArgs = Parameters<typeof setAppStatus> extends [
  any,
  any,
  any,
  ...infer R,
]
  ? R
  : never;

const APPSET_KEY = 'argoproj.io/applicationsets';
const APP_KEY = 'argoproj.io/applications';

/**
 * Argo CD in a Fleet: the ApplicationSet controller (cluster and list
 * generators over the Argo CD cluster secrets in `argocd`, see
 * argocd/generators.ts) and a simulated application controller that syncs
 * each Application's rendered workload (see render.ts, argocd/sync.ts) into
 * its destination cluster and reports sync/health (argocd/health.ts).
 * Automated sync re-applies when the rendered manifests change; drift made
 * directly in a member cluster (e.g. `kubectl scale`) is left alone, as with
 * `automated: {}` without selfHeal.
 */
export class ArgoCdController {
  /** Reconciles on the next turn of the event loop (once however often asked). */
  readonly schedule = onceOnNextTurn(
    () => this.reconcile(),
    m => this.world.logger.warn(m),
    'argocd',
  );
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

  private reconcile() {
    const api = this.fleet.api;
    const wantedApps = new Set<string>();
    for (const appset of api.listObjs(
      'argoproj.io/v1alpha1',
      'ApplicationSet',
    )) {
      const goTemplate = !!appset.spec?.goTemplate;
      const generated: string[] = [];
      for (const params of generate(this.fleet, appset)) {
        const tpl = appset.spec?.template ?? {};
        const rendered = substitute(tpl, params, goTemplate);
        const name = rendered.metadata?.name;
        if (!name || /\{\{/.test(name)) continue;
        const ns = appset.metadata.namespace;
        wantedApps.add(`${ns}/${name}`);
        generated.push(name);
        const app = generatedApplication(
          appset,
          rendered,
          params,
          goTemplate,
          name,
          ns,
        );
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
      const status = appSetStatus(appset, generated);
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

  private lastDestinations = new Map<string, LastDestination>();

  private destination(app: any): KubeServer | undefined {
    return resolveDestination(this.world, this.fleet, app);
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
      prune(this.world, last);
      this.lastDestinations.delete(key);
    }
  }

  private syncApp(app: any) {
    const key = `${app.metadata.namespace}/${app.metadata.name}`;
    const target = this.destination(app);
    if (!target) {
      this.fleet.api.setStatus(app, unknownDestinationStatus(app));
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
      prune(this.world, prev);
    const names: Array<[string, string]> = manifests.map(m => [
      `${m.apiVersion}|${m.kind}`,
      m.metadata.name,
    ]);
    if (prev && prev.server === serverName) {
      // resources dropped from the manifests
      const keep = new Set(names.map(n => n.join('/')));
      prune(this.world, {
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
    let outOfSync = isOutOfSync(target, manifests, ns, h);
    if (outOfSync && automated) {
      try {
        if (createNs) ensureNamespace(target, ns, app);
        applyManifests(target, app, manifests, ns, h);
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

  /** Writes an Application's status for its destination cluster. */
  private setAppStatus(app: any, ...status: AppStatusArgs) {
    setAppStatus(this.fleet, this.destination(app), app, ...status);
  }

  private refreshHealth() {
    try {
      this.syncAll();
    } catch (e) {
      this.world.logger.warn(`argocd: ${(e as Error).message}`);
    }
  }
}
