import { createHash } from 'crypto';
import type { CloudContext } from './context';
import { rfc3339 } from './ids';
import { optString, Params, tokenPage } from './params';
import type { RouteTable } from './routes';

function systemRouteId(routeTableId: string, cidr: string) {
  return `rte-${createHash('sha256')
    .update(`${routeTableId}/${cidr}`)
    .digest('hex')
    .slice(0, 20)}`;
}

function row(
  table: RouteTable,
  entry: {
    id: string;
    dst: string;
    type: 'System' | 'Custom';
    status: string;
    name?: string;
    description?: string;
    nextHopType: string;
    nextHopId: string;
  },
  now: string,
) {
  return {
    RouteEntryId: entry.id,
    RouteTableId: table.id,
    DestinationCidrBlock: entry.dst,
    Type: entry.type,
    Status: entry.status,
    RouteEntryName: entry.name ?? '',
    Description: entry.description ?? '',
    IpVersion: 'ipv4',
    Origin: '',
    ServiceType: '',
    GmtModified: now,
    NextHops: {
      NextHop: [
        {
          NextHopType: entry.nextHopType,
          NextHopId: entry.nextHopId,
          Enabled: 1,
          Weight: 0,
          NextHopRegionId: table.regionId,
        },
      ],
    },
  };
}

/**
 * The rows of DescribeRouteEntryList: the vSwitch (system) routes of a VPC
 * table and the custom routes, filtered, one NextToken page (MaxResult 1-100).
 */
export function routeEntryRows(
  ctx: CloudContext,
  table: RouteTable,
  p: Params,
) {
  const now = rfc3339();
  const system =
    table.routerType === 'VRouter'
      ? table.vpc.vSwitches.map(v =>
          row(
            table,
            {
              id: systemRouteId(table.id, v.cidrBlock),
              dst: v.cidrBlock,
              type: 'System',
              status: 'Available',
              nextHopType: 'local',
              nextHopId: '',
            },
            now,
          ),
        )
      : [];
  const custom = ctx.state.routeEntries
    .filter(r => r.routeTableId === table.id)
    .map(r =>
      row(
        table,
        {
          id: r.routeEntryId,
          dst: r.destinationCidrBlock,
          type: 'Custom',
          status: r.status,
          name: r.name,
          description: r.description,
          nextHopType: r.nextHopType,
          nextHopId: r.nextHopId ?? '',
        },
        now,
      ),
    );
  const f = {
    id: optString(p, 'RouteEntryId'),
    dst: optString(p, 'DestinationCidrBlock'),
    name: optString(p, 'RouteEntryName'),
    hopId: optString(p, 'NextHopId'),
    hopType: optString(p, 'NextHopType'),
    type: optString(p, 'RouteEntryType'),
  };
  const matches = [...system, ...custom].filter(
    r =>
      (!f.id || r.RouteEntryId === f.id) &&
      (!f.dst || r.DestinationCidrBlock === f.dst) &&
      (!f.name || r.RouteEntryName === f.name) &&
      (!f.hopId || r.NextHops.NextHop[0].NextHopId === f.hopId) &&
      (!f.hopType || r.NextHops.NextHop[0].NextHopType === f.hopType) &&
      (!f.type || r.Type === f.type),
  );
  const { page, nextToken } = tokenPage(matches, p, {
    sizeKey: 'MaxResult',
    defaultSize: 50,
    maxSize: 100,
  });
  return { rows: page, nextToken, total: matches.length };
}
