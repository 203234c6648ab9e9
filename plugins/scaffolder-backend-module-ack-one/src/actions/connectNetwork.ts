import { assertNoCidrOverlaps } from '@internal/plugin-ack-one-common';
import type { AckOneVbr, AckOneWhere } from '@internal/plugin-ack-one-node';
import {
  AckOneActionDeps,
  createAckOneAction,
  ActionCtx,
  ActionRun,
  dryRunId,
  oneStepExample,
  SchemaType,
  whereInputs,
  Zod,
} from './common';
import {
  attachBasic,
  attachEnterprise,
  CenResult,
  detectEdition,
  ensureCen,
  zoneMappingsOf,
} from './network/cenSteps';
import {
  ensureBgp,
  ensureVbr,
  VbrSettings,
  waitForBgpSession,
} from './network/expressConnectSteps';
import { ensureRoutes } from './network/routeSteps';
import { checkNetworkInputs, namedCidrs } from './network/validate';
import {
  requirePhysicalConnection,
  requireVpc,
  requireVSwitches,
} from './precheck';

export const CONNECT_NETWORK_ACTION_ID = 'ack-one:network:connect';

const EXAMPLE = oneStepExample({
  id: 'network',
  action: CONNECT_NETWORK_ACTION_ID,
  name: 'Connect the IDC and the VPC',
  input: {
    vpcId: 'vpc-bp1xxxxxxxxxxxxxxxxx',
    physicalConnectionId: 'pc-bp1xxxxxxxxxxxxxxxxx',
    vlanId: 100,
    localGatewayIp: '10.254.0.1',
    peerGatewayIp: '10.254.0.2',
    peeringSubnetMask: '255.255.255.252',
    peerAsn: 65010,
    idcCidrs: ['10.0.0.0/8'],
    podCidrs: ['172.20.0.0/16'],
    serviceCidrs: ['172.21.0.0/20'],
  },
});

const inputSchema = (z: Zod) =>
  z.object({
    ...whereInputs(z),
    vpcId: z.string().describe('The VPC to connect'),
    vSwitchIds: z
      .array(z.string())
      .optional()
      .describe(
        'vSwitches for the transit router attachment (one per zone); default: all of the VPC',
      ),
    physicalConnectionId: z
      .string()
      .describe('The Express Connect circuit (pc-...)'),
    vlanId: z
      .number()
      .int()
      .describe('VLAN of the VBR on the circuit (0-2999)'),
    localGatewayIp: z.string().describe('Cloud-side interconnect address'),
    peerGatewayIp: z.string().describe('IDC-side interconnect address'),
    peeringSubnetMask: z
      .string()
      .describe('Interconnect subnet mask, e.g. 255.255.255.252'),
    peerAsn: z.number().int().describe("The IDC router's AS number"),
    localAsn: z
      .number()
      .int()
      .optional()
      .describe('Cloud-side AS number; default 45104'),
    peerIpAddress: z
      .string()
      .optional()
      .describe('BGP peer address; default peerGatewayIp'),
    authKeySecret: z
      .string()
      .optional()
      .describe(
        'Task secret with the BGP MD5 key (default bgpAuthKey; none: no key)',
      ),
    idcCidrs: z.array(z.string()).min(1).describe('IDC networks to route to'),
    podCidrs: z.array(z.string()).optional(),
    serviceCidrs: z.array(z.string()).optional(),
    cenId: z.string().optional().describe('An existing CEN instance to use'),
    cenName: z
      .string()
      .optional()
      .describe('Name of the CEN to create or reuse'),
    cenEdition: z
      .enum(['auto', 'Enterprise', 'Basic'])
      .optional()
      .describe('Transit router edition; auto (default) asks the region'),
    name: z.string().optional().describe('Name of the VBR and BGP group'),
    bgpTimeoutSeconds: z.number().int().positive().optional(),
  });

const outputSchema = (z: Zod) =>
  z.object({
    vbrId: z.string(),
    bgpGroupId: z.string(),
    bgpPeerId: z.string(),
    bgpStatus: z.string(),
    cenId: z.string(),
    cenEdition: z.string(),
    transitRouterId: z.string().optional(),
    vpcAttachmentId: z.string().optional(),
    vbrAttachmentId: z.string().optional(),
    routeEntryIds: z.array(z.string()),
  });

/** The inputs (see the schema above). */
type Input = SchemaType<typeof inputSchema>;
type Ctx = ActionCtx<typeof inputSchema, typeof outputSchema>;

function settingsOf(input: Input, authKey: string | undefined): VbrSettings {
  return {
    physicalConnectionId: input.physicalConnectionId,
    vlanId: input.vlanId,
    localGatewayIp: input.localGatewayIp,
    peerGatewayIp: input.peerGatewayIp,
    peeringSubnetMask: input.peeringSubnetMask,
    peerAsn: input.peerAsn,
    localAsn: input.localAsn,
    peerIpAddress: input.peerIpAddress ?? input.peerGatewayIp,
    authKey,
    name: input.name ?? `idc-${input.vlanId}`,
  };
}

/** Pre-checks against the account; returns what the later steps need. */
async function precheck(run: ActionRun, where: AckOneWhere, input: Input) {
  const { write } = run.deps;
  const vpc = await requireVpc(write, where, input.vpcId);
  const vSwitches = await requireVSwitches(write, where, vpc, input.vSwitchIds);
  assertNoCidrOverlaps([
    { name: `VPC ${vpc.vpcId}`, cidr: vpc.cidrBlock },
    ...namedCidrs(input),
  ]);
  await requirePhysicalConnection(write, where, input.physicalConnectionId);
  const onVlan = (
    await write.describeVirtualBorderRouters(where, {
      physicalConnectionId: input.physicalConnectionId,
    })
  ).find(
    v =>
      v.vlanId === input.vlanId &&
      !['terminated', 'deleting'].includes(v.status),
  );
  if (
    onVlan &&
    (onVlan.localGatewayIp !== input.localGatewayIp ||
      onVlan.peerGatewayIp !== input.peerGatewayIp)
  ) {
    throw new Error(
      `VLAN ${input.vlanId} on ${input.physicalConnectionId} is already used by ${onVlan.vbrId} (${onVlan.localGatewayIp} / ${onVlan.peerGatewayIp}); choose another VLAN`,
    );
  }
  const [table] = (
    await write.describeRouteTables(where, {
      vpcId: vpc.vpcId,
      routerType: 'VRouter',
    })
  ).filter(t => t.routeTableType !== 'Custom');
  if (!table) throw new Error(`${vpc.vpcId} has no system route table`);
  if (
    input.cenId &&
    !(await write.describeCens(where, { cenId: input.cenId })).length
  ) {
    const cens = await write.describeCens(where, {});
    throw new Error(
      `${input.cenId} is not a CEN instance of account ${
        where.account
      }; its CEN instances: ${
        cens.map(c => `${c.cenId} (${c.name ?? ''})`).join(', ') || 'none'
      }`,
    );
  }
  return { vpc, vSwitches, vpcRouteTableId: table.routeTableId };
}

function planDryRun(
  run: ActionRun,
  where: AckOneWhere,
  input: Input,
  s: VbrSettings,
  checked: Awaited<ReturnType<typeof precheck>>,
) {
  const { authKey, ...shown } = s;
  run.plan(
    `VPC CreateVirtualBorderRouter (unless VLAN ${s.vlanId} already has it)`,
    {
      RegionId: where.region,
      PhysicalConnectionId: s.physicalConnectionId,
      VlanId: s.vlanId,
      LocalGatewayIp: s.localGatewayIp,
      PeerGatewayIp: s.peerGatewayIp,
      PeeringSubnetMask: s.peeringSubnetMask,
      ClientToken: '<derived from the task>',
    },
  );
  run.plan('VPC CreateBgpGroup', {
    RouterId: '<the VBR>',
    PeerAsn: shown.peerAsn,
    LocalAsn: shown.localAsn ?? 45104,
    AuthKey: authKey ? '<task secret>' : undefined,
  });
  run.plan('VPC CreateBgpPeer', { PeerIpAddress: shown.peerIpAddress });
  run.plan(input.cenId ? 'CEN (existing)' : 'CEN CreateCen', {
    CenId: input.cenId,
    Name: input.cenId ? undefined : input.cenName ?? `hybrid-${input.vpcId}`,
  });
  run.plan(
    'CEN attach (Enterprise: CreateTransitRouter + Vpc/VbrAttachment + association/propagation; Basic: AttachCenChildInstance)',
    {
      VpcId: input.vpcId,
      ZoneMappings: zoneMappingsOf(checked.vSwitches),
    },
  );
  run.plan('VPC CreateRouteEntry per IDC network', {
    RouteTableId: `${checked.vpcRouteTableId} (Enterprise) or the VBR's table (Basic)`,
    DestinationCidrBlocks: input.idcCidrs,
  });
  run.ctx.logger.info(
    `[dry run] then wait up to ${
      input.bgpTimeoutSeconds ?? 600
    } s for the BGP session with ${s.peerIpAddress} to be Established`,
  );
}

function outputDryRun(ctx: Ctx, input: Input) {
  ctx.output('vbrId', dryRunId(`vbr-${input.vlanId}`));
  ctx.output('bgpGroupId', dryRunId('bgp-group'));
  ctx.output('bgpPeerId', dryRunId('bgp-peer'));
  ctx.output('bgpStatus', 'dry-run');
  ctx.output('cenId', input.cenId ?? dryRunId('cen'));
  ctx.output('cenEdition', input.cenEdition ?? 'auto');
  ctx.output('routeEntryIds', []);
}

type Checked = Awaited<ReturnType<typeof precheck>>;

/** The VPC and the VBR in the CEN, with the edition the region (or input) has. */
async function attachToCen(
  run: ActionRun,
  where: AckOneWhere,
  input: Input,
  cenId: string,
  vbr: AckOneVbr,
  checked: Checked,
): Promise<CenResult> {
  const wanted = input.cenEdition ?? 'auto';
  const edition =
    wanted === 'auto' ? await detectEdition(run, where, cenId) : wanted;
  run.ctx.logger.info(
    `${where.region} uses the ${edition} Edition transit router`,
  );
  return edition === 'Enterprise'
    ? attachEnterprise(run, where, cenId, input.vpcId, checked.vSwitches, vbr)
    : attachBasic(run, where, cenId, input.vpcId, vbr.vbrId);
}

/** Enterprise: VPC routes to the VPC attachment; Basic: VBR routes to its interface. */
function addIdcRoutes(
  run: ActionRun,
  where: AckOneWhere,
  input: Input,
  cen: CenResult,
  vbr: AckOneVbr,
  checked: Checked,
) {
  return cen.edition === 'Enterprise'
    ? ensureRoutes(run, where, checked.vpcRouteTableId, input.idcCidrs, {
        type: 'Attachment',
        id: cen.vpcAttachmentId!,
      })
    : ensureRoutes(run, where, vbr.routeTableId!, input.idcCidrs, {
        type: 'RouterInterface',
        id: vbr.vlanInterfaceId!,
      });
}

function outputCen(ctx: Ctx, cen: CenResult) {
  ctx.output('cenId', cen.cenId);
  ctx.output('cenEdition', cen.edition);
  if (cen.transitRouterId) ctx.output('transitRouterId', cen.transitRouterId);
  if (cen.vpcAttachmentId) ctx.output('vpcAttachmentId', cen.vpcAttachmentId);
  if (cen.vbrAttachmentId) ctx.output('vbrAttachmentId', cen.vbrAttachmentId);
}

async function connectNetwork(run: ActionRun, ctx: Ctx) {
  const { input } = ctx;
  // before anything reaches the cloud
  checkNetworkInputs(input);
  const where = run.where(input);
  const authKey =
    ctx.secrets?.[input.authKeySecret ?? 'bgpAuthKey'] || undefined;
  const s = settingsOf(input, authKey);
  const checked = await run.step('check the inputs against the account', () =>
    precheck(run, where, input),
  );
  if (ctx.isDryRun) {
    planDryRun(run, where, input, s, checked);
    outputDryRun(ctx, input);
    return;
  }
  const vbr = await run.step('create the VBR', () => ensureVbr(run, where, s));
  const bgp = await run.step('create the BGP group and peer', () =>
    ensureBgp(run, where, vbr.vbrId, s),
  );
  const cenId = await run.step('create the CEN', () =>
    ensureCen(run, where, {
      cenId: input.cenId,
      name: input.cenName ?? `hybrid-${input.vpcId}`,
    }),
  );
  const cen = await run.step('attach the VPC and the VBR to the CEN', () =>
    attachToCen(run, where, input, cenId, vbr, checked),
  );
  const routeEntryIds = await run.step('add routes to the IDC networks', () =>
    addIdcRoutes(run, where, input, cen, vbr, checked),
  );
  const peer = await run.step('wait for the BGP session', () =>
    waitForBgpSession(
      run,
      where,
      bgp.bgpPeerId,
      s,
      input.bgpTimeoutSeconds ?? 600,
    ),
  );
  ctx.output('vbrId', vbr.vbrId);
  ctx.output('bgpGroupId', bgp.bgpGroupId);
  ctx.output('bgpPeerId', bgp.bgpPeerId);
  ctx.output('bgpStatus', peer.bgpStatus ?? '');
  outputCen(ctx, cen);
  ctx.output('routeEntryIds', routeEntryIds);
}

/**
 * `ack-one:network:connect`: the IDC joined to the VPC over Express
 * Connect: a VBR on the circuit, BGP with the IDC router, a CEN with the
 * VPC and the VBR, and routes to the IDC networks.
 */
export function createConnectNetworkAction(deps: AckOneActionDeps) {
  return createAckOneAction(deps, {
    id: CONNECT_NETWORK_ACTION_ID,
    description:
      'Connects an IDC to a VPC over an existing Express Connect circuit: VBR (VLAN, interconnect addresses), BGP group and peer, CEN with the VPC and the VBR (Enterprise transit router or Basic attachments), routes to the IDC networks; waits for BGP Established. Overlapping IDC/VPC/pod/service CIDRs are refused before any cloud call. Safe to re-run.',
    examples: [
      { description: 'Connect the IDC line to the VPC', example: EXAMPLE },
    ],
    input: inputSchema,
    output: outputSchema,
    run: connectNetwork,
  });
}
