// 6. Information requests (Law Art. 29 p.2) on a 375 px phone: a citizen writes a request, goes
// through the already-published check and sends it; an officer answers another request with a file
// through the same multipart form, and extends a third after the step that states the new due date.
// No page scrolls sideways.
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

async function submitIn(page, formSelector) {
  const [response] = await Promise.all([
    page.waitForNavigation(),
    page.locator(`${formSelector} button[type=submit]`).click(),
  ]);
  return response;
}

test('a citizen files a request through the already-published check on a phone', async () => {
  const { context, page } = await phonePage(fixtures.citizen);
  try {
    assert.equal((await page.goto('/requests/new')).status(), 200);
    await noSidewaysScroll(page);
    await page.selectOption('select[name=agency_id]', String(fixtures.agency));
    const subject = `Сведения о регистрации браков (e2e ${Date.now()})`;
    await page.fill('input[name=subject]', subject);
    await page.fill('textarea[name=questions_md]', '1. Сколько браков зарегистрировано в 2025 году?');
    await screenshot(page, 'request-new-phone');
    const saved = await submitIn(page, 'form[action="/requests/new"]');
    assert.ok(saved.status() < 400, `saving answers ${saved.status()}`);
    assert.match(new URL(page.url()).pathname, /^\/requests\/\d+\/check$/, 'the check is the next step');
    assert.ok((await page.getByText('What the portal found').count()) > 0);
    await noSidewaysScroll(page);
    await screenshot(page, 'request-check-phone');
    await page.check('input[name=none_answers]');
    await page.check('input[name=no_secrets]');
    const sent = await submitIn(page, 'form[action$="/submit"]');
    assert.equal(sent.status(), 200);
    assert.match(page.url(), /done=submitted/);
    const status = await page.locator('[role=status]').allInnerTexts();
    assert.ok(status.some((s) => /sent and registered/.test(s)), JSON.stringify(status));
    const text = await page.locator('main').innerText();
    assert.match(text, /BQ-\d{4}-\d{6}/, 'the registration number');
    assert.match(text, /15 calendar days/, 'the deadline rule');
    assert.ok(text.includes(subject));
    await noSidewaysScroll(page);
    await screenshot(page, 'request-sent-phone');
  } finally {
    await context.close();
  }
});

test('an officer answers with a file and extends another request on a phone', async () => {
  const { context, page } = await phonePage(fixtures.officer);
  try {
    const { toAnswer, toExtend } = fixtures.requests;
    assert.equal((await page.goto(`/requests/${toAnswer}`)).status(), 200);
    await noSidewaysScroll(page);
    await page.fill('textarea[name=body_md]', 'Зарегистрировано 3 512 рождений; таблица приложена.');
    await page.setInputFiles('input[name=files]', {
      name: 'table.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n% table\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n'),
    });
    await screenshot(page, 'request-officer-phone');
    const answered = await submitIn(page, 'form[action$="/answer"]');
    assert.equal(answered.status(), 200, await page.locator('[role=alert]').allInnerTexts().then(JSON.stringify));
    assert.match(page.url(), /done=answered/);
    assert.ok((await page.locator(`a[href^="/api/v1/requests/${toAnswer}/files/"]`).count()) === 1, 'the file is linked');
    await noSidewaysScroll(page);

    assert.equal((await page.goto(`/requests/${toExtend}`)).status(), 200);
    await page.fill('input[name=days]', '10');
    await page.fill('#extend_reason', 'Сведения собираются по регионам.');
    const step = await submitIn(page, 'form[action$="/extend"]');
    assert.equal(step.status(), 200);
    const confirm = await page.locator('main').innerText();
    assert.match(confirm, /New due date/);
    assert.match(confirm, /notified/);
    await noSidewaysScroll(page);
    await screenshot(page, 'request-extend-confirm-phone');
    const extended = await submitIn(page, 'form[action$="/extend"]');
    assert.equal(extended.status(), 200);
    assert.match(page.url(), /done=extended/);
    const text = await page.locator('main').innerText();
    assert.match(text, /extended/);
    assert.equal(await page.locator('form[action$="/extend"]').count(), 0, 'no second extension is offered');
  } finally {
    await context.close();
  }
});
