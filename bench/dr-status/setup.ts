/*
 * Setting up the DR status benchmark: the simulator with the bench world
 * (one cluster slowed), and launching a backend child process on a free
 * port until it is ready, signed in and its catalog holds every component.
 */
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startSimulator } from '@internal/ack-one-simulator';
import type { Simulator } from '@internal/ack-one-simulator';
import { Backend, startBackend, writeConfig } from './backend-process';
import { Client } from './client';
import { CLUSTERS, log, POD_READY_DELAY_MS, SERVICES, SLOW_MS } from './config';
import { freePort } from './probes';
import { mb } from './stats';
import { BenchCluster, buildWorld } from './world';

export type World = Awaited<ReturnType<typeof buildWorld>>;

export function logHeader() {
  log(
    `DR status bench: ${CLUSTERS} clusters x ${SERVICES} services, one cluster +${SLOW_MS} ms; ${
      os.cpus().length
    } CPUs, Node ${process.version}`,
  );
}

/** Starts the simulator; `onStarted` gets it before the world is built. */
export async function startSimulatorWorld(
  dir: string,
  onStarted: (sim: Simulator) => void,
): Promise<{
  sim: Simulator;
  world: World;
  worldMs: number;
  slow: BenchCluster;
}> {
  const sim = await startSimulator({
    world: 'empty',
    host: '127.0.0.1',
    cloudPort: 0,
    gatewayPort: 0,
    controlPort: 0,
    stateDir: path.join(dir, 'simulator'),
    podReadyDelayMs: POD_READY_DELAY_MS,
    gatewayStepMs: 10,
  });
  onStarted(sim);
  const tWorld = performance.now();
  const world = await buildWorld(sim, {
    clusters: CLUSTERS,
    services: SERVICES,
    log: m => (CLUSTERS <= 4 || /-0[0-1]:/.test(m) ? log(m) : undefined),
  });
  const worldMs = performance.now() - tWorld;
  const simMemWorld = process.memoryUsage();
  log(
    `world built in ${(worldMs / 1000).toFixed(1)} s: ${
      world.objects.total
    } objects (${
      world.objects.perCluster
    } per member cluster), simulator rss ${mb(simMemWorld.rss)}`,
  );
  const slow = world.clusters[1];
  sim.faults.apiServerLatency(slow.name, SLOW_MS);
  log(`cluster ${slow.name} (${slow.clusterId}) slowed by ${SLOW_MS} ms`);
  return { sim, world, worldMs, slow };
}

export interface Launched {
  backend: Backend;
  client: Client;
  tSpawn: number;
  readyMs: number;
  pid: number;
}

/** Starts a backend with a generated config and waits for its readiness. */
export async function launch(
  dir: string,
  sim: Simulator,
  catalogPath: string,
  name: string,
  env: Record<string, string>,
): Promise<Launched> {
  const port = await freePort();
  const { configPath, baseUrl } = writeConfig(
    dir,
    name,
    port,
    sim,
    catalogPath,
  );
  const tSpawn = performance.now();
  const b = startBackend(dir, name, configPath, baseUrl, env);
  const c = new Client(baseUrl);
  log(`${name}: starting (pid ${b.child.pid}) on ${baseUrl}`);
  for (;;) {
    if (b.exited()) throw new Error(`${name}: exited while starting`);
    if (performance.now() - tSpawn > 240_000)
      throw new Error(`${name}: not ready after 240 s`);
    const r = await c
      .request('/.backstage/health/v1/readiness')
      .catch(() => undefined);
    if (r?.status === 200) break;
    await sleep(250);
  }
  const readyMs = performance.now() - tSpawn;
  log(`${name}: ready after ${(readyMs / 1000).toFixed(1)} s`);
  return { backend: b, client: c, tSpawn, readyMs, pid: b.child.pid! };
}

export async function signIn(c: Client) {
  const guest = await c.request('/api/auth/guest/refresh');
  c.token = guest.body?.backstageIdentity?.token;
  if (!c.token)
    throw new Error(
      `no guest token: ${guest.status} ${JSON.stringify(guest.body)}`,
    );
}

/** Waits until the catalog holds every component; ms after spawn. */
export async function waitCatalog(c: Client, tSpawn: number, name: string) {
  for (;;) {
    const r = await c.request(
      '/api/catalog/entities/by-query?filter=kind=component&limit=1',
    );
    const n = r.body?.totalItems ?? 0;
    if (n >= SERVICES) {
      const catalogMs = performance.now() - tSpawn;
      log(
        `${name}: catalog has ${SERVICES} components ${(
          catalogMs / 1000
        ).toFixed(1)} s after spawn`,
      );
      return catalogMs;
    }
    if (performance.now() - tSpawn > 400_000)
      throw new Error(
        `${name}: catalog has ${n}/${SERVICES} components after 400 s`,
      );
    await sleep(500);
  }
}

/** `dependencyOf` relations on the cluster entities: services related to them. */
async function serviceRelations(c: Client): Promise<number> {
  const r = await c.request(
    '/api/catalog/entities/by-query?filter=kind=resource,spec.type=kubernetes-cluster&fields=relations&limit=1000',
  );
  const items: Array<{ relations?: Array<{ type: string }> }> =
    r.body?.items ?? [];
  return items.reduce(
    (n, e) =>
      n + (e.relations ?? []).filter(x => x.type === 'dependencyOf').length,
    0,
  );
}

/**
 * Waits until the catalog has related the services to their clusters (the
 * ACK One relations processor's first pass and its stitching), so the
 * measurements see the catalog's steady state: every service related to
 * every cluster, or a count that has stopped changing for 10 s.
 */
export async function waitRelations(c: Client, tSpawn: number) {
  const want = SERVICES * CLUSTERS;
  let seen = -1;
  let steadySince = performance.now();
  while (performance.now() - tSpawn < 600_000) {
    const n = await serviceRelations(c);
    if (n !== seen) steadySince = performance.now();
    seen = n;
    if (n >= want || (n > 0 && performance.now() - steadySince > 10_000)) {
      log(
        `backend: ${n} service-to-cluster relations ${(
          (performance.now() - tSpawn) /
          1000
        ).toFixed(1)} s after spawn`,
      );
      return;
    }
    await sleep(2000);
  }
  log(`backend: ${seen}/${want} service relations after 600 s; measuring`);
}
