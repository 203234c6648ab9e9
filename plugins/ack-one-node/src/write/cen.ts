import type { AckOneSdkService } from '../sdkAccess';
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

/**
 * Which kind of table link: forwarding (association) or route learning (propagation).
 *
 * @public
 */
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

/**
 * Cloud Enterprise Network: instances, Basic attachments, Enterprise transit routers.
 *
 * @public
 */
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

type Query = Record<string, unknown>;

/** The CEN writes and lookups of an AckOneService (CEN RPC API). */
export class CenWrites implements AckOneCenWrites {
  constructor(private readonly ackOne: AckOneSdkService) {}

  #rpc(where: AckOneWhere, action: string, query: Query) {
    return this.ackOne.rpc(where.account, where.region, 'cbn', action, query);
  }

  /** Every row of a PageNumber/PageSize list; `items` picks them out of a body. */
  #pageList(
    where: AckOneWhere,
    action: string,
    query: Query,
    items: (body: any) => unknown,
  ): Promise<any[]> {
    return allPages(async PageNumber => {
      const body = await this.#rpc(where, action, {
        ...query,
        PageNumber,
        PageSize: PAGE_SIZE,
      });
      return { items: arr(items(body)), total: num(body?.TotalCount) ?? 0 };
    });
  }

  /** Every row of a NextToken/MaxResults list; `items` picks them out of a body. */
  async #tokenList(
    where: AckOneWhere,
    action: string,
    query: Query,
    items: (body: any) => unknown,
  ): Promise<any[]> {
    const bodies = await allTokenPages(async NextToken => {
      const body = await this.#rpc(where, action, {
        ...query,
        MaxResults: 50,
        NextToken,
      });
      return { items: [body] as any[], nextToken: str(body?.NextToken) };
    });
    return bodies.flatMap(body => arr(items(body)));
  }

  async describeCens(
    where: AckOneWhere,
    filter: { name?: string; cenId?: string },
  ): Promise<AckOneCen[]> {
    const Filter = [
      filter.name ? { Key: 'Name', Value: [filter.name] } : undefined,
      filter.cenId ? { Key: 'CenId', Value: [filter.cenId] } : undefined,
    ].filter(Boolean);
    const rows = await this.#pageList(
      where,
      'DescribeCens',
      Filter.length ? { Filter } : {},
      body => body?.Cens?.Cen,
    );
    return rows
      .filter(c => c.CenId)
      .map(c => ({
        cenId: c.CenId,
        name: str(c.Name),
        status: c.Status ?? '',
      }));
  }

  async createCen(
    where: AckOneWhere,
    input: { name: string; description?: string; clientToken: string },
  ): Promise<string> {
    const query = {
      Name: input.name,
      Description: input.description,
      ClientToken: input.clientToken,
    };
    return this.#create(where, 'CreateCen', query, 'CenId');
  }

  async describeCenChildren(
    where: AckOneWhere,
    cenId: string,
  ): Promise<AckOneCenChild[]> {
    const rows = await this.#pageList(
      where,
      'DescribeCenAttachedChildInstances',
      { CenId: cenId, ChildInstanceRegionId: where.region },
      body => body?.ChildInstances?.ChildInstance,
    );
    return rows.map(c => ({
      childInstanceId: c.ChildInstanceId ?? '',
      childInstanceType: c.ChildInstanceType ?? '',
      childInstanceRegionId: c.ChildInstanceRegionId ?? '',
      status: c.Status ?? '',
    }));
  }

  async attachCenChildInstance(
    where: AckOneWhere,
    input: { cenId: string; childInstanceId: string; type: 'VPC' | 'VBR' },
  ): Promise<void> {
    await this.#rpc(where, 'AttachCenChildInstance', {
      CenId: input.cenId,
      ChildInstanceId: input.childInstanceId,
      ChildInstanceType: input.type,
      ChildInstanceRegionId: where.region,
    });
  }

  async listTransitRouters(
    where: AckOneWhere,
    cenId: string,
  ): Promise<AckOneTransitRouter[]> {
    const rows = await this.#pageList(
      where,
      'ListTransitRouters',
      { CenId: cenId, RegionId: where.region },
      body => body?.TransitRouters,
    );
    return rows
      .filter(t => t.TransitRouterId)
      .map(t => ({
        transitRouterId: t.TransitRouterId,
        cenId: t.CenId ?? cenId,
        regionId: t.RegionId ?? where.region,
        type: str(t.Type),
        status: t.Status ?? '',
      }));
  }

  async createTransitRouter(
    where: AckOneWhere,
    input: {
      cenId: string;
      name?: string;
      clientToken: string;
      dryRun?: boolean;
    },
  ): Promise<string> {
    const query = {
      CenId: input.cenId,
      RegionId: where.region,
      TransitRouterName: input.name,
      ClientToken: input.clientToken,
      DryRun: input.dryRun ? true : undefined,
    };
    return this.#create(where, 'CreateTransitRouter', query, 'TransitRouterId');
  }

  async listTransitRouterAttachments(
    where: AckOneWhere,
    type: 'VPC' | 'VBR',
    transitRouterId: string,
  ): Promise<AckOneTrAttachment[]> {
    const rows = await this.#tokenList(
      where,
      `ListTransitRouter${type === 'VPC' ? 'Vpc' : 'Vbr'}Attachments`,
      { RegionId: where.region, TransitRouterId: transitRouterId },
      body => body?.TransitRouterAttachments,
    );
    return rows
      .filter(a => a.TransitRouterAttachmentId)
      .map(a => attachmentFrom(a, type));
  }

  async createTransitRouterVpcAttachment(
    where: AckOneWhere,
    input: Parameters<AckOneCenWrites['createTransitRouterVpcAttachment']>[1],
  ): Promise<string> {
    return this.#createAttachment(where, 'CreateTransitRouterVpcAttachment', {
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
  }

  async createTransitRouterVbrAttachment(
    where: AckOneWhere,
    input: Parameters<AckOneCenWrites['createTransitRouterVbrAttachment']>[1],
  ): Promise<string> {
    return this.#createAttachment(where, 'CreateTransitRouterVbrAttachment', {
      CenId: input.cenId,
      TransitRouterId: input.transitRouterId,
      VbrId: input.vbrId,
      // the IDC learns the cloud's routes over BGP
      AutoPublishRouteEnabled: true,
      TransitRouterAttachmentName: input.name,
      ClientToken: input.clientToken,
    });
  }

  /** A create call: returns the id the answer holds in `idField`. */
  async #create(
    where: AckOneWhere,
    action: string,
    query: Query,
    idField: string,
  ): Promise<string> {
    const body = await this.#rpc(where, action, query);
    return String(body?.[idField] ?? '');
  }

  #createAttachment(
    where: AckOneWhere,
    action: string,
    query: Query,
  ): Promise<string> {
    const withRegion = { RegionId: where.region, ...query };
    return this.#create(where, action, withRegion, 'TransitRouterAttachmentId');
  }

  async listTransitRouterRouteTables(
    where: AckOneWhere,
    transitRouterId: string,
  ): Promise<AckOneTrRouteTable[]> {
    const rows = await this.#tokenList(
      where,
      'ListTransitRouterRouteTables',
      { TransitRouterId: transitRouterId },
      body => body?.TransitRouterRouteTables,
    );
    return rows
      .filter(t => t.TransitRouterRouteTableId)
      .map(t => ({
        transitRouterRouteTableId: t.TransitRouterRouteTableId,
        transitRouterId: t.TransitRouterId ?? transitRouterId,
        type: str(t.TransitRouterRouteTableType),
        status: str(t.TransitRouterRouteTableStatus),
      }));
  }

  async listTransitRouterTableLinks(
    where: AckOneWhere,
    kind: TrLinkKind,
    tableId: string,
  ): Promise<AckOneTrTableLink[]> {
    const spec = LINK_ACTIONS[kind];
    const rows = await this.#tokenList(
      where,
      spec.list,
      { TransitRouterRouteTableId: tableId },
      body => body?.[spec.field],
    );
    return rows.map(l => ({
      transitRouterAttachmentId: l.TransitRouterAttachmentId ?? '',
      transitRouterRouteTableId: l.TransitRouterRouteTableId ?? tableId,
      status: l.Status ?? '',
    }));
  }

  async addTransitRouterTableLink(
    where: AckOneWhere,
    kind: TrLinkKind,
    input: {
      transitRouterAttachmentId: string;
      transitRouterRouteTableId: string;
      clientToken: string;
    },
  ): Promise<void> {
    await this.#rpc(where, LINK_ACTIONS[kind].add, {
      TransitRouterAttachmentId: input.transitRouterAttachmentId,
      TransitRouterRouteTableId: input.transitRouterRouteTableId,
      ClientToken: input.clientToken,
    });
  }
}
