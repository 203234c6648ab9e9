import { createDemoWorld } from './worlds';

describe('built-in worlds', () => {
  it('give the same ids to the same resources on every start, and new credentials', async () => {
    const a = await createDemoWorld();
    const b = await createDemoWorld();
    try {
      const ids = (w: typeof a) => ({
        vpcs: w.cloud.vpcs.map(v => [
          v.vpcId,
          ...v.vSwitches.map(s => s.vSwitchId),
        ]),
        clusters: w.cloud.clusters.map(c => `${c.name}=${c.clusterId}`),
        fleets: w.cloud.fleets.map(f => `${f.name}=${f.clusterId}`),
      });
      expect(ids(a)).toEqual(ids(b));
      expect(a.cloud.clusters.map(c => c.name).sort()).toEqual([
        'ack-hangzhou',
        'idc-k8s',
      ]);
      // ids look like CS ids
      for (const c of a.cloud.clusters)
        expect(c.clusterId).toMatch(/^c[0-9a-f]{32}$/);
      // the CA (and so every token and key) is new per start
      expect(a.adminKubeconfig()).not.toEqual(b.adminKubeconfig());
    } finally {
      await a.stop();
      await b.stop();
    }
  });
});
