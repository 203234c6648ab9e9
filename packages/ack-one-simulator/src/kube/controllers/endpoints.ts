import type { ControllerContext } from './index';
import { mapSelectorMatches } from '../selectors';
import { hashOf, isPodReady, ownerRef, PODS, SLICES, SVC } from './util';

/** Endpoints and EndpointSlices of the Services of one namespace, from their pods. */
export function reconcileEndpoints(ctx: ControllerContext, ns: string) {
  const api = ctx.api;
  const services = api.store.list(SVC, { namespace: ns }).items;
  const pods = api.store.list(PODS, { namespace: ns }).items;
  const svcNames = new Set(services.map(s => s.metadata.name));
  for (const svc of services) {
    if (!svc.spec?.selector || !Object.keys(svc.spec.selector).length)
      continue;
    const selected = pods.filter(
      p =>
        mapSelectorMatches(svc.spec.selector, p.metadata.labels) &&
        p.status?.podIP,
    );
    const ports = servicePorts(svc, selected);
    syncEndpoints(ctx, ns, svc, selected, ports);
    syncSlice(ctx, ns, svc, selected, ports);
  }
  // endpoints of deleted services
  for (const ep of api.store.list('/endpoints', { namespace: ns }).items) {
    if (!svcNames.has(ep.metadata.name))
      api.removeObj('v1', 'Endpoints', ns, ep.metadata.name);
  }
}

function servicePorts(svc: any, selected: any[]) {
  return (svc.spec.ports ?? []).map((sp: any) => {
    let port = sp.targetPort;
    if (typeof port === 'string') {
      const portName = port;
      for (const p of selected) {
        for (const c of p.spec.containers ?? []) {
          const cp = (c.ports ?? []).find((x: any) => x.name === portName);
          if (cp) port = cp.containerPort;
        }
      }
      if (typeof port === 'string') port = Number(port) || sp.port;
    }
    return {
      ...(sp.name ? { name: sp.name } : {}),
      port,
      protocol: sp.protocol ?? 'TCP',
    };
  });
}

function targetRef(ns: string, p: any) {
  return { kind: 'Pod', namespace: ns, name: p.metadata.name, uid: p.metadata.uid };
}

function syncEndpoints(ctx: ControllerContext, ns: string, svc: any, selected: any[], ports: any[]) {
  const api = ctx.api;
  const addr = (p: any) => ({ ip: p.status.podIP, nodeName: p.spec.nodeName, targetRef: targetRef(ns, p) });
  const readyPods = selected.filter(isPodReady);
  const notReady = selected.filter(p => !isPodReady(p));
  const subsets =
    selected.length === 0
      ? undefined
      : [
          {
            ...(readyPods.length ? { addresses: readyPods.map(addr) } : {}),
            ...(notReady.length ? { notReadyAddresses: notReady.map(addr) } : {}),
            ports,
          },
        ];
  const epType = api.typeFor('v1', 'Endpoints');
  const existing = api.store.get('/endpoints', ns, svc.metadata.name);
  if (!existing) {
    api.create(
      epType,
      ns,
      {
        apiVersion: 'v1',
        kind: 'Endpoints',
        metadata: { name: svc.metadata.name, namespace: ns, labels: { ...(svc.metadata.labels ?? {}) } },
        ...(subsets ? { subsets } : {}),
      },
      { internal: true },
    );
  } else if (JSON.stringify(existing.subsets) !== JSON.stringify(subsets)) {
    const next: any = { ...existing, metadata: { ...existing.metadata, resourceVersion: undefined } };
    if (subsets) next.subsets = subsets;
    else delete next.subsets;
    api.update(epType, next, { internal: true });
  }
}

function syncSlice(ctx: ControllerContext, ns: string, svc: any, selected: any[], ports: any[]) {
  const api = ctx.api;
  const sliceType = api.typeFor('discovery.k8s.io/v1', 'EndpointSlice');
  const sliceName = `${svc.metadata.name}-${hashOf(svc.metadata.uid, true).slice(0, 5)}`;
  const endpoints = selected.map(p => {
    const r = isPodReady(p);
    return {
      addresses: [p.status.podIP],
      conditions: { ready: r, serving: r, terminating: false },
      nodeName: p.spec.nodeName,
      targetRef: targetRef(ns, p),
      ...(ctx.opts.zone ? { zone: ctx.opts.zone } : {}),
    };
  });
  const slice = api.store.get(SLICES, ns, sliceName);
  if (!slice) {
    api.create(
      sliceType,
      ns,
      {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: {
          name: sliceName,
          namespace: ns,
          labels: {
            ...(svc.metadata.labels ?? {}),
            'kubernetes.io/service-name': svc.metadata.name,
            'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
          },
          ownerReferences: [{ ...ownerRef(svc), blockOwnerDeletion: true }],
        },
        addressType: 'IPv4',
        endpoints,
        ports,
      },
      { internal: true },
    );
  } else if (
    JSON.stringify(slice.endpoints) !== JSON.stringify(endpoints) ||
    JSON.stringify(slice.ports) !== JSON.stringify(ports)
  ) {
    api.update(
      sliceType,
      { ...slice, metadata: { ...slice.metadata, resourceVersion: undefined }, endpoints, ports },
      { internal: true },
    );
  }
}
