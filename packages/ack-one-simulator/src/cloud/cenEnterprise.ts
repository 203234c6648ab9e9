import {
  editionOf,
  findAttachment,
  requireActiveCen,
  requireActiveRouter,
} from './cenCommon';
import {
  CEN_ROUTE_TABLE_HANDLERS,
  resumeTrRouteTables,
} from './cenRouteTables';
import { attachmentView, routerView } from './cenViews';
import { ApiRequest, ApiResponse, CloudContext } from './context';
import {
  attachmentReferencedByRoute,
  attachmentStillAssociated,
  attachmentStillPropagating,
  childAlreadyAttached,
  dependencyViolation,
  dryRunPassed,
  incorrectStatus,
  invalidParameter,
  missingParameter,
  transitRouterExists,
  vbrNotFound,
  wrongEdition,
} from './errors';
import {
  newTransitRouterId,
  newTrAttachmentId,
  newTrRouteTableId,
  rfc3339,
} from './ids';
import { settleCreation, settleRemoval } from './lifecycle';
import { SimTransitRouter, SimTrAttachment } from './model';
import { optBool, optString, Params, repeatList, reqString } from './params';
import { rpcPaged, tokenPaged } from './paging';
import { cenOfInstance, isDryRun, requireRegion } from './vpcCommon';

/*
 * Enterprise Edition CEN: transit routers and their VPC and VBR attachments.
 * Route tables, associations and propagations are in cenRouteTables.ts.
 */

function requireEnterprise(ctx: CloudContext, action: string, region: string) {
  if (editionOf(ctx, region) !== 'Enterprise') {
    throw wrongEdition(
      action,
      region,
      'Basic',
      'attach network instances with AttachCenChildInstance',
    );
  }
}

function newRouter(
  ctx: CloudContext,
  cenId: string,
  regionId: string,
  p: Params,
) {
  const tr: SimTransitRouter = {
    transitRouterId: newTransitRouterId(),
    cenId,
    regionId,
    type: 'Enterprise',
    name: optString(p, 'TransitRouterName'),
    description: optString(p, 'TransitRouterDescription'),
    status: 'Creating',
    creationTime: rfc3339(),
  };
  ctx.state.transitRouters.push(tr);
  return tr;
}

/** A transit router that became Active gets its default (System) route table. */
function addSystemTable(ctx: CloudContext, tr: SimTransitRouter) {
  ctx.state.trRouteTables.push({
    transitRouterRouteTableId: newTrRouteTableId(),
    transitRouterId: tr.transitRouterId,
    regionId: tr.regionId,
    type: 'System',
    status: 'Active',
    creationTime: rfc3339(),
  });
}

function startRouterCreation(ctx: CloudContext, tr: SimTransitRouter) {
  const id = tr.transitRouterId;
  settleCreation(ctx, {
    key: `tr:${id}`,
    kind: 'transit-router',
    list: () => ctx.state.transitRouters,
    match: t => t.transitRouterId === id,
    label: `transit router ${id}`,
    pending: 'Creating',
    ready: 'Active',
    onReady: current => addSystemTable(ctx, current),
  });
}

/** CreateTransitRouter (documented: one per region and CEN; Creating -> Active). */
function createTransitRouter(ctx: CloudContext, req: ApiRequest): ApiResponse {
  const p = req.params;
  const cen = requireActiveCen(ctx, reqString(p, 'CenId'));
  const regionId = requireRegion(ctx, p);
  requireEnterprise(ctx, 'CreateTransitRouter', regionId);
  const existing = ctx.state.transitRouters.find(
    t => t.cenId === cen.cenId && t.regionId === regionId,
  );
  if (existing) {
    throw transitRouterExists(cen.cenId, regionId, existing.transitRouterId);
  }
  optBool(p, 'SupportMulticast');
  if (isDryRun(p)) throw dryRunPassed();
  const tr = newRouter(ctx, cen.cenId, regionId, p);
  tr.failure = ctx.takeCreationFailure('transit-router');
  ctx.logger.info(`CreateTransitRouter ${tr.transitRouterId} in ${regionId}`);
  startRouterCreation(ctx, tr);
  return {
    body: { TransitRouterId: tr.transitRouterId, RequestId: req.requestId },
  };
}

/**
 * The transit router an attachment goes to: TransitRouterId, or the CEN's
 * router in the region. With only CenId and no router yet the service
 * creates one (documented); the simulator creates it Active at once.
 */
function routerFor(
  ctx: CloudContext,
  p: Params,
  regionId: string,
  action: string,
) {
  requireEnterprise(ctx, action, regionId);
  const trId = optString(p, 'TransitRouterId');
  if (trId) {
    const tr = requireActiveRouter(ctx, trId);
    if (tr.regionId !== regionId) {
      throw invalidParameter(
        'TransitRouterId',
        `${trId} is not in ${regionId}`,
      );
    }
    return tr;
  }
  const cenId = optString(p, 'CenId');
  if (!cenId) throw missingParameter('TransitRouterId');
  const cen = requireActiveCen(ctx, cenId);
  const tr = ctx.state.transitRouters.find(
    t => t.cenId === cen.cenId && t.regionId === regionId,
  );
  if (tr) return requireActiveRouter(ctx, tr.transitRouterId);
  const created = newRouter(ctx, cen.cenId, regionId, {});
  created.status = 'Active';
  addSystemTable(ctx, created);
  return created;
}

function zoneMappings(
  ctx: CloudContext,
  p: Params,
  vpcId: string,
  regionId: string,
) {
  const vpc = ctx.state.vpcs.find(
    v => v.vpcId === vpcId && v.regionId === regionId,
  );
  if (!vpc) {
    throw invalidParameter('VpcId', `vpc ${vpcId} not found in ${regionId}`);
  }
  const mappings = repeatList(p, 'ZoneMappings').map(m => ({
    vSwitchId: m.VSwitchId ?? '',
    zoneId: m.ZoneId ?? '',
  }));
  if (!mappings.length) throw missingParameter('ZoneMappings.1.VSwitchId');
  for (const m of mappings) {
    const vsw = vpc.vSwitches.find(v => v.vSwitchId === m.vSwitchId);
    if (!vsw || vsw.zoneId !== m.zoneId) {
      throw invalidParameter(
        'ZoneMappings',
        `vSwitch ${m.vSwitchId || '(none)'} in zone ${
          m.zoneId || '(none)'
        } is not a vSwitch of ${vpcId}`,
      );
    }
  }
  return mappings;
}

function newAttachment(
  ctx: CloudContext,
  req: ApiRequest,
  resource: Pick<
    SimTrAttachment,
    'resourceType' | 'resourceId' | 'zoneMappings'
  >,
): ApiResponse {
  const p = req.params;
  const regionId = requireRegion(ctx, p);
  const action = req.action;
  // one CEN per network instance: documented for AttachCenChildInstance;
  // UNVERIFIED for transit router attachments (the same 409 is assumed)
  const attachedTo = cenOfInstance(ctx, resource.resourceId);
  if (attachedTo) throw childAlreadyAttached(resource.resourceId, attachedTo);
  const tr = routerFor(ctx, p, regionId, action);
  if (isDryRun(p)) throw dryRunPassed();
  const a: SimTrAttachment = {
    transitRouterAttachmentId: newTrAttachmentId(),
    transitRouterId: tr.transitRouterId,
    cenId: tr.cenId,
    regionId,
    ...resource,
    name: optString(p, 'TransitRouterAttachmentName'),
    description: optString(p, 'TransitRouterAttachmentDescription'),
    autoPublishRouteEnabled: optBool(p, 'AutoPublishRouteEnabled') ?? false,
    status: 'Attaching',
    creationTime: rfc3339(),
    failure: ctx.takeCreationFailure('tr-attachment'),
  };
  ctx.state.trAttachments.push(a);
  ctx.logger.info(
    `${action} ${a.transitRouterAttachmentId}: ${a.resourceId} -> ${tr.transitRouterId}`,
  );
  settleAttachment(ctx, a);
  return {
    body: {
      TransitRouterAttachmentId: a.transitRouterAttachmentId,
      RequestId: req.requestId,
    },
  };
}

function settleAttachment(ctx: CloudContext, a: SimTrAttachment) {
  const id = a.transitRouterAttachmentId;
  const opts = {
    key: `tr-attach:${id}`,
    kind: 'tr-attachment' as const,
    list: () => ctx.state.trAttachments,
    match: (x: SimTrAttachment) => x.transitRouterAttachmentId === id,
    label: `attachment ${id}`,
  };
  if (a.status === 'Attaching') {
    settleCreation(ctx, { ...opts, pending: 'Attaching', ready: 'Attached' });
  } else if (a.status === 'Detaching') {
    settleRemoval(ctx, { ...opts, removing: 'Detaching' });
  }
}

function createTransitRouterVpcAttachment(
  ctx: CloudContext,
  req: ApiRequest,
): ApiResponse {
  const p = req.params;
  const vpcId = reqString(p, 'VpcId');
  const regionId = requireRegion(ctx, p);
  return newAttachment(ctx, req, {
    resourceType: 'VPC',
    resourceId: vpcId,
    zoneMappings: zoneMappings(ctx, p, vpcId, regionId),
  });
}

function createTransitRouterVbrAttachment(
  ctx: CloudContext,
  req: ApiRequest,
): ApiResponse {
  const p = req.params;
  const vbrId = reqString(p, 'VbrId');
  const regionId = requireRegion(ctx, p);
  const vbr = ctx.state.vbrs.find(
    v => v.vbrId === vbrId && v.regionId === regionId,
  );
  if (!vbr) throw vbrNotFound(vbrId);
  if (vbr.status !== 'active') throw incorrectStatus('Vbr', vbrId, vbr.status);
  return newAttachment(ctx, req, {
    resourceType: 'VBR',
    resourceId: vbrId,
    zoneMappings: [],
  });
}

/**
 * Deleting an attachment: it must be Attached, without association,
 * propagation or VPC route pointing to it (documented prerequisites);
 * Force removes its association and propagations first. Detaching, then gone.
 */
function deleteAttachment(
  ctx: CloudContext,
  req: ApiRequest,
  type: 'VPC' | 'VBR',
) {
  const p = req.params;
  const a = findAttachment(ctx, reqString(p, 'TransitRouterAttachmentId'));
  const id = a.transitRouterAttachmentId;
  if (a.resourceType !== type) {
    throw invalidParameter(
      'TransitRouterAttachmentId',
      `${id} is a ${a.resourceType} attachment`,
    );
  }
  if (a.status !== 'Attached')
    throw incorrectStatus('Attachment', id, a.status);
  const mine = (l: { transitRouterAttachmentId: string }) =>
    l.transitRouterAttachmentId === id;
  if (optBool(p, 'Force')) {
    ctx.state.trAssociations = ctx.state.trAssociations.filter(l => !mine(l));
    ctx.state.trPropagations = ctx.state.trPropagations.filter(l => !mine(l));
  }
  if (ctx.state.trAssociations.some(mine)) throw attachmentStillAssociated(id);
  if (ctx.state.trPropagations.some(mine)) throw attachmentStillPropagating(id);
  if (ctx.state.routeEntries.some(r => r.nextHopId === id)) {
    throw attachmentReferencedByRoute(id);
  }
  if (isDryRun(p)) throw dryRunPassed();
  a.status = 'Detaching';
  ctx.logger.info(`${req.action} ${id} -> Detaching`);
  settleAttachment(ctx, a);
  return { body: { RequestId: req.requestId } };
}

/** DeleteTransitRouter: no attachment and no custom route table (documented); Deleting, then gone. */
function deleteTransitRouter(ctx: CloudContext, req: ApiRequest): ApiResponse {
  const p = req.params;
  const tr = requireActiveRouter(ctx, reqString(p, 'TransitRouterId'));
  const id = tr.transitRouterId;
  if (ctx.state.trAttachments.some(a => a.transitRouterId === id)) {
    throw dependencyViolation(
      'TransitRouter',
      id,
      'network instance attachments',
    );
  }
  if (
    ctx.state.trRouteTables.some(
      t => t.transitRouterId === id && t.type === 'Custom',
    )
  ) {
    throw dependencyViolation('TransitRouter', id, 'custom route tables');
  }
  if (isDryRun(p)) throw dryRunPassed();
  tr.status = 'Deleting';
  ctx.logger.info(`DeleteTransitRouter ${id} -> Deleting`);
  startRouterDeletion(ctx, tr);
  return { body: { RequestId: req.requestId } };
}

function startRouterDeletion(ctx: CloudContext, tr: SimTransitRouter) {
  const id = tr.transitRouterId;
  settleRemoval(ctx, {
    key: `tr-delete:${id}`,
    kind: 'transit-router',
    list: () => ctx.state.transitRouters,
    match: t => t.transitRouterId === id,
    label: `transit router ${id}`,
    removing: 'Deleting',
    onGone: () => {
      ctx.state.trRouteTables = ctx.state.trRouteTables.filter(
        t => t.transitRouterId !== id,
      );
    },
  });
}

/** PageNumber/PageSize (documented); the 50 maximum of the VPC calls is assumed (UNVERIFIED). */
function listTransitRouters(ctx: CloudContext, req: ApiRequest): ApiResponse {
  const p = req.params;
  const f = {
    cen: optString(p, 'CenId'),
    region: optString(p, 'RegionId'),
    id: optString(p, 'TransitRouterId'),
    name: optString(p, 'TransitRouterName'),
    status: optString(p, 'Status'),
    type: optString(p, 'Type'),
  };
  const matches = ctx.state.transitRouters.filter(
    t =>
      (!f.cen || t.cenId === f.cen) &&
      (!f.region || t.regionId === f.region) &&
      (!f.id || t.transitRouterId === f.id) &&
      (!f.name || t.name === f.name) &&
      (!f.status || t.status === f.status) &&
      (!f.type || t.type === f.type),
  );
  return rpcPaged(
    req,
    matches,
    t => routerView(ctx, t),
    rows => ({ TransitRouters: rows }),
  );
}

/**
 * ListTransitRouterVpcAttachments / ListTransitRouterVbrAttachments: NextToken
 * + MaxResults (20 by default, documented; the maximum of 100 is UNVERIFIED).
 */
function listAttachments(
  ctx: CloudContext,
  req: ApiRequest,
  type: 'VPC' | 'VBR',
) {
  const p = req.params;
  const f = {
    cen: optString(p, 'CenId'),
    region: optString(p, 'RegionId'),
    tr: optString(p, 'TransitRouterId'),
    id: optString(p, 'TransitRouterAttachmentId'),
    vpc: optString(p, 'VpcId'),
    status: optString(p, 'Status'),
  };
  const matches = ctx.state.trAttachments.filter(
    a =>
      a.resourceType === type &&
      (!f.cen || a.cenId === f.cen) &&
      (!f.region || a.regionId === f.region) &&
      (!f.tr || a.transitRouterId === f.tr) &&
      (!f.id || a.transitRouterAttachmentId === f.id) &&
      (!f.vpc || a.resourceId === f.vpc) &&
      (!f.status || a.status === f.status),
  );
  return tokenPaged(req, matches, 'TransitRouterAttachments', a =>
    attachmentView(ctx, a),
  );
}

export function resumeCenEnterprise(ctx: CloudContext) {
  for (const tr of ctx.state.transitRouters) {
    if (tr.status === 'Creating') startRouterCreation(ctx, tr);
    else if (tr.status === 'Deleting') startRouterDeletion(ctx, tr);
  }
  for (const a of ctx.state.trAttachments) settleAttachment(ctx, a);
  resumeTrRouteTables(ctx);
}

export const CEN_ENTERPRISE_HANDLERS = {
  CreateTransitRouter: createTransitRouter,
  DeleteTransitRouter: deleteTransitRouter,
  ListTransitRouters: listTransitRouters,
  CreateTransitRouterVpcAttachment: createTransitRouterVpcAttachment,
  DeleteTransitRouterVpcAttachment: (ctx: CloudContext, req: ApiRequest) =>
    deleteAttachment(ctx, req, 'VPC'),
  ListTransitRouterVpcAttachments: (ctx: CloudContext, req: ApiRequest) =>
    listAttachments(ctx, req, 'VPC'),
  CreateTransitRouterVbrAttachment: createTransitRouterVbrAttachment,
  DeleteTransitRouterVbrAttachment: (ctx: CloudContext, req: ApiRequest) =>
    deleteAttachment(ctx, req, 'VBR'),
  ListTransitRouterVbrAttachments: (ctx: CloudContext, req: ApiRequest) =>
    listAttachments(ctx, req, 'VBR'),
  ...CEN_ROUTE_TABLE_HANDLERS,
};
