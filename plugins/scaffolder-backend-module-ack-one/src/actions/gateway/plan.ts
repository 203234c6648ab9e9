import type { AckOneWhere } from '@internal/plugin-ack-one-node';
import { ActionRun, isDryRunId, listOr, SchemaType } from '../common';
import { requireFleet } from '../precheck';
import { AppRouteSpec, GatewaySpec, RoutingSpec } from './objects';
import { gatewayInputSchema } from './schema';

/*
 * The inputs of ack-one:gateway:create checked against the Fleet, and the
 * gateway and route they describe.
 */

export type GatewayInput = SchemaType<typeof gatewayInputSchema>;
export type RouteInput = NonNullable<GatewayInput['route']>;

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

type Fleet = Awaited<ReturnType<typeof requireFleet>>;
type Member = { clusterId: string; name: string };

const membersText = (members: Member[]) =>
  listOr(members.map(m => `${m.clusterId} (${m.name})`));

/** The member clusters the gateway serves: those given, or every member. */
function servedClusterIds(
  fleet: Fleet,
  members: Member[],
  input: GatewayInput,
): string[] {
  const refs = input.clusterIds?.length
    ? input.clusterIds
    : members.map(m => m.clusterId);
  const strangers = refs.filter(ref => !memberId(members, ref));
  if (strangers.length || !refs.length) {
    throw new Error(
      `the gateway can only serve members of Fleet ${fleet.clusterId}; ${
        strangers.length ? `${strangers.join(', ')} are not members; ` : ''
      }members: ${membersText(members)}`,
    );
  }
  return refs.map(ref => memberId(members, ref)!);
}

/** The vSwitch of the gateway: the one given, or the Fleet's first. */
function gatewayVSwitch(fleet: Fleet, input: GatewayInput): string {
  const vSwitchId = input.vSwitchId ?? fleet.vSwitches[0];
  if (!vSwitchId || !fleet.vSwitches.includes(vSwitchId)) {
    throw new Error(
      `${vSwitchId ?? '(none)'} is not a vSwitch of Fleet ${
        fleet.clusterId
      }; its vSwitches: ${listOr(fleet.vSwitches)}`,
    );
  }
  return vSwitchId;
}

/** The routing of the app route, its clusters named by id. */
function routeRouting(
  fleet: Fleet,
  members: Member[],
  r: RouteInput | undefined,
  clusterIds: string[],
): RoutingSpec | undefined {
  if (!r) return undefined;
  const resolve = (ref: string | undefined) => {
    if (ref === undefined) return undefined;
    const id = memberId(members, ref);
    if (!id) {
      throw new Error(
        `route cluster ${ref} is not a member of Fleet ${
          fleet.name
        }; members: ${membersText(members)}`,
      );
    }
    return id;
  };
  return routingOf(
    {
      ...r,
      baseClusterId: resolve(r.baseClusterId),
      canaryClusterId: resolve(r.canaryClusterId),
    },
    clusterIds,
  );
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
  const clusterIds = servedClusterIds(fleet, members, input);
  const vSwitchId = gatewayVSwitch(fleet, input);
  const ingressClass = input.ingressClass ?? 'mse';
  const gateways = await ackOne.listFleetGateways(
    where.account,
    where.region,
    fleet.clusterId,
  );
  const serving = gateways.find(g => g.ingressClasses.includes(ingressClass));
  const routing = routeRouting(fleet, members, input.route, clusterIds);
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
