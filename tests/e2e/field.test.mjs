// 9. Field work on a 375 px phone (issue 21, flows 3 and 5): a citizen records an observation on
// their own campaign with a photo uploaded in the same form, finds it in the team's list, then
// drafts a conclusion beside the campaign's observations, previews it, saves it, submits it and
// publishes it. No page scrolls sideways; every new page type is photographed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixtures, launch, newContext, screenshot, signIn } from './helpers.mjs';

const PHONE = { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true };
const PHOTO = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'evidence', 'tiny.jpg');
const skip = fixtures.field ? undefined : `no field fixture: ${fixtures.skipped?.field ?? 'not made'}`;

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

async function click(page, selector) {
  const [response] = await Promise.all([page.waitForNavigation(), page.locator(selector).click()]);
  return response;
}

test('a citizen records an observation with a photo on a phone', { skip }, async () => {
  const c = fixtures.field?.campaign;
  const { context, page } = await phonePage(fixtures.citizen);
  try {
    assert.equal((await page.goto(`/campaigns/${c}`)).status(), 200);
    await page.locator(`a[href="/campaigns/${c}/observations/new"]`).first().click();
    await page.waitForURL(`**/campaigns/${c}/observations/new`);
    await noSidewaysScroll(page);
    // Large touch targets: the submit button and the violation checkboxes' labels.
    const button = await page.locator('form.field-form button[type=submit]').boundingBox();
    assert.ok(button.height >= 44, `the submit button is ${button.height} px high`);
    const label = await page.locator('label.check').first().boundingBox();
    assert.ok(label.height >= 44, `a checkbox's label is ${label.height} px high`);
    assert.ok((await page.getByText(/Up to \d+ MiB per file/).count()) > 0, 'the limit is stated before upload');
    await page.selectOption('select[name=service_id]', { index: 1 });
    await page.selectOption('select[name=agency_id]', { index: 1 });
    await page.selectOption('select[name=region]', { index: 1 });
    await page.fill('input[name=address]', 'пр. Мәңгілік Ел, 55');
    await page.selectOption('select[name=channel]', 'state_corporation');
    await page.fill('input[name=waiting_minutes]', '55');
    await page.selectOption('select[name=outcome]', 'refused');
    await page.check('input[name=satisfaction][value="1"]');
    await page.check('input[name=violations][value=unjustified_refusal]');
    await page.fill('textarea[name=note_md]', 'Отказали без объяснения причин (e2e).');
    await page.fill('input[name=respondent_name]', 'Айгерим');
    await page.setInputFiles('input[name=files]', PHOTO);
    await screenshot(page, 'observation-new-phone');
    const saved = await click(page, 'form.field-form button[type=submit]');
    assert.equal(saved.status(), 200);
    assert.match(page.url(), /\/observations\/\d+\/edit\?done=recorded$/);
    const status = await page.locator('[role=status]').allInnerTexts();
    assert.ok(status.some((s) => s.includes('The observation is recorded.')), status.join(' | '));
    assert.equal(await page.locator('.evidence-list li').count(), 1, 'the photo is attached');
    await noSidewaysScroll(page);
    await screenshot(page, 'observation-edit-phone');

    assert.equal((await page.goto(`/campaigns/${c}/observations?outcome=refused`)).status(), 200);
    assert.ok((await page.getByText('Отказали без объяснения').count()) === 0, 'notes stay on the edit page');
    assert.ok((await page.locator('table.stacked tbody tr').count()) >= 1);
    await noSidewaysScroll(page);
    await screenshot(page, 'observations-phone');
    const oid = (await page.locator('table.stacked tbody tr a').first().getAttribute('href')).split('/')[4];
    assert.equal((await page.goto(`/campaigns/${c}/observations/${oid}/delete`)).status(), 200);
    await noSidewaysScroll(page);
    await screenshot(page, 'observation-delete-phone');
  } finally {
    await context.close();
  }
});

test('a citizen drafts, submits and publishes a conclusion on a phone', { skip }, async () => {
  const c = fixtures.field?.campaign;
  const { context, page } = await phonePage(fixtures.citizen);
  try {
    assert.equal((await page.goto(`/conclusions/new?campaign=${c}&language=ru`)).status(), 200);
    await noSidewaysScroll(page);
    const code = (await page.locator('.cite-list code').first().innerText()).trim();
    assert.match(code, /^\[obs:\d+\]$/);
    await page.fill('input[name=title]', `Заключение о ЦОН Астаны (e2e ${Date.now()})`);
    await page.selectOption('select[name=agency_ids]', [String(fixtures.agency)]);
    await page.fill('textarea[name="section.compliance"]', `Порядок оказания услуги нарушен ${code}.`);
    await page.fill('textarea[name="section.recommendations"]', '1. Соблюдать порядок оказания услуги.');
    await page.fill('textarea[name="section.quality_proposals"]', '1. Ввести электронную очередь.');
    await page.fill('textarea[name="section.bylaw_proposals"]', '1. Сократить перечень документов.');
    const previewed = await click(page, 'button[name=action][value=preview]');
    assert.equal(previewed.status(), 200);
    assert.ok((await page.locator('#preview-h').count()) === 1, 'the preview is rendered on the server');
    await screenshot(page, 'conclusion-new-phone');
    const saved = await click(page, 'button[name=action][value=save]');
    assert.equal(saved.status(), 200);
    assert.match(page.url(), /\/conclusions\/\d+\/edit\?done=saved$/);
    await noSidewaysScroll(page);
    await screenshot(page, 'conclusion-edit-phone');
    const submitted = await click(page, 'form[action$="/submit"] button[type=submit]');
    assert.equal(submitted.status(), 200);
    assert.match(page.url(), /done=submitted$/);
    await noSidewaysScroll(page);
    const published = await click(page, 'form[action$="/publish"] button[type=submit]');
    assert.equal(published.status(), 200);
    assert.match(page.url(), /done=published$/);
    await noSidewaysScroll(page);
    await screenshot(page, 'conclusion-published-phone');
    const id = new URL(page.url()).pathname.split('/')[2];
    assert.equal((await page.goto(`/conclusions/${id}`)).status(), 200, 'the published conclusion is public');

    assert.equal((await page.goto(`/conclusions/${fixtures.field.draft}/diff?from=1&to=2`)).status(), 200);
    assert.ok((await page.locator('ol.diff ins').count()) >= 1, 'the diff shows the added line');
    await noSidewaysScroll(page);
    await screenshot(page, 'conclusion-diff-phone');
  } finally {
    await context.close();
  }
});
