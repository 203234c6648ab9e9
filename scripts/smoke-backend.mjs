// Starts the real backend and checks that it comes up healthy: readiness is
// ready, the catalog answers, and no plugin failed to start.
//
//   node scripts/smoke-backend.mjs sqlite|postgres
//
// Prints one line per check, `ok - ...` or `not ok - ...`, and exits non-zero
// when any check failed. The checks live in scripts/smoke/.
import {
  dropSmokeDatabases,
  smokeConfig,
  startBackend,
  startupErrors,
  waitForReadiness,
} from './smoke/backend.mjs';
import { createChecks } from './smoke/checks.mjs';
import { checkNotificationsStatus, runApiChecks } from './smoke/api.mjs';
import {
  checkOidcSignInInBrowser,
  checkPortalInBrowser,
} from './smoke/browser.mjs';
import { checkOnboardFromCreatePage } from './smoke/onboard.mjs';

const mode = process.argv[2] ?? 'sqlite';
// --browser: also open the portal (the built app that the backend serves) in
// Debian's chromium and check that the catalog page renders.
const withBrowser = process.argv.includes('--browser');
const { baseUrl, configs, env } = smokeConfig(mode, withBrowser);
if (mode === 'postgres') {
  await dropSmokeDatabases(env);
}

const { check, failed } = createChecks(mode);
const backend = startBackend({ configs, env });

try {
  const readiness = await waitForReadiness(backend, baseUrl);
  check(
    'readiness is ready',
    readiness.status === 200,
    readiness.status === 200
      ? ''
      : `last answer ${readiness.status} ${readiness.body.slice(0, 200)}`,
  );

  await runApiChecks(baseUrl, check);

  if (withBrowser) {
    await checkPortalInBrowser(baseUrl, check);
    const aliceToken = await checkOidcSignInInBrowser(baseUrl, check);
    await checkNotificationsStatus(baseUrl, aliceToken, check);
    await checkOnboardFromCreatePage(baseUrl, check);
  }

  // Any error-level line or unhandled rejection during start-up counts.
  const errors = startupErrors(backend);
  check(
    'no plugin start-up error in the backend log',
    errors.length === 0,
    errors.slice(0, 5).join(' | '),
  );
} finally {
  await backend.stop();
}

if (failed()) {
  console.log('--- backend log (last 60 lines) ---');
  console.log(backend.log().split('\n').slice(-60).join('\n'));
  process.exit(1);
}
