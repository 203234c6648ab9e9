/**
 * Server-side printing (`Accept: application/json;as=Table;v=v1;g=meta.k8s.io`),
 * so `kubectl get` shows the usual columns.
 */
interface Col {
  name: string;
  type: 'string' | 'integer' | 'date' | 'number' | 'boolean';
  format?: string;
  description?: string;
  priority?: number;
  cell: (o: any) => any;
}

export function humanAge(ts: string | undefined, now = Date.now()): string {
  if (!ts) return '<unknown>';
  const s = Math.max(0, Math.floor((now - Date.parse(ts)) / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return `${m}m${s % 60 ? `${s % 60}s` : ''}`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return `${h}h${m % 60 ? `${m % 60}m` : ''}`;
  if (h < 48) return `${h}h`;
  const d = Math.floor(h / 24);
  if (d < 8) return `${d}d${h % 24 ? `${h % 24}h` : ''}`;
  return `${d}d`;
}

const name: Col = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description: 'Name must be unique within a namespace.',
  cell: o => o.metadata.name,
};
const age: Col = {
  name: 'Age',
  type: 'string',
  description:
    'CreationTimestamp is a timestamp representing the server time when this object was created.',
  cell: o => humanAge(o.metadata.creationTimestamp),
};

const n = (v: any) => (typeof v === 'number' ? v : 0);

function podReady(p: any): string {
  const cs: any[] = p.status?.containerStatuses ?? [];
  const total = p.spec?.containers?.length ?? cs.length;
  return `${cs.filter(c => c.ready).length}/${total}`;
}

function svcPorts(s: any): string {
  const ports: any[] = s.spec?.ports ?? [];
  if (!ports.length) return '<none>';
  return ports
    .map(
      p =>
        `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`,
    )
    .join(',');
}

function selectorString(sel: any): string {
  const m = sel?.matchLabels ?? sel;
  if (!m || typeof m !== 'object') return '<none>';
  const parts = Object.entries(m)
    .filter(([, v]) => typeof v === 'string')
    .map(([k, v]) => `${k}=${v}`);
  return parts.length ? parts.join(',') : '<none>';
}

function eventLastSeen(e: any): string {
  const last = humanAge(e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp);
  if ((e.count ?? 1) > 1) {
    const first = humanAge(e.firstTimestamp ?? e.metadata.creationTimestamp);
    return `${last} (x${e.count} over ${first})`;
  }
  return last;
}

const EVENT_COLUMNS: Col[] = [
  { name: 'Last Seen', type: 'string', cell: eventLastSeen },
  { name: 'Type', type: 'string', cell: e => e.type ?? '' },
  { name: 'Reason', type: 'string', cell: e => e.reason ?? '' },
  {
    name: 'Object',
    type: 'string',
    cell: e =>
      `${String(e.involvedObject?.kind ?? '').toLowerCase()}/${
        e.involvedObject?.name ?? ''
      }`,
  },
  {
    name: 'Subobject',
    type: 'string',
    priority: 1,
    cell: e => e.involvedObject?.fieldPath ?? '',
  },
  {
    name: 'Source',
    type: 'string',
    priority: 1,
    cell: e =>
      [e.source?.component, e.source?.host].filter(Boolean).join(', '),
  },
  { name: 'Message', type: 'string', cell: e => e.message ?? '' },
  {
    name: 'First Seen',
    type: 'string',
    priority: 1,
    cell: e => humanAge(e.firstTimestamp ?? e.metadata.creationTimestamp),
  },
  { name: 'Count', type: 'string', priority: 1, cell: e => String(e.count ?? 1) },
  { ...name, priority: 1 },
];

const COLUMNS: Record<string, Col[]> = {
  Event: EVENT_COLUMNS,
  Pod: [
    name,
    { name: 'Ready', type: 'string', cell: podReady },
    {
      name: 'Status',
      type: 'string',
      cell: p =>
        p.status?.phase === 'Running' || !p.status?.reason
          ? p.status?.phase ?? 'Pending'
          : p.status.reason,
    },
    {
      name: 'Restarts',
      type: 'string',
      cell: p =>
        String(
          (p.status?.containerStatuses ?? []).reduce(
            (a: number, c: any) => a + n(c.restartCount),
            0,
          ),
        ),
    },
    age,
    {
      name: 'IP',
      type: 'string',
      priority: 1,
      cell: p => p.status?.podIP ?? '<none>',
    },
    {
      name: 'Node',
      type: 'string',
      priority: 1,
      cell: p => p.spec?.nodeName ?? '<none>',
    },
    {
      name: 'Nominated Node',
      type: 'string',
      priority: 1,
      cell: () => '<none>',
    },
    {
      name: 'Readiness Gates',
      type: 'string',
      priority: 1,
      cell: () => '<none>',
    },
  ],
  Deployment: [
    name,
    {
      name: 'Ready',
      type: 'string',
      cell: d => `${n(d.status?.readyReplicas)}/${n(d.spec?.replicas ?? 1)}`,
    },
    {
      name: 'Up-to-date',
      type: 'integer',
      cell: d => n(d.status?.updatedReplicas),
    },
    {
      name: 'Available',
      type: 'integer',
      cell: d => n(d.status?.availableReplicas),
    },
    age,
    {
      name: 'Containers',
      type: 'string',
      priority: 1,
      cell: d =>
        (d.spec?.template?.spec?.containers ?? [])
          .map((c: any) => c.name)
          .join(','),
    },
    {
      name: 'Images',
      type: 'string',
      priority: 1,
      cell: d =>
        (d.spec?.template?.spec?.containers ?? [])
          .map((c: any) => c.image)
          .join(','),
    },
    {
      name: 'Selector',
      type: 'string',
      priority: 1,
      cell: d => selectorString(d.spec?.selector),
    },
  ],
  ReplicaSet: [
    name,
    { name: 'Desired', type: 'integer', cell: r => n(r.spec?.replicas) },
    { name: 'Current', type: 'integer', cell: r => n(r.status?.replicas) },
    { name: 'Ready', type: 'integer', cell: r => n(r.status?.readyReplicas) },
    age,
  ],
  StatefulSet: [
    name,
    {
      name: 'Ready',
      type: 'string',
      cell: d => `${n(d.status?.readyReplicas)}/${n(d.spec?.replicas ?? 1)}`,
    },
    age,
  ],
  Service: [
    name,
    { name: 'Type', type: 'string', cell: s => s.spec?.type ?? 'ClusterIP' },
    {
      name: 'Cluster-IP',
      type: 'string',
      cell: s => s.spec?.clusterIP ?? '<none>',
    },
    {
      name: 'External-IP',
      type: 'string',
      cell: s =>
        (s.status?.loadBalancer?.ingress ?? [])
          .map((i: any) => i.ip ?? i.hostname)
          .join(',') || '<none>',
    },
    { name: 'Port(s)', type: 'string', cell: svcPorts },
    age,
    {
      name: 'Selector',
      type: 'string',
      priority: 1,
      cell: s => selectorString(s.spec?.selector),
    },
  ],
  Endpoints: [
    name,
    {
      name: 'Endpoints',
      type: 'string',
      cell: e => {
        const list: string[] = [];
        for (const s of e.subsets ?? [])
          for (const a of s.addresses ?? [])
            for (const p of s.ports ?? [{}])
              list.push(p.port ? `${a.ip}:${p.port}` : a.ip);
        if (!list.length) return '<none>';
        return list.length > 3
          ? `${list.slice(0, 3).join(',')} + ${list.length - 3} more...`
          : list.join(',');
      },
    },
    age,
  ],
  EndpointSlice: [
    name,
    { name: 'AddressType', type: 'string', cell: e => e.addressType },
    {
      name: 'Ports',
      type: 'string',
      cell: e => (e.ports ?? []).map((p: any) => p.port).join(',') || '<unset>',
    },
    {
      name: 'Endpoints',
      type: 'string',
      cell: e =>
        (e.endpoints ?? []).flatMap((x: any) => x.addresses ?? []).join(',') ||
        '<unset>',
    },
    age,
  ],
  Ingress: [
    name,
    {
      name: 'Class',
      type: 'string',
      cell: i => i.spec?.ingressClassName ?? '<none>',
    },
    {
      name: 'Hosts',
      type: 'string',
      cell: i =>
        (i.spec?.rules ?? []).map((r: any) => r.host ?? '*').join(',') || '*',
    },
    {
      name: 'Address',
      type: 'string',
      cell: i =>
        (i.status?.loadBalancer?.ingress ?? [])
          .map((x: any) => x.ip ?? x.hostname)
          .join(','),
    },
    {
      name: 'Ports',
      type: 'string',
      cell: i => (i.spec?.tls?.length ? '80, 443' : '80'),
    },
    age,
  ],
  IngressClass: [
    name,
    { name: 'Controller', type: 'string', cell: c => c.spec?.controller ?? '' },
    {
      name: 'Parameters',
      type: 'string',
      cell: c =>
        c.spec?.parameters
          ? `${c.spec.parameters.kind}/${c.spec.parameters.name}`
          : '<none>',
    },
    age,
  ],
  Namespace: [
    name,
    { name: 'Status', type: 'string', cell: x => x.status?.phase ?? 'Active' },
    age,
  ],
  Node: [
    name,
    {
      name: 'Status',
      type: 'string',
      cell: x =>
        (x.status?.conditions ?? []).find((c: any) => c.type === 'Ready')
          ?.status === 'True'
          ? 'Ready'
          : 'NotReady',
    },
    { name: 'Roles', type: 'string', cell: () => '<none>' },
    age,
    {
      name: 'Version',
      type: 'string',
      cell: x => x.status?.nodeInfo?.kubeletVersion ?? '',
    },
  ],
  Secret: [
    name,
    { name: 'Type', type: 'string', cell: s => s.type ?? 'Opaque' },
    {
      name: 'Data',
      type: 'integer',
      cell: s => Object.keys(s.data ?? {}).length,
    },
    age,
  ],
  ConfigMap: [
    name,
    {
      name: 'Data',
      type: 'integer',
      cell: c =>
        Object.keys(c.data ?? {}).length +
        Object.keys(c.binaryData ?? {}).length,
    },
    age,
  ],
  HorizontalPodAutoscaler: [
    name,
    {
      name: 'Reference',
      type: 'string',
      cell: h =>
        `${h.spec?.scaleTargetRef?.kind}/${h.spec?.scaleTargetRef?.name}`,
    },
    {
      name: 'Targets',
      type: 'string',
      cell: h =>
        (h.spec?.metrics ?? [])
          .map(
            (m: any) =>
              `<unknown>/${m.resource?.target?.averageUtilization ?? '?'}%`,
          )
          .join(', ') || '<none>',
    },
    {
      name: 'MinPods',
      type: 'integer',
      cell: h => n(h.spec?.minReplicas ?? 1),
    },
    { name: 'MaxPods', type: 'integer', cell: h => n(h.spec?.maxReplicas) },
    {
      name: 'Replicas',
      type: 'integer',
      cell: h => n(h.status?.currentReplicas),
    },
    age,
  ],
  MseIngressConfig: [
    name,
    { name: 'Status', type: 'string', cell: x => x.status?.status ?? '' },
    { name: 'Endpoint', type: 'string', cell: x => x.status?.endpoint ?? '' },
    age,
  ],
  AlbConfig: [
    name,
    {
      name: 'AlbId',
      type: 'string',
      cell: x => x.status?.loadBalancer?.id ?? '',
    },
    {
      name: 'DnsName',
      type: 'string',
      cell: x => x.status?.loadBalancer?.dnsname ?? '',
    },
    age,
  ],
  Application: [
    name,
    {
      name: 'Sync Status',
      type: 'string',
      cell: a => a.status?.sync?.status ?? '',
    },
    {
      name: 'Health Status',
      type: 'string',
      cell: a => a.status?.health?.status ?? '',
    },
  ],
};

function columnsFor(kind: string): Col[] {
  return COLUMNS[kind] ?? [name, age];
}

export function toTable(
  kind: string,
  items: any[],
  listMeta: {
    resourceVersion?: string;
    continue?: string;
    remainingItemCount?: number;
  },
  includeObject: string | undefined,
  withHeaders = true,
) {
  const cols = columnsFor(kind);
  const mode = includeObject ?? 'Metadata';
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMeta,
    columnDefinitions: withHeaders
      ? cols.map(c => ({
          name: c.name,
          type: c.type,
          format: c.format ?? '',
          description: c.description ?? c.name,
          priority: c.priority ?? 0,
        }))
      : [],
    rows: items.map(o => ({
      cells: cols.map(c => {
        try {
          return c.cell(o);
        } catch {
          return '';
        }
      }),
      object: rowObject(mode, o),
    })),
  };
}

/** The `object` of a Table row for the requested `includeObject` mode. */
function rowObject(mode: string, o: any): any {
  if (mode === 'None') return undefined;
  if (mode === 'Object') return o;
  return {
    kind: 'PartialObjectMetadata',
    apiVersion: 'meta.k8s.io/v1',
    metadata: o.metadata,
  };
}
