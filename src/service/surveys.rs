//! A campaign's questionnaire and the responses collectors record against it.
use std::collections::BTreeMap;

use entity::{question, survey_answer, survey_response};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    Set,
};
use serde_json::json;

use super::{
    Caller, Checks, Ctx, campaigns,
    pagination::{PageRequest, finish_page},
};
use crate::{
    domain::{
        directory::is_kato_code,
        surveys::{
            AnswerValue, ChoiceOption, QuestionKind, QuestionSpec, check_questionnaire, check_response,
            public_limit_reached, public_response_day,
        },
    },
    error::{AppError, AppResult, Code, FieldError},
};

pub const SUBJECT: &str = "survey_response";

#[tracing::instrument(skip_all)]
pub fn spec_of(q: &question::Model) -> AppResult<QuestionSpec> {
    Ok(QuestionSpec {
        key: q.key.clone(),
        kind: QuestionKind::parse(&q.kind).unwrap_or(QuestionKind::FreeText),
        required: q.required,
        text_kk: q.text_kk.clone(),
        text_ru: q.text_ru.clone(),
        options: super::json_column("question", q.id, "options", &q.options)?,
    })
}

#[tracing::instrument(skip_all, fields(campaign = campaign_id))]
pub async fn questions(conn: &impl ConnectionTrait, campaign_id: i64) -> AppResult<Vec<question::Model>> {
    Ok(question::Entity::find()
        .filter(question::Column::CampaignId.eq(campaign_id))
        .order_by_asc(question::Column::Position)
        .all(conn)
        .await?)
}

#[tracing::instrument(skip_all, fields(campaign = campaign_id))]
pub async fn questionnaire(ctx: &Ctx, caller: Option<&Caller>, campaign_id: i64) -> AppResult<Vec<question::Model>> {
    campaigns::get_visible(ctx, caller, campaign_id).await?;
    questions(&ctx.db, campaign_id).await
}

pub struct QuestionInput {
    pub key: String,
    pub kind: String,
    pub required: bool,
    pub text_kk: Option<String>,
    pub text_ru: Option<String>,
    pub options: Vec<ChoiceOption>,
}

/// Replace the whole questionnaire; possible only while the campaign is a draft.
#[tracing::instrument(skip_all, fields(campaign = campaign_id))]
pub async fn set_questionnaire(
    ctx: &Ctx,
    caller: &Caller,
    campaign_id: i64,
    input: Vec<QuestionInput>,
) -> AppResult<Vec<question::Model>> {
    let txn = super::begin(&ctx.db).await?;
    let c = campaigns::for_team(&txn, caller, campaign_id).await?;
    if !campaigns::state_of(&c).questionnaire_editable() {
        return Err(AppError::new(Code::QuestionnaireFrozen).arg("state", &c.state));
    }
    let mut k = Checks::default();
    let mut specs = Vec::new();
    for (i, q) in input.iter().enumerate() {
        let kind = QuestionKind::parse(&q.kind);
        if kind.is_none() {
            k.push(FieldError::new(format!("/questions/{i}/kind"), "invalid_value").arg("value", &q.kind));
        }
        let trim = |t: &Option<String>| t.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_string);
        specs.push(QuestionSpec {
            key: q.key.trim().to_string(),
            kind: kind.unwrap_or(QuestionKind::FreeText),
            required: q.required,
            text_kk: trim(&q.text_kk),
            text_ru: trim(&q.text_ru),
            options: q
                .options
                .iter()
                .map(|o| ChoiceOption {
                    key: o.key.trim().to_string(),
                    text_kk: trim(&o.text_kk),
                    text_ru: trim(&o.text_ru),
                })
                .collect(),
        });
    }
    for e in check_questionnaire(&specs) {
        k.push(e);
    }
    k.finish()?;
    let before: Vec<String> = questions(&txn, campaign_id).await?.into_iter().map(|q| q.key).collect();
    question::Entity::delete_many().filter(question::Column::CampaignId.eq(campaign_id)).exec(&txn).await?;
    for (i, s) in specs.iter().enumerate() {
        question::ActiveModel {
            campaign_id: Set(campaign_id),
            key: Set(s.key.clone()),
            position: Set(i as i32),
            kind: Set(s.kind.as_str().to_string()),
            required: Set(s.required),
            text_kk: Set(s.text_kk.clone()),
            text_ru: Set(s.text_ru.clone()),
            options: Set(json!(s.options)),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    campaigns::record(
        &txn,
        ctx,
        caller,
        "campaign.questionnaire",
        "campaign",
        campaign_id,
        Some(json!({"questions": before})),
        Some(json!({"questions": specs.iter().map(|s| &s.key).collect::<Vec<_>>()})),
    )
    .await?;
    let saved = questions(&txn, campaign_id).await?;
    txn.commit().await?;
    Ok(saved)
}

pub struct ResponseInput {
    pub service_id: Option<i64>,
    pub agency_id: Option<i64>,
    pub region: Option<String>,
    pub answers: serde_json::Map<String, serde_json::Value>,
    pub respondent: Option<super::observations::Respondent>,
}

/// A response with its answers keyed by question.
pub struct ResponseView {
    pub response: survey_response::Model,
    pub answers: BTreeMap<String, serde_json::Value>,
}

fn answers_json(qs: &[question::Model], rows: &[survey_answer::Model]) -> BTreeMap<String, serde_json::Value> {
    let mut out = BTreeMap::new();
    for q in qs {
        let mine: Vec<&survey_answer::Model> = rows.iter().filter(|a| a.question_id == q.id).collect();
        if mine.is_empty() {
            continue;
        }
        let v = match QuestionKind::parse(&q.kind) {
            Some(QuestionKind::MultipleChoice) => {
                json!(mine.iter().filter_map(|a| a.choice.clone()).collect::<Vec<_>>())
            }
            Some(QuestionKind::SingleChoice) => json!(mine[0].choice),
            Some(QuestionKind::FreeText) => json!(mine[0].text),
            Some(QuestionKind::Scale) => json!(mine[0].number.map(|n| n as i64)),
            _ => json!(mine[0].number),
        };
        out.insert(q.key.clone(), v);
    }
    out
}

/// The response checked against the campaign's questionnaire and the directory: the questions and
/// each answer's values, or every problem at once.
async fn checked(
    conn: &impl ConnectionTrait,
    campaign_id: i64,
    input: &ResponseInput,
) -> AppResult<(Vec<question::Model>, BTreeMap<String, Vec<AnswerValue>>, Option<super::observations::PersonalData>)> {
    let qs = questions(conn, campaign_id).await?;
    let specs: Vec<QuestionSpec> = qs.iter().map(spec_of).collect::<AppResult<_>>()?;
    let mut k = Checks::default();
    if let Some(s) = input.service_id
        && entity::public_service::Entity::find_by_id(s).one(conn).await?.is_none()
    {
        k.push(FieldError::new("/service_id", "unknown_service").arg("value", s));
    }
    if let Some(a) = input.agency_id
        && entity::agency::Entity::find_by_id(a).one(conn).await?.is_none()
    {
        k.push(FieldError::new("/agency_id", "unknown_agency").arg("value", a));
    }
    if let Some(r) = &input.region
        && (!is_kato_code(r) || entity::region::Entity::find_by_id(r.clone()).one(conn).await?.is_none())
    {
        k.push(FieldError::new("/region", "unknown_region").arg("value", r));
    }
    let values = match check_response(&specs, &input.answers) {
        Ok(v) => Some(v),
        Err(errors) => {
            for e in errors {
                k.push(e);
            }
            None
        }
    };
    let respondent = input.respondent.as_ref().and_then(|r| super::observations::check_respondent(&mut k, r));
    k.finish()?;
    Ok((qs, values.unwrap_or_default(), respondent))
}

/// Store a checked response and its answers.
async fn store(
    conn: &impl ConnectionTrait,
    ctx: &Ctx,
    campaign_id: i64,
    collector_id: i64,
    client_hash: Option<String>,
    input: &ResponseInput,
    qs: &[question::Model],
    values: &BTreeMap<String, Vec<AnswerValue>>,
) -> AppResult<survey_response::Model> {
    let r = survey_response::ActiveModel {
        campaign_id: Set(campaign_id),
        collector_id: Set(collector_id),
        service_id: Set(input.service_id),
        agency_id: Set(input.agency_id),
        region: Set(input.region.clone()),
        created_at: Set(ctx.now),
        client_hash: Set(client_hash),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    let mut rows = Vec::new();
    for q in qs {
        for v in values.get(&q.key).into_iter().flatten() {
            let (choice, number, text) = match v {
                AnswerValue::Choice(c) => (Some(c.clone()), None, None),
                AnswerValue::Number(n) => (None, Some(*n), None),
                AnswerValue::Text(t) => (None, None, Some(t.clone())),
            };
            rows.push(survey_answer::ActiveModel {
                response_id: Set(r.id),
                question_id: Set(q.id),
                choice: Set(choice),
                number: Set(number),
                text: Set(text),
                ..Default::default()
            });
        }
    }
    if !rows.is_empty() {
        survey_answer::Entity::insert_many(rows).exec(conn).await?;
    }
    Ok(r)
}

/// Record one respondent's answers: a collector of the team does it, while the campaign runs.
#[tracing::instrument(skip_all, fields(campaign = campaign_id))]
pub async fn respond(ctx: &Ctx, caller: &Caller, campaign_id: i64, input: ResponseInput) -> AppResult<ResponseView> {
    let txn = super::begin(&ctx.db).await?;
    let c = campaigns::for_team(&txn, caller, campaign_id).await?;
    campaigns::require_writable(&c)?;
    if !campaigns::state_of(&c).accepts_responses() {
        return Err(AppError::new(Code::CampaignNotActive).arg("state", &c.state));
    }
    let (qs, values, respondent) = checked(&txn, campaign_id, &input).await?;
    let r = store(&txn, ctx, campaign_id, caller.id(), None, &input, &qs, &values).await?;
    if let Some(p) = &respondent {
        super::observations::store_respondent(&txn, ctx, SUBJECT, r.id, p).await?;
    }
    campaigns::record(
        &txn,
        ctx,
        caller,
        "survey_response.create",
        SUBJECT,
        r.id,
        None,
        Some(json!({"campaign_id": campaign_id})),
    )
    .await?;
    let stored = survey_answer::Entity::find().filter(survey_answer::Column::ResponseId.eq(r.id)).all(&txn).await?;
    txn.commit().await?;
    Ok(ResponseView { answers: answers_json(&qs, &stored), response: r })
}

/// The secret that salts the hashes of client addresses on public responses.
pub const CLIENT_SALT: &str = "survey_client_salt";

/// The salted hash of a client address for one campaign: the address itself is never stored, and
/// the same address gives unrelated hashes in two campaigns.
fn client_hash(salt: &[u8; 32], campaign_id: i64, client: &str) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(salt);
    h.update(campaign_id.to_be_bytes());
    h.update(client.as_bytes());
    hex::encode(h.finalize())
}

/// A respondent without an account answers the questionnaire of an active campaign whose survey is
/// open to the public. The respondent stays anonymous: no personal data is stored (a respondent
/// block in `input` is ignored), only a salted hash of `client` (the client address), so that one
/// address gives at most `survey_max_per_day` responses to one campaign in a day. The response is
/// recorded under the campaign's owner as its collector.
#[tracing::instrument(skip_all, fields(campaign = campaign_id))]
pub async fn respond_public(
    ctx: &Ctx,
    campaign_id: i64,
    mut input: ResponseInput,
    client: &str,
) -> AppResult<ResponseView> {
    input.respondent = None;
    let salt = super::secrets::key(&ctx.db, CLIENT_SALT, ctx.now).await?;
    let txn = super::begin(&ctx.db).await?;
    let c = campaigns::find(&txn, campaign_id).await?;
    if !campaigns::state_of(&c).is_public() {
        return Err(AppError::not_found("campaign", campaign_id));
    }
    campaigns::require_writable(&c)?;
    if !campaigns::state_of(&c).accepts_responses() {
        return Err(AppError::new(Code::CampaignNotActive).arg("state", &c.state));
    }
    if !c.open_survey {
        return Err(AppError::new(Code::SurveyNotOpen));
    }
    let hash = client_hash(&salt, campaign_id, client);
    let (from, to) = public_response_day(ctx.now);
    let given = survey_response::Entity::find()
        .filter(survey_response::Column::CampaignId.eq(campaign_id))
        .filter(survey_response::Column::ClientHash.eq(hash.clone()))
        .filter(survey_response::Column::CreatedAt.gte(from))
        .filter(survey_response::Column::CreatedAt.lt(to))
        .count(&txn)
        .await?;
    let max = ctx.config.survey_max_per_day;
    if public_limit_reached(given, max) {
        return Err(AppError::new(Code::SurveyLimitReached).arg("max", max));
    }
    let (qs, values, _) = checked(&txn, campaign_id, &input).await?;
    let r = store(&txn, ctx, campaign_id, c.owner_account_id, Some(hash), &input, &qs, &values).await?;
    let stored = survey_answer::Entity::find().filter(survey_answer::Column::ResponseId.eq(r.id)).all(&txn).await?;
    txn.commit().await?;
    Ok(ResponseView { answers: answers_json(&qs, &stored), response: r })
}

/// Responses (public part: the answers, never the respondent), keyset-paged.
#[tracing::instrument(skip_all, fields(campaign = campaign_id))]
pub async fn responses(
    ctx: &Ctx,
    caller: Option<&Caller>,
    campaign_id: i64,
    page: PageRequest,
) -> AppResult<(Vec<ResponseView>, Option<String>)> {
    campaigns::get_visible(ctx, caller, campaign_id).await?;
    let mut q = survey_response::Entity::find().filter(survey_response::Column::CampaignId.eq(campaign_id));
    if let Some(after) = page.after {
        q = q.filter(survey_response::Column::Id.gt(after));
    }
    let rows = q.order_by_asc(survey_response::Column::Id).limit(page.limit + 1).all(&ctx.db).await?;
    let (rows, next) = finish_page(rows, page, |r| r.id);
    let qs = questions(&ctx.db, campaign_id).await?;
    let answers = survey_answer::Entity::find()
        .filter(survey_answer::Column::ResponseId.is_in(rows.iter().map(|r| r.id).collect::<Vec<_>>()))
        .order_by_asc(survey_answer::Column::Id)
        .all(&ctx.db)
        .await?;
    let views = rows
        .into_iter()
        .map(|r| {
            let mine: Vec<survey_answer::Model> = answers.iter().filter(|a| a.response_id == r.id).cloned().collect();
            ResponseView { answers: answers_json(&qs, &mine), response: r }
        })
        .collect();
    Ok((views, next))
}
