// 1. A visitor searches from the home page with a typo and opens the report they meant: "Экибастоза"
// for "Экибастуза", a town only the Pavlodar region's 2024 demo report names. Run with JavaScript on
// and off: the search is a plain form.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtures, launch, newContext, screenshot } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

for (const javaScriptEnabled of [true, false]) {
  test(`a search with a typo finds the report (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
    const { query, report, title, file } = fixtures.search;
    const context = await newContext(browser, { javaScriptEnabled, locale: 'ru-RU' });
    try {
      const page = await context.newPage();
      const home = await page.goto('/');
      assert.equal(home.status(), 200, 'GET / answers 200');

      // The first search form: a header may carry one besides the page's own.
      const form = page.locator('form[role=search]:has(input[name=q])').first();
      assert.ok((await form.count()) > 0, 'the home page has a form[role=search] with input[name=q]');
      await form.locator('input[name=q]').fill(query);
      await Promise.all([page.waitForNavigation(), form.locator('input[name=q]').press('Enter')]);
      const url = new URL(page.url());
      assert.equal(url.pathname, '/search', 'the form submits to /search');
      assert.equal(url.searchParams.get('q'), query, 'the query travels as ?q=');
      const kept = await page.locator('form[role=search] input[name=q]').evaluateAll((is) => is.map((i) => i.value));
      assert.ok(kept.includes(query), `the results page keeps the query in its search form (found ${JSON.stringify(kept)})`);
      if (javaScriptEnabled) await screenshot(page, 'search-typo-results');

      const links = page.locator('a[href^="/reports/"]');
      const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      const wanted = page.locator(`a[href="/reports/${report}"], a[href^="/reports/${report}?"], a[href^="/reports/${report}#"]`);
      assert.ok(
        (await wanted.count()) > 0,
        `"${query}" should find /reports/${report} (${file}); the results link to ${JSON.stringify(hrefs)}`,
      );
      await Promise.all([page.waitForNavigation(), wanted.first().click()]);
      assert.equal(new URL(page.url()).pathname, `/reports/${report}`);
      const h1 = page.locator('h1');
      assert.equal(await h1.count(), 1, 'the report page has one h1');
      assert.equal((await h1.innerText()).trim(), title, "the report page's h1 is the report's title");
    } finally {
      await context.close();
    }
  });
}
