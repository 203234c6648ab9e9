import type { CloudContext } from './context';
import {
  cenNotActive,
  cenNotFound,
  incorrectStatus,
  transitRouterNotFound,
  trAttachmentNotFound,
  trRouteTableNotFound,
} from './errors';
import type {
  CenEdition,
  SimCen,
  SimTransitRouter,
  SimTrAttachment,
  SimTrRouteTable,
} from './model';

/** The transit router edition of a region: the world says; Enterprise by default (documented default). */
export function editionOf(ctx: CloudContext, regionId: string): CenEdition {
  return ctx.state.cenEditions[regionId] ?? 'Enterprise';
}

export function findCen(ctx: CloudContext, cenId: string): SimCen {
  const cen = ctx.state.cens.find(c => c.cenId === cenId);
  if (!cen) {
    throw cenNotFound(cenId);
  }
  return cen;
}

export function requireActiveCen(ctx: CloudContext, cenId: string): SimCen {
  const cen = findCen(ctx, cenId);
  if (cen.status !== 'Active') {
    throw cenNotActive(cen.cenId, cen.status);
  }
  return cen;
}

export function findTransitRouter(
  ctx: CloudContext,
  id: string,
): SimTransitRouter {
  const tr = ctx.state.transitRouters.find(t => t.transitRouterId === id);
  if (!tr) throw transitRouterNotFound(id);
  return tr;
}

export function requireActiveRouter(ctx: CloudContext, id: string) {
  const tr = findTransitRouter(ctx, id);
  if (tr.status !== 'Active') {
    throw incorrectStatus('TransitRouter', id, tr.status);
  }
  return tr;
}

export function findAttachment(ctx: CloudContext, id: string): SimTrAttachment {
  const a = ctx.state.trAttachments.find(
    x => x.transitRouterAttachmentId === id,
  );
  if (!a) throw trAttachmentNotFound(id);
  return a;
}

export function findTrRouteTable(
  ctx: CloudContext,
  id: string,
): SimTrRouteTable {
  const t = ctx.state.trRouteTables.find(
    x => x.transitRouterRouteTableId === id,
  );
  if (!t) throw trRouteTableNotFound(id);
  return t;
}
