import { isAckOneClusterEntity, isAckOneFleetEntity } from './conditions';
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
});
