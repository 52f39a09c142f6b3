// 7. My account on a 375 px phone (issue 21, flow 6): the citizen reads and clears notifications,
// creates an API token (its secret shown once) and opens their organisation. No page scrolls
// sideways; screenshots of each page type.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtures, launch, newContext, screenshot, signIn } from './helpers.mjs';

const PHONE = { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true };

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function noSidewaysScroll(page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 375, `${page.url()} is ${width} px wide on a 375 px screen`);
}

test('a citizen manages notifications, tokens and an organisation on a phone', async () => {
  const context = await newContext(browser, PHONE);
  const page = await context.newPage();
  try {
    await signIn(page, fixtures.citizen);
    assert.equal((await page.goto('/me/notifications')).status(), 200);
    await noSidewaysScroll(page);
    await screenshot(page, 'notifications-phone');
    if ((await page.locator('form[action="/me/notifications/read-all"]').count()) > 0) {
      await Promise.all([page.waitForNavigation(), page.locator('form[action="/me/notifications/read-all"] button').click()]);
      assert.match(page.url(), /done=all_read/);
      assert.equal(await page.locator('form[action$="/read"]').count(), 0, 'nothing left unread');
    }

    assert.equal((await page.goto('/me/tokens')).status(), 200);
    await noSidewaysScroll(page);
    await page.fill('input[name=name]', `E2E app ${Date.now()}`);
    await page.check('input[name=scope_read]');
    const [created] = await Promise.all([page.waitForNavigation(), page.locator('form[action="/me/tokens"] button[type=submit]').click()]);
    assert.equal(created.status(), 201);
    const secret = await page.inputValue('#secret');
    assert.ok(secret.length > 20, 'the secret is shown once');
    const me = await fetch(new URL('/api/v1/me', fixtures.base), { headers: { authorization: `Bearer ${secret}` } });
    assert.equal(me.status, 200, 'the new token works on the API');
    await noSidewaysScroll(page);
    await screenshot(page, 'tokens-created-phone');

    assert.equal((await page.goto('/me/organizations')).status(), 200);
    await noSidewaysScroll(page);
    await screenshot(page, 'organizations-phone');
    assert.equal((await page.goto(`/organizations/${fixtures.organization}`)).status(), 200);
    assert.ok((await page.locator('form[action$="/invitations"]').count()) > 0, 'its administrator may invite');
    await noSidewaysScroll(page);
    await screenshot(page, 'organization-phone');
  } finally {
    await context.close();
  }
});
