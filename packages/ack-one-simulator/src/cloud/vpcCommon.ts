import { createHash } from 'crypto';
import type { CloudContext } from './context';
import { regionNotFound, vbrNotFound } from './errors';
import type { SimPhysicalConnection, SimVbr, SimVpc } from './model';
import { optString, reqString, Params } from './params';

/** A stable suffix derived from an id, for ids the simulator derives (vRouter, VBR route table). */
export function derivedSuffix(id: string, length = 17): string {
  return createHash('sha256').update(id).digest('hex').slice(0, length);
}

/** RegionId is required and must be one of the world's regions (404 InvalidRegionId.NotFound). */
export function requireRegion(ctx: CloudContext, params: Params): string {
  const regionId = reqString(params, 'RegionId');
  checkRegion(ctx, regionId);
  return regionId;
}

export function checkRegion(ctx: CloudContext, regionId: string) {
  if (!ctx.state.regions.includes(regionId)) {
    throw regionNotFound(regionId);
  }
}

/** The optional DryRun flag. */
export function isDryRun(params: Params): boolean {
  return optString(params, 'DryRun')?.toLowerCase() === 'true';
}

export function findVbr(
  ctx: CloudContext,
  vbrId: string,
  regionId: string,
): SimVbr {
  const vbr = ctx.state.vbrs.find(
    v => v.vbrId === vbrId && v.regionId === regionId,
  );
  if (!vbr) {
    throw vbrNotFound(vbrId);
  }
  return vbr;
}

export function physicalConnectionOf(
  ctx: CloudContext,
  vbr: SimVbr,
): SimPhysicalConnection | undefined {
  return ctx.state.physicalConnections.find(
    p => p.physicalConnectionId === vbr.physicalConnectionId,
  );
}

/** The id of a VBR's route table, as DescribeVirtualBorderRouters shows it. */
export function vbrRouteTableId(vbr: SimVbr): string {
  return `vtb-${vbr.vbrId.slice(4)}`;
}

/** The id of a VBR's VLAN interface (a router interface). */
export function vbrInterfaceId(vbr: SimVbr): string {
  return `ri-${vbr.vbrId.slice(4)}`;
}

export function vRouterIdOf(vpc: SimVpc): string {
  return `vrt-${derivedSuffix(`vrouter/${vpc.vpcId}`, 20)}`;
}

export function ownerId(ctx: CloudContext): number {
  return Number(ctx.state.accountId) || 0;
}

/** The CEN a VPC or VBR is attached to (either way), if any. */
export function cenOfInstance(
  ctx: CloudContext,
  instanceId: string,
): string | undefined {
  return (
    ctx.state.cens.find(c =>
      c.children.some(ch => ch.childInstanceId === instanceId),
    )?.cenId ??
    ctx.state.trAttachments.find(a => a.resourceId === instanceId)?.cenId
  );
}
