import { ApiRequest, ApiResponse, CloudContext } from './context';
import { ApiError, invalidParameter } from './errors';
import { isCidr, optString, reqString } from './params';
import { rpcPaged } from './paging';
import { findVbr, requireRegion } from './vpcCommon';

function addBgpNetwork(ctx: CloudContext, req: ApiRequest): ApiResponse {
  const p = req.params;
  const dst = reqString(p, 'DstCidrBlock');
  const regionId = requireRegion(ctx, p);
  const routerId = reqString(p, 'RouterId');
  if (!isCidr(dst)) {
    throw invalidParameter('DstCidrBlock', 'not a CIDR block');
  }
  findVbr(ctx, routerId, regionId);
  if (
    ctx.state.bgpNetworks.some(
      n => n.routerId === routerId && n.dstCidrBlock === dst,
    )
  ) {
    // UNVERIFIED: the documentation could not confirm this error code
    throw new ApiError(
      400,
      'InvalidDstCidrBlock.Duplicate',
      `The BGP network ${dst} already exists on ${routerId}.`,
    );
  }
  ctx.state.bgpNetworks.push({
    regionId,
    routerId,
    dstCidrBlock: dst,
    vpcId: optString(p, 'VpcId'),
  });
  ctx.logger.info(`AddBgpNetwork ${dst} on ${routerId}`);
  return { body: { RequestId: req.requestId } };
}

function describeBgpNetworks(ctx: CloudContext, req: ApiRequest): ApiResponse {
  const p = req.params;
  const regionId = requireRegion(ctx, p);
  const routerId = optString(p, 'RouterId');
  const matches = ctx.state.bgpNetworks.filter(
    n => n.regionId === regionId && (!routerId || n.routerId === routerId),
  );
  const view = (n: (typeof matches)[number]) => ({
    DstCidrBlock: n.dstCidrBlock,
    RouterId: n.routerId,
    VpcId: n.vpcId ?? '',
    Status: 'Available',
  });
  return rpcPaged(req, matches, view, rows => ({
    BgpNetworks: { BgpNetwork: rows },
  }));
}

/** DeleteBgpNetwork: the advertised network disappears at once (approximation). */
function deleteBgpNetwork(ctx: CloudContext, req: ApiRequest): ApiResponse {
  const p = req.params;
  const dst = reqString(p, 'DstCidrBlock');
  const regionId = requireRegion(ctx, p);
  const routerId = reqString(p, 'RouterId');
  findVbr(ctx, routerId, regionId);
  const idx = ctx.state.bgpNetworks.findIndex(
    n => n.routerId === routerId && n.dstCidrBlock === dst,
  );
  if (idx < 0) {
    // UNVERIFIED: the documentation could not confirm this error code
    throw new ApiError(
      404,
      'InvalidDstCidrBlock.NotFound',
      `The BGP network ${dst} does not exist on ${routerId}.`,
    );
  }
  ctx.state.bgpNetworks.splice(idx, 1);
  ctx.logger.info(`DeleteBgpNetwork ${dst} on ${routerId}`);
  return { body: { RequestId: req.requestId } };
}

export const BGP_NETWORK_HANDLERS = {
  AddBgpNetwork: addBgpNetwork,
  DescribeBgpNetworks: describeBgpNetworks,
  DeleteBgpNetwork: deleteBgpNetwork,
};
