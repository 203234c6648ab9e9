import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import CsClient, * as $CS from '@alicloud/cs20151215';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { startSimulator, Simulator } from './simulator';
import { ensureKubectl, httpGet, kubectl, waitFor } from '../kube/testUtils';

jest.setTimeout(60_000);

const kubectlBin = ensureKubectl();

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

describe('demo world', () => {
  let sim: Simulator;
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ack-one-sim-'));
    sim = await startSimulator({
      world: 'demo',
      stateDir: dir,
      podReadyDelayMs: 50,
      gatewayStepMs: 50,
    });
  });

  afterAll(async () => {
    await sim?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('shows web-demo in both member clusters with kubectl', async () => {
    const kubeconfigPath = sim.kubeconfigPath;
    for (const ctx of ['idc', 'ack']) {
      const out = await waitFor(async () => {
        const r = await kubectl(kubectlBin, kubeconfigPath, [
          '--context',
          ctx,
          'get',
          'deployments',
          '-A',
        ]);
        return /web-demo\s+web-demo\s+2\/2/.test(r.stdout)
          ? r.stdout
          : undefined;
      }, `web-demo ready in ${ctx}`);
      expect(out).toMatch(
        /NAMESPACE\s+NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE/,
      );
    }
    const ack = await kubectl(kubectlBin, sim.kubeconfigPath, [
      '--context',
      'ack',
      'get',
      'deployments',
      '-A',
    ]);
    expect(ack.stdout).not.toMatch(/reports/);
    const fleet = await kubectl(kubectlBin, sim.kubeconfigPath, [
      '--context',
      'fleet',
      'get',
      'mseingressconfig,ingressclass',
    ]);
    expect(fleet.stdout).toMatch(/Listening/);
    const apps = await waitFor(async () => {
      const r = await kubectl(kubectlBin, sim.kubeconfigPath, [
        '--context',
        'fleet',
        'get',
        'applications',
        '-n',
        'argocd',
      ]);
      return (r.stdout.match(/Synced\s+Healthy/g) ?? []).length === 7
        ? r.stdout
        : undefined;
    }, 'applications healthy');
    expect(apps).toMatch(/idc-k8s-web-demo/);
  });

  it('supports kubectl apply, scale, get -w and delete', async () => {
    const manifest = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: probe
  namespace: default
spec:
  replicas: 1
  selector:
    matchLabels: {app: probe}
  template:
    metadata:
      labels: {app: probe}
    spec:
      containers:
      - name: probe
        image: busybox:1
`;
    const file = path.join(dir, 'probe.yaml');
    fs.writeFileSync(file, manifest);
    const applied = await kubectl(kubectlBin, sim.kubeconfigPath, [
      '--context',
      'idc',
      'apply',
      '-f',
      file,
    ]);
    expect(applied.stderr).toBe('');
    expect(applied.stdout).toMatch(/deployment.apps\/probe created/);
    const again = await kubectl(kubectlBin, sim.kubeconfigPath, [
      '--context',
      'idc',
      'apply',
      '-f',
      file,
    ]);
    expect(again.stdout).toMatch(/unchanged/);
    const watch = kubectl(
      kubectlBin,
      sim.kubeconfigPath,
      [
        '--context',
        'idc',
        'get',
        'deployment',
        'probe',
        '-w',
        '--request-timeout=4s',
      ],
      undefined,
      8000,
    );
    await new Promise(r => setTimeout(r, 500));
    const scaled = await kubectl(kubectlBin, sim.kubeconfigPath, [
      '--context',
      'idc',
      'scale',
      'deployment/probe',
      '--replicas=3',
    ]);
    expect(scaled.stdout).toMatch(/scaled/);
    await waitFor(
      () =>
        sim.world
          .server('idc')
          .api.getObj('apps/v1', 'Deployment', 'default', 'probe')?.status
          ?.readyReplicas === 3,
      'probe 3 ready',
    );
    const w = await watch;
    expect(w.stdout).toMatch(/probe\s+3\/3/);
    const deleted = await kubectl(kubectlBin, sim.kubeconfigPath, [
      '--context',
      'idc',
      'delete',
      '-f',
      file,
    ]);
    expect(deleted.stdout).toMatch(/deleted/);
    const gone = await kubectl(kubectlBin, sim.kubeconfigPath, [
      '--context',
      'idc',
      'get',
      'deployment',
      'probe',
    ]);
    expect(gone.stderr).toMatch(/NotFound/);
  });

  it('routes gateway traffic 50/50 and fails over when IDC pods become unready', async () => {
    const idc = sim.endpoints.clusters.idc.clusterId!;
    const ack = sim.endpoints.clusters.ack.clusterId!;
    await waitFor(() => {
      const r = sim.gateway.routes().find(x => x.id === 'example.com /svc1');
      return (
        r &&
        Math.round(r.weights[idc] ?? 0) === 50 &&
        Math.round(r.weights[ack] ?? 0) === 50
      );
    }, 'route 50/50');
    const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
    const url = `${sim.endpoints.gateway}/svc1`;
    // 1,000 requests with both sides ready, then the IDC pods fail and,
    // once the gateway has moved the route, 1,000 more.
    const send = async (n: number) => {
      const counts: Record<string, number> = {};
      const statuses: Record<number, number> = {};
      let next = 0;
      const worker = async () => {
        while (next < n) {
          next++;
          const r = await httpGet(url, { Host: 'example.com' }, agent);
          statuses[r.status] = (statuses[r.status] ?? 0) + 1;
          const c = JSON.parse(r.text).cluster as string;
          counts[c] = (counts[c] ?? 0) + 1;
        }
      };
      await Promise.all(Array.from({ length: 8 }, worker));
      return { counts, statuses };
    };
    const before = await send(1000);
    sim.faults.podsReady('idc', false);
    await waitFor(() => {
      const r = sim.gateway.routes().find(x => x.id === 'example.com /svc1');
      return r && r.weights[ack] === 100;
    }, 'failover to ack');
    const after = await send(1000);
    agent.destroy();
    expect(before.statuses).toEqual({ 200: 1000 });
    expect(before.counts[idc]).toBeGreaterThan(300);
    expect(before.counts[ack]).toBeGreaterThan(300);
    expect(after.statuses).toEqual({ 200: 1000 });
    expect(after.counts).toEqual({ [ack]: 1000 });
    sim.faults.podsReady('idc', true);
    const reports = await httpGet(
      `${sim.endpoints.gateway}/`,
      { Host: 'nothing.example.com' },
      new http.Agent(),
    );
    expect(reports.status).toBe(404);
  });

  it('takes an API server offline and back, and saves the world', async () => {
    await sim.faults.apiServerOffline('ack', 'refuse');
    const down = await kubectl(kubectlBin, sim.kubeconfigPath, [
      '--context',
      'ack',
      'get',
      'ns',
      '--request-timeout=3s',
    ]);
    expect(down.code).not.toBe(0);
    expect(down.stderr).toMatch(/refused/);
    await sim.faults.apiServerOnline('ack');
    const up = await kubectl(kubectlBin, sim.kubeconfigPath, [
      '--context',
      'ack',
      'get',
      'ns',
    ]);
    expect(up.stdout).toMatch(/web-demo/);
    const file = path.join(dir, 'world.json');
    await sim.save(file);
    const saved = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(saved.servers.map((s: any) => s.name)).toEqual([
      'idc',
      'ack',
      'fleet',
    ]);
    expect(saved.cloud.fleets[0].members).toHaveLength(2);
  });
});

describe('empty world', () => {
  let sim: Simulator;
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ack-one-sim-'));
    sim = await startSimulator({
      world: 'empty',
      stateDir: dir,
      podReadyDelayMs: 50,
      cloudTiming: { agentConnectMs: 50, clusterReadyMs: 50, fleetReadyMs: 50 },
    });
  });

  afterAll(async () => {
    await sim?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('registers the IDC cluster once the agent manifest is applied', async () => {
    expect(sim.endpoints.clusters.idc.clusterId).toBeUndefined();
    const cs = csClient(sim);
    const created = await cs.createCluster(
      new $CS.CreateClusterRequest({
        name: 'idc-k8s',
        regionId: 'cn-hangzhou',
        clusterType: 'ExternalKubernetes',
        vpcid: sim.world.cloud.vpcs[0].vpcId,
      }),
    );
    const clusterId = created.body!.clusterId!;
    expect((await cs.describeClusterDetail(clusterId)).body!.state).toBe(
      'waiting',
    );
    const agent = await cs.describeExternalAgent(
      clusterId,
      new $CS.DescribeExternalAgentRequest({ privateIpAddress: 'true' }),
    );
    const file = path.join(dir, 'agent.yaml');
    fs.writeFileSync(file, agent.body!.config!);
    const applied = await kubectl(kubectlBin, sim.kubeconfigPath, [
      '--context',
      'idc',
      'apply',
      '-f',
      file,
    ]);
    expect(applied.code).toBe(0);
    expect(applied.stderr).not.toMatch(/error/i);
    expect(applied.stdout).toMatch(
      /deployment.apps\/ack-cluster-agent created/,
    );
    await waitFor(
      async () =>
        (await cs.describeClusterDetail(clusterId)).body!.state === 'running',
      'registered cluster running',
    );
    expect(
      sim.world.cloud.clusters.find(c => c.clusterId === clusterId)?.kubeServer,
    ).toBe('idc');
  });
});
