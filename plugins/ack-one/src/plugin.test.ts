import {
  ackOnePlugin,
  DrOverviewPage,
  EntityDrSystemCard,
  EntityAckOneClusterCard,
  EntityAckOneDrContent,
  EntityAckOneFleetCard,
} from './plugin';
import { drContentRouteRef, drOverviewRouteRef } from './routes';

describe('ackOnePlugin (legacy frontend system)', () => {
  it('registers the AckOneApi factory', () => {
    expect(ackOnePlugin.getId()).toBe('ack-one');
    const apiIds = [...ackOnePlugin.getApis()].map(f => f.api.id);
    expect(apiIds).toEqual(['plugin.ack-one.api']);
  });

  it('exports the cards as components', () => {
    expect(EntityAckOneClusterCard).toBeDefined();
    expect(EntityAckOneFleetCard).toBeDefined();
    expect(EntityDrSystemCard).toBeDefined();
    expect(DrOverviewPage).toBeDefined();
  });

  it('exports the Disaster Recovery tab, mounted on its route', () => {
    expect(EntityAckOneDrContent).toBeDefined();
    expect(ackOnePlugin.routes).toEqual({
      drContent: drContentRouteRef,
      drOverview: drOverviewRouteRef,
    });
  });
});
