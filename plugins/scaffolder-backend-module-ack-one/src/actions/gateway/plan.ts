import type { AckOneWhere } from '@internal/plugin-ack-one-node';
import { ActionRun, isDryRunId, listOr } from '../common';
import { requireFleet } from '../precheck';
import { AppRouteSpec, GatewaySpec, RoutingSpec } from './objects';

/*
 * The inputs of ack-one:gateway:create checked against the Fleet, and the
 * gateway and route they describe.
 */

export interface RouteInput {
  namespace: string;
  name?: string;
  host?: string;
  path?: string;
  serviceName: string;
  servicePort?: number;
  kubernetesId?: string;
  mode?: 'weight' | 'header' | 'pod-count';
  baseClusterId?: string;
  canaryClusterId?: string;
  canaryWeight?: number;
  header?: string;
  headerValue?: string;
}

export interface GatewayInput {
  account?: string;
  region?: string;
  fleetId: string;
  name?: string;
  ingressClass?: string;
  clusterIds?: string[];
  vSwitchId?: string;
  instanceSpec?: '2c4g' | '4c8g' | '8c16g' | '16c32g';
  replicas?: number;
  route?: RouteInput;
  timeoutSeconds?: number;
}

function routingOf(r: RouteInput, members: string[]): RoutingSpec {
  const mode = r.mode ?? 'weight';
  if (mode === 'pod-count') return { mode };
  const [first, second] = members;
  const baseClusterId = r.baseClusterId ?? first;
  const canaryClusterId =
    r.canaryClusterId ?? members.find(m => m !== baseClusterId) ?? second;
  for (const id of [baseClusterId, canaryClusterId]) {
    if (!id || !members.includes(id)) {
      throw new Error(
        `route cluster ${
          id ?? '(none)'
        } is not a member the gateway serves; members: ${listOr(members)}`,
      );
    }
  }
  if (baseClusterId === canaryClusterId) {
    throw new Error('route: baseClusterId and canaryClusterId must differ');
  }
  if (mode === 'header') {
    if (!r.header) throw new Error('route: header routing needs "header"');
    return {
      mode,
      baseClusterId,
      canaryClusterId,
      header: r.header,
      value: r.headerValue,
    };
  }
  const canaryWeight = r.canaryWeight ?? 0;
  if (
    !Number.isInteger(canaryWeight) ||
    canaryWeight < 0 ||
    canaryWeight > 100
  ) {
    throw new Error(
      `route: canaryWeight ${canaryWeight} is not a percentage (0-100)`,
    );
  }
  return { mode, baseClusterId, canaryClusterId, canaryWeight };
}

/** A member's id from its id or name (dry-run placeholders pass through). */
function memberId(
  members: Array<{ clusterId: string; name: string }>,
  ref: string,
): string | undefined {
  if (isDryRunId(ref)) return ref;
  return members.find(m => m.clusterId === ref || m.name === ref)?.clusterId;
}

/** Live pre-checks: the Fleet, its members, its vSwitch and the gateway serving the class. */
export async function precheckGateway(
  run: ActionRun,
  where: AckOneWhere,
  input: GatewayInput,
) {
  const { ackOne } = run.deps;
  const fleet = await requireFleet(ackOne, where, input.fleetId);
  if (fleet.state !== 'running') {
    throw new Error(`Fleet ${fleet.clusterId} is ${fleet.state}, not running`);
  }
  const members = await ackOne.listManagedClusters(
    where.account,
    where.region,
    fleet.clusterId,
  );
  const refs = input.clusterIds?.length
    ? input.clusterIds
    : members.map(m => m.clusterId);
  const strangers = refs.filter(ref => !memberId(members, ref));
  if (strangers.length || !refs.length) {
    throw new Error(
      `the gateway can only serve members of Fleet ${fleet.clusterId}; ${
        strangers.length ? `${strangers.join(', ')} are not members; ` : ''
      }members: ${listOr(members.map(m => `${m.clusterId} (${m.name})`))}`,
    );
  }
  const clusterIds = refs.map(ref => memberId(members, ref)!);
  const vSwitchId = input.vSwitchId ?? fleet.vSwitches[0];
  if (!vSwitchId || !fleet.vSwitches.includes(vSwitchId)) {
    throw new Error(
      `${vSwitchId ?? '(none)'} is not a vSwitch of Fleet ${
        fleet.clusterId
      }; its vSwitches: ${listOr(fleet.vSwitches)}`,
    );
  }
  const ingressClass = input.ingressClass ?? 'mse';
  const gateways = await ackOne.listFleetGateways(
    where.account,
    where.region,
    fleet.clusterId,
  );
  const serving = gateways.find(g => g.ingressClasses.includes(ingressClass));
  const r = input.route;
  const resolve = (ref: string | undefined) => {
    if (ref === undefined) return undefined;
    const id = memberId(members, ref);
    if (!id) {
      throw new Error(
        `route cluster ${ref} is not a member of Fleet ${
          fleet.name
        }; members: ${listOr(members.map(m => `${m.clusterId} (${m.name})`))}`,
      );
    }
    return id;
  };
  const routing = r
    ? routingOf(
        {
          ...r,
          baseClusterId: resolve(r.baseClusterId),
          canaryClusterId: resolve(r.canaryClusterId),
        },
        clusterIds,
      )
    : undefined;
  return { fleet, clusterIds, vSwitchId, ingressClass, serving, routing };
}

export type CheckedGateway = Awaited<ReturnType<typeof precheckGateway>>;

export function specsOf(
  input: GatewayInput,
  where: AckOneWhere,
  c: Pick<
    CheckedGateway,
    'clusterIds' | 'vSwitchId' | 'ingressClass' | 'routing'
  >,
) {
  const gateway: GatewaySpec = {
    name: input.name ?? `ackone-gateway-${where.region}`,
    instanceName: 'mse-ingress',
    ingressClass: c.ingressClass,
    clusterIds: c.clusterIds,
    vSwitchId: c.vSwitchId,
    instanceSpec: input.instanceSpec ?? '2c4g',
    replicas: input.replicas ?? 3,
  };
  const r = input.route;
  const route: AppRouteSpec | undefined =
    r && c.routing
      ? {
          namespace: r.namespace,
          name: r.name ?? r.namespace,
          host: r.host,
          path: r.path ?? '/',
          serviceName: r.serviceName,
          servicePort: r.servicePort ?? 80,
          ingressClass: c.ingressClass,
          kubernetesId: r.kubernetesId,
          routing: c.routing,
        }
      : undefined;
  return { gateway, route };
}
