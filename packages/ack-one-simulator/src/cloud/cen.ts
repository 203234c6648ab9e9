import { CEN_ENTERPRISE_HANDLERS, resumeCenEnterprise } from './cenEnterprise';
import { ApiRequest, ApiResponse, CloudContext, Handler } from './context';
import {
  cenNotEmpty,
  childAlreadyAttached,
  childInstanceNotFound,
  childNotAttached,
  incorrectStatus,
  invalidParameter,
  wrongEdition,
} from './errors';
import { newCenId, rfc3339 } from './ids';
import { settleCreation, settleRemoval } from './lifecycle';
import { SimCen } from './model';
import { editionOf, findCen, requireActiveCen } from './cenCommon';
import {
  matchesFilters,
  optString,
  Params,
  reqString,
  rpcFilters,
} from './params';
import { rpcPaged } from './paging';
import { cenOfInstance, checkRegion, ownerId } from './vpcCommon';

const CHILD_TYPES = ['VPC', 'VBR', 'CCN'] as const;
type Child = SimCen['children'][number];

function startCenCreation(ctx: CloudContext, cen: SimCen) {
  const id = cen.cenId;
  settleCreation(ctx, {
    key: `cen:${id}`,
    kind: 'cen',
    list: () => ctx.state.cens,
    match: c => c.cenId === id,
    label: `CEN ${id}`,
    pending: 'Creating',
    ready: 'Active',
  });
}

function settleChild(ctx: CloudContext, cen: SimCen, child: Child) {
  const cenId = cen.cenId;
  const childId = child.childInstanceId;
  const opts = {
    key: `cen-child:${cenId}:${childId}`,
    kind: 'tr-attachment' as const,
    list: () => ctx.state.cens.find(c => c.cenId === cenId)?.children ?? [],
    match: (c: Child) => c.childInstanceId === childId,
    label: `CEN ${cenId} child ${childId}`,
  };
  if (child.status === 'Attaching') {
    settleCreation(ctx, { ...opts, pending: 'Attaching', ready: 'Attached' });
  } else if (child.status === 'Detaching') {
    settleRemoval(ctx, { ...opts, removing: 'Detaching' });
  }
}

function startCenDeletion(ctx: CloudContext, cen: SimCen) {
  const id = cen.cenId;
  settleRemoval(ctx, {
    key: `cen-delete:${id}`,
    kind: 'cen',
    list: () => ctx.state.cens,
    match: c => c.cenId === id,
    label: `CEN ${id}`,
    removing: 'Deleting',
    onGone: () => {
      // the transit routers (and their default route tables) go with the CEN
      const routers = ctx.state.transitRouters
        .filter(t => t.cenId === id)
        .map(t => t.transitRouterId);
      ctx.state.transitRouters = ctx.state.transitRouters.filter(
        t => t.cenId !== id,
      );
      ctx.state.trRouteTables = ctx.state.trRouteTables.filter(
        t => !routers.includes(t.transitRouterId),
      );
    },
  });
}

/** Restarts the CEN transitions that were mid-way when the state was saved. */
export function resumeCens(ctx: CloudContext) {
  for (const cen of ctx.state.cens) {
    if (cen.status === 'Creating') startCenCreation(ctx, cen);
    else if (cen.status === 'Deleting') startCenDeletion(ctx, cen);
    for (const child of cen.children) settleChild(ctx, cen, child);
  }
  resumeCenEnterprise(ctx);
}

function createCen(ctx: CloudContext, req: ApiRequest): ApiResponse {
  const p = req.params;
  const protection = optString(p, 'ProtectionLevel');
  if (protection && protection !== 'REDUCED') {
    throw invalidParameter('ProtectionLevel', 'only REDUCED is supported');
  }
  const cen: SimCen = {
    cenId: newCenId(),
    name: optString(p, 'Name'),
    description: optString(p, 'Description'),
    status: 'Creating',
    creationTime: rfc3339(),
    children: [],
    failure: ctx.takeCreationFailure('cen'),
  };
  ctx.state.cens.push(cen);
  ctx.logger.info(`CreateCen ${cen.cenId}`);
  startCenCreation(ctx, cen);
  return { body: { CenId: cen.cenId, RequestId: req.requestId } };
}

function describeCens(ctx: CloudContext, req: ApiRequest): ApiResponse {
  const p = req.params;
  const filters = rpcFilters(p);
  const matches = ctx.state.cens.filter(c =>
    matchesFilters(filters, { CenId: c.cenId, Name: c.name, Status: c.status }),
  );
  return rpcPaged(req, matches, cenView, rows => ({ Cens: { Cen: rows } }));
}

function cenView(c: SimCen) {
  return {
    CenId: c.cenId,
    Name: c.name ?? '',
    Description: c.description ?? '',
    Status: c.status,
    CreationTime: c.creationTime,
    ProtectionLevel: 'REDUCED',
    Ipv6Level: 'DISABLED',
    ResourceGroupId: '',
    CenBandwidthPackageIds: { CenBandwidthPackageId: [] },
    Tags: { Tag: [] },
  };
}

/** CenId, ChildInstanceId/RegionId/Type: the parameters of Attach and Detach. */
function childParams(ctx: CloudContext, p: Params, action: string) {
  const cen = requireActiveCen(ctx, reqString(p, 'CenId'));
  const childId = reqString(p, 'ChildInstanceId');
  const region = reqString(p, 'ChildInstanceRegionId');
  const type = reqString(p, 'ChildInstanceType');
  if (!(CHILD_TYPES as readonly string[]).includes(type)) {
    throw invalidParameter('ChildInstanceType', 'must be VPC, VBR or CCN');
  }
  checkRegion(ctx, region);
  if (type !== 'CCN' && editionOf(ctx, region) === 'Enterprise') {
    throw wrongEdition(
      action,
      region,
      'Enterprise',
      `use CreateTransitRouter${
        type === 'VPC' ? 'Vpc' : 'Vbr'
      }Attachment / DeleteTransitRouter${
        type === 'VPC' ? 'Vpc' : 'Vbr'
      }Attachment`,
    );
  }
  return { cen, childId, region, type: type as Child['childInstanceType'] };
}

function attachCenChildInstance(
  ctx: CloudContext,
  req: ApiRequest,
): ApiResponse {
  const { cen, childId, region, type } = childParams(
    ctx,
    req.params,
    'AttachCenChildInstance',
  );
  const exists =
    type === 'CCN' ||
    (type === 'VPC'
      ? ctx.state.vpcs.some(v => v.vpcId === childId && v.regionId === region)
      : ctx.state.vbrs.some(v => v.vbrId === childId && v.regionId === region));
  if (!exists) {
    throw childInstanceNotFound(childId, region);
  }
  const attachedTo = cenOfInstance(ctx, childId);
  if (attachedTo) {
    throw childAlreadyAttached(childId, attachedTo);
  }
  const child: Child = {
    childInstanceId: childId,
    childInstanceType: type,
    childInstanceRegionId: region,
    status: 'Attaching',
    attachTime: rfc3339(),
  };
  cen.children.push(child);
  ctx.logger.info(`AttachCenChildInstance ${cen.cenId} += ${type} ${childId}`);
  settleChild(ctx, cen, child);
  return { body: { RequestId: req.requestId } };
}

/** DetachCenChildInstance (Basic Edition only, documented): Detaching, then gone. */
function detachCenChildInstance(
  ctx: CloudContext,
  req: ApiRequest,
): ApiResponse {
  const { cen, childId } = childParams(
    ctx,
    req.params,
    'DetachCenChildInstance',
  );
  const child = cen.children.find(c => c.childInstanceId === childId);
  if (!child) {
    throw childNotAttached(childId, cen.cenId);
  }
  if (child.status !== 'Attached') {
    throw incorrectStatus('ChildInstance', childId, child.status);
  }
  child.status = 'Detaching';
  ctx.logger.info(`DetachCenChildInstance ${cen.cenId} -= ${childId}`);
  settleChild(ctx, cen, child);
  return { body: { RequestId: req.requestId } };
}

/**
 * DeleteCen: nothing attached and no custom transit router route table
 * (documented prerequisites); Deleting, then gone with its transit routers.
 */
function deleteCen(ctx: CloudContext, req: ApiRequest): ApiResponse {
  const cen = requireActiveCen(ctx, reqString(req.params, 'CenId'));
  const id = cen.cenId;
  const routers = ctx.state.transitRouters
    .filter(t => t.cenId === id)
    .map(t => t.transitRouterId);
  if (cen.children.length) {
    throw cenNotEmpty(id, 'attached network instances');
  }
  if (ctx.state.trAttachments.some(a => a.cenId === id)) {
    throw cenNotEmpty(id, 'transit router attachments');
  }
  if (
    ctx.state.trRouteTables.some(
      t => t.type === 'Custom' && routers.includes(t.transitRouterId),
    )
  ) {
    throw cenNotEmpty(id, 'custom transit router route tables');
  }
  cen.status = 'Deleting';
  ctx.logger.info(`DeleteCen ${id} -> Deleting`);
  startCenDeletion(ctx, cen);
  return { body: { RequestId: req.requestId } };
}

function describeCenAttachedChildInstances(
  ctx: CloudContext,
  req: ApiRequest,
): ApiResponse {
  const p = req.params;
  const cen = findCen(ctx, reqString(p, 'CenId'));
  const region = optString(p, 'ChildInstanceRegionId');
  const type = optString(p, 'ChildInstanceType');
  const matches = cen.children.filter(
    c =>
      (!region || c.childInstanceRegionId === region) &&
      (!type || c.childInstanceType === type),
  );
  const view = (c: (typeof matches)[number]) => ({
    CenId: cen.cenId,
    ChildInstanceId: c.childInstanceId,
    ChildInstanceType: c.childInstanceType,
    ChildInstanceRegionId: c.childInstanceRegionId,
    ChildInstanceOwnerId: ownerId(ctx),
    ChildInstanceName:
      c.childInstanceType === 'VBR'
        ? ctx.state.vbrs.find(v => v.vbrId === c.childInstanceId)?.name ?? ''
        : '',
    ChildInstanceAttachTime: c.attachTime ?? cen.creationTime,
    Status: c.status,
    Ipv6StatusInCen: 'DISABLED',
  });
  return rpcPaged(req, matches, view, rows => ({
    ChildInstances: { ChildInstance: rows },
  }));
}

export const CEN_HANDLERS: Record<string, Handler> = {
  CreateCen: createCen,
  DescribeCens: describeCens,
  DeleteCen: deleteCen,
  AttachCenChildInstance: attachCenChildInstance,
  DetachCenChildInstance: detachCenChildInstance,
  DescribeCenAttachedChildInstances: describeCenAttachedChildInstances,
  ...CEN_ENTERPRISE_HANDLERS,
};
