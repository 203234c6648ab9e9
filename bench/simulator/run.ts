/*
 * Benchmark of the ACK One simulator's performance targets.
 *
 *   source scripts/env.sh && yarn bench:simulator
 *
 * 1. 10,000 objects held by one cluster (5,000 Deployments with 0 replicas + their ReplicaSets): ./objects.ts
 * 2. a list of 5,000 Deployments over HTTPS (target < 200 ms): ./list.ts
 * 3. watch event delivered after a write (target < 50 ms): ./watch.ts
 * 4. gateway data plane throughput on loopback (target >= 2,000 req/s): ./gateway.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSimulator } from '@internal/ack-one-simulator';
import { clusterClient } from './client';
import { measureGateway } from './gateway';
import { measureList } from './list';
import { measureObjects } from './objects';
import { printReport } from './report';
import { Row } from './stats';
import { measureWatch } from './watch';

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ack-one-bench-'));
  const sim = await startSimulator({
    world: 'demo',
    stateDir: dir,
    podReadyDelayMs: 10,
    gatewayStepMs: 10,
  });
  const client = clusterClient(sim, 'idc');
  const rows: Row[] = [];
  try {
    rows.push(await measureObjects(sim));
    rows.push(...(await measureList(client)));
    rows.push(...(await measureWatch(sim, client)));
    rows.push(await measureGateway(sim));
  } finally {
    client.agent.destroy();
    await sim.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  printReport(rows);
}

main().then(
  () => process.exit(0),
  e => {
    console.error(e);
    process.exit(1);
  },
);
