import type { AckOneService } from '../types';
import { allPages, allTokenPages, arr, num, PAGE_SIZE, str } from './paging';
import type {
  AckOneCen,
  AckOneCenChild,
  AckOneTransitRouter,
  AckOneTrAttachment,
  AckOneTrRouteTable,
  AckOneTrTableLink,
  AckOneWhere,
} from './types';

/** Which kind of table link: forwarding (association) or route learning (propagation). */
export type TrLinkKind = 'association' | 'propagation';

const LINK_ACTIONS: Record<
  TrLinkKind,
  { list: string; add: string; field: string }
> = {
  association: {
    list: 'ListTransitRouterRouteTableAssociations',
    add: 'AssociateTransitRouterAttachmentWithRouteTable',
    field: 'TransitRouterAssociations',
  },
  propagation: {
    list: 'ListTransitRouterRouteTablePropagations',
    add: 'EnableTransitRouterRouteTablePropagation',
    field: 'TransitRouterPropagations',
  },
};

/** Cloud Enterprise Network: instances, Basic attachments, Enterprise transit routers. */
export interface AckOneCenWrites {
  describeCens(
    where: AckOneWhere,
    filter: { name?: string; cenId?: string },
  ): Promise<AckOneCen[]>;
  createCen(
    where: AckOneWhere,
    input: { name: string; description?: string; clientToken: string },
  ): Promise<string>;
  describeCenChildren(
    where: AckOneWhere,
    cenId: string,
  ): Promise<AckOneCenChild[]>;
  /** Basic Edition: attaches a VPC or VBR of `where.region`. */
  attachCenChildInstance(
    where: AckOneWhere,
    input: { cenId: string; childInstanceId: string; type: 'VPC' | 'VBR' },
  ): Promise<void>;
  listTransitRouters(
    where: AckOneWhere,
    cenId: string,
  ): Promise<AckOneTransitRouter[]>;
  /** With `dryRun`, only checks the request (the call fails with `DryRunOperation` when it would pass). */
  createTransitRouter(
    where: AckOneWhere,
    input: {
      cenId: string;
      name?: string;
      clientToken: string;
      dryRun?: boolean;
    },
  ): Promise<string>;
  listTransitRouterAttachments(
    where: AckOneWhere,
    type: 'VPC' | 'VBR',
    transitRouterId: string,
  ): Promise<AckOneTrAttachment[]>;
  createTransitRouterVpcAttachment(
    where: AckOneWhere,
    input: {
      cenId: string;
      transitRouterId: string;
      vpcId: string;
      zoneMappings: Array<{ vSwitchId: string; zoneId: string }>;
      name?: string;
      clientToken: string;
    },
  ): Promise<string>;
  createTransitRouterVbrAttachment(
    where: AckOneWhere,
    input: {
      cenId: string;
      transitRouterId: string;
      vbrId: string;
      name?: string;
      clientToken: string;
    },
  ): Promise<string>;
  listTransitRouterRouteTables(
    where: AckOneWhere,
    transitRouterId: string,
  ): Promise<AckOneTrRouteTable[]>;
  listTransitRouterTableLinks(
    where: AckOneWhere,
    kind: TrLinkKind,
    transitRouterRouteTableId: string,
  ): Promise<AckOneTrTableLink[]>;
  /** Associates an attachment with a route table, or enables its propagation to it. */
  addTransitRouterTableLink(
    where: AckOneWhere,
    kind: TrLinkKind,
    input: {
      transitRouterAttachmentId: string;
      transitRouterRouteTableId: string;
      clientToken: string;
    },
  ): Promise<void>;
}

function attachmentFrom(a: any, type: 'VPC' | 'VBR'): AckOneTrAttachment {
  return {
    transitRouterAttachmentId: a.TransitRouterAttachmentId,
    transitRouterId: a.TransitRouterId ?? '',
    resourceType: type,
    resourceId: (type === 'VPC' ? a.VpcId : a.VbrId) ?? '',
    status: a.Status ?? '',
  };
}

export function cenWrites(ackOne: AckOneService): AckOneCenWrites {
  const rpc = (where: AckOneWhere, action: string, query: object) =>
    ackOne.rpc(
      where.account,
      where.region,
      'cbn',
      action,
      query as Record<string, unknown>,
    );

  const tokenList = (where: AckOneWhere, action: string, query: object) =>
    allTokenPages(async NextToken => {
      const body = await rpc(where, action, {
        ...query,
        MaxResults: 50,
        NextToken,
      });
      return { items: [body] as any[], nextToken: str(body?.NextToken) };
    });

  return {
    async describeCens(where, filter) {
      const Filter = [
        filter.name ? { Key: 'Name', Value: [filter.name] } : undefined,
        filter.cenId ? { Key: 'CenId', Value: [filter.cenId] } : undefined,
      ].filter(Boolean);
      const rows = await allPages(async PageNumber => {
        const body = await rpc(where, 'DescribeCens', {
          PageNumber,
          PageSize: PAGE_SIZE,
          ...(Filter.length ? { Filter } : {}),
        });
        return {
          items: arr(body?.Cens?.Cen),
          total: num(body?.TotalCount) ?? 0,
        };
      });
      return rows
        .filter(c => c.CenId)
        .map(c => ({
          cenId: c.CenId,
          name: str(c.Name),
          status: c.Status ?? '',
        }));
    },

    async createCen(where, input) {
      const body = await rpc(where, 'CreateCen', {
        Name: input.name,
        Description: input.description,
        ClientToken: input.clientToken,
      });
      return String(body?.CenId ?? '');
    },

    async describeCenChildren(where, cenId) {
      const rows = await allPages(async PageNumber => {
        const body = await rpc(where, 'DescribeCenAttachedChildInstances', {
          CenId: cenId,
          ChildInstanceRegionId: where.region,
          PageNumber,
          PageSize: PAGE_SIZE,
        });
        return {
          items: arr(body?.ChildInstances?.ChildInstance),
          total: num(body?.TotalCount) ?? 0,
        };
      });
      return rows.map(c => ({
        childInstanceId: c.ChildInstanceId ?? '',
        childInstanceType: c.ChildInstanceType ?? '',
        childInstanceRegionId: c.ChildInstanceRegionId ?? '',
        status: c.Status ?? '',
      }));
    },

    async attachCenChildInstance(where, input) {
      await rpc(where, 'AttachCenChildInstance', {
        CenId: input.cenId,
        ChildInstanceId: input.childInstanceId,
        ChildInstanceType: input.type,
        ChildInstanceRegionId: where.region,
      });
    },

    async listTransitRouters(where, cenId) {
      const rows = await allPages(async PageNumber => {
        const body = await rpc(where, 'ListTransitRouters', {
          CenId: cenId,
          RegionId: where.region,
          PageNumber,
          PageSize: PAGE_SIZE,
        });
        return {
          items: arr(body?.TransitRouters),
          total: num(body?.TotalCount) ?? 0,
        };
      });
      return rows
        .filter(t => t.TransitRouterId)
        .map(t => ({
          transitRouterId: t.TransitRouterId,
          cenId: t.CenId ?? cenId,
          regionId: t.RegionId ?? where.region,
          type: str(t.Type),
          status: t.Status ?? '',
        }));
    },

    async createTransitRouter(where, input) {
      const body = await rpc(where, 'CreateTransitRouter', {
        CenId: input.cenId,
        RegionId: where.region,
        TransitRouterName: input.name,
        ClientToken: input.clientToken,
        DryRun: input.dryRun ? true : undefined,
      });
      return String(body?.TransitRouterId ?? '');
    },

    async listTransitRouterAttachments(where, type, transitRouterId) {
      const pages = await tokenList(
        where,
        `ListTransitRouter${type === 'VPC' ? 'Vpc' : 'Vbr'}Attachments`,
        { RegionId: where.region, TransitRouterId: transitRouterId },
      );
      return pages
        .flatMap(body => arr(body?.TransitRouterAttachments))
        .filter(a => a.TransitRouterAttachmentId)
        .map(a => attachmentFrom(a, type));
    },

    async createTransitRouterVpcAttachment(where, input) {
      const body = await rpc(where, 'CreateTransitRouterVpcAttachment', {
        RegionId: where.region,
        CenId: input.cenId,
        TransitRouterId: input.transitRouterId,
        VpcId: input.vpcId,
        ZoneMappings: input.zoneMappings.map(z => ({
          VSwitchId: z.vSwitchId,
          ZoneId: z.zoneId,
        })),
        TransitRouterAttachmentName: input.name,
        ClientToken: input.clientToken,
      });
      return String(body?.TransitRouterAttachmentId ?? '');
    },

    async createTransitRouterVbrAttachment(where, input) {
      const body = await rpc(where, 'CreateTransitRouterVbrAttachment', {
        RegionId: where.region,
        CenId: input.cenId,
        TransitRouterId: input.transitRouterId,
        VbrId: input.vbrId,
        // the IDC learns the cloud's routes over BGP
        AutoPublishRouteEnabled: true,
        TransitRouterAttachmentName: input.name,
        ClientToken: input.clientToken,
      });
      return String(body?.TransitRouterAttachmentId ?? '');
    },

    async listTransitRouterRouteTables(where, transitRouterId) {
      const pages = await tokenList(where, 'ListTransitRouterRouteTables', {
        TransitRouterId: transitRouterId,
      });
      return pages
        .flatMap(body => arr(body?.TransitRouterRouteTables))
        .filter(t => t.TransitRouterRouteTableId)
        .map(t => ({
          transitRouterRouteTableId: t.TransitRouterRouteTableId,
          transitRouterId: t.TransitRouterId ?? transitRouterId,
          type: str(t.TransitRouterRouteTableType),
          status: str(t.TransitRouterRouteTableStatus),
        }));
    },

    async listTransitRouterTableLinks(where, kind, tableId) {
      const spec = LINK_ACTIONS[kind];
      const pages = await tokenList(where, spec.list, {
        TransitRouterRouteTableId: tableId,
      });
      return pages
        .flatMap(body => arr(body?.[spec.field]))
        .map(l => ({
          transitRouterAttachmentId: l.TransitRouterAttachmentId ?? '',
          transitRouterRouteTableId: l.TransitRouterRouteTableId ?? tableId,
          status: l.Status ?? '',
        }));
    },

    async addTransitRouterTableLink(where, kind, input) {
      await rpc(where, LINK_ACTIONS[kind].add, {
        TransitRouterAttachmentId: input.transitRouterAttachmentId,
        TransitRouterRouteTableId: input.transitRouterRouteTableId,
        ClientToken: input.clientToken,
      });
    },
  };
}
