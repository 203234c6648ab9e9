import type { CloudContext } from './context';
import type {
  SimTransitRouter,
  SimTrAttachment,
  SimTrRouteTable,
  SimTrTableLink,
} from './model';
import { ownerId } from './vpcCommon';

/** CEN times are shown to the minute (`YYYY-MM-DDThh:mmZ`), as the documentation gives them. */
const minutes = (rfc3339: string) => rfc3339.replace(/:\d{2}Z$/, 'Z');

export function routerView(ctx: CloudContext, t: SimTransitRouter) {
  return {
    TransitRouterId: t.transitRouterId,
    TransitRouterName: t.name ?? '',
    TransitRouterDescription: t.description ?? '',
    CenId: t.cenId,
    RegionId: t.regionId,
    Type: t.type,
    Status: t.status,
    AliUid: ownerId(ctx),
    CreationTime: minutes(t.creationTime),
    SupportMulticast: false,
    Tags: [],
    TransitRouterCidrList: [],
  };
}

export function attachmentView(ctx: CloudContext, a: SimTrAttachment) {
  const common = {
    TransitRouterAttachmentId: a.transitRouterAttachmentId,
    TransitRouterAttachmentName: a.name ?? '',
    TransitRouterAttachmentDescription: a.description ?? '',
    TransitRouterId: a.transitRouterId,
    CenId: a.cenId,
    ResourceType: a.resourceType,
    Status: a.status,
    CreationTime: minutes(a.creationTime),
    AutoPublishRouteEnabled: a.autoPublishRouteEnabled,
    OrderType: 'PayByCenOwner',
    Tags: [],
  };
  if (a.resourceType === 'VBR') {
    return {
      ...common,
      VbrId: a.resourceId,
      VbrOwnerId: ownerId(ctx),
      VbrRegionId: a.regionId,
    };
  }
  return {
    ...common,
    VpcId: a.resourceId,
    VpcOwnerId: ownerId(ctx),
    VpcRegionId: a.regionId,
    ChargeType: 'POSTPAY',
    ZoneMappings: a.zoneMappings.map(z => ({
      VSwitchId: z.vSwitchId,
      ZoneId: z.zoneId,
      NetworkInterfaceId: '',
    })),
  };
}

export function routeTableView(t: SimTrRouteTable) {
  return {
    TransitRouterRouteTableId: t.transitRouterRouteTableId,
    TransitRouterRouteTableName: t.name ?? '',
    TransitRouterRouteTableDescription: t.description ?? '',
    TransitRouterRouteTableType: t.type,
    TransitRouterRouteTableStatus: t.status,
    TransitRouterId: t.transitRouterId,
    RegionId: t.regionId,
    CreateTime: minutes(t.creationTime),
    RouteTableOptions: { MultiRegionECMP: 'disable' },
    Tags: [],
  };
}

export function linkView(ctx: CloudContext, l: SimTrTableLink) {
  const a = ctx.state.trAttachments.find(
    x => x.transitRouterAttachmentId === l.transitRouterAttachmentId,
  );
  return {
    TransitRouterAttachmentId: l.transitRouterAttachmentId,
    TransitRouterRouteTableId: l.transitRouterRouteTableId,
    ResourceId: a?.resourceId ?? '',
    ResourceType: a?.resourceType ?? '',
    Status: l.status,
  };
}
