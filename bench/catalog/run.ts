/*
 * Benchmark of the ACK One catalog provider's scale target:
 *
 *   "2,000 clusters across 50 fleets ingested in one provider run in under
 *    10 s against the simulator, with the number of cloud API calls reported
 *    (paging, no per-cluster call where a list call serves)."
 *
 *   source scripts/env.sh && yarn bench:catalog
 *
 * Optional environment: BENCH_FLEETS (default 50), BENCH_MEMBERS (members per
 * Fleet, default 40).
 *
 * The simulator starts from the `empty` world (API server `idc`); the bench
 * adds one shared ACK API server (`ack`) and one API server per Fleet
 * (`fleet-NN`, each holding one MseIngressConfig + IngressClass), then writes
 * 50 running Fleets and 2,000 running member clusters (half
 * ExternalKubernetes on `idc`, half ManagedKubernetes on `ack`) straight into
 * the simulator's cloud state. Member clusters share the two API servers:
 * the provider only needs each cluster's API server address and CA, which
 * come from DescribeClusterUserKubeconfig.
 *
 * One refresh of the real AckOneEntityProvider with the real
 * DefaultAckOneService (http, 127.0.0.1) is timed; the mutation is recorded.
 * Everything runs on 127.0.0.1 and the process stops by itself.
 *
 * Files: ./config.ts (settings), ./world.ts (the world), ./provider.ts (the
 * provider and its connection), ./instruments.ts (counting logger, timed
 * service), ./refresh.ts (the cold and warm runs), ./report.ts (output).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSimulator } from '@internal/ack-one-simulator';
import { connectProvider } from './provider';
import { coldRefresh, warmRefresh } from './refresh';
import { report } from './report';
import { buildWorld } from './world';

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ack-one-catalog-bench-'));
  const sim = await startSimulator({
    world: 'empty',
    host: '127.0.0.1',
    cloudPort: 0,
    gatewayPort: 0,
    controlPort: 0,
    stateDir: dir,
    podReadyDelayMs: 10,
    gatewayStepMs: 10,
  });
  let exitCode = 0;
  try {
    const world = await buildWorld(sim);
    const connected = await connectProvider(sim);
    const cold = await coldRefresh(sim, connected);
    const warm = await warmRefresh(sim, connected);
    const ok = report({
      sim: { servers: sim.world.servers.size },
      world,
      connected,
      cold,
      warm,
    });
    if (!ok) exitCode = 1;
  } finally {
    await sim.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  process.exit(exitCode);
}

main().catch(e => {
  console.error(e);
  process.exit(2);
});
