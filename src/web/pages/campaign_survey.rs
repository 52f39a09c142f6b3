//! A campaign's questionnaire as pages: the team builds it while the campaign is a draft
//! (`/campaigns/{id}/questionnaire`: one form that posts the whole questionnaire, as
//! `surveys::set_questionnaire` takes it, with buttons to move and remove a question), and the
//! survey of an active campaign (`/campaigns/{id}/survey`), where the team records a respondent's
//! answers through `surveys::respond` — the API's one way to record a response, so a page is
//! held to the same rule against ballot stuffing (only the campaign's collectors record answers;
//! the respondent stays anonymous) and the same rate limit. When the campaign opened its survey to
//! the public (`open_survey`), anyone else answers there without an account through
//! `surveys::respond_public` (issue 21, flow 4), which counts responses per client address.
use std::collections::BTreeMap;

use minijinja::{Value, context};
use poem::{
    IntoResponse, Request, Response, handler,
    http::StatusCode,
    web::{Path, Query, Redirect},
};
use serde::Serialize;
use serde_json::json;

use super::{
    campaign_forms::{Done, Fields, is_page_error, manage_links, refusal, sign_in_and_back},
    campaigns::campaign_title,
    name_in,
};
use crate::{
    domain::surveys::{ChoiceOption, QuestionKind},
    error::{AppError, AppResult, Code},
    http::client::client_addr,
    i18n::{self, Lang},
    service::{
        campaigns,
        surveys::{self, QuestionInput, ResponseInput},
    },
    web::session::{Page, check_csrf},
};

/// A question as the builder's form holds it; options one per line, `key | Kazakh | Russian`.
#[derive(Serialize, Default, Clone)]
struct QuestionForm {
    key: String,
    kind: String,
    required: bool,
    text_kk: String,
    text_ru: String,
    options: String,
}

impl QuestionForm {
    fn of(q: &entity::question::Model) -> AppResult<Self> {
        let spec = surveys::spec_of(q)?;
        Ok(QuestionForm {
            key: q.key.clone(),
            kind: q.kind.clone(),
            required: q.required,
            text_kk: q.text_kk.clone().unwrap_or_default(),
            text_ru: q.text_ru.clone().unwrap_or_default(),
            options: spec
                .options
                .iter()
                .map(|o| {
                    format!(
                        "{} | {} | {}",
                        o.key,
                        o.text_kk.as_deref().unwrap_or(""),
                        o.text_ru.as_deref().unwrap_or("")
                    )
                })
                .collect::<Vec<_>>()
                .join("\n"),
        })
    }

    fn is_blank(&self) -> bool {
        [&self.key, &self.text_kk, &self.text_ru, &self.options].iter().all(|s| s.trim().is_empty())
    }

    /// The service's input. A line of options is `key | Kazakh | Russian`, `Kazakh | Russian` or
    /// one text in the reader's language; a blank key is numbered, as is a blank question key.
    fn input(&self, index: usize, lang: Lang) -> QuestionInput {
        let text = |s: &str| Some(s.trim().to_string()).filter(|t| !t.is_empty());
        let options = self
            .options
            .lines()
            .filter(|l| !l.trim().is_empty())
            .enumerate()
            .map(|(j, line)| {
                let parts: Vec<&str> = line.split('|').map(str::trim).collect();
                let auto = format!("o{}", j + 1);
                let (key, kk, ru) = match parts.as_slice() {
                    [key, kk, ru, ..] => (text(key).unwrap_or(auto), text(kk), text(ru)),
                    [kk, ru] => (auto, text(kk), text(ru)),
                    [one] if lang == Lang::Kk => (auto, text(one), None),
                    [one] => (auto, None, text(one)),
                    [] => (auto, None, None),
                };
                ChoiceOption { key, text_kk: kk, text_ru: ru }
            })
            .collect();
        QuestionInput {
            key: text(&self.key).unwrap_or_else(|| format!("q{}", index + 1)),
            kind: self.kind.trim().to_string(),
            required: self.required,
            text_kk: text(&self.text_kk),
            text_ru: text(&self.text_ru),
            options,
        }
    }
}

/// The questions as posted (`q-<i>-<field>`), in order, with one move or removal applied.
fn posted_questions(f: &Fields) -> Vec<QuestionForm> {
    let count: usize = f.get("count").trim().parse().unwrap_or(0).min(crate::domain::surveys::MAX_QUESTIONS + 1);
    let mut qs: Vec<QuestionForm> = (0..count)
        .map(|i| QuestionForm {
            key: f.get(&format!("q-{i}-key")),
            kind: f.get(&format!("q-{i}-kind")),
            required: f.has(&format!("q-{i}-required")),
            text_kk: f.get(&format!("q-{i}-text_kk")),
            text_ru: f.get(&format!("q-{i}-text_ru")),
            options: f.get(&format!("q-{i}-options")),
        })
        .collect();
    let action = f.get("action");
    let at = |prefix: &str| action.strip_prefix(prefix).and_then(|n| n.parse::<usize>().ok()).filter(|i| *i < qs.len());
    if let Some(i) = at("up-")
        && i > 0
    {
        qs.swap(i, i - 1);
    } else if let Some(i) = at("down-")
        && i + 1 < qs.len()
    {
        qs.swap(i, i + 1);
    } else if let Some(i) = at("remove-") {
        qs.remove(i);
    }
    qs.retain(|q| !q.is_blank());
    qs
}

fn kinds(lang: Lang) -> Vec<Value> {
    QuestionKind::ALL
        .iter()
        .map(|k| context! { code => k.as_str(), name => i18n::text(lang, &format!("monitoring.question.{}", k.as_str())) })
        .collect()
}

async fn render_builder(
    p: &Page,
    c: &entity::campaign::Model,
    status: StatusCode,
    questions: &[QuestionForm],
    refused: Option<&AppError>,
    done: Option<String>,
) -> AppResult<Response> {
    let lang = p.lang;
    let editable = campaigns::state_of(c).questionnaire_editable();
    let (refusal, errors) = match refused {
        Some(e) => {
            let (r, e) = refusal(p, e);
            (Some(r), e)
        }
        None => (None, BTreeMap::new()),
    };
    // A new question's empty slot at the end, while questions may still be added.
    let mut rows: Vec<QuestionForm> = questions.to_vec();
    if editable {
        rows.push(QuestionForm { kind: QuestionKind::SingleChoice.as_str().into(), ..Default::default() });
    }
    let rows: Vec<Value> = rows
        .iter()
        .enumerate()
        .map(|(i, q)| {
            context! {
                index => i,
                number => i + 1,
                new => i >= questions.len(),
                first => i == 0,
                last => i + 1 >= questions.len(),
                q => q,
                kind_label => i18n::text(lang, &format!("monitoring.question.{}", q.kind)),
                errors => errors.get(&format!("questions/{i}")).cloned().unwrap_or_default(),
            }
        })
        .collect();
    p.render_status(
        status,
        "campaign_questionnaire.html",
        context! {
            id => c.id,
            title => campaign_title(lang, &c.title_kk, &c.title_ru),
            state_label => i18n::text(lang, &format!("monitoring.state.{}", c.state)),
            editable => editable,
            questions => rows,
            count => rows_len(questions, editable),
            kinds => kinds(lang),
            refusal => refusal,
            general_errors => errors.get("questions").cloned().unwrap_or_default(),
            manage => manage_links(p, c.id).await?,
            done => done,
        },
    )
}

fn rows_len(questions: &[QuestionForm], editable: bool) -> usize {
    questions.len() + usize::from(editable)
}

/// `GET /campaigns/{id}/questionnaire`: the team's builder (read-only once the campaign runs).
#[handler]
pub async fn builder(p: Page, Path(id): Path<i64>, Query(done): Query<Done>) -> AppResult<Response> {
    let caller = match p.require_viewer() {
        Ok(c) => c.clone(),
        Err(to_sign_in) => return Ok(to_sign_in.into_response()),
    };
    let ctx = p.ctx()?;
    let c = campaigns::for_team(&ctx.db, &caller, id).await?;
    let qs: Vec<QuestionForm> = surveys::questionnaire(&ctx, Some(&caller), id)
        .await?
        .iter()
        .map(QuestionForm::of)
        .collect::<AppResult<_>>()?;
    render_builder(&p, &c, StatusCode::OK, &qs, None, done.message(p.lang)).await
}

/// `POST /campaigns/{id}/questionnaire`: save the whole questionnaire as posted, after a move or
/// a removal if one was asked (the API's `PUT /campaigns/{id}/questionnaire`).
#[handler]
pub async fn save_questionnaire(req: &Request, mut p: Page, Path(id): Path<i64>, body: String) -> AppResult<Response> {
    p.here = format!("/campaigns/{id}/questionnaire");
    let Some(caller) = p.viewer.clone() else { return Ok(sign_in_and_back(&p.here)) };
    let ctx = p.ctx()?;
    let fields = Fields::parse(&body);
    let questions = posted_questions(&fields);
    let outcome = match check_csrf(req, &fields.csrf()) {
        Ok(()) => {
            let input = questions.iter().enumerate().map(|(i, q)| q.input(i, p.lang)).collect();
            surveys::set_questionnaire(&ctx, &caller, id, input).await.map(|_| ())
        }
        Err(e) => Err(e),
    };
    match outcome {
        Ok(()) => Ok(Redirect::see_other(format!("/campaigns/{id}/questionnaire?done=questionnaire")).into_response()),
        Err(e) if is_page_error(&e) || e.code == Code::NotCampaignMember => Err(e),
        Err(e) => {
            let c = campaigns::find(&ctx.db, id).await?;
            let e = match e.code {
                Code::QuestionnaireFrozen => AppError::new(Code::QuestionnaireFrozen)
                    .arg("state", i18n::text(p.lang, &format!("monitoring.state.{}", c.state))),
                _ => e,
            };
            render_builder(&p, &c, e.status(), &questions, Some(&e), None).await
        }
    }
}

/// A question's wording in the reader's language (Kazakh for Kazakh readers, else Russian).
fn wording(lang: Lang, kk: &Option<String>, ru: &Option<String>) -> String {
    name_in(lang, kk.as_deref().unwrap_or(""), ru.as_deref().unwrap_or(""), "")
}

/// The survey form: each question with the answer typed and its refusal beside it.
async fn render_survey(
    p: &Page,
    c: &entity::campaign::Model,
    status: StatusCode,
    typed: &Fields,
    refused: Option<&AppError>,
) -> AppResult<Response> {
    let ctx = p.ctx()?;
    let lang = p.lang;
    let qs = surveys::questionnaire(&ctx, p.viewer.as_ref(), c.id).await?;
    let powers = campaigns::powers(&ctx, p.viewer.as_ref(), c).await?;
    let (refusal, errors) = match refused {
        Some(e) => {
            let (r, e) = refusal(p, e);
            (Some(r), e)
        }
        None => (None, BTreeMap::new()),
    };
    let questions: Vec<Value> = qs
        .iter()
        .map(|q| {
            let spec = surveys::spec_of(q)?;
            let name = format!("a-{}", q.key);
            let chosen = typed.all(&name);
            let options: Vec<Value> = spec
                .options
                .iter()
                .map(|o| {
                    context! {
                        key => o.key.clone(),
                        text => wording(lang, &o.text_kk, &o.text_ru),
                        checked => chosen.contains(&o.key),
                    }
                })
                .collect();
            let scale: Vec<Value> = (1..=5)
                .map(|n| context! { value => n.to_string(), checked => chosen.contains(&n.to_string()) })
                .collect();
            Ok(context! {
                key => q.key.clone(),
                name => name,
                kind => q.kind.clone(),
                required => q.required,
                text => wording(lang, &q.text_kk, &q.text_ru),
                options => options,
                scale => scale,
                value => typed.get(&format!("a-{}", q.key)),
                errors => errors.get(&format!("answers/{}", q.key)).cloned().unwrap_or_default(),
            })
        })
        .collect::<AppResult<_>>()?;
    p.render_status(
        status,
        "campaign_survey.html",
        context! {
            id => c.id,
            title => campaign_title(lang, &c.title_kk, &c.title_ru),
            questions => questions,
            records => powers.team || c.open_survey,
            public => !powers.team && c.open_survey,
            refusal => refusal,
        },
    )
}

/// The campaign whose survey is open: public and active; a draft is not found, as on its page, and
/// a campaign not running is refused as the service refuses its responses.
async fn running(p: &Page, id: i64) -> AppResult<entity::campaign::Model> {
    let c = campaigns::get_visible(&p.ctx()?, p.viewer.as_ref(), id).await?;
    if !campaigns::state_of(&c).accepts_responses() {
        return Err(AppError::new(Code::CampaignNotActive)
            .arg("state", i18n::text(p.lang, &format!("monitoring.state.{}", c.state))));
    }
    Ok(c)
}

/// `GET /campaigns/{id}/survey`.
#[handler]
pub async fn survey(p: Page, Path(id): Path<i64>) -> AppResult<Response> {
    let c = running(&p, id).await?;
    render_survey(&p, &c, StatusCode::OK, &Fields::parse(""), None).await
}

/// The answers as the API's JSON takes them: a scale or a number as a number (what does not read
/// as one is passed on as typed, for the service to refuse), a choice as its key, several as a
/// list, a text as typed; an unanswered question is left out.
fn answers(qs: &[entity::question::Model], f: &Fields) -> serde_json::Map<String, serde_json::Value> {
    let mut out = serde_json::Map::new();
    for q in qs {
        let name = format!("a-{}", q.key);
        let value = f.get(&name);
        let v = match QuestionKind::parse(&q.kind) {
            Some(QuestionKind::MultipleChoice) => {
                let chosen = f.all(&name);
                if chosen.is_empty() {
                    continue;
                }
                json!(chosen)
            }
            _ if value.trim().is_empty() => continue,
            Some(QuestionKind::Scale) => value.trim().parse::<i64>().map(|n| json!(n)).unwrap_or(json!(value)),
            Some(QuestionKind::Number) => {
                value.trim().replace(',', ".").parse::<f64>().map(|n| json!(n)).unwrap_or(json!(value))
            }
            _ => json!(value),
        };
        out.insert(q.key.clone(), v);
    }
    out
}

/// `POST /campaigns/{id}/survey`: record the answers, as a collector of the team (the API's `POST
/// /campaigns/{id}/responses`) or, when the survey is open to the public, as an anonymous
/// respondent (the API's `POST /campaigns/{id}/survey`).
#[handler]
pub async fn answer(req: &Request, mut p: Page, Path(id): Path<i64>, body: String) -> AppResult<Response> {
    p.here = format!("/campaigns/{id}/survey");
    let ctx = p.ctx()?;
    let c = campaigns::get_visible(&ctx, p.viewer.as_ref(), id).await?;
    let team = campaigns::powers(&ctx, p.viewer.as_ref(), &c).await?.team;
    let caller = p.viewer.clone();
    if caller.is_none() && !c.open_survey {
        return Ok(sign_in_and_back(&p.here));
    }
    let fields = Fields::parse(&body);
    let outcome = match check_csrf(req, &fields.csrf()) {
        Ok(()) => {
            let qs = surveys::questions(&ctx.db, id).await?;
            let input = ResponseInput {
                service_id: None,
                agency_id: None,
                region: None,
                answers: answers(&qs, &fields),
                respondent: None,
            };
            match &caller {
                Some(caller) if team || !c.open_survey => surveys::respond(&ctx, caller, id, input).await.map(|_| ()),
                _ => surveys::respond_public(&ctx, id, input, &client_addr(req)).await.map(|_| ()),
            }
        }
        Err(e) => Err(e),
    };
    match outcome {
        Ok(()) => Ok(Redirect::see_other(format!("/campaigns/{id}/survey/thanks")).into_response()),
        Err(e) if e.code == Code::CampaignNotActive => Err(AppError::new(Code::CampaignNotActive)
            .arg("state", i18n::text(p.lang, &format!("monitoring.state.{}", c.state)))),
        Err(e) if is_page_error(&e) || e.code == Code::NotCampaignMember || e.code == Code::CampaignReadOnly => Err(e),
        Err(e) => render_survey(&p, &c, e.status(), &fields, Some(&e)).await,
    }
}

/// `GET /campaigns/{id}/survey/thanks`: the answers were recorded.
#[handler]
pub async fn thanks(p: Page, Path(id): Path<i64>) -> AppResult<Response> {
    let c = campaigns::get_visible(&p.ctx()?, p.viewer.as_ref(), id).await?;
    p.render(
        "campaign_survey_thanks.html",
        context! {
            id => id,
            title => campaign_title(p.lang, &c.title_kk, &c.title_ru),
            running => campaigns::state_of(&c).accepts_responses(),
            public => c.open_survey && !campaigns::powers(&p.ctx()?, p.viewer.as_ref(), &c).await?.team,
        },
    )
}
