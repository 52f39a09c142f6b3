// issue 21, flow 4: the public survey on a 375 px phone, without an account: a respondent opens the
// survey of a campaign that opened it to the public, leaves a required answer out and is told so
// beside the question with the other answer kept, then answers and lands on the thank-you page.
// No page scrolls sideways.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtures, launch, newContext, screenshot } from './helpers.mjs';

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

async function click(page, selector) {
  const [response] = await Promise.all([page.waitForNavigation(), page.locator(selector).first().click()]);
  return response;
}

test('anyone answers an open survey on a phone without an account', async () => {
  const id = fixtures.campaignPages.open;
  const context = await newContext(browser, PHONE);
  const page = await context.newPage();
  try {
    const before = await (await fetch(`${fixtures.base}/api/v1/campaigns/${id}/responses`)).json();
    await page.goto(`${fixtures.base}/campaigns/${id}`);
    await click(page, `main a[href="/campaigns/${id}/survey"]`);
    await noSidewaysScroll(page);
    await page.check('input[name="a-channel"][value="egov"]');
    let r = await click(page, 'form.survey button[type=submit]');
    assert.equal(r.status(), 422);
    assert.equal(await page.locator('#q-sat-error').count(), 1, 'the refusal beside the question');
    assert.ok(await page.isChecked('input[name="a-channel"][value="egov"]'), 'the answer given is kept');
    await page.check('input[name="a-sat"][value="4"]');
    await screenshot(page, 'survey-public-phone');
    r = await click(page, 'form.survey button[type=submit]');
    assert.equal(r.status(), 200);
    assert.equal(new URL(page.url()).pathname, `/campaigns/${id}/survey/thanks`);
    assert.match((await page.locator('[role=status]').allInnerTexts()).join(' '), /Your answers are recorded/);
    await noSidewaysScroll(page);
    await screenshot(page, 'survey-public-thanks-phone');
    const after = await (await fetch(`${fixtures.base}/api/v1/campaigns/${id}/responses`)).json();
    assert.equal(after.items.length, before.items.length + 1);
  } finally {
    await context.close();
  }
});
