import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { startSimulator, Simulator } from '@internal/ack-one-simulator';
import { simulatorAccountConfig } from '@internal/plugin-ack-one-node/testUtils';
import {
  createAckOneWriteService,
  DefaultAckOneService,
  readAckOneAccounts,
} from '@internal/plugin-ack-one-node';
import type { TemplateAction } from '@backstage/plugin-scaffolder-node';
import type { AckOneActionDeps } from '../actions/common';
import { readScaffolderConfig } from '../config';

/** Short transitions, so waits end quickly. */
export const TEST_TIMING = {
  fleetReadyMs: 150,
  clusterReadyMs: 150,
  bgpEstablishMs: 150,
  agentConnectMs: 50,
  routeReadyMs: 30,
  bgpReadyMs: 30,
  vbrDeleteMs: 30,
  cenReadyMs: 30,
  attachmentReadyMs: 30,
};

export interface TestEnv {
  sim: Simulator;
  dir: string;
  ackOne: DefaultAckOneService;
  deps: AckOneActionDeps;
  /** The `ackOne` and `ackOne.scaffolder` config the env uses. */
  configData: Record<string, any>;
  /** A kubeconfig of the IDC cluster (secret). */
  idcKubeconfig: string;
  stop(): Promise<void>;
}

/** Starts a simulator world and the ACK One services the actions use. */
export async function startTestEnv(world: 'empty' | 'demo'): Promise<TestEnv> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ack-one-scaffolder-'));
  const sim = await startSimulator({
    world,
    stateDir: dir,
    podReadyDelayMs: 10,
    gatewayStepMs: 20,
    cloudTiming: TEST_TIMING,
  });
  const idcKubeconfig = sim.world.kubeconfig('idc', {
    privateIpAddress: true,
    contextName: 'idc',
  }).config;
  const kubeconfigPath = path.join(dir, 'idc-kubeconfig');
  fs.writeFileSync(kubeconfigPath, idcKubeconfig, { mode: 0o600 });
  const configData = {
    ackOne: {
      accounts: [simulatorAccountConfig(sim, { maxAttempts: 3 })],
      scaffolder: {
        pollIntervalSeconds: 0.05,
        idcClusters: { idc: { kubeconfigPath } },
      },
    },
  };
  const config = new ConfigReader(configData);
  const ackOne = new DefaultAckOneService({
    accounts: readAckOneAccounts(config),
    backoff: { baseDelayMs: 1, maxDelayMs: 5 },
  });
  return {
    sim,
    dir,
    ackOne,
    configData,
    idcKubeconfig,
    deps: {
      ackOne,
      write: createAckOneWriteService(ackOne),
      config: readScaffolderConfig(config),
    },
    async stop() {
      await sim.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What a run of an action left: outputs and log lines. */
export interface RunResult {
  output: Record<string, any>;
  logs: string[];
}

/**
 * Runs an action with a context like the scaffolder's: checkpoints kept in
 * `checkpoints` (pass the same map to model a retry of the same task),
 * the task id, secrets and dry-run flag.
 */
export async function runAction(
  action: TemplateAction<any, any, any>,
  opts: {
    input: Record<string, any>;
    taskId?: string;
    stepId?: string;
    secrets?: Record<string, string>;
    isDryRun?: boolean;
    checkpoints?: Map<string, any>;
  },
): Promise<RunResult> {
  const output: Record<string, any> = {};
  const logs: string[] = [];
  const checkpoints = opts.checkpoints ?? new Map<string, any>();
  const base = mockServices.logger.mock();
  const record =
    (level: string) =>
    (message: string): void => {
      logs.push(`${level}: ${message}`);
    };
  const logger = {
    ...base,
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
    debug: record('debug'),
    child: () => logger,
  };
  await action.handler({
    input: opts.input,
    logger,
    secrets: opts.secrets ?? {},
    workspacePath: os.tmpdir(),
    task: { id: opts.taskId ?? 'task-1' },
    step: { id: opts.stepId ?? 'step', name: 'step' },
    isDryRun: opts.isDryRun,
    output: (name: string, value: any) => {
      output[name] = value;
    },
    async checkpoint({ key, fn }: { key: string; fn: () => any }) {
      if (checkpoints.has(key)) return checkpoints.get(key);
      const value = await fn();
      checkpoints.set(key, value ?? {});
      return value;
    },
    createTemporaryDirectory: async () => os.tmpdir(),
    getInitiatorCredentials: async () => ({} as any),
  } as any);
  return { output, logs };
}

/** The simulated cloud's resources (without the ClientToken records). */
export function cloudSnapshot(sim: Simulator): string {
  const { clientTokens: _ignored, ...rest } = sim.world.cloud as any;
  return JSON.stringify(rest);
}

/**
 * The objects of a simulated cluster or Fleet API server, each as
 * `type namespace/name@resourceVersion` (optionally only some types, e.g.
 * `argoproj.io/applicationsets`, leaving out those controllers keep updating).
 */
export function kubeSnapshot(
  sim: Simulator,
  server: string,
  typeKeys?: string[],
): string[] {
  return sim.world
    .server(server)
    .api.store.dump()
    .filter(e => !typeKeys || typeKeys.includes(e.typeKey))
    .map(
      e =>
        `${e.typeKey} ${e.obj.metadata?.namespace ?? ''}/${
          e.obj.metadata?.name
        }@${e.obj.metadata?.resourceVersion}`,
    );
}
