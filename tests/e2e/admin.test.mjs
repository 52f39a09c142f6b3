// Issue 22 on a 375 px phone: a moderator hides a comment from the queue with a reason and shows it
// again; an administrator finds an account by e-mail and makes it an agency officer of one agency,
// reads the audit log, the health page and the working-day calendar. Screenshots of every page
// type; no page scrolls sideways.
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

async function phonePage(who) {
  const context = await newContext(browser, PHONE);
  const page = await context.newPage();
  await signIn(page, who);
  return { context, page };
}

async function noSidewaysScroll(page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 375, `${page.url()} is ${width} px wide on a 375 px screen`);
}

async function submit(page, form) {
  const [response] = await Promise.all([page.waitForNavigation(), form.locator('button[type=submit]').click()]);
  return response;
}

test('a moderator hides a comment with a reason and shows it again', async () => {
  const { context, page } = await phonePage(fixtures.moderator);
  try {
    assert.equal((await page.goto('/moderation?kind=comment&shown=visible')).status(), 200);
    await noSidewaysScroll(page);
    await screenshot(page, 'moderation-phone');
    const item = page.locator('article.mod-item').first();
    const id = await item.getAttribute('id');
    assert.match(id, /^comment-\d+$/, 'a comment is in the queue');
    const commentId = id.split('-')[1];
    const apiBefore = await page.request.get(`/api/v1/comments/${commentId}`);
    assert.equal(apiBefore.status(), 200, 'the comment is public');

    // Too short a reason: refused beside the record, the text kept.
    const form = item.locator('form[action*="/hide"]');
    await form.locator('textarea[name=reason]').evaluate((t) => t.removeAttribute('minlength'));
    await form.locator('textarea[name=reason]').fill('spam');
    const refused = await submit(page, form);
    assert.equal(refused.status(), 422);
    const alert = await page.locator(`#${id} [role=alert]`).allInnerTexts();
    assert.ok(alert.join(' ').includes('at least 10'), alert.join(' '));
    assert.equal(await page.locator(`#${id} textarea[name=reason]`).inputValue(), 'spam');
    await noSidewaysScroll(page);

    const reason = 'Публикует чужой номер телефона; скрыто до исправления автором.';
    await page.locator(`#${id} textarea[name=reason]`).fill(reason);
    const hidden = await submit(page, page.locator(`#${id} form[action*="/hide"]`));
    assert.equal(hidden.status(), 200);
    assert.match(page.url(), /done=hidden/);
    assert.equal((await page.request.get(`/api/v1/comments/${commentId}`)).status(), 410, 'withdrawn from the public');

    assert.equal((await page.goto('/moderation?kind=comment&shown=hidden')).status(), 200);
    const row = page.locator(`#${id}`);
    assert.ok((await row.innerText()).includes(reason));
    await screenshot(page, 'moderation-hidden-phone');
    const shown = await submit(page, row.locator('form[action*="/unhide"]'));
    assert.equal(shown.status(), 200);
    assert.match(page.url(), /done=shown/);
    assert.equal((await page.request.get(`/api/v1/comments/${commentId}`)).status(), 200, 'public again');

    assert.equal((await page.goto('/moderation/log')).status(), 200);
    assert.ok((await page.locator('main').innerText()).includes(reason));
    await noSidewaysScroll(page);
    await screenshot(page, 'moderation-log-phone');
  } finally {
    await context.close();
  }
});

test('an administrator makes an account an agency officer and reads the log, health and calendar', async () => {
  const { context, page } = await phonePage(fixtures.admin);
  try {
    assert.equal((await page.goto('/admin')).status(), 200);
    await noSidewaysScroll(page);
    await screenshot(page, 'admin-phone');

    assert.equal((await page.goto(`/admin/accounts?q=${encodeURIComponent(fixtures.candidate.email)}`)).status(), 200);
    await noSidewaysScroll(page);
    await screenshot(page, 'admin-accounts-phone');
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: fixtures.candidate.email }).click()]);
    assert.equal(new URL(page.url()).pathname, `/admin/accounts/${fixtures.candidate.id}`);
    await noSidewaysScroll(page);
    await screenshot(page, 'admin-account-phone');

    const form = page.locator('form[action$="/role"]').first();
    await form.locator('input[name=role][value=agency_officer]').check();
    await form.locator('select[name=agency_id]').selectOption(String(fixtures.agency));
    const saved = await submit(page, form);
    assert.equal(saved.status(), 200);
    assert.match(page.url(), /done=1/);
    const status = await page.locator('[role=status]').allInnerTexts();
    assert.ok(status.join(' ').includes('Agency officer'), status.join(' '));

    // The new officer has the agency's inbox.
    const officer = await phonePage(fixtures.candidate);
    try {
      assert.equal((await officer.page.goto('/inbox')).status(), 200);
    } finally {
      await officer.context.close();
    }

    assert.equal((await page.goto('/admin/audit?action=account.role')).status(), 200);
    assert.ok((await page.locator('main').innerText()).includes('agency_officer'));
    await noSidewaysScroll(page);
    await screenshot(page, 'admin-audit-phone');

    assert.equal((await page.goto('/admin/health')).status(), 200);
    await noSidewaysScroll(page);
    await screenshot(page, 'admin-health-phone');

    assert.equal((await page.goto('/admin/calendar?year=2025')).status(), 200);
    assert.ok((await page.locator('main').innerText()).includes('5 January 2025'));
    await noSidewaysScroll(page);
    await screenshot(page, 'admin-calendar-phone');
  } finally {
    await context.close();
  }
});

test('a citizen is not offered the moderation or administration pages', async () => {
  const { context, page } = await phonePage(fixtures.citizen);
  try {
    assert.equal(await page.locator('a[href="/admin"], a[href="/moderation"]').count(), 0);
    assert.equal((await page.goto('/admin')).status(), 403);
    assert.equal((await page.goto('/moderation')).status(), 403);
    await screenshot(page, 'admin-forbidden-phone');
  } finally {
    await context.close();
  }
});
