import { MSE_REMOTE_CLUSTERS_ANNOTATION } from '@internal/plugin-ack-one-common';
import type { AckOneGateway } from './types';

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : undefined;
}

function splitIds(raw: unknown): string[] {
  return typeof raw === 'string'
    ? raw
        .split(/[\s,]+/)
        .map(s => s.trim())
        .filter(Boolean)
    : [];
}

/** The objects of a Fleet that describe its multi-cluster gateways. */
export interface FleetGatewayObjects {
  mseIngressConfigs: any[];
  albConfigs: any[];
  ingressClasses: Array<{
    metadata?: { name?: string };
    spec?: { parameters?: { kind?: string; name?: string } };
  }>;
}

/** The gateways of a Fleet, each with the IngressClasses that route through it. */
export function gatewaysFrom(
  where: { account: string; regionId: string; fleetId: string },
  objects: FleetGatewayObjects,
): AckOneGateway[] {
  const classesFor = (kind: string, name: string, local?: string) => {
    const names = objects.ingressClasses
      .filter(
        c =>
          c.spec?.parameters?.kind === kind &&
          c.spec?.parameters?.name === name,
      )
      .map(c => c.metadata?.name)
      .filter((n): n is string => !!n);
    if (local && !names.includes(local)) names.push(local);
    return names.sort();
  };

  const gateways: AckOneGateway[] = [];
  for (const o of objects.mseIngressConfigs) {
    const name = o?.metadata?.name;
    if (!name) continue;
    gateways.push({
      ...where,
      kind: 'MseIngressConfig',
      name,
      status: str(o.status?.status),
      address: str(o.status?.endpoint),
      ingressClasses: classesFor(
        'MseIngressConfig',
        name,
        str(o.spec?.ingress?.local?.ingressClass),
      ),
      clusterIds: splitIds(
        o.metadata?.annotations?.[MSE_REMOTE_CLUSTERS_ANNOTATION],
      ),
    });
  }
  for (const o of objects.albConfigs) {
    const name = o?.metadata?.name;
    if (!name) continue;
    gateways.push({
      ...where,
      kind: 'AlbConfig',
      name,
      status: str(o.status?.loadBalancer?.status) ?? str(o.status?.status),
      address: str(o.status?.loadBalancer?.dnsname),
      ingressClasses: classesFor('AlbConfig', name),
      clusterIds: [],
    });
  }
  return gateways;
}
