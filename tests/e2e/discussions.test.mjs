// 3. A signed-in citizen comments on an open discussion of a draft act through the page's form.
// 4. A closed discussion has no form and says why; a comment posted to it anyway is refused with a
//    page (409), not an error (Law Art. 15: late comments are not considered).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtures, launch, newContext, screenshot, signIn } from './helpers.mjs';

const { open, closed } = fixtures.discussions;
const CLOSED_WORDS = /closed|ended|закрыт|заверш|окончен|жабық|жабыл|аяқтал/i;

let browser;
let context;
let page;
before(async () => {
  browser = await launch();
  context = await newContext(browser);
  page = await context.newPage();
  await signIn(page, fixtures.citizen);
});
after(async () => {
  await context?.close();
  await browser?.close();
});

test('a signed-in citizen comments on an open discussion', async () => {
  const response = await page.goto(`/discussions/${open}`);
  assert.equal(response.status(), 200);
  const form = page.locator('form[action$="/comments"]');
  assert.equal(await form.count(), 1, 'the open discussion has one comment form');
  assert.equal((await form.getAttribute('method'))?.toLowerCase(), 'post', 'the comment form posts');
  assert.ok((await form.locator('input[type=hidden]').count()) > 0, 'the comment form carries a hidden CSRF field');

  const clause = form.locator('select[name=clause]');
  if ((await clause.count()) > 0) {
    const values = await clause.locator('option').evaluateAll((os) => os.map((o) => o.value).filter((v) => v !== ''));
    assert.ok(values.length > 0, 'the clause list offers the clauses of the draft');
    await clause.selectOption(values[0]);
  }
  const text = `Предлагаю сократить срок до трёх рабочих дней (e2e ${Date.now()}).`;
  await form.locator('textarea[name=text]').fill(text);
  await screenshot(page, 'discussion-comment-filled');
  const [posted] = await Promise.all([page.waitForNavigation(), form.locator('button[type=submit]').click()]);
  assert.ok(posted.status() < 400, `posting the comment answers ${posted.status()}`);
  const alerts = await page.locator('[role=alert]').allInnerTexts();
  assert.ok(
    (await page.getByText(text, { exact: false }).count()) > 0,
    `the comment appears on ${page.url()} (alerts: ${JSON.stringify(alerts)})`,
  );
  await screenshot(page, 'discussion-commented');
});

test('a closed discussion has no comment form and says it is closed', async () => {
  const response = await page.goto(`/discussions/${closed}`);
  assert.equal(response.status(), 200);
  assert.equal(await page.locator('form[action$="/comments"]').count(), 0, 'no comment form on a closed discussion');
  assert.equal(await page.locator('textarea[name=text]').count(), 0, 'no comment box on a closed discussion');
  const notes = await page.locator('[role=alert], [role=status]').allInnerTexts();
  assert.ok(
    notes.some((n) => CLOSED_WORDS.test(n)),
    `a [role=alert] or [role=status] says the discussion is closed; found ${JSON.stringify(notes)}`,
  );
  await screenshot(page, 'discussion-closed');
});

test('a comment posted to a closed discussion anyway is refused with 409 and a page', async () => {
  // The open discussion's own form, CSRF token and all, pointed at the closed one: what a stale tab
  // or a hand-made request would send.
  await page.goto(`/discussions/${open}`);
  const form = page.locator('form[action$="/comments"]');
  assert.equal(await form.count(), 1, 'the open discussion has a comment form to borrow');
  const action = await form.getAttribute('action');
  const target = action.replace(new RegExp(`/discussions/${open}/comments$`), `/discussions/${closed}/comments`);
  assert.notEqual(target, action, `the form's action ${action} ends in /discussions/${open}/comments`);
  await form.evaluate((f, t) => {
    f.setAttribute('action', t);
    // A clause of the open draft means nothing on the other one; the refusal must not depend on it.
    f.querySelector('select[name=clause]')?.remove();
  }, target);
  await form.locator('textarea[name=text]').fill('Поздний комментарий после закрытия.');
  const [refusal] = await Promise.all([page.waitForNavigation(), form.locator('button[type=submit]').click()]);
  assert.equal(refusal.status(), 409, `POST ${target} on a closed discussion answers 409, not ${refusal.status()}`);
  assert.match(refusal.headers()['content-type'] ?? '', /text\/html/, 'the refusal is a page');
  const alerts = await page.locator('[role=alert]').allInnerTexts();
  assert.ok(alerts.some((a) => CLOSED_WORDS.test(a)), `the refusal page says why in [role=alert]; found ${JSON.stringify(alerts)}`);
  await screenshot(page, 'discussion-closed-refusal');

  // And a request without the form's CSRF field: refused too (4xx), never a 500.
  const bare = await context.request.post(target, {
    form: { text: 'Без токена.' },
    headers: { origin: fixtures.base },
    maxRedirects: 0,
  });
  assert.ok(bare.status() >= 400 && bare.status() < 500, `POST ${target} without the CSRF field answers ${bare.status()}`);
});
