import * as $Vpc from '@alicloud/vpc20160428';
import {
  BASIC_REGION,
  CBN_VERSION,
  Harness,
  LINE,
  REGION,
  startHarness,
  TINY_TIMING,
} from './__testUtils__/harness';
import { ManualClock } from './__testUtils__/manualClock';

const VPC = 'vpc-bp1testvpc0000000001';
const VPC_TABLE = 'vtb-bp1testroute00000001';
const CEN = TINY_TIMING.cenReadyMs;
const ATTACH = TINY_TIMING.attachmentReadyMs;

describe('CEN', () => {
  let h: Harness;
  let clock: ManualClock;
  const cbn = (action: string, query: Record<string, unknown>) =>
    h.rpc(action, CBN_VERSION, query);

  beforeEach(async () => {
    clock = new ManualClock();
    h = await startHarness({ clock });
  });

  afterEach(async () => {
    await h.close();
  });

  async function vbr(regionId = REGION, physicalConnectionId = LINE) {
    const res = await h.vpc.createVirtualBorderRouter(
      new $Vpc.CreateVirtualBorderRouterRequest({
        regionId,
        physicalConnectionId,
        vlanId: 100,
        localGatewayIp: '10.254.0.1',
        peerGatewayIp: '10.254.0.2',
        peeringSubnetMask: '255.255.255.252',
      }),
    );
    return res.body!.vbrId!;
  }

  async function activeCen() {
    const { CenId } = await cbn('CreateCen', { Name: 'dr' });
    const status = async () =>
      (
        await cbn('DescribeCens', {
          'Filter.1.Key': 'CenId',
          'Filter.1.Value.1': CenId,
        })
      ).Cens.Cen[0]?.Status;
    expect(await status()).toBe('Creating');
    clock.advance(CEN);
    expect(await status()).toBe('Active');
    return CenId as string;
  }

  it('Enterprise Edition: transit router, VPC and VBR attachments, route table, association and propagation, then teardown', async () => {
    const vbrId = await vbr();
    const cenId = await activeCen();

    // the region is Enterprise Edition: the Basic Edition call is refused
    await expect(
      cbn('AttachCenChildInstance', {
        CenId: cenId,
        ChildInstanceId: VPC,
        ChildInstanceRegionId: REGION,
        ChildInstanceType: 'VPC',
      }),
    ).rejects.toMatchObject({ statusCode: 400 });

    const { TransitRouterId: trId } = await cbn('CreateTransitRouter', {
      CenId: cenId,
      RegionId: REGION,
      TransitRouterName: 'tr-hz',
    });
    expect(trId).toMatch(/^tr-/);
    const routers = () => cbn('ListTransitRouters', { CenId: cenId });
    expect((await routers()).TransitRouters[0]).toMatchObject({
      TransitRouterId: trId,
      Status: 'Creating',
      Type: 'Enterprise',
      RegionId: REGION,
    });
    clock.advance(CEN);
    expect((await routers()).TransitRouters[0].Status).toBe('Active');
    await expect(
      cbn('CreateTransitRouter', { CenId: cenId, RegionId: REGION }),
    ).rejects.toMatchObject({ statusCode: 400 });

    const vpcAttach = await cbn('CreateTransitRouterVpcAttachment', {
      TransitRouterId: trId,
      RegionId: REGION,
      VpcId: VPC,
      'ZoneMappings.1.VSwitchId': 'vsw-bp1testvswa000000001',
      'ZoneMappings.1.ZoneId': 'cn-hangzhou-h',
      'ZoneMappings.2.VSwitchId': 'vsw-bp1testvswb000000001',
      'ZoneMappings.2.ZoneId': 'cn-hangzhou-i',
    });
    const vpcAttId = vpcAttach.TransitRouterAttachmentId as string;
    const vbrAttach = await cbn('CreateTransitRouterVbrAttachment', {
      TransitRouterId: trId,
      RegionId: REGION,
      VbrId: vbrId,
    });
    const vbrAttId = vbrAttach.TransitRouterAttachmentId as string;
    expect(vbrAttId).toMatch(/^tr-attach-/);
    // a VBR is attached once: 409 as documented for AttachCenChildInstance
    await expect(
      cbn('CreateTransitRouterVbrAttachment', {
        CenId: cenId,
        RegionId: REGION,
        VbrId: vbrId,
      }),
    ).rejects.toMatchObject({
      code: 'InvalidOperation.ChildInstanceAlreadyAttached',
      statusCode: 409,
    });
    const vpcList = () =>
      cbn('ListTransitRouterVpcAttachments', { TransitRouterId: trId });
    expect((await vpcList()).TransitRouterAttachments[0]).toMatchObject({
      TransitRouterAttachmentId: vpcAttId,
      Status: 'Attaching',
      VpcId: VPC,
      ResourceType: 'VPC',
      ZoneMappings: [
        { VSwitchId: 'vsw-bp1testvswa000000001', ZoneId: 'cn-hangzhou-h' },
        { VSwitchId: 'vsw-bp1testvswb000000001', ZoneId: 'cn-hangzhou-i' },
      ],
    });
    clock.advance(ATTACH);
    expect((await vpcList()).TransitRouterAttachments[0].Status).toBe(
      'Attached',
    );
    const vbrList = await cbn('ListTransitRouterVbrAttachments', {
      CenId: cenId,
    });
    expect(vbrList).toMatchObject({
      TotalCount: 1,
      MaxResults: 20,
      TransitRouterAttachments: [
        { VbrId: vbrId, Status: 'Attached', ResourceType: 'VBR' },
      ],
    });

    const { TransitRouterRouteTableId: tableId } = await cbn(
      'CreateTransitRouterRouteTable',
      { TransitRouterId: trId, TransitRouterRouteTableName: 'dr' },
    );
    const tables = () =>
      cbn('ListTransitRouterRouteTables', { TransitRouterId: trId });
    expect(
      (await tables()).TransitRouterRouteTables.map(
        (t: any) =>
          `${t.TransitRouterRouteTableType}:${t.TransitRouterRouteTableStatus}`,
      ),
    ).toEqual(['System:Active', 'Custom:Creating']);
    clock.advance(CEN);
    // NextToken + MaxResults paging
    const firstPage = await cbn('ListTransitRouterRouteTables', {
      TransitRouterId: trId,
      MaxResults: 1,
    });
    expect(firstPage.TransitRouterRouteTables).toHaveLength(1);
    const secondPage = await cbn('ListTransitRouterRouteTables', {
      TransitRouterId: trId,
      MaxResults: 1,
      NextToken: firstPage.NextToken,
    });
    expect(secondPage).toMatchObject({
      NextToken: '',
      TransitRouterRouteTables: [
        {
          TransitRouterRouteTableId: tableId,
          TransitRouterRouteTableStatus: 'Active',
        },
      ],
    });

    // association (forwarding) and propagation (route learning)
    const link = (action: string, attachmentId: string) =>
      cbn(action, {
        TransitRouterAttachmentId: attachmentId,
        TransitRouterRouteTableId: tableId,
      });
    await link('AssociateTransitRouterAttachmentWithRouteTable', vpcAttId);
    await link('AssociateTransitRouterAttachmentWithRouteTable', vbrAttId);
    await expect(
      link('AssociateTransitRouterAttachmentWithRouteTable', vpcAttId),
    ).rejects.toMatchObject({ code: 'AssociationExist.TransitRouterTable' });
    await link('EnableTransitRouterRouteTablePropagation', vbrAttId);
    await link('EnableTransitRouterRouteTablePropagation', vpcAttId);
    const associations = () =>
      cbn('ListTransitRouterRouteTableAssociations', {
        TransitRouterRouteTableId: tableId,
      });
    const propagations = () =>
      cbn('ListTransitRouterRouteTablePropagations', {
        TransitRouterRouteTableId: tableId,
      });
    expect((await associations()).TransitRouterAssociations[0]).toMatchObject({
      TransitRouterAttachmentId: vpcAttId,
      ResourceId: VPC,
      ResourceType: 'VPC',
      Status: 'Associating',
    });
    expect((await propagations()).TransitRouterPropagations[0].Status).toBe(
      'Enabling',
    );
    clock.advance(ATTACH);
    expect(
      (await associations()).TransitRouterAssociations.map(
        (a: any) => a.Status,
      ),
    ).toEqual(['Active', 'Active']);
    expect(
      (await propagations()).TransitRouterPropagations.map(
        (a: any) => a.Status,
      ),
    ).toEqual(['Active', 'Active']);

    // the VPC routes to the IDC through its attachment
    const route = await h.vpc.createRouteEntry(
      new $Vpc.CreateRouteEntryRequest({
        regionId: REGION,
        routeTableId: VPC_TABLE,
        destinationCidrBlock: '10.0.0.0/8',
        nextHopType: 'Attachment',
        nextHopId: vpcAttId,
      }),
    );
    clock.advance(TINY_TIMING.routeReadyMs);

    // teardown, in the documented order
    const deleteVpcAttachment = () =>
      cbn('DeleteTransitRouterVpcAttachment', {
        TransitRouterAttachmentId: vpcAttId,
      });
    await expect(deleteVpcAttachment()).rejects.toMatchObject({
      code: 'OperationFailed.RouteTableAssociationExist',
      statusCode: 400,
    });
    await link('DissociateTransitRouterAttachmentFromRouteTable', vpcAttId);
    await link('DisableTransitRouterRouteTablePropagation', vpcAttId);
    expect(
      (await associations()).TransitRouterAssociations.find(
        (a: any) => a.TransitRouterAttachmentId === vpcAttId,
      ).Status,
    ).toBe('Dissociating');
    clock.advance(ATTACH);
    expect((await associations()).TotalCount).toBe(1);
    expect((await propagations()).TotalCount).toBe(1);
    await expect(deleteVpcAttachment()).rejects.toMatchObject({
      code: 'OperationFailed.AttachmentReferencedVpcRouteEntryExisted',
    });
    await h.vpc.deleteRouteEntry(
      new $Vpc.DeleteRouteEntryRequest({
        regionId: REGION,
        routeEntryId: route.body!.routeEntryId,
      }),
    );
    clock.advance(TINY_TIMING.routeReadyMs);
    await deleteVpcAttachment();
    expect((await vpcList()).TransitRouterAttachments[0].Status).toBe(
      'Detaching',
    );
    // Force takes the VBR attachment's association and propagation with it
    await cbn('DeleteTransitRouterVbrAttachment', {
      TransitRouterAttachmentId: vbrAttId,
      Force: true,
    });
    clock.advance(ATTACH);
    expect((await vpcList()).TotalCount).toBe(0);

    await expect(cbn('DeleteCen', { CenId: cenId })).rejects.toMatchObject({
      statusCode: 400,
    });
    await cbn('DeleteTransitRouterRouteTable', {
      TransitRouterRouteTableId: tableId,
    });
    expect(
      (await tables()).TransitRouterRouteTables.find(
        (t: any) => t.TransitRouterRouteTableId === tableId,
      ).TransitRouterRouteTableStatus,
    ).toBe('Deleting');
    clock.advance(CEN);
    await cbn('DeleteTransitRouter', { TransitRouterId: trId });
    expect((await routers()).TransitRouters[0].Status).toBe('Deleting');
    clock.advance(CEN);
    expect((await routers()).TotalCount).toBe(0);
    await cbn('DeleteCen', { CenId: cenId });
    clock.advance(CEN);
    expect((await cbn('DescribeCens', {})).TotalCount).toBe(0);
  });

  it('CreateTransitRouterVbrAttachment with only CenId creates the region transit router', async () => {
    const vbrId = await vbr();
    const cenId = await activeCen();
    await cbn('CreateTransitRouterVbrAttachment', {
      CenId: cenId,
      RegionId: REGION,
      VbrId: vbrId,
    });
    const routers = await cbn('ListTransitRouters', { CenId: cenId });
    expect(routers.TransitRouters).toEqual([
      expect.objectContaining({ RegionId: REGION, Status: 'Active' }),
    ]);
  });

  it('Basic Edition: a duplicate AttachCenChildInstance is 409 InvalidOperation.ChildInstanceAlreadyAttached; DetachCenChildInstance and DeleteCen', async () => {
    const vbrId = await vbr(BASIC_REGION, 'pc-uf6idcline000000001');
    const cenId = await activeCen();
    const child = {
      CenId: cenId,
      ChildInstanceId: vbrId,
      ChildInstanceRegionId: BASIC_REGION,
      ChildInstanceType: 'VBR',
    };
    await cbn('AttachCenChildInstance', child);
    await expect(cbn('AttachCenChildInstance', child)).rejects.toMatchObject({
      code: 'InvalidOperation.ChildInstanceAlreadyAttached',
      statusCode: 409,
    });
    await expect(cbn('DeleteCen', { CenId: cenId })).rejects.toMatchObject({
      statusCode: 400,
    });
    clock.advance(ATTACH);
    await cbn('DetachCenChildInstance', child);
    const children = () =>
      cbn('DescribeCenAttachedChildInstances', { CenId: cenId });
    expect((await children()).ChildInstances.ChildInstance[0].Status).toBe(
      'Detaching',
    );
    clock.advance(ATTACH);
    expect((await children()).TotalCount).toBe(0);
    await cbn('DeleteCen', { CenId: cenId });
    expect((await cbn('DescribeCens', {})).Cens.Cen[0].Status).toBe('Deleting');
    clock.advance(CEN);
    expect((await cbn('DescribeCens', {})).TotalCount).toBe(0);
    // Basic Edition regions have no Enterprise transit routers
    const other = await activeCen();
    await expect(
      cbn('CreateTransitRouter', { CenId: other, RegionId: BASIC_REGION }),
    ).rejects.toMatchObject({ statusCode: 400 });
  });
});
