// 2. The language switch: the links in the navigation change html[lang], the choice is kept in a
// cookie for the next page, and a visitor without the cookie gets the browser's Accept-Language.
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

const lang = async (page) => (await page.locator('html').getAttribute('lang')) ?? '';
const primary = (tag) => tag.toLowerCase().split('-')[0];

const LINKS = [
  { code: 'kk', text: 'Қазақша' },
  { code: 'ru', text: 'Русский' },
  { code: 'en', text: 'English' },
];

test('with no cookie the page follows Accept-Language', async () => {
  for (const [locale, expected] of [['kk-KZ', 'kk'], ['ru-RU', 'ru'], ['en-GB', 'en']]) {
    const context = await newContext(browser, { locale });
    try {
      const page = await context.newPage();
      assert.equal((await page.goto('/')).status(), 200);
      assert.equal(primary(await lang(page)), expected, `Accept-Language ${locale}: html[lang] should be ${expected}`);
      await screenshot(page, `home-${expected}`);
    } finally {
      await context.close();
    }
  }
});

test('the language links switch html[lang] and the choice is remembered', async () => {
  // A Russian browser, so that each switch is visible against Accept-Language.
  const context = await newContext(browser, { locale: 'ru-RU' });
  try {
    const page = await context.newPage();
    const start = `/reports/${fixtures.report}`;
    assert.equal((await page.goto(start)).status(), 200);
    assert.equal(primary(await lang(page)), 'ru');

    for (const { code, text } of [LINKS[0], LINKS[2], LINKS[1], LINKS[0]]) {
      const link = page.locator(`nav a[href^="/lang/${code}?next="]`);
      assert.equal(await link.count(), 1, `one nav a[href^="/lang/${code}?next="] on ${page.url()}`);
      assert.equal((await link.innerText()).trim(), text, `the ${code} link reads "${text}"`);
      const next = new URL(await link.getAttribute('href'), fixtures.base).searchParams.get('next');
      assert.equal(next, start, `the ${code} link returns to the page it is on`);

      await Promise.all([page.waitForNavigation(), link.click()]);
      assert.equal(new URL(page.url()).pathname, start, `after choosing ${code} the visitor is back on ${start}`);
      assert.equal(primary(await lang(page)), code, `after clicking "${text}" html[lang] is ${code}`);

      const cookies = await context.cookies();
      assert.ok(cookies.length > 0, 'the choice is kept in a cookie');
      // The next page load, on another page, still in the chosen language despite Accept-Language ru.
      assert.equal((await page.goto('/')).status(), 200);
      assert.equal(primary(await lang(page)), code, `the next page load remembers ${code}`);
      await page.goto(start);
    }

    // Without the cookie the same browser is Russian again.
    await context.clearCookies();
    await page.goto('/');
    assert.equal(primary(await lang(page)), 'ru', 'without the cookie Accept-Language rules again');
  } finally {
    await context.close();
  }
});
