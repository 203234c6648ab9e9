import { ApiRequest, ApiResponse, CloudContext, Handler } from './context';
import { ApiError, invalidParameter } from './errors';
import { newCenId, rfc3339 } from './ids';
import { SimCen } from './model';
import {
  optString,
  rpcPageArgs,
  paginate,
  rpcFilters,
  reqString,
} from './params';

const CHILD_TYPES = ['VPC', 'VBR', 'CCN'] as const;

function findCen(ctx: CloudContext, cenId: string): SimCen {
  const cen = ctx.state.cens.find(c => c.cenId === cenId);
  if (!cen) {
    throw new ApiError(
      404,
      'ParameterCenInstanceId',
      `The specified CEN instance ${cenId} does not exist.`,
    );
  }
  return cen;
}

export function scheduleCen(ctx: CloudContext, cen: SimCen) {
  const id = cen.cenId;
  if (cen.status === 'Creating') {
    ctx.schedule(`cen:${id}`, ctx.timing.routeReadyMs, () => {
      const current = ctx.state.cens.find(c => c.cenId === id);
      if (current && current.status === 'Creating') {
        current.status = 'Active';
      }
    });
  }
  for (const child of cen.children) {
    if (child.status === 'Attaching') {
      const childId = child.childInstanceId;
      ctx.schedule(
        `cen-child:${id}:${childId}`,
        ctx.timing.routeReadyMs,
        () => {
          const current = ctx.state.cens
            .find(c => c.cenId === id)
            ?.children.find(c => c.childInstanceId === childId);
          if (current && current.status === 'Attaching') {
            current.status = 'Attached';
            ctx.logger.info(`CEN ${id}: ${childId} attached`);
          }
        },
      );
    }
  }
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
  };
  ctx.state.cens.push(cen);
  ctx.logger.info(`CreateCen ${cen.cenId}`);
  scheduleCen(ctx, cen);
  return { body: { CenId: cen.cenId, RequestId: req.requestId } };
}

function describeCens(ctx: CloudContext, req: ApiRequest): ApiResponse {
  const p = req.params;
  const { pageNumber, pageSize } = rpcPageArgs(p);
  const filters = rpcFilters(p);
  const matches = ctx.state.cens.filter(c =>
    filters.every(f => {
      if (f.key === 'CenId') {
        return f.values.includes(c.cenId);
      }
      if (f.key === 'Name') {
        return f.values.includes(c.name ?? '');
      }
      return true;
    }),
  );
  return {
    body: {
      RequestId: req.requestId,
      PageNumber: pageNumber,
      PageSize: pageSize,
      TotalCount: matches.length,
      Cens: {
        Cen: paginate(matches, pageNumber, pageSize).map(c => ({
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
        })),
      },
    },
  };
}

function attachCenChildInstance(
  ctx: CloudContext,
  req: ApiRequest,
): ApiResponse {
  const p = req.params;
  const cen = findCen(ctx, reqString(p, 'CenId'));
  const childId = reqString(p, 'ChildInstanceId');
  const childRegion = reqString(p, 'ChildInstanceRegionId');
  const childType = reqString(p, 'ChildInstanceType');
  if (!(CHILD_TYPES as readonly string[]).includes(childType)) {
    throw invalidParameter('ChildInstanceType', 'must be VPC, VBR or CCN');
  }
  if (cen.status !== 'Active') {
    throw new ApiError(
      400,
      'Operation.Blocking',
      `The CEN instance ${cen.cenId} is in status ${cen.status}.`,
    );
  }
  let exists = true;
  if (childType === 'VPC') {
    exists = ctx.state.vpcs.some(
      v => v.vpcId === childId && v.regionId === childRegion,
    );
  } else if (childType === 'VBR') {
    exists = ctx.state.vbrs.some(
      v => v.vbrId === childId && v.regionId === childRegion,
    );
  }
  if (!exists) {
    throw new ApiError(
      404,
      'ParameterInstanceId',
      `The specified child instance ${childId} does not exist in ${childRegion}.`,
    );
  }
  const attachedElsewhere = ctx.state.cens.find(c =>
    c.children.some(ch => ch.childInstanceId === childId),
  );
  if (attachedElsewhere) {
    throw new ApiError(
      400,
      'Forbidden.InstanceAttached',
      `The child instance ${childId} is already attached to ${attachedElsewhere.cenId}.`,
    );
  }
  cen.children.push({
    childInstanceId: childId,
    childInstanceType:
      childType as SimCen['children'][number]['childInstanceType'],
    childInstanceRegionId: childRegion,
    status: 'Attaching',
    attachTime: rfc3339(),
  });
  ctx.logger.info(
    `AttachCenChildInstance ${cen.cenId} += ${childType} ${childId}`,
  );
  scheduleCen(ctx, cen);
  return { body: { RequestId: req.requestId } };
}

function describeCenAttachedChildInstances(
  ctx: CloudContext,
  req: ApiRequest,
): ApiResponse {
  const p = req.params;
  const cen = findCen(ctx, reqString(p, 'CenId'));
  const { pageNumber, pageSize } = rpcPageArgs(p);
  const region = optString(p, 'ChildInstanceRegionId');
  const type = optString(p, 'ChildInstanceType');
  const matches = cen.children.filter(
    c =>
      (!region || c.childInstanceRegionId === region) &&
      (!type || c.childInstanceType === type),
  );
  const owner = Number(ctx.state.accountId) || 0;
  return {
    body: {
      RequestId: req.requestId,
      PageNumber: pageNumber,
      PageSize: pageSize,
      TotalCount: matches.length,
      ChildInstances: {
        ChildInstance: paginate(matches, pageNumber, pageSize).map(c => ({
          CenId: cen.cenId,
          ChildInstanceId: c.childInstanceId,
          ChildInstanceType: c.childInstanceType,
          ChildInstanceRegionId: c.childInstanceRegionId,
          ChildInstanceOwnerId: owner,
          ChildInstanceName:
            c.childInstanceType === 'VBR'
              ? ctx.state.vbrs.find(v => v.vbrId === c.childInstanceId)?.name ??
                ''
              : '',
          ChildInstanceAttachTime: c.attachTime ?? cen.creationTime,
          Status: c.status,
          Ipv6StatusInCen: 'DISABLED',
        })),
      },
    },
  };
}

export const CEN_HANDLERS: Record<string, Handler> = {
  CreateCen: createCen,
  DescribeCens: describeCens,
  AttachCenChildInstance: attachCenChildInstance,
  DescribeCenAttachedChildInstances: describeCenAttachedChildInstances,
};
