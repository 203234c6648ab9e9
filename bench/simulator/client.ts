/* HTTPS access to one simulated cluster's API server, as its admin. */
import https from 'node:https';
import type { Simulator } from '@internal/ack-one-simulator';

export interface ClusterClient {
  url: string;
  ca: string;
  token: string;
  /** keep-alive agent trusting the world's CA */
  agent: https.Agent;
  headers: Record<string, string>;
}

export function clusterClient(sim: Simulator, name: string): ClusterClient {
  const ca = sim.world.pki.caCertPem;
  const token = sim.world.servers.get(name)!.adminToken;
  return {
    url: sim.world.server(name).url,
    ca,
    token,
    agent: new https.Agent({ keepAlive: true, ca }),
    headers: { Authorization: `Bearer ${token}` },
  };
}

export interface GetResult {
  /** until the body was parsed */
  ms: number;
  /** until the last byte arrived */
  received: number;
  bytes: number;
  /** items in the list */
  n: number;
}

/** GETs a list and parses it, timing the transfer and the parse. */
export function getList(c: ClusterClient, path: string): Promise<GetResult> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    https
      .get(`${c.url}${path}`, { agent: c.agent, headers: c.headers }, res => {
        const chunks: Buffer[] = [];
        res.on('data', chunk => chunks.push(chunk));
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
      })
      .on('error', reject);
  });
}

/** PUTs an object and resolves once the response has been read. */
export function put(c: ClusterClient, path: string, obj: object) {
  return new Promise<void>((resolve, reject) => {
    const req = https.request(
      `${c.url}${path}`,
      {
        method: 'PUT',
        agent: c.agent,
        headers: { ...c.headers, 'Content-Type': 'application/json' },
      },
      res => {
        res.resume();
        res.on('end', () => resolve());
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(obj));
  });
}
