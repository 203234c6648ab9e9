import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import CsClient, * as $CS from '@alicloud/cs20151215';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { startSimulator, Simulator } from '../world/simulator';
import { bindClusterVersions, FLEET_KUBERNETES_VERSION } from './clusterVersions';
import { ensureKubectl, kubectl, kubeRequest, waitFor } from './testUtils';

jest.setTimeout(90_000);

function csClient(sim: Simulator) {
  const port = new URL(sim.endpoints.openApi).port;
  return new CsClient(
    new $OpenApiUtil.Config({
      accessKeyId: sim.accessKey.accessKeyId,
      accessKeySecret: sim.accessKey.accessKeySecret,
      regionId: 'cn-hangzhou',
      endpoint: `127.0.0.1:${port}`,
      protocol: 'http',
    }),
  );
}

/** What the API server of `serverName` reports: /version and its nodes' kubelets. */
async function serverVersions(sim: Simulator, serverName: string) {
  const e = sim.world.servers.get(serverName)!;
  const v = await kubeRequest(`${e.server.url}/version`, {
    ca: sim.world.pki.caCertPem,
    token: e.adminToken,
  });
  const nodes = await kubeRequest(`${e.server.url}/api/v1/nodes`, {
    ca: sim.world.pki.caCertPem,
    token: e.adminToken,
  });
  return {
    gitVersion: v.body.gitVersion as string,
    kubelets: nodes.body.items.map((n: any) => n.status.nodeInfo.kubeletVersion),
  };
}

async function expectOneVersion(sim: Simulator, clusterId: string) {
  const detail = await csClient(sim).describeClusterDetail(clusterId);
  const current = detail.body!.currentVersion!;
  expect(current).toMatch(/^1\.\d+\.\d+/);
  const serverName = sim.world.serverNameFor(clusterId)!;
  const seen = await waitFor(async () => {
    const s = await serverVersions(sim, serverName);
    return s.kubelets.every((k: string) => k === `v${current}`) ? s : undefined;
  }, `kubelets of ${clusterId} at ${current}`);
  expect(seen.gitVersion).toBe(`v${current}`);
  expect(seen.kubelets.length).toBeGreaterThan(0);
  return current;
}

describe('one Kubernetes version per cluster', () => {
  let dir: string;
  let demo: Simulator;
  let empty: Simulator;
  const unbind: Array<() => void> = [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ack-one-versions-'));
    demo = await startSimulator({
      world: 'demo',
      stateDir: path.join(dir, 'demo'),
      podReadyDelayMs: 50,
      gatewayStepMs: 50,
    });
    empty = await startSimulator({
      world: 'empty',
      stateDir: path.join(dir, 'empty'),
      podReadyDelayMs: 50,
      cloudTiming: { clusterReadyMs: 50, agentConnectMs: 50, fleetReadyMs: 50 },
    });
    unbind.push(bindClusterVersions(demo.world), bindClusterVersions(empty.world));
  });

  afterAll(async () => {
    for (const u of unbind) u();
    await demo?.stop();
    await empty?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('CS current_version, the API server /version and the kubelets of the nodes agree for every cluster', async () => {
    const clusters = demo.world.cloud.clusters.filter(c => c.kubeServer);
    expect(clusters.length).toBeGreaterThan(1);
    for (const c of clusters) await expectOneVersion(demo, c.clusterId);
    for (const f of demo.world.cloud.fleets.filter(x => x.kubeServer)) {
      const s = await serverVersions(demo, f.kubeServer!);
      expect(s.gitVersion).toBe(`v${FLEET_KUBERNETES_VERSION}`);
    }
  });

  it('kubectl version and kubectl get nodes show the version of the cluster', async () => {
    const bin = ensureKubectl();
    const c = demo.world.cloud.clusters.find(x => x.kubeServer === 'ack')!;
    const v = await kubectl(bin, demo.kubeconfigPath, ['--context', 'ack', 'version', '-o', 'json']);
    expect(JSON.parse(v.stdout).serverVersion.gitVersion).toBe(`v${c.currentVersion}`);
    const nodes = await kubectl(bin, demo.kubeconfigPath, ['--context', 'ack', 'get', 'nodes']);
    expect(nodes.stdout).toMatch(new RegExp(`Ready\\s+<none>\\s+\\S+\\s+v${c.currentVersion.replace(/\./g, '\\.')}`));
  });

  it('an ACK cluster created with a kubernetes_version runs that version', async () => {
    const cs = csClient(empty);
    const vpc = empty.world.cloud.vpcs[0];
    const created = await cs.createCluster(
      new $CS.CreateClusterRequest({
        name: 'ack-versioned',
        regionId: 'cn-hangzhou',
        clusterType: 'ManagedKubernetes',
        vpcid: vpc.vpcId,
        vswitchIds: [vpc.vSwitches[0].vSwitchId],
        kubernetesVersion: '1.30.7-aliyun.1',
      }),
    );
    const id = created.body!.clusterId!;
    await waitFor(
      async () => (await cs.describeClusterDetail(id)).body!.state === 'running',
      'cluster running',
    );
    expect(await expectOneVersion(empty, id)).toBe('1.30.7-aliyun.1');
  });
});
