/*
 * Benchmark of the ACK One simulator's performance targets.
 *
 *   source scripts/env.sh && \
 *     node -r @backstage/cli/config/nodeTransform.cjs bench/simulator/run.ts
 *
 * 1. 10,000 objects held by one cluster (5,000 Deployments with 0 replicas + their ReplicaSets)
 * 2. a list of 5,000 Deployments over HTTPS (target < 200 ms)
 * 3. watch event delivered after a write (target < 50 ms)
 * 4. gateway data plane throughput on loopback (target >= 2,000 req/s)
 */
import http from 'node:http';
import https from 'node:https';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSimulator } from '../../packages/ack-one-simulator/src/world/simulator';

function median(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
function p95(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))];
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ack-one-bench-'));
  const sim = await startSimulator({
    world: 'demo',
    stateDir: dir,
    podReadyDelayMs: 10,
    gatewayStepMs: 10,
  });
  const server = sim.world.server('idc');
  const api = server.api;
  const ca = sim.world.pki.caCertPem;
  const token = sim.world.servers.get('idc')!.adminToken;
  const rows: Array<[string, string, string, string]> = [];

  // 1. 10,000 objects
  api.upsert({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'bench' },
  });
  const heapBefore = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  for (let i = 0; i < 5000; i++) {
    api.upsert({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: `bench-${String(i).padStart(5, '0')}`,
        namespace: 'bench',
        labels: { app: `bench-${i}`, tier: i % 2 ? 'odd' : 'even' },
      },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: `bench-${i}` } },
        template: {
          metadata: { labels: { app: `bench-${i}` } },
          spec: {
            containers: [
              {
                name: 'c',
                image:
                  'registry-cn-hangzhou.ack.aliyuncs.com/acs/web-demo:0.5.0',
                ports: [{ containerPort: 8080 }],
              },
            ],
          },
        },
      },
    });
  }
  // wait for the controllers to create the ReplicaSets
  while (api.store.count('apps/replicasets') < 5000 + 4)
    await new Promise(r => setTimeout(r, 20));
  const createMs = performance.now() - t0;
  const held = api.store.count();
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1048576;
  rows.push([
    'objects held in one cluster',
    '10,000',
    `${held.toLocaleString('en-US')}`,
    `created in ${(createMs / 1000).toFixed(2)} s, +${heapMb.toFixed(
      0,
    )} MB heap`,
  ]);

  // 2. list 5,000 deployments
  const agent = new https.Agent({ keepAlive: true, ca });
  const get = (p: string) =>
    new Promise<{ ms: number; received: number; bytes: number; n: number }>(
      (resolve, reject) => {
        const start = performance.now();
        https
          .get(
            `${server.url}${p}`,
            { agent, headers: { Authorization: `Bearer ${token}` } },
            res => {
              const chunks: Buffer[] = [];
              res.on('data', c => chunks.push(c));
              res.on('end', () => {
                const buf = Buffer.concat(chunks);
                const received = performance.now() - start;
                const body = JSON.parse(buf.toString('utf8'));
                resolve({
                  ms: performance.now() - start,
                  received,
                  bytes: buf.length,
                  n: body.items.length,
                });
              });
            },
          )
          .on('error', reject);
      },
    );
  await get('/apis/apps/v1/namespaces/bench/deployments');
  const listMs: number[] = [];
  const recvMs: number[] = [];
  let last = { ms: 0, received: 0, bytes: 0, n: 0 };
  for (let i = 0; i < 10; i++) {
    last = await get('/apis/apps/v1/namespaces/bench/deployments');
    listMs.push(last.ms);
    recvMs.push(last.received);
  }
  rows.push([
    'list 5,000 deployments (HTTPS, received)',
    '< 200 ms',
    `${median(recvMs).toFixed(1)} ms median`,
    `p95 ${p95(recvMs).toFixed(1)} ms, ${last.n} items, ${(
      last.bytes / 1048576
    ).toFixed(1)} MB`,
  ]);
  rows.push([
    '  ... and JSON-parsed by the client',
    '',
    `${median(listMs).toFixed(1)} ms median`,
    `p95 ${p95(listMs).toFixed(1)} ms`,
  ]);

  // 3. watch latency
  const pending = new Map<string, number>();
  const latencies: number[] = [];
  await new Promise<void>((resolve, reject) => {
    const req = https.get(
      `${
        server.url
      }/api/v1/namespaces/bench/configmaps?watch=1&resourceVersion=${api.store.currentRv()}`,
      {
        agent: new https.Agent({ ca }),
        headers: { Authorization: `Bearer ${token}` },
      },
      res => {
        let buf = '';
        res.on('data', (c: Buffer) => {
          buf += c.toString('utf8');
          let nl;
          while ((nl = buf.indexOf('\n')) >= 0) {
            const line = buf.slice(0, nl);
            buf = buf.slice(nl + 1);
            const ev = JSON.parse(line);
            const v = ev.object?.data?.v;
            const t = pending.get(v);
            if (t !== undefined) {
              latencies.push(performance.now() - t);
              pending.delete(v);
            }
          }
        });
        resolve();
        (main as any).watchReq = req;
      },
    );
    req.on('error', reject);
  });
  for (let i = 0; i < 100; i++) {
    const v = `v${i}`;
    pending.set(v, performance.now());
    // write through the API (HTTP PUT/POST would add the client's request time)
    api.upsert({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'watch-probe', namespace: 'bench' },
      data: { v },
    });
    await new Promise(r => setTimeout(r, 5));
  }
  while (pending.size) await new Promise(r => setTimeout(r, 10));
  rows.push([
    'watch event after a write',
    '< 50 ms',
    `${median(latencies).toFixed(2)} ms median`,
    `p95 ${p95(latencies).toFixed(2)} ms over ${latencies.length} writes`,
  ]);
  // HTTP write -> watch event
  const httpLat: number[] = [];
  const put = (v: string) =>
    new Promise<void>((resolve, reject) => {
      const body = JSON.stringify({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'watch-probe', namespace: 'bench' },
        data: { v },
      });
      const req = https.request(
        `${server.url}/api/v1/namespaces/bench/configmaps/watch-probe`,
        {
          method: 'PUT',
          agent,
          headers: {
            Authorization: `Bearer ${token}`,
            'Content-Type': 'application/json',
          },
        },
        res => {
          res.resume();
          res.on('end', () => resolve());
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  for (let i = 0; i < 50; i++) {
    const v = `h${i}`;
    const start = performance.now();
    pending.set(v, start);
    await put(v);
    while (pending.has(v)) await new Promise(r => setImmediate(r));
    httpLat.push(latencies[latencies.length - 1]);
  }
  rows.push([
    'watch event after an HTTPS PUT',
    '< 50 ms',
    `${median(httpLat).toFixed(2)} ms median`,
    `p95 ${p95(httpLat).toFixed(2)} ms (client send -> event received)`,
  ]);
  (main as any).watchReq?.destroy();

  // 4. gateway throughput
  const gw = new URL(sim.endpoints.gateway);
  const gwAgent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  const total = 20000;
  let next = 0;
  let ok = 0;
  const g0 = performance.now();
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < total) {
        next++;
        await new Promise<void>((resolve, reject) => {
          http
            .get(
              {
                host: gw.hostname,
                port: gw.port,
                path: '/svc1',
                agent: gwAgent,
                headers: { Host: 'example.com' },
              },
              res => {
                if (res.statusCode === 200) ok++;
                res.resume();
                res.on('end', () => resolve());
              },
            )
            .on('error', reject);
        });
      }
    }),
  );
  const gSec = (performance.now() - g0) / 1000;
  rows.push([
    'gateway data plane (32 keep-alive conns)',
    '>= 2,000 req/s',
    `${Math.round(total / gSec).toLocaleString('en-US')} req/s`,
    `${ok}/${total} OK, client in the same process`,
  ]);
  gwAgent.destroy();
  agent.destroy();
  await sim.stop();
  fs.rmSync(dir, { recursive: true, force: true });

  const widths = [0, 1, 2, 3].map(i =>
    Math.max(
      ...[
        ['target', 'goal', 'measured', 'notes'][i],
        ...rows.map(r => r[i]),
      ].map(s => s.length),
    ),
  );
  const line = (r: string[]) =>
    `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(
    `ACK One simulator benchmark (node ${process.version}, ${
      os.cpus()[0]?.model ?? ''
    } x${os.cpus().length})`,
  );
  console.log(line(['target', 'goal', 'measured', 'notes']));
  console.log(`|${widths.map(w => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
}

main().then(
  () => process.exit(0),
  e => {
    console.error(e);
    process.exit(1);
  },
);
