import fs from 'node:fs';
import path from 'node:path';
import { bindClusterVersions } from '../kube/clusterVersions';
import { CloudApi } from '../cloud/CloudApi';
import { CloudTiming, TimingProfile, timingProfile } from '../cloud/timing';
import { createDemoWorld, createEmptyWorld } from './worlds';
import { SavedWorld, World, WorldLogger } from './World';
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
  /** MseIngressConfig Pending -> Running -> Listening step */
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

export interface SimulatorEndpoints {
  openApi: string;
  gateway: string;
  control: string;
  clusters: Record<string, { server: string; clusterId?: string }>;
}

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

export async function startSimulator(
  options: SimulatorOptions,
): Promise<Simulator> {
  const host = options.host ?? '127.0.0.1';
  const logger = options.logger ?? SILENT;
  // checked before anything starts: a bad profile or scale throws here
  const timing: CloudTiming = {
    ...timingProfile(options.timing ?? 'fast', options.timeScale ?? 1),
    ...options.cloudTiming,
  };
  const stateDir = path.resolve(
    options.stateDir ?? path.join(repoRoot(), '.simulator'),
  );
  fs.mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const wopts = {
    host,
    podReadyDelayMs: options.podReadyDelayMs,
    gatewayStepMs: options.gatewayStepMs,
    logger,
  };
  let world: World;
  let accessKey = options.accessKey;
  if (options.world === 'demo') world = await createDemoWorld(wopts);
  else if (options.world === 'empty') world = await createEmptyWorld(wopts);
  else {
    const saved = JSON.parse(
      fs.readFileSync(options.world, 'utf8'),
    ) as SavedWorld;
    world = await World.load(saved, wopts);
    accessKey = accessKey ?? saved.accessKey;
  }
  accessKey = accessKey ?? DEMO_ACCESS_KEY;
  // CS, the API servers and their nodes report one version per cluster.
  const unbindVersions = bindClusterVersions(world);

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
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const gatewayUrl = `http://${urlHost}:${gwPort}`;

  // Fleet controllers: Argo CD and the gateway, for every Fleet server (also ones provisioned later)
  const fleetControllers = new Map<
    string,
    { argo: ArgoCdController; gw: GatewayController }
  >();
  const unsubscribe = world.onServer((e, what) => {
    if (e.kind !== 'fleet') return;
    if (what === 'added' && !fleetControllers.has(e.name)) {
      const argo = new ArgoCdController(world, e.server);
      const gw = new GatewayController(
        world,
        e.name,
        dataPlane,
        () => `${host}:${gwPort}`,
      );
      argo.start();
      gw.start();
      fleetControllers.set(e.name, { argo, gw });
    } else if (what === 'removed') {
      const c = fleetControllers.get(e.name);
      c?.argo.stop();
      c?.gw.stop();
      fleetControllers.delete(e.name);
    }
  });

  const kubeconfigPath = path.join(stateDir, 'kubeconfig');
  const writeKubeconfig = () => {
    fs.writeFileSync(kubeconfigPath, world.adminKubeconfig(), { mode: 0o600 });
    return kubeconfigPath;
  };
  writeKubeconfig();
  world.onServer(() => writeKubeconfig());

  const endpoints: SimulatorEndpoints = {
    openApi: cloudAddr.url,
    gateway: gatewayUrl,
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

  const save = async (file: string) => {
    const data = world.save(accessKey);
    await fs.promises.mkdir(path.dirname(path.resolve(file)), {
      recursive: true,
    });
    await fs.promises.writeFile(file, JSON.stringify(data), { mode: 0o600 });
  };
  const faults = new Faults(world, cloud, () => refreshClusters());
  const controlToken = createControlToken();
  const control = new ControlServer({
    world,
    faults,
    save,
    token: controlToken,
    stateDir,
    gateway: dataPlane,
    endpoints: () => endpoints,
    fleetIssues: () => [...fleetControllers.values()].flatMap(c => c.gw.issues),
  });
  const controlPort = await control.listen(options.controlPort ?? 0, host);
  endpoints.control = `http://${urlHost}:${controlPort}`;
  const infoPath = path.join(stateDir, 'simulator.json');
  // Written afresh, so the file holding the token is always 0600.
  fs.rmSync(infoPath, { force: true });
  fs.writeFileSync(
    infoPath,
    JSON.stringify(
      {
        pid: process.pid,
        endpoints,
        kubeconfigPath,
        accessKeyId: accessKey.accessKeyId,
        controlToken,
      },
      null,
      2,
    ),
    { mode: 0o600 },
  );

  let stopped = false;
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
    async stop() {
      if (stopped) return;
      stopped = true;
      unsubscribe();
      unbindVersions();
      for (const c of fleetControllers.values()) {
        c.argo.stop();
        c.gw.stop();
      }
      await control.close();
      await dataPlane.close();
      await cloud.close();
      await world.stop();
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
    },
  };
}
