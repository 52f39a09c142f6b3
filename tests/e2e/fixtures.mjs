// Records for the browser tests, made through the JSON API the way users make them (the same calls as
// .ci/schemathesis_fixtures.py): a citizen with a full name (comments need an identified author), an
// agency officer, an open and a closed discussion of a draft act by that officer, an information
// request answered by the officer, and a public campaign with a published conclusion.
//
// Usage: node fixtures.mjs BASE_URL OUT.json, with ADMIN_EMAIL and ADMIN_PASSWORD in the environment
// (the administrator `baqylau admin create` made). The closed discussion needs the server started with
// BAQYLAU_DISCUSSION_MIN_WORKING_DAYS=0: it opens a minute ago and closes a few seconds from now.
//
// A fixture that cannot be made stops the run, except the campaign and its conclusion: when the API
// refuses them the tests of those two pages are skipped with the reason written here.
import { writeFileSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [base, out] = process.argv.slice(2);
if (!base || !out) {
  console.error('usage: node fixtures.mjs BASE_URL OUT.json');
  process.exit(2);
}
const api = `${base}/api/v1`;
const PASSWORD = 'correct horse battery staple';
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

class FixtureError extends Error {}

async function call(method, path, { token, body, expect = [200, 201, 204] } = {}) {
  const headers = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const r = await fetch(api + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  if (!expect.includes(r.status)) {
    throw new FixtureError(`fixture ${method} ${path}: ${r.status} ${text.slice(0, 2000)}`);
  }
  return text ? JSON.parse(text) : null;
}
const post = (path, token, body = {}) => call('POST', path, { token, body });
const signIn = async (email, password) => (await post('/auth/login', null, { email, password })).token;

async function first(path) {
  const found = await call('GET', path);
  const items = Array.isArray(found) ? found : found.items;
  if (!items || items.length === 0) throw new FixtureError(`fixture: nothing at ${path}`);
  return items[0];
}

async function account(email, displayName, fullName) {
  const body = { email, password: PASSWORD, display_name: displayName };
  if (fullName) body.full_name = fullName;
  const a = await post('/accounts', null, body);
  const token = await signIn(email, PASSWORD);
  if (fullName) await call('PATCH', '/me', { token, body: { full_name: fullName } });
  return { id: a.id, email, password: PASSWORD, token };
}

const iso = (ms) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// The report test 1 searches for: the only demo report that names Ekibastuz, read from content/ so
// that the expected title is the file's, not a copy of it.
const SEARCH_FILE = 'content/reports/akimat-pav-2024-ru.md';
const front = readFileSync(join(root, SEARCH_FILE), 'utf8').split('+++')[1];
const field = (name) => front.match(new RegExp(`^${name}\\s*=\\s*"?([^"\\n]*)"?`, 'm'))[1];
const searchReport = { agency: field('agency'), year: Number(field('year')), language: field('language'), title: field('title') };

async function main() {
  const admin = { email: process.env.ADMIN_EMAIL, password: process.env.ADMIN_PASSWORD };
  admin.token = await signIn(admin.email, admin.password);

  const mtszn = (await first('/agencies?code=MTSZN')).id;
  const service = (await first('/services?code=ZAGS-01')).id;
  const region = '110000000';

  const pavAgency = (await first(`/agencies?code=${encodeURIComponent(searchReport.agency)}`)).id;
  const reports = await call('GET', `/reports?agency=${pavAgency}&limit=100`);
  const expected = (reports.items ?? reports).find(
    (r) => r.year === searchReport.year && r.language === searchReport.language,
  );
  if (!expected) throw new FixtureError(`fixture: the report of ${SEARCH_FILE} was not seeded`);

  const citizen = await account('e2e-citizen@example.kz', 'Ерлан', 'Ерлан Нұрланов');
  const officer = await account('e2e-officer@example.kz', 'Officer', 'Гүлнар Officer');
  await call('PUT', `/accounts/${officer.id}/role`, {
    token: admin.token,
    body: { role: 'agency_officer', agency_id: mtszn },
  });

  // Discussions of a draft act (Law Art. 15): one open for two months, one that closes in a few
  // seconds (allowed only because the server runs with a minimum of 0 working days).
  const draft = (title, opensAt, closesAt) => ({
    subject: 'draft_act',
    title_kk: `${title} жобасы`,
    title_ru: `Проект: ${title}`,
    service_ids: [service],
    text_md: '# Правила\n\n1. Срок оказания услуги пять рабочих дней.\n\n2. Услуга оказывается бесплатно.\n',
    opens_at: iso(opensAt),
    closes_at: iso(closesAt),
  });
  const now = Date.now();
  const open = (await post('/discussions', officer.token, draft('Ашық қағидалар', now - 60_000, now + 60 * 86_400_000))).id;
  const closesAt = Date.now() + 4_000;
  const closed = (await post('/discussions', officer.token, draft('Жабық қағидалар', now - 120_000, closesAt))).id;
  // A comment made while it was open, so the closed page shows what a closed discussion keeps.
  await post(`/discussions/${closed}/comments`, citizen.token, { proposal_md: 'Сократить срок до трёх дней.' });

  // An information request (Law Art. 29 p.2), answered by the officer.
  const requestBody = {
    agency_id: mtszn,
    language: 'ru',
    subject: 'Сведения об услугах ЗАГС',
    questions_md: 'Сколько услуг оказано в 2025 году?',
    service_ids: [service],
  };
  const request = (await post('/requests', citizen.token, requestBody)).id;
  await post(`/requests/${request}/published-check`, citizen.token);
  await post(`/requests/${request}/submit`, citizen.token, { none_of_the_matches_answers: true, no_secrets_sought: true });
  await post(`/requests/${request}/answer`, officer.token, {
    body_md: 'Оказано 1 204 услуги.',
    partial: false,
    attachments: [],
    file_ids: [],
  });

  // Open requests for the officer's side of the pages (answer with a file, extend, and one left
  // untouched for the accessibility checks), and a checked draft of the citizen's.
  const openRequest = async (subject) => {
    const id = (await post('/requests', citizen.token, { ...requestBody, subject })).id;
    await post(`/requests/${id}/published-check`, citizen.token);
    await post(`/requests/${id}/submit`, citizen.token, { none_of_the_matches_answers: true, no_secrets_sought: true });
    return id;
  };
  const requests = {
    toAnswer: await openRequest('Сроки регистрации рождения в 2025 году'),
    toExtend: await openRequest('Очереди в отделах ЗАГС в 2025 году'),
    actionable: await openRequest('Жалобы на отделы ЗАГС в 2025 году'),
    draft: (await post('/requests', citizen.token, { ...requestBody, subject: 'Черновик запроса о ЗАГС' })).id,
  };
  await post(`/requests/${requests.draft}/published-check`, citizen.token);
  // My account (issue 21): the citizen's own NGO.
  const organization = (await post('/organizations', citizen.token, { name: 'Адал азамат', bin: '040840001231' })).id;

  // A public monitoring campaign (Art. 29 p.1) and a published conclusion on it (p.3).
  let campaign = null;
  let conclusion = null;
  const skipped = {};
  try {
    const org = (await post('/organizations', admin.token, { name: 'E2E Qoğam Baqylau', bin: '040840001241' })).id;
    campaign = (
      await post('/campaigns', admin.token, {
        organization_id: org,
        basis: 'own_initiative',
        title_ru: 'Качество услуг ЗАГС',
        title_kk: 'АХАЖ қызметтерінің сапасы',
        methodology_md: 'Наблюдатели посещают отделы ЗАГС.',
        period_from: '2026-01-01',
        period_to: '2026-12-31',
        regions: [region],
        service_ids: [service],
        agency_ids: [mtszn],
      })
    ).id;
    await post(`/campaigns/${campaign}/activate`, admin.token);
    await post(`/campaigns/${campaign}/observations`, admin.token, {
      service_id: service,
      agency_id: mtszn,
      region,
      address: 'ул. Абая, 10',
      online: false,
      observed_on: '2026-10-15',
      channel: 'provider_office',
      waiting_minutes: 40,
      days_taken: 1,
      outcome: 'rendered',
      satisfaction: 3,
      note_md: 'Очередь.',
      violations: [{ category: 'deadline_breached', note: 'Зафиксировано' }],
    });
  } catch (e) {
    if (!(e instanceof FixtureError)) throw e;
    skipped.campaign = e.message;
    campaign = null;
  }
  if (campaign !== null) {
    try {
      conclusion = (
        await post('/conclusions', admin.token, {
          campaign_id: campaign,
          title: 'Заключение по ЗАГС',
          language: 'ru',
          agency_ids: [mtszn],
          sections: {
            compliance: 'Сроки нарушены в двух отделах из пяти.',
            recommendations: '1. Соблюдать сроки регистрации.\n2. Не требовать лишних справок.',
            quality_proposals: '1. Ввести электронную очередь.',
            bylaw_proposals: '1. Сократить перечень документов.',
          },
          insert_violations_table: true,
        })
      ).id;
      await post(`/conclusions/${conclusion}/submit`, admin.token);
      await post(`/conclusions/${conclusion}/publish`, admin.token);
    } catch (e) {
      if (!(e instanceof FixtureError)) throw e;
      skipped.conclusion = e.message;
      conclusion = null;
    }
  } else {
    skipped.conclusion = 'no campaign to conclude (see campaign)';
  }

  // Wait until the short discussion has closed, and make sure the API agrees.
  await sleep(Math.max(0, closesAt - Date.now()) + 1_500);
  const refused = await call('POST', `/discussions/${closed}/comments`, {
    token: citizen.token,
    body: { proposal_md: 'Поздний комментарий.' },
    expect: [409],
  });
  if (refused?.code !== 'discussion_closed') {
    throw new FixtureError(`fixture: the closed discussion refuses with ${JSON.stringify(refused)}`);
  }

  // issue 21: the campaign pages (flow 2) and the survey (flow 4) for the page checks: a draft of
  // the citizen's with a questionnaire, and a running one whose survey the citizen records.
  const campaignBody = {
    basis: 'own_initiative',
    title_ru: 'Очереди в ЦОН Астаны',
    title_kk: 'Астанадағы ХҚКО кезектері',
    methodology_md: 'Наблюдатели опрашивают посетителей ЦОН у выхода.',
    period_from: '2026-11-01',
    period_to: '2027-03-31',
    regions: [region],
  };
  const questionnaire = {
    questions: [
      { key: 'sat', kind: 'scale', required: true, text_ru: 'Насколько вы довольны?', text_kk: 'Қаншалықты ризасыз?' },
      {
        key: 'channel',
        kind: 'single_choice',
        text_ru: 'Как вы обратились?',
        text_kk: 'Қалай жүгіндіңіз?',
        options: [
          { key: 'office', text_ru: 'В офисе', text_kk: 'Кеңседе' },
          { key: 'egov', text_ru: 'Через eGov', text_kk: 'eGov арқылы' },
        ],
      },
    ],
  };
  const campaignPages = {};
  for (const which of ['draft', 'running']) {
    const id = (await post('/campaigns', citizen.token, campaignBody)).id;
    await call('PUT', `/campaigns/${id}/questionnaire`, { token: citizen.token, body: questionnaire });
    if (which === 'running') await post(`/campaigns/${id}/activate`, citizen.token);
    campaignPages[which] = id;
  }

  // issue 22: a moderator, and a citizen an administrator makes an agency officer on the pages.
  const moderator = await account('e2e-moderator@example.kz', 'Moderator', 'Мәди Модератор');
  await call('PUT', `/accounts/${moderator.id}/role`, { token: admin.token, body: { role: 'moderator' } });
  const candidate = await account('e2e-candidate@example.kz', 'Candidate', 'Дана Кандидат');
  const issue22 = {
    moderator: { id: moderator.id, email: moderator.email, password: moderator.password },
    candidate: { id: candidate.id, email: candidate.email, password: candidate.password },
  };

  // issue 21, flow 4: a running campaign whose survey anyone answers without an account.
  campaignPages.open = (await post('/campaigns', citizen.token, { ...campaignBody, open_survey: true })).id;
  await call('PUT', `/campaigns/${campaignPages.open}/questionnaire`, { token: citizen.token, body: questionnaire });
  await post(`/campaigns/${campaignPages.open}/activate`, citizen.token);

  const fixtures = {
    campaignPages,
    ...issue22,
    base,
    admin: { email: admin.email, password: admin.password },
    citizen: { id: citizen.id, email: citizen.email, password: citizen.password },
    officer: { id: officer.id, email: officer.email, password: officer.password },
    agency: mtszn,
    report: expected.id,
    search: { query: 'Экибастоза', file: SEARCH_FILE, report: expected.id, title: searchReport.title },
    discussions: { open, closed },
    request,
    requests,
    organization,
    campaign,
    conclusion,
    skipped,
  };
  writeFileSync(out, JSON.stringify(fixtures, null, 2) + '\n');
  const made = `discussions ${open} (open) and ${closed} (closed), request ${request}, report ${expected.id}`;
  console.log(`fixtures: ${made}, campaign ${campaign ?? 'skipped'}, conclusion ${conclusion ?? 'skipped'}`);
  for (const [what, why] of Object.entries(skipped)) console.log(`fixtures: no ${what}: ${why}`);

  // issue 21 (field work): the citizen's own active campaign with an observation, and a draft
  // conclusion on it saved twice (two revisions to compare), for the field pages' checks.
  try {
    const own = (
      await post('/campaigns', citizen.token, {
        basis: 'own_initiative',
        title_ru: 'Очереди в ЦОН Астаны',
        title_kk: 'Астана ХҚКО-ларындағы кезектер',
        methodology_md: 'Наблюдатели посещают ЦОН и фиксируют ожидание.',
        period_from: '2026-01-01',
        period_to: '2026-12-31',
        regions: [region],
        service_ids: [service],
        agency_ids: [mtszn],
      })
    ).id;
    await post(`/campaigns/${own}/activate`, citizen.token);
    const observation = (
      await post(`/campaigns/${own}/observations`, citizen.token, {
        service_id: service,
        agency_id: mtszn,
        region,
        address: 'пр. Мәңгілік Ел, 55',
        observed_on: '2026-10-20',
        channel: 'state_corporation',
        waiting_minutes: 35,
        outcome: 'rendered',
        violations: [{ category: 'procedure_breached', note: '' }],
      })
    ).id;
    const text = { compliance: `Нарушен порядок [obs:${observation}].`, recommendations: '1. Соблюдать порядок.' };
    const draft = (
      await post('/conclusions', citizen.token, {
        campaign_id: own,
        title: 'Заключение об очередях в ЦОН',
        language: 'ru',
        agency_ids: [mtszn],
        sections: text,
      })
    ).id;
    await call('PATCH', `/conclusions/${draft}`, {
      token: citizen.token,
      body: { sections: { ...text, quality_proposals: '1. Ввести электронную очередь.' } },
    });
    fixtures.field = { campaign: own, observation, draft };
    console.log(`fixtures: field work campaign ${own}, observation ${observation}, draft conclusion ${draft}`);
  } catch (e) {
    if (!(e instanceof FixtureError)) throw e;
    fixtures.skipped.field = e.message;
    console.log(`fixtures: no field work: ${e.message}`);
  }
  // issue 22: the administrators' directory pages open a seeded registry service.
  fixtures.directory = { service };
  writeFileSync(out, JSON.stringify(fixtures, null, 2) + '\n');
}

main().catch((e) => {
  console.error(e instanceof FixtureError ? e.message : e);
  process.exit(1);
});
