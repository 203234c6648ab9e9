import fs from 'node:fs';
import path from 'node:path';
import { bindClusterVersions } from '../kube/clusterVersions';
import { CloudApi } from '../cloud/CloudApi';
import { CloudTiming, TimingProfile, timingProfile } from '../cloud/timing';
import { createDemoWorld, createEmptyWorld } from './worlds';
import { SavedWorld, World, WorldLogger, WorldOptions } from './World';
import { ArgoCdController } from './argocd';
import { GatewayController, GatewayDataPlane } from './gateway';
import { ControlServer } from '../control/ControlServer';
import { Faults } from '../control/faults';
import { createControlToken } from '../control/guard';

/**
 * The documented demo AccessKey pair the simulator accepts by default. It is
 * not an Alibaba Cloud credential; it only opens the local simulator.
 */
export const DEMO_ACCESS_KEY = {
  accessKeyId: 'LTAI5tSimulatorDemoKey',
  accessKeySecret: 'SimulatorDemoSecretNotForProduction',
};

/**
 * Options of {@link startSimulator}.
 *
 * @public
 */
export interface SimulatorOptions {
  /** `demo`, `empty`, or the path of a saved world file */
  world: 'demo' | 'empty' | string;
  /** default 127.0.0.1 */
  host?: string;
  /** 0 / undefined = random */
  cloudPort?: number;
  gatewayPort?: number;
  controlPort?: number;
  /** where the kubeconfig and state files go; default `<repo>/.simulator` */
  stateDir?: string;
  /** default: DEMO_ACCESS_KEY */
  accessKey?: { accessKeyId: string; accessKeySecret: string };
  podReadyDelayMs?: number;
  /** How long each MseIngressConfig step (Pending, Running, Listening) takes */
  gatewayStepMs?: number;
  /**
   * How long cloud resources take: `fast` (default, seconds) or `realistic`
   * (minutes for clusters, tens of seconds for BGP), multiplied by `timeScale`.
   */
  timing?: TimingProfile;
  /** Factor applied to the timing profile (e.g. 0.01: an 8-minute cluster takes 4.8 s). Default 1. */
  timeScale?: number;
  /** CloudApi timings (ms), over the profile */
  cloudTiming?: Partial<CloudTiming>;
  logger?: WorldLogger;
}

/**
 * Where a running simulator listens.
 *
 * @public
 */
export interface SimulatorEndpoints {
  openApi: string;
  gateway: string;
  control: string;
  clusters: Record<string, { server: string; clusterId?: string }>;
}

/**
 * A running simulator: its endpoints, credentials and the handles on its
 * world, cloud, gateway and faults.
 *
 * @public
 */
export interface Simulator {
  endpoints: SimulatorEndpoints;
  kubeconfigPath: string;
  accessKey: { accessKeyId: string; accessKeySecret: string };
  cloud: CloudApi;
  world: World;
  gateway: GatewayDataPlane;
  faults: Faults;
  /**
   * The bearer token of the control API (`Authorization: Bearer <token>`),
   * new at every start; also in `simulator.json` (0600) in the state folder.
   */
  controlToken: string;
  /** rewrite the kubeconfig (e.g. after clusters were added) and return its path */
  writeKubeconfig(): string;
  save(file: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The monorepo root (the folder whose package.json has workspaces), found
 * upwards from this source file; the simulator runs from source in this
 * repository, so its state folder defaults to `<repo>/.simulator`.
 */
// eslint-disable-next-line no-restricted-syntax
export function repoRoot(start = __dirname): string {
  let dir = start;
  for (;;) {
    const pj = path.join(dir, 'package.json');
    if (fs.existsSync(pj)) {
      try {
        if (JSON.parse(fs.readFileSync(pj, 'utf8')).workspaces) return dir;
      } catch {
        // keep looking
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

const SILENT: WorldLogger = { info: () => {}, warn: () => {} };

/** The cloud timings: the profile times the scale, then explicit overrides. */
function resolveTiming(options: SimulatorOptions): CloudTiming {
  // checked before anything starts: a bad profile or scale throws here
  return {
    ...timingProfile(options.timing ?? 'fast', options.timeScale ?? 1),
    ...options.cloudTiming,
  };
}

/** The named world, or a saved one with the AccessKey it was saved with. */
async function loadWorld(
  options: SimulatorOptions,
  wopts: WorldOptions,
): Promise<{ world: World; accessKey: Simulator['accessKey'] }> {
  if (options.world === 'demo' || options.world === 'empty') {
    const world =
      options.world === 'demo'
        ? await createDemoWorld(wopts)
        : await createEmptyWorld(wopts);
    return { world, accessKey: options.accessKey ?? DEMO_ACCESS_KEY };
  }
  const saved = JSON.parse(
    fs.readFileSync(options.world, 'utf8'),
  ) as SavedWorld;
  const world = await World.load(saved, wopts);
  return {
    world,
    accessKey: options.accessKey ?? saved.accessKey ?? DEMO_ACCESS_KEY,
  };
}

type FleetControllers = Map<
  string,
  { argo: ArgoCdController; gw: GatewayController }
>;

/**
 * Runs Argo CD and the gateway controller for every Fleet server, also the
 * ones provisioned later; returns them and a function that stops it all.
 */
function runFleetControllers(
  world: World,
  dataPlane: GatewayDataPlane,
  gatewayAddress: () => string,
): { controllers: FleetControllers; stop: () => void } {
  const controllers: FleetControllers = new Map();
  const unsubscribe = world.onServer((e, what) => {
    if (e.kind !== 'fleet') return;
    if (what === 'added' && !controllers.has(e.name)) {
      const argo = new ArgoCdController(world, e.server);
      const gw = new GatewayController(
        world,
        e.name,
        dataPlane,
        gatewayAddress,
      );
      argo.start();
      gw.start();
      controllers.set(e.name, { argo, gw });
    } else if (what === 'removed') {
      const c = controllers.get(e.name);
      c?.argo.stop();
      c?.gw.stop();
      controllers.delete(e.name);
    }
  });
  const stop = () => {
    unsubscribe();
    for (const c of controllers.values()) {
      c.argo.stop();
      c.gw.stop();
    }
  };
  return { controllers, stop };
}

/** Keeps `<stateDir>/kubeconfig` current as clusters come and go. */
function trackKubeconfig(world: World, stateDir: string) {
  const kubeconfigPath = path.join(stateDir, 'kubeconfig');
  const writeKubeconfig = () => {
    fs.writeFileSync(kubeconfigPath, world.adminKubeconfig(), { mode: 0o600 });
    return kubeconfigPath;
  };
  writeKubeconfig();
  world.onServer(() => writeKubeconfig());
  return { kubeconfigPath, writeKubeconfig };
}

/** The endpoints, with the cluster list kept current as clusters come and go. */
function trackEndpoints(world: World, openApi: string, gateway: string) {
  const endpoints: SimulatorEndpoints = {
    openApi,
    gateway,
    control: '',
    clusters: {},
  };
  const refreshClusters = () => {
    endpoints.clusters = {};
    for (const e of world.servers.values())
      endpoints.clusters[e.name] = {
        server: e.server.url,
        clusterId: world.clusterIdFor(e.name),
      };
  };
  refreshClusters();
  world.onServer(() => refreshClusters());
  return { endpoints, refreshClusters };
}

function worldSaver(world: World, accessKey: Simulator['accessKey']) {
  return async (file: string) => {
    const data = world.save(accessKey);
    await fs.promises.mkdir(path.dirname(path.resolve(file)), {
      recursive: true,
    });
    await fs.promises.writeFile(file, JSON.stringify(data), { mode: 0o600 });
  };
}

/** `simulator.json`: where the CLI finds the endpoints and the control token. */
function writeInfo(
  infoPath: string,
  info: {
    endpoints: SimulatorEndpoints;
    kubeconfigPath: string;
    accessKeyId: string;
    controlToken: string;
  },
) {
  // Written afresh, so the file holding the token is always 0600.
  fs.rmSync(infoPath, { force: true });
  fs.writeFileSync(
    infoPath,
    JSON.stringify({ pid: process.pid, ...info }, null, 2),
    { mode: 0o600 },
  );
}

/** Removes `simulator.json` unless another simulator has written it since. */
function removeInfo(infoPath: string, endpoints: SimulatorEndpoints) {
  try {
    const info = JSON.parse(fs.readFileSync(infoPath, 'utf8'));
    if (
      info.pid === process.pid &&
      info.endpoints?.control === endpoints.control
    )
      fs.unlinkSync(infoPath);
  } catch {
    // ignore
  }
}

/** Runs `fn` on the first call only; later calls resolve at once. */
function once(fn: () => Promise<void>): () => Promise<void> {
  let done = false;
  return async () => {
    if (done) return;
    done = true;
    await fn();
  };
}

/** The OpenAPI server and the gateway's data plane, listening. */
async function listen(
  world: World,
  options: SimulatorOptions,
  ctx: {
    host: string;
    accessKey: Simulator['accessKey'];
    timing: CloudTiming;
    logger: WorldLogger;
  },
) {
  const { host, accessKey, timing, logger } = ctx;
  const cloud = new CloudApi({
    state: world.cloud,
    credentials: [accessKey],
    bridge: world,
    timing,
    logger,
  });
  world.attachCloud(cloud);
  const cloudAddr = await cloud.listen(options.cloudPort ?? 0, host);
  const dataPlane = new GatewayDataPlane();
  const gwPort = await dataPlane.listen(options.gatewayPort ?? 0, host);
  return { cloud, openApi: cloudAddr.url, dataPlane, gwPort };
}

/**
 * The world with its OpenAPI server, gateway data plane and Fleet
 * controllers, running.
 */
async function startWorld(options: SimulatorOptions) {
  const host = options.host ?? '127.0.0.1';
  const logger = options.logger ?? SILENT;
  const timing = resolveTiming(options);
  const { world, accessKey } = await loadWorld(options, {
    host,
    podReadyDelayMs: options.podReadyDelayMs,
    gatewayStepMs: options.gatewayStepMs,
    logger,
  });
  // CS, the API servers and their nodes report one version per cluster.
  const unbindVersions = bindClusterVersions(world);
  const net = await listen(world, options, { host, accessKey, timing, logger });
  const fleet = runFleetControllers(
    world,
    net.dataPlane,
    () => `${host}:${net.gwPort}`,
  );
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return { ...net, world, accessKey, fleet, unbindVersions, host, urlHost };
}

type RunningWorld = Awaited<ReturnType<typeof startWorld>>;

/** The fault-injection control API, listening, with its new bearer token. */
async function startControl(
  run: RunningWorld,
  ctx: {
    faults: Faults;
    save: (file: string) => Promise<void>;
    stateDir: string;
    endpoints: SimulatorEndpoints;
    port?: number;
  },
) {
  const controlToken = createControlToken();
  const control = new ControlServer({
    world: run.world,
    faults: ctx.faults,
    save: ctx.save,
    token: controlToken,
    stateDir: ctx.stateDir,
    gateway: run.dataPlane,
    endpoints: () => ctx.endpoints,
    fleetIssues: () =>
      [...run.fleet.controllers.values()].flatMap(c => c.gw.issues),
  });
  const port = await control.listen(ctx.port ?? 0, run.host);
  ctx.endpoints.control = `http://${run.urlHost}:${port}`;
  return { control, controlToken };
}

/**
 * Starts the simulator: the world's Kubernetes API servers, the Alibaba
 * Cloud OpenAPI, the gateway data plane and the fault-injection control API.
 *
 * @public
 */
export async function startSimulator(
  options: SimulatorOptions,
): Promise<Simulator> {
  const stateDir = path.resolve(
    options.stateDir ?? path.join(repoRoot(), '.simulator'),
  );
  fs.mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const run = await startWorld(options);
  const { world, accessKey, cloud, dataPlane } = run;
  const { kubeconfigPath, writeKubeconfig } = trackKubeconfig(world, stateDir);
  const { endpoints, refreshClusters } = trackEndpoints(
    world,
    run.openApi,
    `http://${run.urlHost}:${run.gwPort}`,
  );
  const save = worldSaver(world, accessKey);
  const faults = new Faults(world, cloud, () => refreshClusters());
  const { control, controlToken } = await startControl(run, {
    faults,
    save,
    stateDir,
    endpoints,
    port: options.controlPort,
  });
  const infoPath = path.join(stateDir, 'simulator.json');
  writeInfo(infoPath, {
    endpoints,
    kubeconfigPath,
    accessKeyId: accessKey.accessKeyId,
    controlToken,
  });

  const stop = once(async () => {
    run.fleet.stop();
    run.unbindVersions();
    await control.close();
    await dataPlane.close();
    await cloud.close();
    await world.stop();
    removeInfo(infoPath, endpoints);
  });
  return {
    endpoints,
    kubeconfigPath,
    accessKey,
    cloud,
    world,
    gateway: dataPlane,
    faults,
    controlToken,
    writeKubeconfig,
    save,
    stop,
  };
}
