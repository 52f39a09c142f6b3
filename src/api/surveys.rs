//! A campaign's questionnaire and the survey responses collected with it, over HTTP.
use std::collections::BTreeMap;

use crate::api::common;
use chrono::{DateTime, Utc};
use poem::{Request, web::Data};
use poem_openapi::{
    ApiResponse, Object, OpenApi,
    param::{Path, Query},
    payload::Json,
};
use serde::Deserialize;

use super::{
    ApiTags,
    common::examples as ex,
    common::{BearerAuth, Body, MaybeAuth, lang_of},
    observations::RespondentBody,
    views::Page,
};
use crate::{
    domain::{accounts::Scope, surveys::ChoiceOption},
    error::AppError,
    i18n::{self, Lang},
    service::{
        campaigns::{self},
        observations::Respondent,
        pagination::PageRequest,
        surveys::{self, QuestionInput, ResponseInput},
    },
    state::AppState,
};

#[derive(Default)]
pub struct SurveysApi;

/// A choice offered by a question.
#[derive(Object, Deserialize)]
#[oai(example)]
#[serde(deny_unknown_fields)]
pub struct OptionBody {
    /// Small Latin letters, digits and `_`.
    pub key: String,
    #[serde(default)]
    #[oai(nullable)]
    pub text_kk: Option<String>,
    #[serde(default)]
    #[oai(nullable)]
    pub text_ru: Option<String>,
}

/// A question; wording in Kazakh and/or Russian.
#[derive(Object, Deserialize)]
#[oai(example)]
#[serde(deny_unknown_fields)]
pub struct QuestionBody {
    /// Small Latin letters, digits and `_`; answers are keyed by it.
    pub key: String,
    /// `scale` (1-5), `single_choice`, `multiple_choice`, `number` or `free_text`.
    pub kind: String,
    #[serde(default)]
    #[oai(default)]
    pub required: bool,
    #[serde(default)]
    #[oai(nullable)]
    pub text_kk: Option<String>,
    #[serde(default)]
    #[oai(nullable)]
    pub text_ru: Option<String>,
    /// For choice questions: 2 to 50 options.
    #[serde(default)]
    #[oai(default)]
    pub options: Vec<OptionBody>,
}

#[derive(Object, Deserialize)]
#[oai(example)]
#[serde(deny_unknown_fields)]
pub struct QuestionnaireBody {
    pub questions: Vec<QuestionBody>,
}

#[derive(Object)]
#[oai(example)]
pub struct OptionView {
    pub key: String,
    #[oai(nullable)]
    pub text_kk: Option<String>,
    #[oai(nullable)]
    pub text_ru: Option<String>,
}

#[derive(Object)]
#[oai(example)]
pub struct QuestionView {
    pub key: String,
    pub kind: String,
    pub kind_label: String,
    pub required: bool,
    #[oai(nullable)]
    pub text_kk: Option<String>,
    #[oai(nullable)]
    pub text_ru: Option<String>,
    pub options: Vec<OptionView>,
}

#[derive(Object)]
#[oai(example)]
pub struct QuestionnaireView {
    pub campaign_id: i64,
    /// Changes are possible only while the campaign is a draft.
    pub editable: bool,
    pub questions: Vec<QuestionView>,
}

fn questionnaire_view(
    campaign: &entity::campaign::Model,
    qs: Vec<entity::question::Model>,
    lang: Lang,
) -> Result<QuestionnaireView, AppError> {
    Ok(QuestionnaireView {
        campaign_id: campaign.id,
        editable: campaigns::state_of(campaign).questionnaire_editable(),
        questions: qs
            .into_iter()
            .map(|q| {
                let spec = surveys::spec_of(&q)?;
                Ok(QuestionView {
                    kind_label: i18n::text(lang, &format!("monitoring.question.{}", q.kind)),
                    key: q.key,
                    kind: q.kind,
                    required: q.required,
                    text_kk: q.text_kk,
                    text_ru: q.text_ru,
                    options: spec
                        .options
                        .into_iter()
                        .map(|o| OptionView { key: o.key, text_kk: o.text_kk, text_ru: o.text_ru })
                        .collect(),
                })
            })
            .collect::<Result<_, AppError>>()?,
    })
}

/// One respondent's answers, recorded by a collector.
#[derive(Object, Deserialize)]
#[oai(example)]
#[serde(deny_unknown_fields)]
pub struct ResponseBody {
    #[serde(default)]
    #[oai(nullable)]
    pub service_id: Option<i64>,
    #[serde(default)]
    #[oai(nullable)]
    pub agency_id: Option<i64>,
    /// KATO code.
    #[serde(default)]
    #[oai(nullable)]
    pub region: Option<String>,
    /// Keyed by question key: a scale 1-5, a number, an option key, a list of option keys, or text.
    pub answers: BTreeMap<String, serde_json::Value>,
    /// Optional; respondents may stay anonymous. Never published.
    #[serde(default)]
    #[oai(nullable)]
    pub respondent: Option<RespondentBody>,
}

/// One anonymous respondent's answers to a survey open to the public: no personal data is taken.
#[derive(Object, Deserialize)]
#[oai(example)]
#[serde(deny_unknown_fields)]
pub struct PublicResponseBody {
    #[serde(default)]
    #[oai(nullable)]
    pub service_id: Option<i64>,
    #[serde(default)]
    #[oai(nullable)]
    pub agency_id: Option<i64>,
    /// KATO code.
    #[serde(default)]
    #[oai(nullable)]
    pub region: Option<String>,
    /// Keyed by question key: a scale 1-5, a number, an option key, a list of option keys, or text.
    pub answers: BTreeMap<String, serde_json::Value>,
}

/// A survey response's public part: the answers, never who gave them.
#[derive(Object)]
#[oai(example)]
pub struct ResponseView {
    pub id: i64,
    pub campaign_id: i64,
    #[oai(nullable)]
    pub service_id: Option<i64>,
    #[oai(nullable)]
    pub agency_id: Option<i64>,
    #[oai(nullable)]
    pub region: Option<String>,
    pub answers: BTreeMap<String, serde_json::Value>,
    pub collector_id: i64,
    pub created_at: DateTime<Utc>,
}

fn response_view(v: surveys::ResponseView) -> ResponseView {
    let r = v.response;
    ResponseView {
        id: r.id,
        campaign_id: r.campaign_id,
        service_id: r.service_id,
        agency_id: r.agency_id,
        region: r.region,
        answers: v.answers,
        collector_id: r.collector_id,
        created_at: r.created_at,
    }
}

#[derive(ApiResponse)]
pub enum CreatedResponse {
    /// Stored.
    #[oai(status = 201)]
    Created(Json<ResponseView>),
}

#[OpenApi(tag = "ApiTags::Monitoring")]
impl SurveysApi {
    /// The questionnaire
    #[oai(path = "/campaigns/:id/questionnaire", method = "get")]
    async fn questionnaire(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: MaybeAuth,
        #[oai(example = "ex::campaign_id")] id: Path<i64>,
    ) -> Result<Json<QuestionnaireView>, AppError> {
        let (ctx, caller) = common::maybe_caller(&state, req, &auth).await?;
        let c = campaigns::get_visible(&ctx, caller.as_ref(), id.0).await?;
        let qs = surveys::questionnaire(&ctx, caller.as_ref(), id.0).await?;
        Ok(Json(questionnaire_view(&c, qs, lang_of(req))?))
    }

    /// Set the questionnaire
    ///
    /// Replaces it whole, while the campaign is a draft; once active it is fixed
    /// (`409 questionnaire_frozen`) so all answers stay comparable.
    #[oai(path = "/campaigns/:id/questionnaire", method = "put")]
    async fn set_questionnaire(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::campaign_id")] id: Path<i64>,
        body: Body<QuestionnaireBody>,
    ) -> Result<Json<QuestionnaireView>, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        let input = body
            .0
            .questions
            .into_iter()
            .map(|q| QuestionInput {
                key: q.key,
                kind: q.kind,
                required: q.required,
                text_kk: q.text_kk,
                text_ru: q.text_ru,
                options: q
                    .options
                    .into_iter()
                    .map(|o| ChoiceOption { key: o.key, text_kk: o.text_kk, text_ru: o.text_ru })
                    .collect(),
            })
            .collect();
        let qs = surveys::set_questionnaire(&ctx, &caller, id.0, input).await?;
        let c = campaigns::find(&ctx.db, id.0).await?;
        Ok(Json(questionnaire_view(&c, qs, lang_of(req))?))
    }

    /// Record a survey response
    ///
    /// A collector of the team records one respondent's answers while the campaign is active.
    /// Answers are checked against the questionnaire: a missing required answer or a choice not
    /// offered is a `422` pointing at `/answers/<question key>`.
    #[oai(path = "/campaigns/:id/responses", method = "post")]
    async fn respond(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::campaign_id")] id: Path<i64>,
        body: Body<ResponseBody>,
    ) -> Result<CreatedResponse, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        let b = body.0;
        let v = surveys::respond(
            &ctx,
            &caller,
            id.0,
            ResponseInput {
                service_id: b.service_id,
                agency_id: b.agency_id,
                region: b.region,
                answers: b.answers.into_iter().collect(),
                respondent: b.respondent.map(|r| Respondent { name: r.name, phone: r.phone, iin: r.iin }),
            },
        )
        .await?;
        Ok(CreatedResponse::Created(Json(response_view(v))))
    }

    /// Answer an open survey without an account
    ///
    /// No authentication: anyone may answer the questionnaire of an active campaign whose team
    /// opened its survey to the public (`open_survey`; otherwise `403 survey_not_open`, or `409
    /// campaign_not_active` when the campaign does not run). The respondent stays anonymous; only a
    /// salted hash of the client address is kept, and one address may give at most
    /// `BAQYLAU_SURVEY_MAX_PER_DAY` (default 3) responses to one campaign a day (UTC), then `429
    /// survey_limit_reached`. Answers are checked as for a collector's response (`422` pointing at
    /// `/answers/<question key>`). Such answers cannot be checked and are recorded under the
    /// campaign's owner as collector.
    #[oai(path = "/campaigns/:id/survey", method = "post")]
    async fn respond_public(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(example = "ex::campaign_id")] id: Path<i64>,
        body: Body<PublicResponseBody>,
    ) -> Result<CreatedResponse, AppError> {
        let ctx = crate::http::ctx(&state, req);
        let b = body.0;
        let v = surveys::respond_public(
            &ctx,
            id.0,
            ResponseInput {
                service_id: b.service_id,
                agency_id: b.agency_id,
                region: b.region,
                answers: b.answers.into_iter().collect(),
                respondent: None,
            },
            &crate::http::client::client_addr(req),
        )
        .await?;
        Ok(CreatedResponse::Created(Json(response_view(v))))
    }

    /// List survey responses
    ///
    /// The answers only; never who gave them.
    #[oai(path = "/campaigns/:id/responses", method = "get")]
    async fn responses(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: MaybeAuth,
        #[oai(example = "ex::campaign_id")] id: Path<i64>,
        #[oai(example = "ex::limit", validator(minimum(value = "1"), maximum(value = "100")))] limit: Query<
            Option<u64>,
        >,
        #[oai(example = "ex::cursor")] cursor: Query<Option<String>>,
    ) -> Result<Json<Page<ResponseView>>, AppError> {
        let (ctx, caller) = common::maybe_caller(&state, req, &auth).await?;
        let page = PageRequest::parse(limit.0, cursor.0.as_deref())?;
        let (rows, next) = surveys::responses(&ctx, caller.as_ref(), id.0, page).await?;
        Ok(Json(Page { items: rows.into_iter().map(response_view).collect(), next_cursor: next }))
    }
}

mod examples;
