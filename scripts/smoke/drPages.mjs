// The DR pages in chromium: the DR overview, the DR tab with the IDC site
// offline (through the simulator's control API), the cluster, Fleet and
// gateway pages, each checked with axe at 1024 px wide.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { checkAxe } from './a11y.mjs';
import { root } from './backend.mjs';

/** The simulator's control API of this smoke run (state folder per port). */
function simulatorControl(baseUrl) {
  const port = new URL(baseUrl).port;
  const info = JSON.parse(
    readFileSync(
      path.join(root, '.simulator', `smoke-${port}`, 'simulator.json'),
      'utf8',
    ),
  );
  return async (route, body = {}) => {
    const res = await fetch(`${info.endpoints.control}${route}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${info.controlToken}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`${route}: ${res.status} ${await res.text()}`);
  };
}

/** Catalog entities of a resource type, read with a guest token. */
async function resources(baseUrl, type) {
  const refresh = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  }).then(r => r.json());
  const token = refresh?.backstageIdentity?.token;
  const res = await fetch(
    `${baseUrl}/api/catalog/entities?filter=kind=resource,spec.type=${type}`,
    { headers: { authorization: `Bearer ${token}` } },
  );
  return res.ok ? res.json() : [];
}

async function open(page, url) {
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
}

/** True when the page is not wider than the window (no sideways scrolling). */
async function fitsWidth(page) {
  return page.evaluate(
    () => document.documentElement.scrollWidth <= window.innerWidth,
  );
}

/** With SMOKE_SCREENSHOT_DIR set, keeps a full-page screenshot of each page. */
async function keep(page, file) {
  const dir = process.env.SMOKE_SCREENSHOT_DIR;
  if (dir)
    await page
      .screenshot({ path: path.join(dir, `${file}.png`), fullPage: true })
      .catch(() => {});
}

async function step(name, check, fn) {
  try {
    await fn();
  } catch (e) {
    check(name, false, String(e).split('\n')[0]);
  }
}

async function checkOverview(page, baseUrl, check) {
  const name = 'portal: the DR overview opens at /dr-overview';
  await step(name, check, async () => {
    await open(page, `${baseUrl}/dr-overview`);
    const heading = page.getByRole('heading', { name: 'DR overview' });
    const found = await heading
      .first()
      .waitFor({ timeout: 30_000 })
      .then(() => true)
      .catch(() => false);
    check(
      name,
      found,
      found
        ? ''
        : 'no heading "DR overview" at /dr-overview: the page is not mounted',
    );
    if (found) {
      await keep(page, 'dr-overview');
      await checkAxe(page, 'a11y: the DR overview', check);
    }
  });
}

async function checkEntityCards(page, baseUrl, check) {
  const cards = [
    ['kubernetes-cluster', 'ACK One cluster', 'the cluster page'],
    ['ack-one-fleet', 'ACK One fleet', 'the Fleet page'],
    ['multi-cluster-gateway', 'Multi-cluster gateway', 'the gateway page'],
  ];
  for (const [type, heading, what] of cards) {
    const name = `portal: ${what} shows its card "${heading}" within 1024 px`;
    await step(name, check, async () => {
      const [entity] = await resources(baseUrl, type);
      if (!entity) throw new Error(`no ${type} entity in the catalog`);
      const { namespace = 'default', name: entityName } = entity.metadata;
      await open(
        page,
        `${baseUrl}/catalog/${namespace}/resource/${entityName}`,
      );
      await page
        .getByRole('heading', { name: heading })
        .first()
        .waitFor({ timeout: 60_000 });
      // Live values loaded: no "Checking…" left on the cluster card.
      await page
        .getByText('Checking…')
        .first()
        .waitFor({ state: 'detached', timeout: 30_000 })
        .catch(() => {});
      await page
        .getByRole('heading', { name: heading })
        .first()
        .scrollIntoViewIfNeeded()
        .catch(() => {});
      await keep(page, type);
      const fits = await fitsWidth(page);
      check(name, fits, fits ? '' : 'the page scrolls sideways');
      await checkAxe(page, `a11y: ${what}`, check);
    });
  }
}

async function checkSiteOffline(page, baseUrl, check) {
  const name =
    'portal: with the IDC site offline, the DR tab says "Site unreachable" and marks its figures last known';
  let control;
  await step(name, check, async () => {
    control = simulatorControl(baseUrl);
    await control('/faults/clusters/idc/offline', { mode: 'refuse' });
    await open(
      page,
      `${baseUrl}/catalog/default/component/web-demo/disaster-recovery`,
    );
    // The backend notices within a probe (10 s) plus its timeout (5 s); the
    // tab refreshes itself every 4 s.
    const state = page.locator(
      '[data-testid="ack-one-dr-state"][data-state="site-unreachable"]',
    );
    await state.waitFor({ timeout: 90_000 });
    const stale = page.getByTestId('ack-one-dr-stale');
    await stale.first().waitFor({ timeout: 10_000 });
    const marks = await stale.count();
    const text = await stale.first().innerText();
    const banner = await page
      .getByText('Site unreachable: idc-k8s')
      .first()
      .isVisible();
    check(
      name,
      marks > 0 && /last known/.test(text) && banner,
      `${marks} stale marks, first "${text}", banner ${banner}`,
    );
    await keep(page, 'dr-tab-site-unreachable');
    await checkAxe(page, 'a11y: the DR tab with a site unreachable', check);
  });
  // Back online for whatever runs next.
  await control?.('/faults/clusters/idc/online').catch(() => {});
}

/**
 * The DR pages, in a page already signed in (as guest): the DR tab (axe),
 * the overview, the entity cards, and the DR tab with the IDC site offline.
 */
export async function checkDrPagesInBrowser(page, baseUrl, check) {
  await page.setViewportSize({ width: 1024, height: 768 });
  await step('a11y: the DR tab', check, async () => {
    await open(
      page,
      `${baseUrl}/catalog/default/component/web-demo/disaster-recovery`,
    );
    await page
      .getByTestId('ack-one-dr-state')
      .first()
      .waitFor({ timeout: 60_000 });
    await keep(page, 'dr-tab');
    await checkAxe(page, 'a11y: the DR tab', check);
  });
  await checkOverview(page, baseUrl, check);
  await checkEntityCards(page, baseUrl, check);
  await checkSiteOffline(page, baseUrl, check);
}
