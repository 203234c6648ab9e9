/*
 * Startup of the backend under test: the catalog loading and the DR cache
 * warming at the same time, then every service's DR status read once
 * (answers checked, parity and gateway routes counted).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { checkDr, Client, drPath } from './client';
import { log } from './config';
import { waitCatalog, waitRelations } from './setup';
import type { World } from './setup';
import { countInto, pool } from './stats';

export interface Warm {
  /** ms after spawn; NaN when no healthy status was seen */
  ms: number;
  status: number;
  body: any;
}

/**
 * Polls the first service's DR status until it shows every cluster
 * reachable with its workload (which needs that entity in the catalog).
 */
async function waitDrWarm(
  client: Client,
  world: World,
  tSpawn: number,
  catalogDone: () => boolean,
): Promise<Warm> {
  let failingSince: number | undefined;
  for (;;) {
    const r = await client.request(drPath(world.services[0]));
    if (
      r.status === 200 &&
      checkDr(r.body, world.services[0], world.clusters).length === 0
    )
      return {
        ms: performance.now() - tSpawn,
        status: r.status,
        body: r.body,
      };
    const now = performance.now();
    if (catalogDone()) {
      // The endpoint is missing (no route) or never shows a healthy
      // status: go on, and report what it answers.
      failingSince ??= now;
      if (now - failingSince > (r.status === 200 ? 60_000 : 10_000))
        return { ms: NaN, status: r.status, body: r.body };
    }
    if (now - tSpawn > 400_000)
      throw new Error(
        `DR cache not warm after 400 s: ${r.status} ${checkDr(
          r.body,
          world.services[0],
          world.clusters,
        ).join('; ')}`,
      );
    await sleep(200);
  }
}

/**
 * The catalog loads and the DR cache warms at the same time: waits for
 * both. The watches the cache opens are timed on the simulator side.
 */
export async function waitWarm(
  client: Client,
  world: World,
  tSpawn: number,
): Promise<{ catalogMs: number; warm: Warm }> {
  let catalogDone = false;
  const [catalogMs, warm] = await Promise.all([
    waitCatalog(client, tSpawn, 'backend').then(v => {
      catalogDone = true;
      return v;
    }),
    waitDrWarm(client, world, tSpawn, () => catalogDone),
  ]);
  await waitRelations(client, tSpawn);
  return { catalogMs, warm };
}

export interface EveryService {
  parity: Map<string, number>;
  withRoutes: number;
  drBad: number;
  drIssues: Map<string, number>;
  warmPassMs: number;
}

/** Every service once (the first read of each also warms the catalog). */
export async function readEveryService(
  client: Client,
  world: World,
): Promise<EveryService> {
  const parity = new Map<string, number>();
  const drIssues = new Map<string, number>();
  let withRoutes = 0;
  let drBad = 0;
  const tWarm = performance.now();
  await pool(world.services, 4, async s => {
    const r = await client.request(drPath(s));
    const issues =
      r.status === 200
        ? checkDr(r.body, s, world.clusters)
        : [`HTTP ${r.status}`];
    if (issues.length) {
      drBad++;
      for (const i of issues) countInto(drIssues, i);
    }
    countInto(parity, String(r.body?.parity?.state));
    if ((r.body?.gateway?.routes ?? []).length > 0) withRoutes++;
  });
  const warmPassMs = performance.now() - tWarm;
  log(
    `every service's DR status read once in ${(warmPassMs / 1000).toFixed(
      1,
    )} s; ${drBad} wrong answers`,
  );
  return { parity, withRoutes, drBad, drIssues, warmPassMs };
}
