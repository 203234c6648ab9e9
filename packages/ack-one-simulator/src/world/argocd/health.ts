import type { KubeServer } from '../../kube/KubeServer';
import { nowRfc3339 } from '../../kube/Store';

/** The Argo CD health of one rendered manifest in `target`. */
export function resourceHealth(target: KubeServer, m: any, ns: string): string {
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
    if ((s.availableReplicas ?? 0) >= want && (s.updatedReplicas ?? 0) >= want)
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

/** Status of an Application whose destination is not configured. */
export function unknownDestinationStatus(app: any) {
  return {
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
  };
}

const HEALTH_ORDER = [
  'Missing',
  'Degraded',
  'Progressing',
  'Unknown',
  'Healthy',
];

/** The status of each rendered resource in the target cluster. */
function resourceStatuses(
  target: KubeServer | undefined,
  manifests: any[],
  ns: string,
  sync: string,
  healthOverride: string | undefined,
) {
  return manifests.map(m => {
    const health =
      healthOverride ?? (target ? resourceHealth(target, m, ns) : 'Unknown');
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
}

/** The worst health of the resources, unless overridden. */
function overallHealth(
  resources: Array<{ health: { status: string } }>,
  healthOverride: string | undefined,
): string {
  if (healthOverride) return healthOverride;
  let health = 'Healthy';
  for (const r of resources)
    if (HEALTH_ORDER.indexOf(r.health.status) < HEALTH_ORDER.indexOf(health))
      health = r.health.status;
  return health;
}

/** The last sync operation, kept from the previous status when there is one. */
function syncedOperation(prevStatus: any, h: string) {
  return {
    phase: 'Succeeded',
    message: 'successfully synced (all tasks run)',
    startedAt: prevStatus.operationState?.startedAt ?? nowRfc3339(),
    finishedAt: prevStatus.operationState?.finishedAt ?? nowRfc3339(),
    syncResult: { revision: h },
  };
}

/** Equal but for timestamps. */
function sameStatus(a: any, b: any): boolean {
  const cmp = (s: any) =>
    JSON.stringify({
      ...s,
      reconciledAt: undefined,
      operationState: s?.operationState?.phase,
      conditions: s?.conditions?.map((c: any) => c.message),
    });
  return cmp(a) === cmp(b);
}

/**
 * Writes an Application's sync/health status (resources, summary,
 * operationState) to the Fleet, unless only timestamps would change.
 */
export function setAppStatus(
  fleet: KubeServer,
  target: KubeServer | undefined,
  app: any,
  sync: string,
  healthOverride: string | undefined,
  manifests: any[],
  h: string,
  message?: string,
) {
  const ns = app.spec?.destination?.namespace ?? 'default';
  const resources = resourceStatuses(
    target,
    manifests,
    ns,
    sync,
    healthOverride,
  );
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
    health: { status: overallHealth(resources, healthOverride) },
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
  if (sync === 'Synced') status.operationState = syncedOperation(prevStatus, h);
  if (sameStatus(prevStatus, status)) return;
  status.reconciledAt = nowRfc3339();
  const cur = fleet.api.getObj(
    'argoproj.io/v1alpha1',
    'Application',
    app.metadata.namespace,
    app.metadata.name,
  );
  if (cur) fleet.api.setStatus(cur, status);
}
