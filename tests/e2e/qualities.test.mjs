// 6. What every page type must be, with JavaScript off and on: 200, a Content-Security-Policy header,
// under 100 KB of HTML, nothing fetched from anywhere but the portal itself, a heading to read
// without scripts, and (with scripts on) nothing of its own blocked by its CSP. Takes the screenshot
// of each page type.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtures, isLocal, launch, newContext, pageTypes, screenshot, signIn } from './helpers.mjs';

const MAX_BYTES = 100 * 1024;

let browser;
const contexts = new Map();
before(async () => {
  browser = await launch();
});
after(async () => {
  for (const c of contexts.values()) await c.close();
  await browser?.close();
});

async function contextFor(javaScriptEnabled, as) {
  const key = `${javaScriptEnabled}/${as ?? 'anonymous'}`;
  if (!contexts.has(key)) {
    const context = await newContext(browser, { javaScriptEnabled });
    if (as) {
      const page = await context.newPage();
      await signIn(page, fixtures[as]);
      await page.close();
    }
    contexts.set(key, context);
  }
  return contexts.get(key);
}

for (const javaScriptEnabled of [false, true]) {
  test(`every page type with JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, async (t) => {
    for (const p of pageTypes()) {
      await t.test(`JavaScript ${javaScriptEnabled ? 'on' : 'off'}: ${p.name} ${decodeURI(p.path)}`, { skip: p.skip }, async () => {
        const context = await contextFor(javaScriptEnabled, p.as);
        const page = await context.newPage();
        const foreign = [];
        const blocked = [];
        page.on('request', (r) => {
          if (!isLocal(r.url())) foreign.push(`${r.method()} ${r.url()}`);
        });
        page.on('console', (m) => {
          if (m.type() === 'error' && /Content[- ]Security[- ]Policy/i.test(m.text())) blocked.push(m.text());
        });
        try {
          const response = await page.goto(p.path);
          // First, so that a failing page is seen too.
          if (!javaScriptEnabled) await screenshot(page, p.name);
          assert.equal(response.status(), 200, `GET ${p.path} answers 200`);
          const headers = response.headers();
          assert.ok(headers['content-security-policy'], `GET ${p.path} has a Content-Security-Policy header`);
          assert.match(headers['content-type'] ?? '', /^text\/html/, `GET ${p.path} is HTML`);
          const bytes = (await response.body()).length;
          assert.ok(bytes < MAX_BYTES, `GET ${p.path} is ${bytes} bytes, over ${MAX_BYTES}`);
          await page.waitForLoadState('load');

          const h1 = (await page.locator('h1').allInnerTexts()).map((s) => s.trim()).filter(Boolean);
          assert.ok(h1.length > 0, `${p.path} shows a heading (h1) without help`);
          assert.ok(/^(kk|ru|en)\b/.test((await page.locator('html').getAttribute('lang')) ?? ''), `${p.path} has html[lang]`);
          assert.ok((await page.title()).trim().length > 0, `${p.path} has a title`);
          assert.deepEqual(foreign, [], `${p.path} fetches only from 127.0.0.1`);
          assert.deepEqual(blocked, [], `${p.path}: the page's own resources are blocked by its CSP`);
        } finally {
          await page.close();
        }
      });
    }
  });
}
