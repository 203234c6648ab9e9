// Starts the real backend and checks that it comes up healthy: readiness is
// ready, the catalog answers, and no plugin failed to start.
//
//   node scripts/smoke-backend.mjs sqlite|postgres
//
// Prints one line per check, `ok - ...` or `not ok - ...`, and exits non-zero
// when any check failed.
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const mode = process.argv[2] ?? 'sqlite';
// --browser: also open the portal (the built app that the backend serves) in
// Debian's chromium and check that the catalog page renders.
const withBrowser = process.argv.includes('--browser');
const port = Number(
  process.env.SMOKE_PORT ?? (mode === 'postgres' ? 7018 : 7017),
);
const baseUrl = `http://localhost:${port}`;
const startTimeoutMs = 180_000;

const configs = ['--config', path.join(root, 'app-config.yaml')];
const env = {
  ...process.env,
  APP_CONFIG_backend_listen: `:${port}`,
  APP_CONFIG_backend_baseUrl: baseUrl,
};
// The embedded simulator gets ports of its own, so a smoke run never collides
// with a portal started from app-config.yaml on the same machine.
const simBase = 20000 + (port - 7000) * 10;
Object.assign(env, {
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
});
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
if (mode === 'postgres') {
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
  await dropSmokeDatabases(env);
}

async function dropSmokeDatabases(e) {
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

const results = [];
const check = (name, ok, detail = '') => {
  results.push(ok);
  console.log(
    `${ok ? 'ok' : 'not ok'} - [${mode}] ${name}${detail ? `: ${detail}` : ''}`,
  );
};

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

async function get(url) {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    return { status: res.status, body: await res.text() };
  } catch (e) {
    return { status: 0, body: String(e) };
  }
}

async function checkPortalInBrowser() {
  const { chromium } = await import('playwright-core');
  let browser;
  let context;
  const pageErrors = [];
  let stage =
    'portal: the catalog page renders in chromium and lists the portal itself';
  try {
    // Playwright starts chromium with a new, empty profile of its own.
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    context = await browser.newContext();
    const page = await context.newPage();
    page.on('pageerror', e => pageErrors.push(String(e)));
    page.on('console', m => m.type() === 'error' && pageErrors.push(m.text()));
    await page.goto(`${baseUrl}/catalog`, {
      waitUntil: 'domcontentloaded',
      timeout: 60_000,
    });
    // A first visit shows the sign-in page: enter as guest. The catalog
    // table then lists this project's own entity.
    const enter = page.getByRole('button', { name: 'Enter' });
    await enter.waitFor({ timeout: 60_000 });
    await enter.click();
    const row = page.getByText('Backstage plugins for hybrid-cloud').first();
    await row.waitFor({ timeout: 60_000 });
    check(
      'portal: the catalog page renders in chromium and lists the portal itself',
      true,
    );
    // The Disaster Recovery tab of web-demo shows both clusters and the
    // gateway weights, from the running backend.
    stage =
      'portal: the Disaster Recovery tab of web-demo shows both clusters and the 50% weights';
    await page.goto(
      `${baseUrl}/catalog/default/component/web-demo/disaster-recovery`,
      { waitUntil: 'domcontentloaded', timeout: 60_000 },
    );
    for (const text of ['idc-k8s', 'ack-hangzhou', '50%']) {
      await page.getByText(text).first().waitFor({ timeout: 60_000 });
    }
    check(
      'portal: the Disaster Recovery tab of web-demo shows both clusters and the 50% weights',
      true,
    );
    if (process.env.SMOKE_SCREENSHOT) {
      await page.screenshot({
        path: process.env.SMOKE_SCREENSHOT,
        fullPage: true,
      });
    }
    check(
      'portal: no uncaught page error',
      pageErrors.length === 0,
      pageErrors.slice(0, 3).join(' | '),
    );
  } catch (e) {
    if (process.env.SMOKE_SCREENSHOT) {
      const pages = context?.pages() ?? [];
      await pages[0]
        ?.screenshot({ path: process.env.SMOKE_SCREENSHOT })
        .catch(() => {});
    }
    const text = await context
      ?.pages()[0]
      ?.evaluate(() => document.body.innerText)
      .catch(() => '');
    check(
      stage,
      false,
      [
        String(e).split('\n')[0],
        ...pageErrors,
        `page text: ${String(text).slice(0, 300)}`,
      ].join(' | '),
    );
  } finally {
    await browser?.close().catch(() => {});
  }
}

/** Launches Debian's chromium, as checkPortalInBrowser does. */
async function launchChromium() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

// Signs in as alice through the sign-in page's "Local OIDC" card: the demo
// OpenID Connect provider's login form and consent in the popup. Returns
// alice's Backstage token, or undefined.
async function checkOidcSignInInBrowser() {
  const name = 'portal: signs in as alice through the local OIDC provider';
  let browser;
  let page;
  const pageErrors = [];
  try {
    browser = await launchChromium();
    const context = await browser.newContext();
    page = await context.newPage();
    page.on('pageerror', e => pageErrors.push(String(e)));
    await page.goto(`${baseUrl}/catalog`, {
      waitUntil: 'domcontentloaded',
      timeout: 60_000,
    });
    const card = page
      .locator('li')
      .filter({ hasText: 'Local OIDC (demo users)' });
    const signIn = card.getByRole('button', { name: 'Sign In' });
    await signIn.waitFor({ timeout: 60_000 });
    const [popup] = await Promise.all([
      context.waitForEvent('page', { timeout: 30_000 }),
      signIn.click(),
    ]);
    const login = popup.locator('input[name="login"]');
    await login.waitFor({ timeout: 30_000 });
    await login.fill('alice');
    await popup.getByRole('button', { name: 'Sign in' }).click();
    await popup.getByRole('button', { name: 'Allow' }).click();
    await popup.waitForEvent('close', { timeout: 30_000 });
    await page
      .getByText('Backstage plugins for hybrid-cloud')
      .first()
      .waitFor({ timeout: 60_000 });
    // The session the page holds now is alice's, as the catalog knows her.
    const session = await page.evaluate(async () => {
      const res = await fetch(
        '/api/auth/oidc/refresh?optional&env=development',
        {
          headers: { 'x-requested-with': 'XMLHttpRequest' },
        },
      );
      return res.json();
    });
    const identity = session?.backstageIdentity?.identity;
    check(
      name,
      identity?.userEntityRef === 'user:default/alice' &&
        identity.ownershipEntityRefs?.includes('group:default/platform-team') &&
        pageErrors.length === 0,
      JSON.stringify({ identity, pageErrors: pageErrors.slice(0, 3) }),
    );
    return session?.backstageIdentity?.token;
  } catch (e) {
    const text = await page
      ?.evaluate(() => document.body.innerText)
      .catch(() => '');
    check(
      name,
      false,
      [
        String(e).split('\n')[0],
        ...pageErrors,
        `page text: ${String(text).slice(0, 300)}`,
      ].join(' | '),
    );
    return undefined;
  } finally {
    await browser?.close().catch(() => {});
  }
}

// A new user onboards an app from the Create page: chooses "Onboard an app to
// hybrid DR", fills the form (owner, Fleet and clusters through the catalog
// pickers), reviews, creates, waits for the run to complete, and follows the
// output link to the new service's Disaster Recovery tab, reloading until the
// ACK One catalog provider has added the service (its schedule runs every
// 30 seconds). The tab must show both clusters with the chosen roles.
async function checkOnboardFromCreatePage() {
  const name =
    'portal: "Onboard an app to hybrid DR" runs from the Create page and the new app\'s DR tab shows both clusters';
  const app = 'smoke-shop';
  const started = Date.now();
  const secs = since => `${Math.round((Date.now() - since) / 1000)}s`;
  let stage = 'open the Create page';
  let browser;
  let page;
  const pageErrors = [];
  const timings = [];
  try {
    browser = await launchChromium();
    const context = await browser.newContext({
      viewport: { width: 1400, height: 1000 },
    });
    page = await context.newPage();
    page.on('pageerror', e => pageErrors.push(String(e)));
    await page.goto(`${baseUrl}/create`, {
      waitUntil: 'domcontentloaded',
      timeout: 60_000,
    });
    const enter = page.getByRole('button', { name: 'Enter' });
    await enter.waitFor({ timeout: 60_000 });
    await enter.click();

    stage = 'choose the template';
    const card = page
      .locator('[class*="MuiCard-root"]')
      .filter({ hasText: 'Onboard an app to hybrid DR' });
    await card
      .getByRole('button', { name: 'Choose' })
      .click({ timeout: 60_000 });

    // An EntityPicker or OwnerPicker: type, then pick the catalog's option.
    const pick = async (label, option) => {
      stage = `pick ${option} as ${label}`;
      const box = page.getByRole('textbox', { name: label });
      await box.click({ timeout: 30_000 });
      await box.fill(option);
      await page
        .getByRole('option', { name: option, exact: true })
        .click({ timeout: 30_000 });
    };
    const next = async (button = 'Next') => {
      stage = `${button} after ${stage}`;
      await page.getByRole('button', { name: button, exact: true }).click();
    };

    stage = 'fill "Service"';
    await page
      .getByRole('textbox', { name: 'Name' })
      .fill(app, { timeout: 30_000 });
    await pick('Owner', 'platform-team');
    await next();
    await pick('Fleet', 'ackone-fleet');
    await pick('Primary cluster', 'idc-k8s');
    await pick('Standby cluster', 'ack-hangzhou');
    await next();
    stage = 'keep the defaults of "Workload"';
    await page
      .getByRole('textbox', { name: 'Git repository' })
      .waitFor({ timeout: 30_000 });
    await next();
    stage = 'fill "DR policy and traffic"';
    await page.getByRole('button', { name: /DR mode/ }).click();
    await page
      .getByRole('option', { name: 'primary-standby', exact: true })
      .click();
    await page
      .getByRole('spinbutton', { name: /Minimum standby capacity/ })
      .fill('50');
    await page
      .getByRole('textbox', { name: 'Host name' })
      .fill(`${app}.example.com`);
    await page
      .getByRole('spinbutton', { name: /Weight to the standby cluster \(%\)/ })
      .fill('20');
    await next('Review');
    stage = 'review';
    for (const text of [
      'resource:default/ackone-fleet',
      'resource:default/idc-k8s',
      'resource:default/ack-hangzhou',
      'primary-standby',
    ]) {
      await page
        .getByRole('cell', { name: text, exact: true })
        .waitFor({ timeout: 30_000 });
    }

    stage = 'create and wait up to 120 s for the run to complete';
    const runStarted = Date.now();
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.waitForURL(/\/create\/tasks\//, { timeout: 30_000 });
    // The output links appear when the run completes; a failed run shows an
    // error panel (role alert) instead.
    const drLink = page.getByRole('link', { name: 'Disaster recovery' });
    const failed = page.getByRole('alert');
    await drLink.or(failed).first().waitFor({ timeout: 120_000 });
    if (!(await drLink.isVisible())) {
      throw new Error(
        `the run failed: ${(await failed.first().innerText()).slice(0, 400)}`,
      );
    }
    timings.push(`run completed in ${secs(runStarted)}`);

    stage =
      'follow the output link; the DR tab shows both clusters (up to 90 s, reloading)';
    const entityWait = Date.now();
    await drLink.click();
    await page.waitForURL(
      new RegExp(`/catalog/default/component/${app}/disaster-recovery$`),
      { timeout: 30_000 },
    );
    const idc = page.getByRole('region', { name: 'Cluster idc-k8s' });
    const ack = page.getByRole('region', { name: 'Cluster ack-hangzhou' });
    for (;;) {
      const shown = await idc
        .waitFor({ timeout: 5_000 })
        .then(() => true)
        .catch(() => false);
      if (shown || Date.now() - entityWait > 90_000) break;
      await page.reload({ waitUntil: 'domcontentloaded', timeout: 30_000 });
    }
    await idc.waitFor({ timeout: 1_000 });
    await ack.waitFor({ timeout: 15_000 });
    for (const [region, text] of [
      [idc, 'primary'],
      [idc, 'Reachable'],
      [ack, 'standby'],
      [ack, 'Reachable'],
    ]) {
      await region
        .getByText(text, { exact: true })
        .waitFor({ timeout: 15_000 });
    }
    // Its workloads in parity on both clusters, and the chosen 80/20 split.
    stage =
      'the DR tab shows the app in parity with the 80/20 split (up to 60 s)';
    const parityWait = Date.now();
    for (;;) {
      const text = await page.evaluate(() => document.body.innerText);
      if (
        text.includes('In parity') &&
        text.includes('80%') &&
        text.includes('20%') &&
        !text.includes('No Deployment or StatefulSet matches')
      )
        break;
      if (Date.now() - parityWait > 60_000)
        throw new Error(`the DR tab says: ${text.slice(0, 600)}`);
      await sleep(2000);
    }
    timings.push(`DR tab after ${secs(entityWait)}`);
    timings.push(`total ${secs(started)}`);
    check(
      name,
      pageErrors.length === 0,
      [...timings, ...pageErrors.slice(0, 3)].join(', '),
    );
  } catch (e) {
    if (process.env.SMOKE_SCREENSHOT) {
      await page
        ?.screenshot({
          path: process.env.SMOKE_SCREENSHOT.replace(
            /(\.png)?$/,
            '-onboard.png',
          ),
          fullPage: true,
        })
        .catch(() => {});
    }
    const text = await page
      ?.evaluate(() => document.body.innerText)
      .catch(() => '');
    check(
      name,
      false,
      [
        `at "${stage}" after ${secs(started)}`,
        String(e).split('\n')[0],
        ...timings,
        ...pageErrors.slice(0, 3),
        `page text: ${String(text).replace(/\s+/g, ' ').slice(0, 400)}`,
      ].join(' | '),
    );
  } finally {
    await browser?.close().catch(() => {});
  }
}

try {
  const deadline = Date.now() + startTimeoutMs;
  let readiness = { status: 0, body: '' };
  const crashed = () =>
    /Native stack trace|Assertion failed|Unhandled rejection|Backend failed to start|threw an error/.test(
      plain(),
    );
  while (Date.now() < deadline && !exited && !crashed()) {
    readiness = await get(`${baseUrl}/.backstage/health/v1/readiness`);
    if (readiness.status === 200) break;
    await sleep(1000);
  }
  check(
    'readiness is ready',
    readiness.status === 200,
    readiness.status === 200
      ? ''
      : `last answer ${readiness.status} ${readiness.body.slice(0, 200)}`,
  );

  // Anonymous calls are refused; a guest token from the auth backend is used.
  const refresh = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  })
    .then(r => r.json())
    .catch(() => undefined);
  const token = refresh?.backstageIdentity?.token;
  check('guest sign-in issues a token', typeof token === 'string');

  const entities = await fetch(`${baseUrl}/api/catalog/entities?limit=50`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  })
    .then(async r => ({
      status: r.status,
      body: await r.json().catch(() => undefined),
    }))
    .catch(e => ({ status: 0, body: String(e) }));
  check(
    'catalog answers /api/catalog/entities',
    entities.status === 200 && Array.isArray(entities.body),
    `status ${entities.status}`,
  );

  // The catalog is ingested asynchronously; wait for this project's own entry.
  let found = false;
  for (let i = 0; i < 60 && !found; i++) {
    const r = await fetch(
      `${baseUrl}/api/catalog/entities/by-name/component/default/ack-one-dr-portal`,
      {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      },
    ).catch(() => undefined);
    found = r?.status === 200;
    if (!found) await sleep(1000);
  }
  check('catalog ingested catalog-info.yaml', found);

  // The embedded simulator's demo world reaches the catalog through the
  // ACK One entity provider: its fleet, both member clusters and the gateway.
  let ackOne = {};
  for (let i = 0; i < 90; i++) {
    const r = await fetch(
      `${baseUrl}/api/catalog/entities?filter=kind=resource`,
      { headers: token ? { authorization: `Bearer ${token}` } : {} },
    )
      .then(x => x.json())
      .catch(() => []);
    ackOne = {};
    for (const e of Array.isArray(r) ? r : []) {
      ackOne[e.spec?.type] = (ackOne[e.spec?.type] ?? 0) + 1;
    }
    if (
      ackOne['ack-one-fleet'] >= 1 &&
      ackOne['kubernetes-cluster'] >= 2 &&
      ackOne['multi-cluster-gateway'] >= 1
    )
      break;
    await sleep(1000);
  }
  check(
    'catalog shows the simulated fleet, IDC and ACK clusters and gateway',
    ackOne['ack-one-fleet'] >= 1 &&
      ackOne['kubernetes-cluster'] >= 2 &&
      ackOne['multi-cluster-gateway'] >= 1,
    JSON.stringify(ackOne),
  );

  // The cluster cards' reachability check answers for every ACK One cluster.
  const clusterEntities = await fetch(
    `${baseUrl}/api/catalog/entities?filter=kind=resource,spec.type=kubernetes-cluster`,
    { headers: token ? { authorization: `Bearer ${token}` } : {} },
  )
    .then(r => r.json())
    .catch(() => []);
  const health = [];
  for (const e of Array.isArray(clusterEntities) ? clusterEntities : []) {
    const id = e.metadata?.annotations?.['ack-one/cluster-id'];
    const r = await fetch(`${baseUrl}/api/ack-one/v1/clusters/${id}/health`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    })
      .then(async x => ({ status: x.status, ...(await x.json()) }))
      .catch(err => ({ status: 0, error: { message: String(err) } }));
    health.push(
      `${e.metadata.name}:${r.reachable}${
        r.reachable
          ? ''
          : ` (${r.status} ${r.message ?? r.error?.message ?? ''})`
      }`,
    );
  }
  check(
    'ack-one backend: every cluster in the catalog is reachable',
    health.length >= 2 && health.every(h => h.endsWith(':true')),
    health.join(' '),
  );

  // The stock Kubernetes backend reaches both simulated clusters through the
  // ACK One cluster supplier: web-demo's pods in the IDC and the ACK cluster.
  let k8s = { clusters: [] };
  for (let i = 0; i < 60; i++) {
    const entity = await fetch(
      `${baseUrl}/api/catalog/entities/by-name/component/default/web-demo`,
      { headers: token ? { authorization: `Bearer ${token}` } : {} },
    )
      .then(r => (r.ok ? r.json() : undefined))
      .catch(() => undefined);
    if (entity) {
      const r = await fetch(`${baseUrl}/api/kubernetes/services/web-demo`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ entity }),
      })
        .then(x => x.json())
        .catch(() => undefined);
      k8s = {
        clusters: (r?.items ?? [])
          .filter(c =>
            c.resources?.some(
              res => res.type === 'pods' && res.resources.length > 0,
            ),
          )
          .map(c => c.cluster.name)
          .sort(),
        errors: (r?.items ?? []).flatMap(c => c.errors ?? []).length,
      };
      if (k8s.clusters.length >= 2) break;
    }
    await sleep(1000);
  }
  check(
    'kubernetes tab data: web-demo pods from the IDC and the ACK cluster',
    k8s.clusters.length >= 2,
    JSON.stringify(k8s),
  );

  // The portal's policy: a signed-in user who is not an admin may not send
  // requests to a cluster through the Kubernetes proxy.
  const proxied = await fetch(
    `${baseUrl}/api/kubernetes/proxy/api/v1/namespaces`,
    {
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        'Backstage-Kubernetes-Cluster': 'idc-k8s',
      },
    },
  ).catch(e => ({ status: String(e) }));
  check(
    'policy: the Kubernetes proxy is refused to a user who is not an admin',
    proxied.status === 403,
    `status ${proxied.status}`,
  );

  // The Create page's hybrid DR templates are in the catalog.
  let templates = [];
  for (let i = 0; i < 30; i++) {
    templates = await fetch(
      `${baseUrl}/api/catalog/entities?filter=kind=template`,
      { headers: token ? { authorization: `Bearer ${token}` } : {} },
    )
      .then(r => (r.ok ? r.json() : []))
      .catch(() => []);
    if (templates.length >= 2) break;
    await sleep(1000);
  }
  check(
    'scaffolder: the hybrid DR templates are in the catalog',
    ['hybrid-dr-foundation', 'onboard-app'].every(n =>
      templates.some(t => t.metadata.name === n),
    ),
    templates.map(t => t.metadata.name).join(', '),
  );

  // Failover: the safety checks of a move of web-demo to the ACK cluster are
  // evaluated (database migrated, OpenAPI router wired), and the list of its
  // requests answers.
  const auth = token ? { authorization: `Bearer ${token}` } : {};
  const failovers = `${baseUrl}/api/ack-one/v1/failovers`;
  let checked;
  for (let i = 0; i < 30; i++) {
    // weights are keyed by cluster id, read from the DR status
    const status = await fetch(
      `${baseUrl}/api/ack-one/v1/entities/component/default/web-demo/dr-status`,
      { headers: auth },
    )
      .then(r => (r.ok ? r.json() : undefined))
      .catch(() => undefined);
    const idOf = name =>
      status?.clusters?.find(c => c.name === name)?.clusterId;
    if (!idOf('idc-k8s') || !idOf('ack-hangzhou')) {
      await sleep(1000);
      continue;
    }
    checked = await fetch(`${failovers}/checks`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({
        entityRef: 'component:default/web-demo',
        steps: [
          { weights: { [idOf('idc-k8s')]: 0, [idOf('ack-hangzhou')]: 100 } },
        ],
        reason: 'smoke test',
      }),
    })
      .then(async r => ({ status: r.status, body: await r.json() }))
      .catch(e => ({ status: String(e) }));
    if (checked.status === 200) break;
    await sleep(1000);
  }
  check(
    'failover: safety checks of a move of web-demo are evaluated',
    checked?.status === 200 && (checked.body?.checks?.length ?? 0) >= 5,
    `status ${checked?.status} ${JSON.stringify(
      checked?.body?.checks?.map(c => [c.rule, c.passed]) ?? checked?.body,
    ).slice(0, 300)}`,
  );
  const listed = await fetch(
    `${failovers}?entityRef=${encodeURIComponent(
      'component:default/web-demo',
    )}`,
    { headers: auth },
  )
    .then(async r => ({ status: r.status, body: await r.json() }))
    .catch(e => ({ status: String(e) }));
  check(
    'failover: the requests of web-demo are listed',
    listed.status === 200 && Array.isArray(listed.body?.items),
    `status ${listed.status}`,
  );

  // The DR status of web-demo: both clusters reachable through the watch
  // cache, the workload in parity and the gateway's 50/50 split.
  let dr;
  for (let i = 0; i < 60; i++) {
    dr = await fetch(
      `${baseUrl}/api/ack-one/v1/entities/component/default/web-demo/dr-status`,
      { headers: token ? { authorization: `Bearer ${token}` } : {} },
    )
      .then(r => (r.ok ? r.json() : undefined))
      .catch(() => undefined);
    if (
      dr?.clusters?.length === 2 &&
      dr.clusters.every(c => c.reachable) &&
      dr.parity?.state === 'in-parity'
    )
      break;
    await sleep(1000);
  }
  const weights = Object.values(dr?.gateway?.routes?.[0]?.effective ?? {});
  check(
    'DR status: web-demo in parity on both clusters with a 50/50 gateway split',
    dr?.clusters?.length === 2 &&
      dr.clusters.every(c => c.reachable) &&
      dr.parity?.state === 'in-parity' &&
      weights.length === 2 &&
      weights.every(w => w === 50),
    JSON.stringify({
      clusters: dr?.clusters?.map(c => [c.name, c.reachable, c.message]),
      parity: dr?.parity?.state,
      problems: dr?.problems,
      weights: dr?.gateway?.routes?.[0]?.effective,
    }),
  );

  if (withBrowser) {
    await checkPortalInBrowser();
    const aliceToken = await checkOidcSignInInBrowser();
    // The notifications backend answers for the user signed in via OIDC.
    const status = await fetch(`${baseUrl}/api/notifications/status`, {
      headers: aliceToken ? { authorization: `Bearer ${aliceToken}` } : {},
    })
      .then(async r => ({ status: r.status, body: await r.json() }))
      .catch(e => ({ status: 0, body: String(e) }));
    check(
      'notifications: /api/notifications/status answers for alice',
      status.status === 200 && typeof status.body?.unread === 'number',
      JSON.stringify(status),
    );
    await checkOnboardFromCreatePage();
  }

  // Any error-level line or unhandled rejection during start-up counts.
  const startupErrors = plain()
    .split('\n')
    .filter(l =>
      /^\S+ \S+ error |threw an error|failed to start|Unhandled rejection|Native stack trace/i.test(
        l,
      ),
    );
  check(
    'no plugin start-up error in the backend log',
    startupErrors.length === 0,
    startupErrors.slice(0, 5).join(' | '),
  );
} finally {
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

if (results.includes(false)) {
  console.log('--- backend log (last 60 lines) ---');
  console.log(log.split('\n').slice(-60).join('\n'));
  process.exit(1);
}
