// 6. An agency officer decides every comment of a closed discussion of the agency's draft on the
//    decisions page, is refused the completion notice while a comment is undecided (the page names
//    it), then publishes the notice; and records a measure on an item of a conclusion addressed to
//    the agency, which the scorecard then counts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtures, launch, newContext, screenshot, signIn } from './helpers.mjs';

const { closed } = fixtures.discussions;

let browser;
let context;
let page;
before(async () => {
  browser = await launch();
  context = await newContext(browser);
  page = await context.newPage();
  await signIn(page, fixtures.officer);
});
after(async () => {
  await context?.close();
  await browser?.close();
});

async function submit(form) {
  const [response] = await Promise.all([page.waitForNavigation(), form.locator('button[type=submit]').click()]);
  return response;
}

test('an officer decides every comment of a closed discussion and publishes the notice', async () => {
  let response = await page.goto(`/discussions/${closed}`);
  assert.equal(response.status(), 200);
  const link = page.locator(`a[href="/discussions/${closed}/decide"]`);
  assert.equal(await link.count(), 1, 'the discussion page leads its officer to the decisions');
  await Promise.all([page.waitForNavigation(), link.click()]);
  assert.equal(new URL(page.url()).pathname, `/discussions/${closed}/decide`);

  const forms = page.locator('form[action$="/decision"]');
  const n = await forms.count();
  assert.ok(n > 0, 'a decision form per comment');
  await screenshot(page, 'discussion-decide');

  // The notice first: refused while a comment is undecided, naming it with a link.
  response = await submit(page.locator('form[action$="/notice"]'));
  assert.equal(response.status(), 409, 'the notice is refused while a comment is undecided');
  const alerts = await page.locator('[role=alert]').allInnerTexts();
  assert.ok(alerts.some((a) => /decision/i.test(a)), `the refusal says why: ${JSON.stringify(alerts)}`);
  assert.ok((await page.locator('#notice-h ~ ul a[href^="#comment-"]').count()) > 0, 'the undecided comments are linked');
  await screenshot(page, 'discussion-notice-refused');

  // Rejecting without a reason is refused beside the comment; with one it is stored.
  const first = page.locator('form[action$="/decision"]').first();
  await first.locator('input[value=rejected]').check();
  response = await submit(first);
  assert.equal(response.status(), 422, 'a rejection needs a reason');
  assert.ok((await page.locator('.field-error').count()) > 0, 'the message beside the field');
  for (let i = 0; i < n; i++) {
    const form = page.locator('form[action$="/decision"]').nth(i);
    await form.locator('input[value=rejected]').check();
    await form.locator('textarea[name=reason]').fill('Срок установлен законом, сократить его нельзя.');
    response = await submit(form);
    assert.ok(response.status() < 400, `deciding comment ${i + 1} answers ${response.status()}`);
  }

  response = await submit(page.locator('form[action$="/notice"]'));
  assert.ok(response.status() < 400, `publishing the notice answers ${response.status()}`);
  assert.equal(new URL(page.url()).pathname, `/discussions/${closed}`);
  assert.ok((await page.locator('#notice-h').count()) === 1, 'the notice is on the discussion page');
  assert.ok((await page.getByText('Срок установлен законом', { exact: false }).count()) > 0, 'with the reason');
  await screenshot(page, 'discussion-notice-published');
});

test('an officer records a measure on a conclusion addressed to the agency', { skip: fixtures.conclusion == null ? 'no conclusion fixture' : undefined }, async () => {
  const response = await page.goto(`/conclusions/${fixtures.conclusion}`);
  assert.equal(response.status(), 200);
  const form = page.locator('form[action$="/measures"]').first();
  assert.ok((await form.count()) === 1, 'an answer form per item');
  await form.locator('input[value=done]').check();
  await form.locator('textarea[name=text_md]').fill('Издан приказ о соблюдении сроков регистрации.');
  const posted = await submit(form);
  assert.ok(posted.status() < 400, `recording the measure answers ${posted.status()}`);
  assert.ok((await page.getByText('Издан приказ о соблюдении сроков', { exact: false }).count()) > 0, 'the measure is shown');
  const done = await page.locator('#scorecard-h ~ table tbody tr td').nth(2).innerText();
  assert.equal(done.trim(), '1', 'the scorecard counts the item as done');
  await screenshot(page, 'conclusion-measure-recorded');
});

test("the officer's pages never scroll sideways on a 375 px screen", async () => {
  const narrow = await newContext(browser, { viewport: { width: 375, height: 800 } });
  const p = await narrow.newPage();
  try {
    await signIn(p, fixtures.officer);
    const paths = [
      '/discussions/new',
      `/discussions/${closed}`,
      `/discussions/${closed}/decide`,
      `/agencies/${fixtures.agency}`,
      ...(fixtures.conclusion == null ? [] : [`/conclusions/${fixtures.conclusion}`]),
    ];
    for (const path of paths) {
      const response = await p.goto(path);
      assert.equal(response.status(), 200, `GET ${path}`);
      const width = await p.evaluate(() => document.documentElement.scrollWidth);
      const wide = await p.evaluate(() =>
        [...document.querySelectorAll('main *')]
          .filter((e) => e.getBoundingClientRect().right > 376)
          .slice(0, 3)
          .map((e) => `${e.tagName.toLowerCase()}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`),
      );
      assert.ok(width <= 375, `${path} is ${width} px wide at 375 px: ${wide.join(', ')}`);
    }
    await p.goto('/discussions/new');
    await screenshot(p, 'discussion-new-375');
  } finally {
    await narrow.close();
  }
});
