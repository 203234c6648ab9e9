/*
 * 3. A watch event delivered after a write (target < 50 ms): written
 *    through the store's API, then through an HTTPS PUT.
 */
import type http from 'node:http';
import https from 'node:https';
import type { Simulator } from '@internal/ack-one-simulator';
import { ClusterClient, put } from './client';
import { median, p95, Row, sleep } from './stats';

const CONFIGMAPS = '/api/v1/namespaces/bench/configmaps';

function probe(v: string) {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'watch-probe', namespace: 'bench' },
    data: { v },
  };
}

/**
 * Watches the `bench` ConfigMaps; an event whose `data.v` is pending gets
 * its latency recorded. Resolves once the watch is open.
 */
function openWatch(
  client: ClusterClient,
  fromRv: string | number,
  pending: Map<string, number>,
  latencies: number[],
): Promise<http.ClientRequest> {
  return new Promise((resolve, reject) => {
    const req = https.get(
      `${client.url}${CONFIGMAPS}?watch=1&resourceVersion=${fromRv}`,
      { agent: new https.Agent({ ca: client.ca }), headers: client.headers },
      res => {
        let buf = '';
        res.on('data', (c: Buffer) => {
          buf += c.toString('utf8');
          let nl;
          while ((nl = buf.indexOf('\n')) >= 0) {
            const ev = JSON.parse(buf.slice(0, nl));
            buf = buf.slice(nl + 1);
            const v = ev.object?.data?.v;
            const t = pending.get(v);
            if (t !== undefined) {
              latencies.push(performance.now() - t);
              pending.delete(v);
            }
          }
        });
        resolve(req);
      },
    );
    req.on('error', reject);
  });
}

export async function measureWatch(
  sim: Simulator,
  client: ClusterClient,
): Promise<Row[]> {
  const api = sim.world.server('idc').api;
  const pending = new Map<string, number>();
  const latencies: number[] = [];
  const req = await openWatch(
    client,
    api.store.currentRv(),
    pending,
    latencies,
  );
  for (let i = 0; i < 100; i++) {
    pending.set(`v${i}`, performance.now());
    // write through the API (HTTP PUT/POST would add the client's request time)
    api.upsert(probe(`v${i}`));
    await sleep(5);
  }
  while (pending.size) await sleep(10);
  const viaApi = [...latencies];
  const httpLat: number[] = [];
  for (let i = 0; i < 50; i++) {
    const v = `h${i}`;
    pending.set(v, performance.now());
    await put(client, `${CONFIGMAPS}/watch-probe`, probe(v));
    while (pending.has(v)) await new Promise(r => setImmediate(r));
    httpLat.push(latencies[latencies.length - 1]);
  }
  req.destroy();
  return [
    [
      'watch event after a write',
      '< 50 ms',
      `${median(viaApi).toFixed(2)} ms median`,
      `p95 ${p95(viaApi).toFixed(2)} ms over ${viaApi.length} writes`,
    ],
    [
      'watch event after an HTTPS PUT',
      '< 50 ms',
      `${median(httpLat).toFixed(2)} ms median`,
      `p95 ${p95(httpLat).toFixed(2)} ms (client send -> event received)`,
    ],
  ];
}
