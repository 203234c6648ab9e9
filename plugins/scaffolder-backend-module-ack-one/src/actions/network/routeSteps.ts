import type { AckOneWhere } from '@internal/plugin-ack-one-node';
import { ActionRun } from '../common';
import { waitAvailable } from './expressConnectSteps';

/**
 * Create-or-get of one route per destination in a route table, one after
 * another (parallel changes to one table fail with TaskConflict), each
 * waited for until Available. Returns the route entry ids.
 */
export async function ensureRoutes(
  run: ActionRun,
  where: AckOneWhere,
  routeTableId: string,
  destinations: string[],
  nextHop: { type: string; id: string },
): Promise<string[]> {
  const { write } = run.deps;
  const ids: string[] = [];
  for (const cidr of destinations) {
    const entries = () =>
      write.describeRouteEntries(where, {
        routeTableId,
        destinationCidrBlock: cidr,
      });
    const id = await run.ensure({
      what: `route to ${cidr}`,
      key: `route-${routeTableId}-${cidr}`,
      find: async () => {
        const found = (await entries()).find(
          r => r.destinationCidrBlock === cidr && r.status !== 'Deleting',
        );
        if (found && found.nextHopId && found.nextHopId !== nextHop.id) {
          throw new Error(
            `${routeTableId} already routes ${cidr} to ${found.nextHopType} ${found.nextHopId}, not to ${nextHop.id}; remove that route or leave ${cidr} out`,
          );
        }
        return found?.routeEntryId;
      },
      create: clientToken =>
        write.createRouteEntry(where, {
          routeTableId,
          destinationCidrBlock: cidr,
          nextHopType: nextHop.type,
          nextHopId: nextHop.id,
          name: 'idc',
          clientToken,
        }),
      exists: async x => (await entries()).some(r => r.routeEntryId === x),
    });
    await waitAvailable(
      run,
      `route ${id} to ${cidr}`,
      async () => (await entries()).find(r => r.routeEntryId === id)?.status,
      'Available',
      id,
    );
    ids.push(id);
  }
  return ids;
}
