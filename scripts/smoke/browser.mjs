// The checks in Debian's chromium: the portal renders, and sign-in through
// the simulator's local OpenID Connect provider.
import { checkDrPagesInBrowser } from './drPages.mjs';

export async function checkPortalInBrowser(baseUrl, check) {
  let browser;
  let context;
  const pageErrors = [];
  const run = {
    stage:
      'portal: the catalog page renders in chromium and lists the portal itself',
  };
  try {
    // Playwright starts chromium with a new, empty profile of its own.
    browser = await launchChromium();
    context = await browser.newContext();
    const page = await context.newPage();
    page.on('pageerror', e => pageErrors.push(String(e)));
    page.on('console', m => m.type() === 'error' && pageErrors.push(m.text()));
    await checkCatalogPage(page, baseUrl, check);
    run.stage =
      'portal: the Disaster Recovery tab of web-demo shows both clusters and the 50% weights';
    await checkWebDemoDrTab(page, baseUrl, check);
    check(
      'portal: no uncaught page error',
      pageErrors.length === 0,
      pageErrors.slice(0, 3).join(' | '),
    );
    // The DR overview, the DR tab with a site offline, the cluster, Fleet
    // and gateway pages, with axe on each.
    run.stage = 'portal: the DR pages';
    await checkDrPagesInBrowser(page, baseUrl, check);
  } catch (e) {
    await reportPortalFailure(context, run.stage, e, pageErrors, check);
  } finally {
    await browser?.close().catch(() => {});
  }
}

/**
 * A first visit shows the sign-in page: enter as guest. The catalog
 * table then lists this project's own entity.
 */
async function checkCatalogPage(page, baseUrl, check) {
  await enterAsGuest(page, `${baseUrl}/catalog`);
  const row = page.getByText('Backstage plugins for hybrid-cloud').first();
  await row.waitFor({ timeout: 60_000 });
  check(
    'portal: the catalog page renders in chromium and lists the portal itself',
    true,
  );
}

/**
 * The Disaster Recovery tab of web-demo shows both clusters and the
 * gateway weights, from the running backend.
 */
async function checkWebDemoDrTab(page, baseUrl, check) {
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
}

/** Reports the failed stage with the page's errors and text. */
async function reportPortalFailure(context, stage, e, pageErrors, check) {
  if (process.env.SMOKE_SCREENSHOT) {
    const pages = context?.pages() ?? [];
    await pages[0]
      ?.screenshot({ path: process.env.SMOKE_SCREENSHOT })
      .catch(() => {});
  }
  await reportPageFailure(check, stage, e, pageErrors, context?.pages()[0]);
}

/** The text a page shows, or '' when there is none to read. */
export async function pageText(page) {
  return page?.evaluate(() => document.body.innerText).catch(() => '');
}

/** A failed check: the error, the page's errors and the start of its text. */
async function reportPageFailure(check, name, e, pageErrors, page) {
  const text = await pageText(page);
  check(
    name,
    false,
    [
      String(e).split('\n')[0],
      ...pageErrors,
      `page text: ${String(text).slice(0, 300)}`,
    ].join(' | '),
  );
}

/** Opens `url`, whose first visit shows the sign-in page, and enters as guest. */
export async function enterAsGuest(page, url) {
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
  const enter = page.getByRole('button', { name: 'Enter' });
  await enter.waitFor({ timeout: 60_000 });
  await enter.click();
}

/** Launches Debian's chromium, as checkPortalInBrowser does. */
export async function launchChromium() {
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
export async function checkOidcSignInInBrowser(baseUrl, check) {
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
    await reportPageFailure(check, name, e, pageErrors, page);
    return undefined;
  } finally {
    await browser?.close().catch(() => {});
  }
}
