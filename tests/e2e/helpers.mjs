// Shared by the browser tests: the server's address and the fixtures .ci/e2e made, Debian's Chromium
// through playwright-core, signing in through the HTML form, and screenshots.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

function required(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run the tests through .ci/e2e`);
  return v;
}

export const fixtures = JSON.parse(readFileSync(required('E2E_FIXTURES'), 'utf8'));
export const BASE = fixtures.base;
const screenshots = process.env.E2E_SCREENSHOTS;

/** One browser per test file; Debian's Chromium, never a downloaded one. */
export async function launch() {
  return chromium.launch({
    executablePath: process.env.E2E_CHROMIUM || '/usr/bin/chromium',
    // Root in a container has no user namespaces for the sandbox.
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
}

/** A context on the server, English unless told otherwise. */
export function newContext(browser, options = {}) {
  return browser.newContext({ baseURL: BASE, locale: 'en-US', ...options });
}

/** Sign in through /sign-in as it is: e-mail, password, the form's submit button. */
export async function signIn(page, who) {
  const response = await page.goto('/sign-in');
  if (response.status() !== 200) throw new Error(`GET /sign-in answered ${response.status()}`);
  const form = page.locator('form:has(input[name=password])');
  await form.locator('input[name=email]').fill(who.email);
  await form.locator('input[name=password]').fill(who.password);
  await Promise.all([page.waitForNavigation(), form.locator('button[type=submit]').click()]);
  if (new URL(page.url()).pathname === '/sign-in') {
    const alert = await page.locator('[role=alert]').allInnerTexts();
    throw new Error(`signing in as ${who.email} stayed on /sign-in: ${alert.join(' ') || '(no alert)'}`);
  }
}

/** A full-page screenshot under target/e2e/screenshots/, the run's visible output. */
export async function screenshot(page, name) {
  if (!screenshots) return;
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
}

/** Whether a URL stays on the test server (or is the page's own data). */
export function isLocal(url) {
  if (/^(data|blob|about):/.test(url)) return true;
  const u = new URL(url);
  return u.hostname === '127.0.0.1';
}

/**
 * Every page type of the portal with its URL; `as` names the account the page needs, `skip` says why
 * a page could not be set up. The order is the order of the report.
 */
export function pageTypes() {
  const f = fixtures;
  const skip = (what) => (f[what] == null ? `no ${what} fixture: ${f.skipped?.[what] ?? 'not made'}` : undefined);
  return [
    { name: 'home', path: '/' },
    { name: 'search', path: `/search?q=${encodeURIComponent(f.search.query)}` },
    { name: 'report', path: `/reports/${f.report}` },
    { name: 'agency', path: `/agencies/${f.agency}` },
    { name: 'campaign', path: `/campaigns/${f.campaign}`, skip: skip('campaign') },
    { name: 'conclusion', path: `/conclusions/${f.conclusion}`, skip: skip('conclusion') },
    { name: 'discussion', path: `/discussions/${f.discussions.open}` },
    { name: 'discussion-closed', path: `/discussions/${f.discussions.closed}` },
    { name: 'request', path: `/requests/${f.request}` },
    { name: 'sign-in', path: '/sign-in' },
    { name: 'register', path: '/register' },
    { name: 'me', path: '/me', as: 'citizen' },
    { name: 'profile', path: '/me/profile', as: 'citizen' },
    { name: 'inbox', path: '/inbox', as: 'officer' },
    { name: 'request-new', path: '/requests/new', as: 'citizen' },
    { name: 'request-edit', path: `/requests/${f.requests.draft}/edit`, as: 'citizen' },
    { name: 'request-check', path: `/requests/${f.requests.draft}/check`, as: 'citizen' },
    { name: 'request-officer', path: `/requests/${f.requests.actionable}`, as: 'officer' },
    // An agency officer's pages: the agency's own work, a new discussion, decisions, measures.
    { name: 'agency-officer', path: `/agencies/${f.agency}`, as: 'officer' },
    { name: 'discussion-new', path: '/discussions/new', as: 'officer' },
    { name: 'discussion-officer', path: `/discussions/${f.discussions.closed}`, as: 'officer' },
    { name: 'discussion-decide', path: `/discussions/${f.discussions.closed}/decide`, as: 'officer' },
    { name: 'conclusion-officer', path: `/conclusions/${f.conclusion}`, as: 'officer', skip: skip('conclusion') },
    // My account: notifications, sessions and tokens, organisations.
    { name: 'notifications', path: '/me/notifications', as: 'citizen' },
    { name: 'tokens', path: '/me/tokens', as: 'citizen' },
    { name: 'organizations', path: '/me/organizations', as: 'citizen' },
    { name: 'organization', path: `/organizations/${f.organization}`, as: 'citizen' },
    // issue 21: a campaign's working pages (flow 2) and its survey (flow 4).
    { name: 'campaign-new', path: '/campaigns/new', as: 'citizen' },
    { name: 'campaign-edit', path: `/campaigns/${f.campaignPages.draft}/edit`, as: 'citizen' },
    { name: 'campaign-team', path: `/campaigns/${f.campaignPages.draft}/team`, as: 'citizen' },
    { name: 'questionnaire', path: `/campaigns/${f.campaignPages.draft}/questionnaire`, as: 'citizen' },
    { name: 'campaign-confirm', path: `/campaigns/${f.campaignPages.draft}/state/activate`, as: 'citizen' },
    { name: 'survey', path: `/campaigns/${f.campaignPages.running}/survey`, as: 'citizen' },
    { name: 'survey-thanks', path: `/campaigns/${f.campaignPages.running}/survey/thanks`, as: 'citizen' },
    // issue 21, flow 4: the survey open to the public, answered without an account.
    { name: 'survey-public', path: `/campaigns/${f.campaignPages.open}/survey` },
    { name: 'survey-public-thanks', path: `/campaigns/${f.campaignPages.open}/survey/thanks` },
    // issue 21: observations in the field and the conclusion editor, on the citizen's own campaign.
    ...(() => {
      const w = f.field;
      const why = w ? undefined : `no field fixture: ${f.skipped?.field ?? 'not made'}`;
      const c = w?.campaign;
      return [
        { name: 'observation-new', path: `/campaigns/${c}/observations/new`, as: 'citizen', skip: why },
        { name: 'observation-edit', path: `/campaigns/${c}/observations/${w?.observation}/edit`, as: 'citizen', skip: why },
        { name: 'observation-delete', path: `/campaigns/${c}/observations/${w?.observation}/delete`, as: 'citizen', skip: why },
        { name: 'observations', path: `/campaigns/${c}/observations`, as: 'citizen', skip: why },
        { name: 'conclusion-new', path: `/conclusions/new?campaign=${c}`, as: 'citizen', skip: why },
        { name: 'conclusion-edit', path: `/conclusions/${w?.draft}/edit`, as: 'citizen', skip: why },
        { name: 'conclusion-diff', path: `/conclusions/${w?.draft}/diff?from=1&to=2`, as: 'citizen', skip: why },
      ];
    })(),
    // issue 22: moderators and administrators.
    { name: 'moderation', path: '/moderation', as: 'moderator' },
    { name: 'moderation-log', path: '/moderation/log', as: 'moderator' },
    { name: 'admin', path: '/admin', as: 'admin' },
    { name: 'admin-accounts', path: '/admin/accounts?q=e2e', as: 'admin' },
    { name: 'admin-account', path: `/admin/accounts/${f.candidate.id}`, as: 'admin' },
    { name: 'admin-audit', path: '/admin/audit', as: 'admin' },
    { name: 'admin-health', path: '/admin/health', as: 'admin' },
    { name: 'admin-calendar', path: '/admin/calendar?year=2025', as: 'admin' },
    // issue 22: the administrators' directory (agencies and the registry of services).
    { name: 'admin-agencies', path: '/admin/agencies', as: 'admin' },
    { name: 'admin-agency', path: `/admin/agencies/${f.agency}`, as: 'admin' },
    { name: 'admin-services', path: '/admin/services', as: 'admin' },
    { name: 'admin-service', path: `/admin/services/${f.directory?.service}`, as: 'admin', skip: f.directory ? undefined : 'no directory fixture' },
  ];
}
