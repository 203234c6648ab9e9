import { setTimeout as sleep } from 'node:timers/promises';
import { enterAsGuest, launchChromium, pageText } from './browser.mjs';

const app = 'smoke-shop';
const secs = since => `${Math.round((Date.now() - since) / 1000)}s`;

// A new user onboards an app from the Create page: chooses "Onboard an app to
// hybrid DR", fills the form (owner, Fleet and clusters through the catalog
// pickers), reviews, creates, waits for the run to complete, and follows the
// output link to the new service's Disaster Recovery tab, reloading until the
// ACK One catalog provider has added the service (its schedule runs every
// 30 seconds). The tab must show both clusters with the chosen roles.
export async function checkOnboardFromCreatePage(baseUrl, check) {
  const name =
    'portal: "Onboard an app to hybrid DR" runs from the Create page and the new app\'s DR tab shows both clusters';
  // The state of the run, read by the report of a failure.
  const run = {
    started: Date.now(),
    stage: 'open the Create page',
    page: undefined,
    pageErrors: [],
    timings: [],
  };
  let browser;
  try {
    browser = await launchChromium();
    await openCreatePage(run, browser, baseUrl);
    await fillForm(run);
    await review(run);
    const drLink = await createAndWaitForRun(run);
    const entityWait = Date.now();
    await checkDrTabClusters(run, drLink, entityWait);
    await waitForParity(run);
    run.timings.push(`DR tab after ${secs(entityWait)}`);
    run.timings.push(`total ${secs(run.started)}`);
    check(
      name,
      run.pageErrors.length === 0,
      [...run.timings, ...run.pageErrors.slice(0, 3)].join(', '),
    );
  } catch (e) {
    await reportFailure(run, e, name, check);
  } finally {
    await browser?.close().catch(() => {});
  }
}

/** Opens the Create page as a guest and chooses the onboarding template. */
async function openCreatePage(run, browser, baseUrl) {
  const context = await browser.newContext({
    viewport: { width: 1400, height: 1000 },
  });
  const page = await context.newPage();
  run.page = page;
  page.on('pageerror', e => run.pageErrors.push(String(e)));
  await enterAsGuest(page, `${baseUrl}/create`);

  run.stage = 'choose the template';
  const card = page
    .locator('[class*="MuiCard-root"]')
    .filter({ hasText: 'Onboard an app to hybrid DR' });
  await card.getByRole('button', { name: 'Choose' }).click({ timeout: 60_000 });
}

/** Fills the form's pages up to the review. */
async function fillForm(run) {
  const { page } = run;
  // An EntityPicker or OwnerPicker: type, then pick the catalog's option.
  const pick = async (label, option) => {
    run.stage = `pick ${option} as ${label}`;
    const box = page.getByRole('textbox', { name: label });
    await box.click({ timeout: 30_000 });
    await box.fill(option);
    await page
      .getByRole('option', { name: option, exact: true })
      .click({ timeout: 30_000 });
  };
  const next = async (button = 'Next') => {
    run.stage = `${button} after ${run.stage}`;
    await page.getByRole('button', { name: button, exact: true }).click();
  };

  run.stage = 'fill "Service"';
  await page
    .getByRole('textbox', { name: 'Name' })
    .fill(app, { timeout: 30_000 });
  await pick('Owner', 'platform-team');
  await next();
  await pick('Fleet', 'ackone-fleet');
  await pick('Primary cluster', 'idc-k8s');
  await pick('Standby cluster', 'ack-hangzhou');
  await next();
  run.stage = 'keep the defaults of "Workload"';
  await page
    .getByRole('textbox', { name: 'Git repository' })
    .waitFor({ timeout: 30_000 });
  await next();
  run.stage = 'fill "DR policy and traffic"';
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
}

/** The review lists the chosen Fleet, clusters and mode. */
async function review(run) {
  run.stage = 'review';
  for (const text of [
    'resource:default/ackone-fleet',
    'resource:default/idc-k8s',
    'resource:default/ack-hangzhou',
    'primary-standby',
  ]) {
    await run.page
      .getByRole('cell', { name: text, exact: true })
      .waitFor({ timeout: 30_000 });
  }
}

/** Creates, waits for the run to complete; returns its DR output link. */
async function createAndWaitForRun(run) {
  const { page } = run;
  run.stage = 'create and wait up to 120 s for the run to complete';
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
  run.timings.push(`run completed in ${secs(runStarted)}`);
  return drLink;
}

/** Follows the output link; the DR tab shows both clusters and their roles. */
async function checkDrTabClusters(run, drLink, entityWait) {
  const { page } = run;
  run.stage =
    'follow the output link; the DR tab shows both clusters (up to 90 s, reloading)';
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
    await region.getByText(text, { exact: true }).waitFor({ timeout: 15_000 });
  }
}

/** Its workloads in parity on both clusters, and the chosen 80/20 split. */
async function waitForParity(run) {
  run.stage =
    'the DR tab shows the app in parity with the 80/20 split (up to 60 s)';
  const parityWait = Date.now();
  for (;;) {
    const text = await run.page.evaluate(() => document.body.innerText);
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
}

/** Reports a failed run: where it stopped, why, and what the page showed. */
async function reportFailure(run, e, name, check) {
  const { page } = run;
  if (process.env.SMOKE_SCREENSHOT) {
    await page
      ?.screenshot({
        path: process.env.SMOKE_SCREENSHOT.replace(/(\.png)?$/, '-onboard.png'),
        fullPage: true,
      })
      .catch(() => {});
  }
  const text = await pageText(page);
  check(
    name,
    false,
    [
      `at "${run.stage}" after ${secs(run.started)}`,
      String(e).split('\n')[0],
      ...run.timings,
      ...run.pageErrors.slice(0, 3),
      `page text: ${String(text).replace(/\s+/g, ' ').slice(0, 400)}`,
    ].join(' | '),
  );
}
