/*
 * The Backstage backend child process (./backend.ts): its catalog file and
 * generated config, starting and stopping it, and reading its log.
 */
import { spawn, ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Simulator } from '@internal/ack-one-simulator';
import { simulatorAccount } from '../lib';
import { root } from './config';
import { BenchService, FLEET_NAME, REGION } from './world';

export interface Backend {
  child: ChildProcess;
  baseUrl: string;
  logPath: string;
  exited: () => boolean;
  stop(): Promise<void>;
}

export function writeCatalog(dir: string, services: BenchService[]) {
  const catalogPath = path.join(dir, 'services.yaml');
  const docs = services.map(s =>
    JSON.stringify({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: s.name,
        annotations: {
          'backstage.io/kubernetes-id': s.name,
          'backstage.io/kubernetes-namespace': s.namespace,
          'ack-one/fleet': FLEET_NAME,
          'ack-one/cluster-roles': 'active-active',
        },
      },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: 'group:default/platform-team',
      },
    }),
  );
  fs.writeFileSync(catalogPath, `---\n${docs.join('\n---\n')}\n`);
  return catalogPath;
}

export function writeConfig(
  dir: string,
  name: string,
  port: number,
  sim: Simulator,
  catalogPath: string,
) {
  const baseUrl = `http://127.0.0.1:${port}`;
  // JSON is YAML: the config loader reads this file as app-config.
  const config = {
    app: { baseUrl },
    backend: {
      baseUrl,
      listen: { host: '127.0.0.1', port },
      database: { client: 'better-sqlite3', connection: ':memory:' },
    },
    auth: {
      providers: { guest: { dangerouslyAllowOutsideDevelopment: true } },
    },
    catalog: {
      rules: [
        { allow: ['Component', 'System', 'API', 'Resource', 'Location'] },
      ],
      locations: [{ type: 'file', target: catalogPath }],
      providers: {
        ackOne: {
          bench: {
            account: 'sim',
            owner: 'group:default/platform-team',
            schedule: {
              frequency: { minutes: 30 },
              timeout: { minutes: 3 },
            },
          },
        },
      },
    },
    kubernetes: {
      serviceLocatorMethod: { type: 'multiTenant' },
      clusterLocatorMethods: [{ type: 'config', clusters: [] }],
      // As app-config.yaml: the kinds the simulator serves.
      objectTypes: [
        'pods',
        'services',
        'configmaps',
        'deployments',
        'replicasets',
        'horizontalpodautoscalers',
        'jobs',
        'cronjobs',
        'ingresses',
        'statefulsets',
      ],
      ackOne: { skipMetricsLookup: true },
    },
    permission: { enabled: true },
    ackOne: {
      // The stock fan-out it is compared with reads the team namespaces
      // shared by 100 services each, which the namespace-label rule would
      // only open by owner (a label the Kubernetes tab cannot check): the
      // benchmark's catalog is trusted, so its annotations are.
      accounts: [
        { ...simulatorAccount(sim, REGION), namespaceScope: 'annotation' },
      ],
    },
  };
  const configPath = path.join(dir, `app-config.${name}.yaml`);
  fs.writeFileSync(configPath, JSON.stringify(config, null, 2));
  return { configPath, baseUrl };
}

export function startBackend(
  dir: string,
  name: string,
  configPath: string,
  baseUrl: string,
  env: Record<string, string> = {},
): Backend {
  const logPath = path.join(dir, `${name}.log`);
  const fd = fs.openSync(logPath, 'a');
  const child = spawn(
    process.execPath,
    [
      '--expose-gc',
      '-r',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      path.join(__dirname, 'backend.ts'),
      '--config',
      configPath,
    ],
    {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        LOG_LEVEL: 'info',
        ...env,
      },
      stdio: ['ignore', fd, fd],
      detached: true,
    },
  );
  fs.closeSync(fd);
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  return {
    child,
    baseUrl,
    logPath,
    exited: () => exited,
    async stop() {
      if (exited || !child.pid) return;
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // gone
      }
      for (let i = 0; i < 40 && !exited; i++) await sleep(250);
      if (!exited) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // gone
        }
        for (let i = 0; i < 20 && !exited; i++) await sleep(100);
      }
    },
  };
}

/** Warnings and errors of the backend log (JSON lines in production). */
export function logProblems(logPath: string) {
  const lines = fs.existsSync(logPath)
    ? fs.readFileSync(logPath, 'utf8').split('\n')
    : [];
  const out: { level: string; message: string; plugin?: string }[] = [];
  // Every plugin warns once that backend.baseUrl is localhost in production.
  let known = 0;
  for (const l of lines) {
    if (!l.trim()) continue;
    let j: any;
    try {
      j = JSON.parse(l);
    } catch {
      if (/error|warn|unhandled|exception/i.test(l))
        out.push({ level: 'raw', message: l.slice(0, 300) });
      continue;
    }
    if (/backend\.baseUrl is set to a localhost URL/.test(String(j.message)))
      known++;
    else if (j.level === 'warn' || j.level === 'error')
      out.push({
        level: j.level,
        message: String(j.message).slice(0, 300),
        plugin: j.plugin ?? j.service,
      });
  }
  return { lines: lines.length, problems: out, known };
}

/** Lines of the backend log whose message matches, with their timestamps. */
export function logMatches(logPath: string, re: RegExp) {
  const out: { timestamp?: string; message: string }[] = [];
  for (const l of fs.readFileSync(logPath, 'utf8').split('\n')) {
    try {
      const j = JSON.parse(l);
      if (re.test(String(j.message)))
        out.push({ timestamp: j.timestamp, message: String(j.message) });
    } catch {
      // not JSON
    }
  }
  return out;
}
