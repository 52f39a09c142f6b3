// 5. axe-core on every page type, in Kazakh, Russian and English (one test file per language,
// a11y-{kk,ru,en}.test.mjs, so each stays well inside the per-file timeout): no violation of WCAG 2.1 A/AA or
// axe's best practices. axe is injected as a script, which the pages' Content-Security-Policy rightly
// forbids, so these contexts (and only these) bypass the CSP.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { fixtures, launch, newContext, pageTypes, signIn } from './helpers.mjs';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const RULES = { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } };

/** The axe checks of every page type in one language. */
export function axeSuite(lang, locale) {
  let browser;
  const contexts = new Map();
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    for (const c of contexts.values()) await c.close();
    await browser?.close();
  });

  /** A context per language and account, signed in once. */
  async function contextFor(locale, as) {
    const key = `${locale}/${as ?? 'anonymous'}`;
    if (!contexts.has(key)) {
      const context = await newContext(browser, { locale, bypassCSP: true });
      if (as) {
        const page = await context.newPage();
        await signIn(page, fixtures[as]);
        await page.close();
      }
      contexts.set(key, context);
    }
    return contexts.get(key);
  }

  function describe(violations) {
    return violations
      .map((v) => {
        const nodes = v.nodes
          .slice(0, 5)
          .map((n) => `      at ${n.target.join(' ')}\n        ${n.html.slice(0, 200)}\n        ${(n.failureSummary ?? '').replace(/\n/g, '\n        ')}`)
          .join('\n');
        const more = v.nodes.length > 5 ? `\n      … and ${v.nodes.length - 5} more elements` : '';
        return `  ${v.id} (${v.impact}): ${v.help}\n    ${v.helpUrl}\n${nodes}${more}`;
      })
      .join('\n');
  }

  const found = [];

  {
    test(`axe: every page type in ${lang}`, async (t) => {
      for (const p of pageTypes()) {
        await t.test(`axe ${lang}: ${p.name} ${decodeURI(p.path)}`, { skip: p.skip }, async () => {
          const context = await contextFor(locale, p.as);
          const page = await context.newPage();
          try {
            const response = await page.goto(p.path);
            assert.equal(response.status(), 200, `GET ${p.path} answers 200`);
            await page.addScriptTag({ path: axePath });
            const result = await page.evaluate((rules) => window.axe.run(document, rules), RULES);
            if (result.violations.length > 0) {
              const text = describe(result.violations);
              found.push(`${p.name} (${lang}) ${p.path}\n${text}`);
              assert.fail(`${result.violations.length} axe violation(s) on ${p.path} in ${lang}:\n${text}`);
            }
          } finally {
            await page.close();
          }
        });
      }
    });
  }

  after(() => {
    if (found.length > 0) console.log(`\naxe violations by page:\n\n${found.join('\n\n')}\n`);
  });
}
