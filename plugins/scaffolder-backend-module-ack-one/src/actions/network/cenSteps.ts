import {
  AckOneApiError,
  AckOneVbr,
  AckOneVSwitch,
  AckOneWhere,
  TrLinkKind,
} from '@internal/plugin-ack-one-node';
import { ActionRun } from '../common';
import { waitAvailable } from './expressConnectSteps';

export type CenEdition = 'Enterprise' | 'Basic';

/** What the CEN part created or found. */
export interface CenResult {
  cenId: string;
  edition: CenEdition;
  transitRouterId?: string;
  vpcAttachmentId?: string;
  vbrAttachmentId?: string;
}

/** Create-or-get of the CEN instance (by id or name), waited for until Active. */
export async function ensureCen(
  run: ActionRun,
  where: AckOneWhere,
  opts: { cenId?: string; name: string },
): Promise<string> {
  const { write } = run.deps;
  const cenId = opts.cenId
    ? opts.cenId
    : await run.ensure({
        what: 'CEN',
        key: `cen-${opts.name}`,
        find: async () =>
          (
            await write.describeCens(where, { name: opts.name })
          ).find(c => c.status !== 'Deleting')?.cenId,
        create: clientToken =>
          write.createCen(where, {
            name: opts.name,
            description: 'Created by Backstage (ack-one:network:connect)',
            clientToken,
          }),
        exists: async id =>
          (await write.describeCens(where, { cenId: id })).length > 0,
      });
  run.note('CEN', cenId);
  await waitAvailable(
    run,
    `CEN ${cenId}`,
    async () =>
      (await write.describeCens(where, { cenId })).find(c => c.cenId === cenId)
        ?.status,
    'Active',
    cenId,
  );
  return cenId;
}

/**
 * The transit router edition the region offers: the type of the CEN's
 * existing transit router, else whether a CreateTransitRouter dry run
 * passes (Enterprise) or is refused for the edition (Basic).
 */
export async function detectEdition(
  run: ActionRun,
  where: AckOneWhere,
  cenId: string,
): Promise<CenEdition> {
  const { write } = run.deps;
  const [tr] = await write.listTransitRouters(where, cenId);
  if (tr) return tr.type === 'Basic' ? 'Basic' : 'Enterprise';
  try {
    await write.createTransitRouter(where, {
      cenId,
      clientToken: run.clientToken('transit-router-dry-run'),
      dryRun: true,
    });
    return 'Enterprise';
  } catch (e) {
    if (e instanceof AckOneApiError && e.code === 'DryRunOperation') {
      return 'Enterprise';
    }
    if (
      e instanceof AckOneApiError &&
      /OperationUnsupported|TransitRouterType|NotSupport/i.test(e.code)
    ) {
      return 'Basic';
    }
    throw e;
  }
}

/** One zone mapping per zone (the first vSwitch of each), as the VPC attachment takes them. */
export function zoneMappingsOf(vSwitches: AckOneVSwitch[]) {
  const byZone = new Map<string, string>();
  for (const v of vSwitches) {
    if (!byZone.has(v.zoneId)) byZone.set(v.zoneId, v.vSwitchId);
  }
  return [...byZone].map(([zoneId, vSwitchId]) => ({ zoneId, vSwitchId }));
}

async function ensureTransitRouter(
  run: ActionRun,
  where: AckOneWhere,
  cenId: string,
) {
  const { write } = run.deps;
  const trId = await run.ensure({
    what: 'transit router',
    key: `tr-${cenId}`,
    find: async () =>
      (
        await write.listTransitRouters(where, cenId)
      )[0]?.transitRouterId,
    create: clientToken =>
      write.createTransitRouter(where, { cenId, clientToken }),
    exists: async id =>
      (
        await write.listTransitRouters(where, cenId)
      ).some(t => t.transitRouterId === id),
  });
  await waitAvailable(
    run,
    `transit router ${trId}`,
    async () =>
      (
        await write.listTransitRouters(where, cenId)
      ).find(t => t.transitRouterId === trId)?.status,
    'Active',
    trId,
  );
  return trId;
}

async function ensureAttachment(
  run: ActionRun,
  where: AckOneWhere,
  type: 'VPC' | 'VBR',
  trId: string,
  resourceId: string,
  create: (clientToken: string) => Promise<string>,
) {
  const { write } = run.deps;
  const list = () => write.listTransitRouterAttachments(where, type, trId);
  const id = await run.ensure({
    what: `${type} attachment`,
    key: `tr-attachment-${resourceId}`,
    find: async () =>
      (
        await list()
      ).find(a => a.resourceId === resourceId && a.status !== 'Detaching')
        ?.transitRouterAttachmentId,
    create,
    exists: async x =>
      (await list()).some(a => a.transitRouterAttachmentId === x),
  });
  await waitAvailable(
    run,
    `${type} attachment ${id}`,
    async () =>
      (await list()).find(a => a.transitRouterAttachmentId === id)?.status,
    'Attached',
    id,
  );
  return id;
}

async function ensureTableLink(
  run: ActionRun,
  where: AckOneWhere,
  kind: TrLinkKind,
  tableId: string,
  attachmentId: string,
) {
  const { write } = run.deps;
  const current = async () =>
    (await write.listTransitRouterTableLinks(where, kind, tableId)).find(
      l => l.transitRouterAttachmentId === attachmentId,
    );
  if (!(await current())) {
    await run.ctx.checkpoint({
      key: `tr-${kind}-${attachmentId}`,
      fn: async () => {
        if (await current()) return;
        await write.addTransitRouterTableLink(where, kind, {
          transitRouterAttachmentId: attachmentId,
          transitRouterRouteTableId: tableId,
          clientToken: run.clientToken(`tr-${kind}-${attachmentId}`),
        });
      },
    });
  }
  await waitAvailable(
    run,
    `${kind} of ${attachmentId}`,
    async () => (await current())?.status,
    'Active',
  );
}

/** Associates the attachments with the router's default table and enables their propagation to it. */
async function linkToDefaultTable(
  run: ActionRun,
  where: AckOneWhere,
  trId: string,
  attachmentIds: string[],
) {
  const { write } = run.deps;
  const table = await run.waitFor({
    what: `the default route table of ${trId}`,
    timeoutSeconds: 600,
    poll: async () => {
      const t = (await write.listTransitRouterRouteTables(where, trId)).find(
        x => x.type === 'System',
      );
      return { done: !!t, state: t?.status ?? 'not yet created', value: t };
    },
  });
  for (const id of attachmentIds) {
    for (const kind of ['association', 'propagation'] as const) {
      await ensureTableLink(
        run,
        where,
        kind,
        table!.transitRouterRouteTableId,
        id,
      );
    }
  }
}

/**
 * Enterprise Edition: the region's transit router, the VPC and VBR
 * attachments, each associated with and propagating to the router's
 * default route table.
 */
export async function attachEnterprise(
  run: ActionRun,
  where: AckOneWhere,
  cenId: string,
  vpcId: string,
  vSwitches: AckOneVSwitch[],
  vbr: AckOneVbr,
): Promise<CenResult> {
  const { write } = run.deps;
  const trId = await ensureTransitRouter(run, where, cenId);
  const vpcAttachmentId = await ensureAttachment(
    run,
    where,
    'VPC',
    trId,
    vpcId,
    clientToken =>
      write.createTransitRouterVpcAttachment(where, {
        cenId,
        transitRouterId: trId,
        vpcId,
        zoneMappings: zoneMappingsOf(vSwitches),
        clientToken,
      }),
  );
  const vbrAttachmentId = await ensureAttachment(
    run,
    where,
    'VBR',
    trId,
    vbr.vbrId,
    clientToken =>
      write.createTransitRouterVbrAttachment(where, {
        cenId,
        transitRouterId: trId,
        vbrId: vbr.vbrId,
        clientToken,
      }),
  );
  await linkToDefaultTable(run, where, trId, [
    vpcAttachmentId,
    vbrAttachmentId,
  ]);
  return {
    cenId,
    edition: 'Enterprise',
    transitRouterId: trId,
    vpcAttachmentId,
    vbrAttachmentId,
  };
}

/** Basic Edition: the VPC and the VBR attached to the CEN itself. */
export async function attachBasic(
  run: ActionRun,
  where: AckOneWhere,
  cenId: string,
  vpcId: string,
  vbrId: string,
): Promise<CenResult> {
  const { write } = run.deps;
  const child = async (id: string) =>
    (await write.describeCenChildren(where, cenId)).find(
      c => c.childInstanceId === id,
    );
  for (const [type, id] of [
    ['VPC', vpcId],
    ['VBR', vbrId],
  ] as const) {
    if (!(await child(id))) {
      await run.ctx.checkpoint({
        key: `cen-attach-${id}`,
        fn: async () => {
          if (await child(id)) return;
          await write.attachCenChildInstance(where, {
            cenId,
            childInstanceId: id,
            type,
          });
        },
      });
    }
    await waitAvailable(
      run,
      `${type} ${id} in CEN ${cenId}`,
      async () => (await child(id))?.status,
      'Attached',
    );
  }
  return { cenId, edition: 'Basic' };
}
