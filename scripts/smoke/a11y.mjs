// Accessibility checks in the browser: axe-core's WCAG 2.1 A/AA rules on a
// page, failing on any serious or critical violation.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { root } from './backend.mjs';

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Runs axe on the page: through `@axe-core/playwright` when installed, else
 * by injecting axe-core's `axe.min.js`. Returns the serious and critical
 * violations, or throws when axe is not available at all.
 */
export async function seriousViolations(page) {
  let results;
  const builderModule = await import('@axe-core/playwright').catch(
    () => undefined,
  );
  if (builderModule) {
    const AxeBuilder = builderModule.default ?? builderModule.AxeBuilder;
    results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  } else {
    const axePath = path.join(root, 'node_modules/axe-core/axe.min.js');
    if (!existsSync(axePath)) {
      throw new Error(
        'axe is not installed: add @axe-core/playwright to the devDependencies and run yarn install',
      );
    }
    // Evaluated through the DevTools protocol, which the portal's Content
    // Security Policy does not apply to (a script tag would be blocked).
    await page.evaluate(readFileSync(axePath, 'utf8'));
    results = await page.evaluate(
      tags =>
        window.axe.run(document, { runOnly: { type: 'tag', values: tags } }),
      WCAG_TAGS,
    );
  }
  return results.violations.filter(
    v => v.impact === 'serious' || v.impact === 'critical',
  );
}

/** One line per violation: rule, impact and where (first three targets). */
export function describeViolations(violations) {
  return violations
    .map(
      v =>
        `${v.id} (${v.impact}): ${v.help} at ${v.nodes
          .slice(0, 3)
          .map(n => n.target.join(' '))
          .join('; ')}`,
    )
    .join(' | ');
}

/** Checks a page with axe: `name` passes when nothing serious or critical is found. */
export async function checkAxe(page, name, check) {
  try {
    // The loaded page is what is checked: stock cards show an unlabelled
    // spinner (an upstream component) while they load.
    await page
      .waitForFunction(
        () => !document.querySelector('[role="progressbar"]'),
        null,
        {
          timeout: 15_000,
        },
      )
      .catch(() => undefined);
    const violations = await seriousViolations(page);
    check(name, violations.length === 0, describeViolations(violations));
  } catch (e) {
    check(name, false, String(e).split('\n')[0]);
  }
}
