// issue 21, flows 2 and 4: a monitoring campaign (Law Art. 29 p.1) run from a 375 px phone: a
// person starts a campaign with a previewed methodology, builds a two-question questionnaire,
// activates the campaign after the step that says what it freezes, and records a respondent's
// answers in its survey. No page scrolls sideways.
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

async function click(page, selector) {
  const [response] = await Promise.all([page.waitForNavigation(), page.locator(selector).first().click()]);
  return response;
}

async function alerts(page) {
  return JSON.stringify(await page.locator('[role=alert]').allInnerTexts());
}

test('a person starts a campaign, builds its questionnaire, activates it and records a survey on a phone', async () => {
  const context = await newContext(browser, PHONE);
  const page = await context.newPage();
  try {
    await signIn(page, fixtures.citizen);
    assert.equal((await page.goto('/me')).status(), 200);
    await click(page, 'a[href="/campaigns/new"]');
    assert.equal(new URL(page.url()).pathname, '/campaigns/new');
    await noSidewaysScroll(page);

    const title = `Очереди в ЦОН (e2e ${Date.now()})`;
    await page.fill('#title_ru', title);
    await page.fill('#period_from', '2026-12-01');
    await page.fill('#period_to', '2027-02-28');
    await page.check('#region-110000000');
    await page.fill('#methodology_md', 'Наблюдатели опрашивают **посетителей** ЦОН у выхода.');
    const preview = await click(page, 'button[name=preview]');
    assert.equal(preview.status(), 200);
    assert.equal(await page.locator('.preview strong').innerText(), 'посетителей', 'rendered on the server');
    assert.equal(await page.inputValue('#title_ru'), title, 'the typed title is kept');
    await noSidewaysScroll(page);
    await screenshot(page, 'campaign-new-phone');
    const saved = await click(page, 'button[name=save]');
    assert.equal(saved.status(), 200, await alerts(page));
    const id = Number(new URL(page.url()).pathname.match(/^\/campaigns\/(\d+)\/edit$/)?.[1]);
    assert.ok(id > 0, `to the edit page: ${page.url()}`);
    assert.match((await page.locator('[role=status]').allInnerTexts()).join(' '), /saved as a draft/);
    await noSidewaysScroll(page);
    await screenshot(page, 'campaign-edit-phone');

    // Two questions: a required scale, then a single choice added in the new question's slot.
    await click(page, `a[href="/campaigns/${id}/questionnaire"]`);
    await page.fill('#q-0-text_ru', 'Насколько вы довольны обслуживанием?');
    await page.fill('#q-0-text_kk', 'Қызмет көрсетуге қаншалықты ризасыз?');
    await page.selectOption('#q-0-kind', 'scale');
    await page.check('#q-0-required');
    let r = await click(page, 'button[value=save]');
    assert.equal(r.status(), 200, await alerts(page));
    await page.fill('#q-1-text_ru', 'Как вы обратились?');
    await page.selectOption('#q-1-kind', 'single_choice');
    await page.fill('#q-1-options', 'Кеңседе | В офисе\neGov арқылы | Через eGov');
    r = await click(page, 'button[value=save]');
    assert.equal(r.status(), 200, await alerts(page));
    assert.match(page.url(), /done=questionnaire/);
    assert.equal(await page.locator('fieldset.question').count(), 3, 'two questions and the new one');
    await noSidewaysScroll(page);
    await screenshot(page, 'questionnaire-phone');

    await click(page, `a[href="/campaigns/${id}/team"]`);
    await noSidewaysScroll(page);
    await screenshot(page, 'campaign-team-phone');

    // Activation, behind the step that says what it freezes.
    await click(page, `a[href="/campaigns/${id}/state/activate"]`);
    assert.match(await page.locator('main').innerText(), /questionnaire is fixed/);
    await noSidewaysScroll(page);
    await screenshot(page, 'campaign-confirm-phone');
    r = await click(page, `form[action="/campaigns/${id}/state/activate"] button[type=submit]`);
    assert.equal(r.status(), 200, await alerts(page));
    assert.match(page.url(), /done=activate/);
    assert.match((await page.locator('[role=status]').allInnerTexts()).join(' '), /campaign is active/);

    // The survey: one respondent's answers, a required one first left out.
    await click(page, `main a[href="/campaigns/${id}/survey"]`);
    await noSidewaysScroll(page);
    await page.check('input[name="a-q2"][value="o2"]');
    r = await click(page, 'form.survey button[type=submit]');
    assert.equal(r.status(), 422);
    assert.ok((await page.locator('#q-q1-error').count()) === 1, 'the refusal beside the question');
    assert.ok(await page.isChecked('input[name="a-q2"][value="o2"]'), 'the answer given is kept');
    await page.check('input[name="a-q1"][value="4"]');
    await screenshot(page, 'survey-phone');
    r = await click(page, 'form.survey button[type=submit]');
    assert.equal(r.status(), 200, await alerts(page));
    assert.equal(new URL(page.url()).pathname, `/campaigns/${id}/survey/thanks`);
    assert.match((await page.locator('[role=status]').allInnerTexts()).join(' '), /answers are recorded/);
    await noSidewaysScroll(page);
    await screenshot(page, 'survey-thanks-phone');

    const stored = await (await fetch(`${fixtures.base}/api/v1/campaigns/${id}/responses`)).json();
    assert.deepEqual(stored.items.map((x) => x.answers), [{ q1: 4, q2: 'o2' }]);
  } finally {
    await context.close();
  }
});
