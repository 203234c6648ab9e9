import {
  isAckOneClusterEntity,
  isAckOneDrAvailable,
  isAckOneFleetEntity,
  isAckOneGatewayEntity,
} from './conditions';
import { notOptedInEntity, ordersEntity, webDemoEntity } from './drTestData';
import { ackCluster, fleetEntity, gatewayEntity } from './testData';

describe('entity predicates', () => {
  it('recognises ACK One clusters', () => {
    expect(isAckOneClusterEntity(ackCluster)).toBe(true);
    expect(isAckOneClusterEntity(fleetEntity)).toBe(false);
    expect(isAckOneClusterEntity(gatewayEntity)).toBe(false);
  });

  it('ignores kubernetes-cluster resources without ack-one annotations', () => {
    expect(
      isAckOneClusterEntity({
        ...ackCluster,
        metadata: { name: 'x', annotations: { 'other/thing': 'y' } },
      }),
    ).toBe(false);
  });

  it('ignores other kinds with the same spec.type', () => {
    expect(isAckOneClusterEntity({ ...ackCluster, kind: 'Component' })).toBe(
      false,
    );
    expect(isAckOneFleetEntity({ ...fleetEntity, kind: 'Component' })).toBe(
      false,
    );
  });

  it('recognises fleets', () => {
    expect(isAckOneFleetEntity(fleetEntity)).toBe(true);
    expect(isAckOneFleetEntity(ackCluster)).toBe(false);
  });

  it('recognises multi-cluster gateways', () => {
    expect(isAckOneGatewayEntity(gatewayEntity)).toBe(true);
    expect(isAckOneGatewayEntity(fleetEntity)).toBe(false);
    expect(isAckOneGatewayEntity(ackCluster)).toBe(false);
    expect(isAckOneGatewayEntity({ ...gatewayEntity, kind: 'Component' })).toBe(
      false,
    );
  });

  it('shows the DR tab to services that name their fleet', () => {
    expect(isAckOneDrAvailable(webDemoEntity)).toBe(true);
    expect(isAckOneDrAvailable(ordersEntity)).toBe(true);
    expect(isAckOneDrAvailable(notOptedInEntity)).toBe(false);
    expect(isAckOneDrAvailable(ackCluster)).toBe(false);
  });

  it('hides the DR tab when ack-one/fleet is blank', () => {
    expect(
      isAckOneDrAvailable({
        ...webDemoEntity,
        metadata: { name: 'x', annotations: { 'ack-one/fleet': '  ' } },
      }),
    ).toBe(false);
    expect(
      isAckOneDrAvailable({ ...webDemoEntity, metadata: { name: 'x' } }),
    ).toBe(false);
  });
});
