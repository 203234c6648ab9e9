// The backend under test: its configuration and environment for a smoke
// run, and the start and stop of its process.
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
);
export const startTimeoutMs = 180_000;

/** The port, base URL, config files and environment of a smoke run. */
export function smokeConfig(mode, withBrowser) {
  const port = Number(
    process.env.SMOKE_PORT ?? (mode === 'postgres' ? 7018 : 7017),
  );
  const baseUrl = `http://localhost:${port}`;

  const configs = ['--config', path.join(root, 'app-config.yaml')];
  const env = {
    ...process.env,
    APP_CONFIG_backend_listen: `:${port}`,
    APP_CONFIG_backend_baseUrl: baseUrl,
  };
  const simBase = simulatorBasePort(port);
  Object.assign(env, simulatorEnv(port));
  if (mode !== 'postgres') {
    // Sign-in through the simulator's demo OpenID Connect provider on its
    // smoke port (app-config.production.yaml configures no OIDC provider).
    env.APP_CONFIG_auth_providers_oidc_development_metadataUrl = `http://127.0.0.1:${
      simBase + 3
    }/.well-known/openid-configuration`;
  }
  if (withBrowser) {
    // The backend serves the app here; OAuth sign-in answers only to the app's
    // own origin.
    env.APP_CONFIG_app_baseUrl = baseUrl;
  }
  if (mode === 'postgres') usePostgres(configs, env);
  return { port, baseUrl, configs, env };
}

/**
 * The embedded simulator gets ports of its own, so a smoke run never collides
 * with a portal started from app-config.yaml on the same machine.
 */
function simulatorBasePort(port) {
  return 20000 + (port - 7000) * 10;
}

/** The simulator's ports and state, and the ACK One account that uses it. */
function simulatorEnv(port) {
  const simBase = simulatorBasePort(port);
  return {
    APP_CONFIG_ackOne_simulator_cloudPort: String(simBase),
    APP_CONFIG_ackOne_simulator_gatewayPort: String(simBase + 1),
    APP_CONFIG_ackOne_simulator_controlPort: String(simBase + 2),
    APP_CONFIG_ackOne_simulator_stateDir: path.join(
      root,
      '.simulator',
      `smoke-${port}`,
    ),
    APP_CONFIG_ackOne_simulator_oidcPort: String(simBase + 3),
    APP_CONFIG_ackOne_accounts: JSON.stringify([
      {
        id: 'demo',
        regions: ['cn-hangzhou'],
        endpoint: `127.0.0.1:${simBase}`,
        protocol: 'http',
        credentials: {
          type: 'access_key',
          accessKeyId: 'LTAI5tSimulatorDemoKey',
          accessKeySecret: 'SimulatorDemoSecretNotForProduction',
        },
      },
    ]),
  };
}

/** The production configuration on PostgreSQL, with the simulator on. */
function usePostgres(configs, env) {
  // The production configuration, as deployed, with the catalog locations
  // resolved from the backend package folder where the CLI runs it.
  configs.push('--config', path.join(root, 'app-config.production.yaml'));
  env.APP_CONFIG_catalog_locations = JSON.stringify([
    { type: 'file', target: '../../catalog-info.yaml' },
    {
      type: 'file',
      target: '../../examples/org.yaml',
      rules: [{ allow: ['User', 'Group'] }],
    },
    { type: 'file', target: '../../examples/demo-services.yaml' },
    {
      type: 'file',
      target: '../../examples/templates/catalog-info.yaml',
      rules: [{ allow: ['Template', 'Location'] }],
    },
  ]);
  env.POSTGRES_HOST ??= '127.0.0.1';
  env.POSTGRES_PORT ??= '5432';
  env.POSTGRES_USER ??= 'postgres';
  env.POSTGRES_PASSWORD ??= 'postgres';
  // Databases of their own, emptied first: the run starts from a clean
  // catalog, as SQLite in memory does.
  env.APP_CONFIG_backend_database_prefix = 'ack_one_smoke_';
  // app-config.production.yaml turns the simulator off; this run needs it.
  env.APP_CONFIG_ackOne_simulator_enabled = 'true';
  if (env.NODE_ENV === 'production') {
    env.APP_CONFIG_ackOne_simulator_allowInProduction = 'true';
  }
}

export async function dropSmokeDatabases(e) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({
    host: e.POSTGRES_HOST,
    port: Number(e.POSTGRES_PORT),
    user: e.POSTGRES_USER,
    password: e.POSTGRES_PASSWORD,
    database: 'postgres',
  });
  await client.connect();
  try {
    const { rows } = await client.query(
      "SELECT datname FROM pg_database WHERE datname LIKE 'ack\\_one\\_smoke\\_%'",
    );
    for (const { datname } of rows) {
      await client.query(`DROP DATABASE IF EXISTS "${datname}"`);
    }
  } finally {
    await client.end();
  }
}

/** Starts the backend with the Backstage CLI, in a process group of its own. */
export function startBackend({ configs, env }) {
  const child = spawn(
    process.execPath,
    [
      path.join(root, 'node_modules/@backstage/cli/bin/backstage-cli'),
      'package',
      'start',
      ...configs,
    ],
    {
      cwd: path.join(root, 'packages/backend'),
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let log = '';
  child.stdout.on('data', d => (log += d));
  child.stderr.on('data', d => (log += d));
  // eslint-disable-next-line no-control-regex
  const plain = () => log.replace(/\x1b\[[0-9;]*m/g, '');
  let exited = false;
  child.on('exit', () => (exited = true));

  async function stop() {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {}
    for (let i = 0; i < 20 && !exited; i++) await sleep(500);
    if (!exited) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
    }
  }

  return { log: () => log, plain, exited: () => exited, stop };
}

async function get(url) {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    return { status: res.status, body: await res.text() };
  } catch (e) {
    return { status: 0, body: String(e) };
  }
}

/** Waits until readiness answers 200, the process exits or the log shows a crash. */
export async function waitForReadiness(backend, baseUrl) {
  const deadline = Date.now() + startTimeoutMs;
  let readiness = { status: 0, body: '' };
  const crashed = () =>
    /Native stack trace|Assertion failed|Unhandled rejection|Backend failed to start|threw an error/.test(
      backend.plain(),
    );
  while (Date.now() < deadline && !backend.exited() && !crashed()) {
    readiness = await get(`${baseUrl}/.backstage/health/v1/readiness`);
    if (readiness.status === 200) break;
    await sleep(1000);
  }
  return readiness;
}

/** Error-level lines and unhandled rejections in the backend log. */
export function startupErrors(backend) {
  return backend
    .plain()
    .split('\n')
    .filter(l =>
      /^\S+ \S+ error |threw an error|failed to start|Unhandled rejection|Native stack trace/i.test(
        l,
      ),
    );
}
