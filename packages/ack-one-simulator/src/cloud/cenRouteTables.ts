import {
  findAttachment,
  findTrRouteTable,
  requireActiveRouter,
} from './cenCommon';
import { linkView, routeTableView } from './cenViews';
import { ApiRequest, ApiResponse, CloudContext } from './context';
import {
  associationExists,
  dependencyViolation,
  dryRunPassed,
  incorrectStatus,
  invalidParameter,
  linkNotFound,
  propagationExists,
} from './errors';
import { newTrRouteTableId, rfc3339 } from './ids';
import { settleCreation, settleRemoval } from './lifecycle';
import { SimTrRouteTable, SimTrTableLink } from './model';
import { optString, Params, reqString } from './params';
import { tokenPaged } from './paging';
import { isDryRun } from './vpcCommon';

/*
 * Enterprise Edition transit router route tables, associations (forwarding)
 * and propagations (route learning).
 */

type LinkKind = 'association' | 'propagation';

const LINK = {
  association: {
    collection: 'trAssociations',
    pending: 'Associating',
    removing: 'Dissociating',
    label: 'Association',
  },
  propagation: {
    collection: 'trPropagations',
    pending: 'Enabling',
    removing: 'Disabling',
    label: 'Propagation',
  },
} as const;

const links = (ctx: CloudContext, kind: LinkKind): SimTrTableLink[] =>
  ctx.state[LINK[kind].collection];

function settleTable(ctx: CloudContext, t: SimTrRouteTable) {
  const id = t.transitRouterRouteTableId;
  const opts = {
    key: `tr-table:${id}`,
    kind: 'tr-route-table' as const,
    list: () => ctx.state.trRouteTables,
    match: (x: SimTrRouteTable) => x.transitRouterRouteTableId === id,
    label: `transit router route table ${id}`,
  };
  if (t.status === 'Creating') {
    settleCreation(ctx, { ...opts, pending: 'Creating', ready: 'Active' });
  } else if (t.status === 'Deleting') {
    settleRemoval(ctx, { ...opts, removing: 'Deleting' });
  }
}

function settleLink(ctx: CloudContext, kind: LinkKind, l: SimTrTableLink) {
  const spec = LINK[kind];
  const key = `${l.transitRouterAttachmentId}/${l.transitRouterRouteTableId}`;
  const opts = {
    key: `tr-${kind}:${key}`,
    kind: 'tr-association' as const,
    list: () => links(ctx, kind),
    match: (x: SimTrTableLink) =>
      x.transitRouterAttachmentId === l.transitRouterAttachmentId &&
      x.transitRouterRouteTableId === l.transitRouterRouteTableId,
    label: `${kind} ${key}`,
  };
  if (l.status === spec.pending) {
    settleCreation(ctx, { ...opts, pending: spec.pending, ready: 'Active' });
  } else if (l.status === spec.removing) {
    settleRemoval(ctx, { ...opts, removing: spec.removing });
  }
}

export function resumeTrRouteTables(ctx: CloudContext) {
  for (const t of ctx.state.trRouteTables) settleTable(ctx, t);
  for (const kind of ['association', 'propagation'] as const) {
    for (const l of links(ctx, kind)) settleLink(ctx, kind, l);
  }
}

/** CreateTransitRouterRouteTable: a custom table of an Active transit router; Creating -> Active. */
function createTransitRouterRouteTable(
  ctx: CloudContext,
  req: ApiRequest,
): ApiResponse {
  const p = req.params;
  const tr = requireActiveRouter(ctx, reqString(p, 'TransitRouterId'));
  if (isDryRun(p)) throw dryRunPassed();
  const t: SimTrRouteTable = {
    transitRouterRouteTableId: newTrRouteTableId(),
    transitRouterId: tr.transitRouterId,
    regionId: tr.regionId,
    type: 'Custom',
    name: optString(p, 'TransitRouterRouteTableName'),
    description: optString(p, 'TransitRouterRouteTableDescription'),
    status: 'Creating',
    creationTime: rfc3339(),
    failure: ctx.takeCreationFailure('tr-route-table'),
  };
  ctx.state.trRouteTables.push(t);
  ctx.logger.info(
    `CreateTransitRouterRouteTable ${t.transitRouterRouteTableId} on ${tr.transitRouterId}`,
  );
  settleTable(ctx, t);
  return {
    body: {
      TransitRouterRouteTableId: t.transitRouterRouteTableId,
      RequestId: req.requestId,
    },
  };
}

/**
 * DeleteTransitRouterRouteTable: not the default table (documented), without
 * associations or propagations (UNVERIFIED: the simulator's rule and code; the documentation could not confirm them).
 */
function deleteTransitRouterRouteTable(
  ctx: CloudContext,
  req: ApiRequest,
): ApiResponse {
  const p = req.params;
  const t = findTrRouteTable(ctx, reqString(p, 'TransitRouterRouteTableId'));
  const id = t.transitRouterRouteTableId;
  if (t.type === 'System') {
    throw invalidParameter(
      'TransitRouterRouteTableId',
      `${id} is the transit router's default route table, which cannot be deleted`,
    );
  }
  if (t.status !== 'Active') throw incorrectStatus('RouteTable', id, t.status);
  const uses = (l: SimTrTableLink) => l.transitRouterRouteTableId === id;
  if (
    ctx.state.trAssociations.some(uses) ||
    ctx.state.trPropagations.some(uses)
  ) {
    throw dependencyViolation(
      'TransitRouterRouteTable',
      id,
      'associations or propagations',
    );
  }
  if (isDryRun(p)) throw dryRunPassed();
  t.status = 'Deleting';
  ctx.logger.info(`DeleteTransitRouterRouteTable ${id} -> Deleting`);
  settleTable(ctx, t);
  return { body: { RequestId: req.requestId } };
}

/** The attachment (Attached) and the route table (Active) of one transit router. */
function linkTargets(ctx: CloudContext, p: Params) {
  const a = findAttachment(ctx, reqString(p, 'TransitRouterAttachmentId'));
  const t = findTrRouteTable(ctx, reqString(p, 'TransitRouterRouteTableId'));
  if (a.status !== 'Attached') {
    throw incorrectStatus('Attachment', a.transitRouterAttachmentId, a.status);
  }
  if (t.status !== 'Active') {
    throw incorrectStatus('RouteTable', t.transitRouterRouteTableId, t.status);
  }
  if (a.transitRouterId !== t.transitRouterId) {
    throw invalidParameter(
      'TransitRouterRouteTableId',
      `${t.transitRouterRouteTableId} belongs to ${t.transitRouterId}, the attachment to ${a.transitRouterId}`,
    );
  }
  return { a, t };
}

/** Associate / EnableTransitRouterRouteTablePropagation: Associating or Enabling, then Active. */
function addLink(
  ctx: CloudContext,
  req: ApiRequest,
  kind: LinkKind,
): ApiResponse {
  const { a, t } = linkTargets(ctx, req.params);
  const attachmentId = a.transitRouterAttachmentId;
  const tableId = t.transitRouterRouteTableId;
  const list = links(ctx, kind);
  if (kind === 'association') {
    // documented: an attachment is associated with one route table only
    const current = list.find(
      l => l.transitRouterAttachmentId === attachmentId,
    );
    if (current)
      throw associationExists(attachmentId, current.transitRouterRouteTableId);
  } else if (
    list.some(
      l =>
        l.transitRouterAttachmentId === attachmentId &&
        l.transitRouterRouteTableId === tableId,
    )
  ) {
    throw propagationExists(attachmentId, tableId);
  }
  if (isDryRun(req.params)) throw dryRunPassed();
  const link: SimTrTableLink = {
    transitRouterAttachmentId: attachmentId,
    transitRouterRouteTableId: tableId,
    status: LINK[kind].pending,
  };
  list.push(link);
  ctx.logger.info(`${req.action} ${attachmentId} -> ${tableId}`);
  settleLink(ctx, kind, link);
  return { body: { RequestId: req.requestId } };
}

/** Dissociate / DisableTransitRouterRouteTablePropagation: Dissociating or Disabling, then gone. */
function removeLink(
  ctx: CloudContext,
  req: ApiRequest,
  kind: LinkKind,
): ApiResponse {
  const p = req.params;
  const attachmentId = reqString(p, 'TransitRouterAttachmentId');
  const tableId = reqString(p, 'TransitRouterRouteTableId');
  const link = links(ctx, kind).find(
    l =>
      l.transitRouterAttachmentId === attachmentId &&
      l.transitRouterRouteTableId === tableId,
  );
  if (!link) throw linkNotFound(LINK[kind].label, attachmentId, tableId);
  if (link.status !== 'Active') {
    throw incorrectStatus(
      LINK[kind].label,
      `${attachmentId}/${tableId}`,
      link.status,
    );
  }
  if (isDryRun(p)) throw dryRunPassed();
  link.status = LINK[kind].removing;
  ctx.logger.info(`${req.action} ${attachmentId} -/-> ${tableId}`);
  settleLink(ctx, kind, link);
  return { body: { RequestId: req.requestId } };
}

function listRouteTables(ctx: CloudContext, req: ApiRequest): ApiResponse {
  const p = req.params;
  const tr = optString(p, 'TransitRouterId');
  const idValues = Object.entries(p)
    .filter(([k]) => /^TransitRouterRouteTableIds\.\d+$/.test(k))
    .map(([, v]) => v);
  const names = Object.entries(p)
    .filter(([k]) => /^TransitRouterRouteTableNames\.\d+$/.test(k))
    .map(([, v]) => v);
  const status = optString(p, 'TransitRouterRouteTableStatus');
  const type = optString(p, 'TransitRouterRouteTableType');
  const matches = ctx.state.trRouteTables.filter(
    t =>
      (!tr || t.transitRouterId === tr) &&
      (!idValues.length || idValues.includes(t.transitRouterRouteTableId)) &&
      (!names.length || names.includes(t.name ?? '')) &&
      (!status || t.status === status) &&
      (!type || t.type === type),
  );
  return tokenPaged(req, matches, 'TransitRouterRouteTables', routeTableView);
}

function listLinks(
  ctx: CloudContext,
  req: ApiRequest,
  kind: LinkKind,
): ApiResponse {
  const p = req.params;
  const tableId = reqString(p, 'TransitRouterRouteTableId');
  findTrRouteTable(ctx, tableId);
  const f = {
    attachment: optString(p, 'TransitRouterAttachmentId'),
    resource: optString(p, 'TransitRouterAttachmentResourceId'),
    type: optString(p, 'TransitRouterAttachmentResourceType'),
    status: optString(p, 'Status'),
  };
  const matches = links(ctx, kind)
    .filter(l => l.transitRouterRouteTableId === tableId)
    .map(l => linkView(ctx, l))
    .filter(
      v =>
        (!f.attachment || v.TransitRouterAttachmentId === f.attachment) &&
        (!f.resource || v.ResourceId === f.resource) &&
        (!f.type || v.ResourceType === f.type) &&
        (!f.status || v.Status === f.status),
    );
  const field =
    kind === 'association'
      ? 'TransitRouterAssociations'
      : 'TransitRouterPropagations';
  return tokenPaged(req, matches, field, v => v);
}

type H = (ctx: CloudContext, req: ApiRequest) => ApiResponse;
const withKind =
  (
    fn: (ctx: CloudContext, req: ApiRequest, kind: LinkKind) => ApiResponse,
    kind: LinkKind,
  ): H =>
  (ctx, req) =>
    fn(ctx, req, kind);

export const CEN_ROUTE_TABLE_HANDLERS: Record<string, H> = {
  CreateTransitRouterRouteTable: createTransitRouterRouteTable,
  DeleteTransitRouterRouteTable: deleteTransitRouterRouteTable,
  ListTransitRouterRouteTables: listRouteTables,
  AssociateTransitRouterAttachmentWithRouteTable: withKind(
    addLink,
    'association',
  ),
  DissociateTransitRouterAttachmentFromRouteTable: withKind(
    removeLink,
    'association',
  ),
  ListTransitRouterRouteTableAssociations: withKind(listLinks, 'association'),
  EnableTransitRouterRouteTablePropagation: withKind(addLink, 'propagation'),
  DisableTransitRouterRouteTablePropagation: withKind(
    removeLink,
    'propagation',
  ),
  ListTransitRouterRouteTablePropagations: withKind(listLinks, 'propagation'),
};
