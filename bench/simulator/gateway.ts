/*
 * 4. The gateway data plane's throughput on loopback (target >= 2,000
 *    req/s): 32 keep-alive connections to `example.com/svc1`.
 */
import http from 'node:http';
import type { Simulator } from '@internal/ack-one-simulator';
import { Row } from './stats';

const TOTAL = 20000;
const CONNECTIONS = 32;

export async function measureGateway(sim: Simulator): Promise<Row> {
  const gw = new URL(sim.endpoints.gateway);
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const request = () =>
    new Promise<boolean>((resolve, reject) => {
      http
        .get(
          {
            host: gw.hostname,
            port: gw.port,
            path: '/svc1',
            agent,
            headers: { Host: 'example.com' },
          },
          res => {
            res.resume();
            res.on('end', () => resolve(res.statusCode === 200));
          },
        )
        .on('error', reject);
    });
  let next = 0;
  let ok = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (next < TOTAL) {
        next++;
        if (await request()) ok++;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  return [
    'gateway data plane (32 keep-alive conns)',
    '>= 2,000 req/s',
    `${Math.round(TOTAL / seconds).toLocaleString('en-US')} req/s`,
    `${ok}/${TOTAL} OK, client in the same process`,
  ];
}
