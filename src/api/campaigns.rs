use std::collections::BTreeMap;

use crate::{api::common, http};
use chrono::{DateTime, NaiveDate, Utc};
use poem::{Request, web::Data};
use poem_openapi::{
    ApiResponse, Object, OpenApi,
    param::{Path, Query},
    payload::{Attachment, AttachmentType, Json},
};
use serde::Deserialize;

use super::{
    ApiTags,
    common::examples as ex,
    common::export::{CsvExport, NdjsonExport, check, csv as exports_csv, json, ndjson as exports_ndjson, next_after},
    common::multipart::{EvidenceUpload, UploadForm},
    common::{BearerAuth, Body, MaybeAuth, NoContent, double_option, lang_of},
    evidence::{EvidenceView, evidence_view},
    views::Page,
};
use crate::{
    domain::{accounts::Scope, campaigns::CampaignEvent, surveys::ChoiceOption, violations::ViolationCategory},
    error::AppError,
    i18n::{self, Lang},
    service::{
        Ctx,
        campaigns::{self, CampaignFields, CampaignFilter, CampaignPatch},
        evidence,
        exports::{Column, PAGE, PageFuture},
        observations::{self, ObservationFilter, ObservationInput, Respondent, ViolationInput},
        pagination::PageRequest,
        statistics::{self, GroupBy, StatsFilter},
        surveys::{self, QuestionInput, ResponseInput},
    },
    state::AppState,
};

#[derive(Default)]
pub struct CampaignsApi;

#[derive(ApiResponse)]
pub enum CsvResponse {
    /// RFC 4180 CSV, UTF-8, with a header row.
    #[oai(status = 200, content_type = "text/csv; charset=utf-8")]
    Csv(Attachment<Vec<u8>>),
}

/// The state social order a campaign runs under.
#[derive(Object)]
#[oai(example)]
pub struct OrderView {
    #[oai(nullable)]
    pub reference: Option<String>,
    #[oai(nullable)]
    pub date: Option<NaiveDate>,
    /// The authorized body that ordered the monitoring.
    #[oai(nullable)]
    pub customer_id: Option<i64>,
}

/// A monitoring campaign. A draft is seen only by its team; from activation on, everything but
/// respondents' personal data is public.
#[derive(Object)]
#[oai(example)]
pub struct CampaignView {
    pub id: i64,
    /// `draft`, `active`, `completed` or `archived`.
    pub state: String,
    pub state_label: String,
    /// `own_initiative` or `state_social_order`.
    pub basis: String,
    pub basis_label: String,
    #[oai(nullable)]
    pub order: Option<OrderView>,
    /// The NGO running the campaign; none for a person's own campaign.
    #[oai(nullable)]
    pub organization_id: Option<i64>,
    pub owner_account_id: i64,
    #[oai(nullable)]
    pub title_kk: Option<String>,
    #[oai(nullable)]
    pub title_ru: Option<String>,
    #[oai(nullable)]
    pub summary_kk: Option<String>,
    #[oai(nullable)]
    pub summary_ru: Option<String>,
    pub methodology_md: String,
    /// Sanitized HTML of the methodology.
    pub methodology_html: String,
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    /// Registry services in scope.
    pub service_ids: Vec<i64>,
    pub agency_ids: Vec<i64>,
    /// KATO codes of regions in scope.
    pub regions: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    #[oai(nullable)]
    pub activated_at: Option<DateTime<Utc>>,
    #[oai(nullable)]
    pub completed_at: Option<DateTime<Utc>>,
    #[oai(nullable)]
    pub archived_at: Option<DateTime<Utc>>,
}

fn campaign_view(v: campaigns::CampaignView, lang: Lang) -> CampaignView {
    let c = v.campaign;
    CampaignView {
        state_label: i18n::text(lang, &format!("monitoring.state.{}", c.state)),
        basis_label: i18n::text(lang, &format!("monitoring.basis.{}", c.basis)),
        order: (c.basis == "state_social_order").then(|| OrderView {
            reference: c.order_reference.clone(),
            date: c.order_date,
            customer_id: c.order_customer_id,
        }),
        id: c.id,
        state: c.state,
        basis: c.basis,
        organization_id: c.organization_id,
        owner_account_id: c.owner_account_id,
        title_kk: c.title_kk,
        title_ru: c.title_ru,
        summary_kk: c.summary_kk,
        summary_ru: c.summary_ru,
        methodology_html: crate::markdown::to_html(&c.methodology_md),
        methodology_md: c.methodology_md,
        period_from: c.period_from,
        period_to: c.period_to,
        service_ids: v.service_ids,
        agency_ids: v.agency_ids,
        regions: v.regions,
        created_at: c.created_at,
        updated_at: c.updated_at,
        activated_at: c.activated_at,
        completed_at: c.completed_at,
        archived_at: c.archived_at,
    }
}

/// A new campaign; it starts as a private draft.
#[derive(Object, Deserialize)]
#[oai(example)]
#[serde(deny_unknown_fields)]
pub struct NewCampaign {
    /// Run it in the name of this NGO (you must be its administrator); its members form the team.
    #[serde(default)]
    #[oai(nullable)]
    pub organization_id: Option<i64>,
    /// `own_initiative` or `state_social_order`.
    pub basis: String,
    /// For a state social order: its reference (contract number).
    #[serde(default)]
    #[oai(nullable)]
    pub order_reference: Option<String>,
    #[serde(default)]
    #[oai(nullable)]
    pub order_date: Option<NaiveDate>,
    /// The authorized body that placed the order (an agency of kind `authorized_body`).
    #[serde(default)]
    #[oai(nullable)]
    pub order_customer_id: Option<i64>,
    /// At least one of `title_kk` and `title_ru`.
    #[serde(default)]
    #[oai(nullable)]
    pub title_kk: Option<String>,
    #[serde(default)]
    #[oai(nullable)]
    pub title_ru: Option<String>,
    #[serde(default)]
    #[oai(nullable)]
    pub summary_kk: Option<String>,
    #[serde(default)]
    #[oai(nullable)]
    pub summary_ru: Option<String>,
    /// How the monitoring is done, in Markdown.
    #[oai(validator(max_length = 100000, min_length = 20))]
    pub methodology_md: String,
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    #[serde(default)]
    #[oai(default)]
    pub service_ids: Vec<i64>,
    #[serde(default)]
    #[oai(default)]
    pub agency_ids: Vec<i64>,
    /// KATO codes.
    #[serde(default)]
    #[oai(default)]
    pub regions: Vec<String>,
}

/// A partial edit; absent fields stay, `null` clears an optional text.
#[derive(Object, Deserialize)]
#[oai(example)]
#[serde(deny_unknown_fields)]
pub struct CampaignChange {
    #[serde(default)]
    #[oai(nullable)]
    pub basis: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    #[oai(nullable, default)]
    pub order_reference: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[oai(nullable, default)]
    pub order_date: Option<Option<NaiveDate>>,
    #[serde(default, deserialize_with = "double_option")]
    #[oai(nullable, default)]
    pub order_customer_id: Option<Option<i64>>,
    #[serde(default, deserialize_with = "double_option")]
    #[oai(nullable, default)]
    pub title_kk: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[oai(nullable, default)]
    pub title_ru: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[oai(nullable, default)]
    pub summary_kk: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[oai(nullable, default)]
    pub summary_ru: Option<Option<String>>,
    #[serde(default)]
    #[oai(nullable)]
    pub methodology_md: Option<String>,
    #[serde(default)]
    #[oai(nullable)]
    pub period_from: Option<NaiveDate>,
    #[serde(default)]
    #[oai(nullable)]
    pub period_to: Option<NaiveDate>,
    #[serde(default)]
    #[oai(nullable)]
    pub service_ids: Option<Vec<i64>>,
    #[serde(default)]
    #[oai(nullable)]
    pub agency_ids: Option<Vec<i64>>,
    #[serde(default)]
    #[oai(nullable)]
    pub regions: Option<Vec<String>>,
}

#[derive(ApiResponse)]
pub enum CreatedCampaign {
    /// The draft campaign.
    #[oai(status = 201)]
    Created(Json<CampaignView>),
}

/// A person on a campaign's team. Names only, and only as the person chose: contacts are never
/// published.
#[derive(Object)]
#[oai(example)]
pub struct TeamMemberView {
    pub account_id: i64,
    /// The member's display name, when they chose to show it on their public records; `null` when
    /// they keep their name private.
    #[oai(nullable)]
    pub name: Option<String>,
    /// Always `null`: a legal name is never published. Read `name`.
    #[oai(nullable, deprecated)]
    pub full_name: Option<String>,
    /// `owner` or `member`.
    pub role: String,
    pub since: DateTime<Utc>,
}

#[derive(Object, Deserialize)]
#[oai(example)]
#[serde(deny_unknown_fields)]
pub struct NewTeamMember {
    /// A member of the campaign's NGO.
    pub account_id: i64,
}

/// A violation category of form 1-мк.
#[derive(Object)]
#[oai(example)]
pub struct CategoryView {
    /// The stable key, e.g. `deadline_breached`.
    pub category: String,
    /// The row of form 1-мк, `3.1` to `3.10`.
    pub form_row: String,
    pub name_kk: String,
    pub name_ru: String,
    pub name_en: String,
}

/// A violation found, in one of the ten categories of form 1-мк.
#[derive(Object, Deserialize)]
#[oai(example)]
#[serde(deny_unknown_fields)]
pub struct ViolationBody {
    /// One of the ten categories (see `GET /api/v1/violation-categories`).
    pub category: String,
    #[serde(default)]
    #[oai(default)]
    pub note: String,
}

#[derive(Object)]
#[oai(example)]
pub struct ViolationView {
    pub category: String,
    /// The category's name in the client's language.
    pub category_name: String,
    /// Its row in form 1-мк.
    pub form_row: String,
    pub note: String,
}

/// Who answered. Personal data: stored apart, shown only to the campaign's team, never published.
#[derive(Object, Deserialize)]
#[oai(example)]
#[serde(deny_unknown_fields)]
pub struct RespondentBody {
    #[serde(default)]
    #[oai(nullable)]
    pub name: Option<String>,
    #[serde(default)]
    #[oai(nullable)]
    pub phone: Option<String>,
    #[serde(default)]
    #[oai(nullable)]
    pub iin: Option<String>,
}

/// One visit, check or case.
#[derive(Object, Deserialize)]
#[oai(example)]
#[serde(deny_unknown_fields)]
pub struct ObservationBody {
    pub service_id: i64,
    pub agency_id: i64,
    /// KATO code of the place; required unless `online`.
    #[serde(default)]
    #[oai(nullable)]
    pub region: Option<String>,
    /// Address of the office; required unless `online`.
    #[serde(default)]
    #[oai(validator(max_length = 500, min_length = 3), nullable)]
    pub address: Option<String>,
    #[serde(default)]
    #[oai(default)]
    pub online: bool,
    /// Within the campaign's period, not in the future.
    pub observed_on: NaiveDate,
    /// `provider_office`, `state_corporation`, `egov_portal`, `mobile` or `other_system`.
    pub channel: String,
    /// 0 to 1440.
    #[serde(default)]
    #[oai(nullable)]
    pub waiting_minutes: Option<i32>,
    /// Days the service took, counted in the unit of its normative term (working or calendar days).
    #[serde(default)]
    #[oai(nullable)]
    pub days_taken: Option<i32>,
    /// `rendered`, `refused`, `not_received` or `pending`.
    pub outcome: String,
    /// 1 (very unsatisfied) to 5 (very satisfied).
    #[serde(default)]
    #[oai(nullable)]
    pub satisfaction: Option<i16>,
    /// Public notes, in Markdown. Do not put personal data here.
    #[serde(default)]
    #[oai(validator(max_length = 20000, min_length = 1), nullable)]
    pub note_md: Option<String>,
    #[serde(default)]
    #[oai(default)]
    pub violations: Vec<ViolationBody>,
    #[serde(default)]
    #[oai(nullable)]
    pub respondent: Option<RespondentBody>,
}

/// The service's normative term when the observation was made.
#[derive(Object)]
#[oai(example)]
pub struct TermView {
    pub value: i32,
    /// `working_days`, `calendar_days`, `hours` or `minutes`.
    pub unit: String,
}

/// An observation's public part: never the respondent.
#[derive(Object)]
#[oai(example)]
pub struct ObservationView {
    pub id: i64,
    pub campaign_id: i64,
    pub service_id: i64,
    pub agency_id: i64,
    #[oai(nullable)]
    pub region: Option<String>,
    pub online: bool,
    #[oai(nullable)]
    pub address: Option<String>,
    pub observed_on: NaiveDate,
    pub channel: String,
    pub channel_label: String,
    #[oai(nullable)]
    pub waiting_minutes: Option<i32>,
    #[oai(nullable)]
    pub days_taken: Option<i32>,
    #[oai(nullable)]
    pub normative_term: Option<TermView>,
    /// Days taken beyond the normative term (only for terms counted in days).
    #[oai(nullable)]
    pub term_exceeded: Option<bool>,
    pub outcome: String,
    pub outcome_label: String,
    #[oai(nullable)]
    pub satisfaction: Option<i16>,
    pub note_md: String,
    pub note_html: String,
    pub violations: Vec<ViolationView>,
    /// Files backing the observation.
    pub evidence: Vec<EvidenceView>,
    /// The team member who recorded it.
    pub recorded_by: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Why a moderator hid it: only for readers who still see it (authors, moderators).
    #[oai(skip_serializing_if_is_none)]
    pub hidden: Option<common::HiddenView>,
}

pub fn observation_view(v: observations::ObservationView, lang: Lang) -> ObservationView {
    let o = v.observation;
    ObservationView {
        hidden: crate::domain::moderation::Hidden::of(o.hidden_at, o.hidden_reason.as_deref()).map(Into::into),
        channel_label: i18n::text(lang, &format!("monitoring.channel.{}", o.channel)),
        outcome_label: i18n::text(lang, &format!("monitoring.outcome.{}", o.outcome)),
        normative_term: o.term_value.zip(o.term_unit.clone()).map(|(value, unit)| TermView { value, unit }),
        violations: v
            .violations
            .into_iter()
            .map(|x| ViolationView {
                category_name: i18n::text(lang, &format!("violations.{}", x.category)),
                form_row: ViolationCategory::parse(&x.category).map(|c| c.form_row()).unwrap_or_default().to_string(),
                category: x.category,
                note: x.note,
            })
            .collect(),
        evidence: v.evidence.into_iter().map(|e| evidence_view(o.campaign_id, e)).collect(),
        id: o.id,
        campaign_id: o.campaign_id,
        service_id: o.service_id,
        agency_id: o.agency_id,
        region: o.region,
        online: o.online,
        address: o.address,
        observed_on: o.observed_on,
        channel: o.channel,
        waiting_minutes: o.waiting_minutes,
        days_taken: o.days_taken,
        term_exceeded: o.term_exceeded,
        outcome: o.outcome,
        satisfaction: o.satisfaction,
        note_html: crate::markdown::to_html(&o.note_md),
        note_md: o.note_md,
        recorded_by: o.created_by,
        created_at: o.created_at,
        updated_at: o.updated_at,
    }
}

#[derive(ApiResponse)]
pub enum CreatedEvidence {
    /// Stored and recorded.
    #[oai(status = 201)]
    Created(Json<EvidenceView>),
}

#[derive(ApiResponse)]
pub enum EvidenceFileResponse {
    /// The file as published, as a download.
    #[oai(status = 200)]
    File(
        Attachment<poem::Body>,
        /// Always `nosniff`: the file is never to be read as anything but its type.
        #[oai(header = "x-content-type-options")]
        String,
    ),
}

fn observation_input(b: ObservationBody) -> ObservationInput {
    ObservationInput {
        service_id: b.service_id,
        agency_id: b.agency_id,
        region: b.region,
        address: b.address,
        online: b.online,
        observed_on: b.observed_on,
        channel: b.channel,
        waiting_minutes: b.waiting_minutes,
        days_taken: b.days_taken,
        outcome: b.outcome,
        satisfaction: b.satisfaction,
        note_md: b.note_md,
        violations: b.violations.into_iter().map(|v| ViolationInput { category: v.category, note: v.note }).collect(),
        respondent: b.respondent.map(|r| Respondent { name: r.name, phone: r.phone, iin: r.iin }),
    }
}

#[derive(ApiResponse)]
pub enum CreatedObservation {
    /// The observation (public part).
    #[oai(status = 201)]
    Created(Json<ObservationView>),
}

/// The respondent of an observation: personal data, for the campaign's team only.
#[derive(Object)]
#[oai(example)]
pub struct RespondentView {
    #[oai(nullable)]
    pub name: Option<String>,
    #[oai(nullable)]
    pub phone: Option<String>,
    #[oai(nullable)]
    pub iin: Option<String>,
}

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
) -> QuestionnaireView {
    QuestionnaireView {
        campaign_id: campaign.id,
        editable: campaigns::state_of(campaign).questionnaire_editable(),
        questions: qs
            .into_iter()
            .map(|q| {
                let spec = surveys::spec_of(&q);
                QuestionView {
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
                }
            })
            .collect(),
    }
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

/// Observation figures of one group.
#[derive(Object)]
#[oai(example)]
pub struct ObservationStatsView {
    /// The group: an id, a KATO code (`online` for online observations), a channel, or `all`.
    pub key: String,
    #[oai(nullable)]
    pub label: Option<String>,
    pub observations: i64,
    /// Per outcome: count and share of the group's observations.
    pub outcomes: BTreeMap<String, ShareView>,
    pub satisfaction: SatisfactionView,
    pub waiting_minutes: WaitingView,
    pub term: TermStatsView,
    /// Per violation category: observations with it, and their share (the violation rate).
    pub violations: BTreeMap<String, ShareView>,
}

#[derive(Object)]
#[oai(example)]
pub struct ShareView {
    pub count: i64,
    /// 0 to 1, four decimal places.
    pub share: f64,
}

#[derive(Object)]
#[oai(example)]
pub struct SatisfactionView {
    pub count: i64,
    #[oai(nullable)]
    pub mean: Option<f64>,
    /// Answers per score "1" to "5".
    pub distribution: BTreeMap<String, i64>,
}

#[derive(Object)]
#[oai(example)]
pub struct WaitingView {
    pub count: i64,
    /// The middle wait (the mean of the two middle ones for an even count).
    #[oai(nullable)]
    pub median: Option<f64>,
    /// Nearest-rank 90th percentile.
    #[oai(nullable)]
    pub p90: Option<f64>,
}

#[derive(Object)]
#[oai(example)]
pub struct TermStatsView {
    pub count: i64,
    pub exceeded: i64,
    #[oai(nullable)]
    pub share: Option<f64>,
}

#[derive(Object)]
#[oai(example)]
pub struct ObservationStatistics {
    /// `none`, `campaign`, `service`, `agency`, `region` or `channel`.
    pub by: String,
    pub groups: Vec<ObservationStatsView>,
}

fn share_view(s: statistics::Share) -> ShareView {
    ShareView { count: s.count, share: s.share }
}

pub fn observation_stats_view(by: GroupBy, groups: Vec<statistics::ObservationGroup>) -> ObservationStatistics {
    ObservationStatistics {
        by: by.as_str().into(),
        groups: groups
            .into_iter()
            .map(|g| ObservationStatsView {
                key: g.key,
                label: g.label,
                observations: g.observations,
                outcomes: g.outcomes.into_iter().map(|(k, v)| (k, share_view(v))).collect(),
                satisfaction: SatisfactionView {
                    count: g.satisfaction.count,
                    mean: g.satisfaction.mean,
                    distribution: g.satisfaction.distribution,
                },
                waiting_minutes: WaitingView {
                    count: g.waiting_minutes.count,
                    median: g.waiting_minutes.median,
                    p90: g.waiting_minutes.p90,
                },
                term: TermStatsView { count: g.term.count, exceeded: g.term.exceeded, share: g.term.share },
                violations: g.violations.into_iter().map(|(k, v)| (k, share_view(v))).collect(),
            })
            .collect(),
    }
}

#[derive(Object)]
#[oai(example)]
pub struct QuestionStatsView {
    pub key: String,
    pub kind: String,
    #[oai(nullable)]
    pub text_kk: Option<String>,
    #[oai(nullable)]
    pub text_ru: Option<String>,
    /// Responses that answered the question.
    pub answered: i64,
    /// Per option (choices) or score (scales): count and share of those who answered.
    pub distribution: BTreeMap<String, ShareView>,
    #[oai(nullable)]
    pub mean: Option<f64>,
    #[oai(nullable)]
    pub min: Option<f64>,
    #[oai(nullable)]
    pub max: Option<f64>,
}

#[derive(Object)]
#[oai(example)]
pub struct SurveyGroupView {
    pub key: String,
    #[oai(nullable)]
    pub label: Option<String>,
    pub responses: i64,
    pub questions: Vec<QuestionStatsView>,
}

#[derive(Object)]
#[oai(example)]
pub struct SurveyStatistics {
    /// `none`, `service`, `agency` or `region`.
    pub by: String,
    pub groups: Vec<SurveyGroupView>,
}

fn survey_view(by: GroupBy, groups: Vec<statistics::SurveyGroup>) -> SurveyStatistics {
    SurveyStatistics {
        by: by.as_str().into(),
        groups: groups
            .into_iter()
            .map(|g| SurveyGroupView {
                key: g.key,
                label: g.label,
                responses: g.responses,
                questions: g
                    .questions
                    .into_iter()
                    .map(|q| QuestionStatsView {
                        key: q.key,
                        kind: q.kind,
                        text_kk: q.text_kk,
                        text_ru: q.text_ru,
                        answered: q.answered,
                        distribution: q.distribution.into_iter().map(|(k, v)| (k, share_view(v))).collect(),
                        mean: q.mean,
                        min: q.min,
                        max: q.max,
                    })
                    .collect(),
            })
            .collect(),
    }
}

pub fn csv_attachment(bytes: Vec<u8>, name: &str) -> CsvResponse {
    CsvResponse::Csv(Attachment::new(bytes).attachment_type(AttachmentType::Attachment).filename(name))
}

#[allow(clippy::too_many_arguments)]
fn stats_filter(
    service: Option<i64>,
    agency: Option<i64>,
    region: Option<String>,
    channel: Option<String>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> StatsFilter {
    StatsFilter { campaign_id: None, service_id: service, agency_id: agency, region, channel, from, to }
}

#[OpenApi(tag = "ApiTags::Monitoring")]
impl CampaignsApi {
    /// The ten violation categories
    ///
    /// The categories the state itself counts (Rules of state control over the quality of public
    /// services, form 1-мк, rows 3.1-3.10): observations record violations in them, reports count
    /// them. Names in Kazakh, Russian and English.
    #[oai(path = "/violation-categories", method = "get")]
    async fn violation_categories(&self) -> Result<Json<Vec<CategoryView>>, AppError> {
        Ok(Json(
            ViolationCategory::ALL
                .iter()
                .map(|c| {
                    let key = format!("violations.{}", c.as_str());
                    CategoryView {
                        category: c.as_str().into(),
                        form_row: c.form_row().into(),
                        name_kk: i18n::text(Lang::Kk, &key),
                        name_ru: i18n::text(Lang::Ru, &key),
                        name_en: i18n::text(Lang::En, &key),
                    }
                })
                .collect(),
        ))
    }

    /// Start a monitoring campaign
    ///
    /// An individual starts one on their own; an NGO's administrator starts one in the NGO's
    /// name. It begins as a private draft: add the questionnaire and observations, then activate.
    #[oai(path = "/campaigns", method = "post")]
    async fn create(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        body: Body<NewCampaign>,
    ) -> Result<CreatedCampaign, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        let b = body.0;
        let v = campaigns::create(
            &ctx,
            &caller,
            b.organization_id,
            CampaignFields {
                basis: b.basis,
                order_reference: b.order_reference,
                order_date: b.order_date,
                order_customer_id: b.order_customer_id,
                title_kk: b.title_kk,
                title_ru: b.title_ru,
                summary_kk: b.summary_kk,
                summary_ru: b.summary_ru,
                methodology_md: b.methodology_md,
                period_from: b.period_from,
                period_to: b.period_to,
                service_ids: b.service_ids,
                agency_ids: b.agency_ids,
                regions: b.regions,
            },
        )
        .await?;
        Ok(CreatedCampaign::Created(Json(campaign_view(v, lang_of(req)))))
    }

    /// List public campaigns
    ///
    /// Active, completed and archived campaigns. Filter by state, basis, NGO, a service, agency or
    /// region in scope (a KATO code takes in what is inside it), and a date the period covers.
    #[oai(path = "/campaigns", method = "get")]
    #[allow(clippy::too_many_arguments)]
    async fn list(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(name = "state", example = "ex::campaign_state")] state_: Query<Option<String>>,
        #[oai(example = "ex::campaign_basis")] basis: Query<Option<String>>,
        #[oai(example = "ex::organization")] organization: Query<Option<i64>>,
        #[oai(example = "ex::service")] service: Query<Option<i64>>,
        #[oai(example = "ex::agency")] agency: Query<Option<i64>>,
        #[oai(example = "ex::region")] region: Query<Option<String>>,
        /// Campaigns still running on or after this date.
        #[oai(example = "ex::period_from")]
        from: Query<Option<NaiveDate>>,
        /// Campaigns that started on or before this date.
        #[oai(example = "ex::period_to")]
        to: Query<Option<NaiveDate>>,
        /// 1..100, default 20.
        #[oai(example = "ex::limit", validator(minimum(value = "1"), maximum(value = "100")))]
        limit: Query<Option<u64>>,
        /// `next_cursor` of the previous page.
        #[oai(example = "ex::cursor")]
        cursor: Query<Option<String>>,
    ) -> Result<Json<Page<CampaignView>>, AppError> {
        let ctx = http::ctx(&state, req);
        let page = PageRequest::parse(limit.0, cursor.0.as_deref())?;
        let f = campaign_filter(state_.0, basis.0, organization.0, service.0, agency.0, region.0, from.0, to.0);
        let (rows, next) = campaigns::list(&ctx, f, page).await?;
        let items =
            campaigns::views(&ctx.db, rows).await?.into_iter().map(|v| campaign_view(v, lang_of(req))).collect();
        Ok(Json(Page { items, next_cursor: next }))
    }

    /// My campaigns, drafts included
    ///
    /// Campaigns I own, run as an NGO administrator, or am on the team of.
    #[oai(path = "/me/campaigns", method = "get")]
    async fn mine(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(name = "state", example = "ex::campaign_state")] state_: Query<Option<String>>,
        #[oai(example = "ex::limit", validator(minimum(value = "1"), maximum(value = "100")))] limit: Query<
            Option<u64>,
        >,
        #[oai(example = "ex::cursor")] cursor: Query<Option<String>>,
    ) -> Result<Json<Page<CampaignView>>, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Read).await?;
        let page = PageRequest::parse(limit.0, cursor.0.as_deref())?;
        let f = CampaignFilter { state: state_.0, mine: Some(caller.id()), ..Default::default() };
        let (rows, next) = campaigns::list(&ctx, f, page).await?;
        let items =
            campaigns::views(&ctx.db, rows).await?.into_iter().map(|v| campaign_view(v, lang_of(req))).collect();
        Ok(Json(Page { items, next_cursor: next }))
    }

    /// One campaign
    ///
    /// A draft is visible only to its team (with their token); to others it does not exist.
    #[oai(path = "/campaigns/:id", method = "get")]
    async fn get(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: MaybeAuth,
        #[oai(example = "ex::campaign_id")] id: Path<i64>,
    ) -> Result<Json<CampaignView>, AppError> {
        let (ctx, caller) = common::maybe_caller(&state, req, &auth).await?;
        let c = campaigns::get_visible(&ctx, caller.as_ref(), id.0).await?;
        Ok(Json(campaign_view(campaigns::view(&ctx.db, c).await?, lang_of(req))))
    }

    /// Edit a campaign
    ///
    /// The team edits a draft or an active campaign; a completed or archived one is read-only
    /// (`409 campaign_read_only`).
    #[oai(path = "/campaigns/:id", method = "patch")]
    async fn update(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::campaign_id")] id: Path<i64>,
        body: Body<CampaignChange>,
    ) -> Result<Json<CampaignView>, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        let b = body.0;
        let v = campaigns::update(
            &ctx,
            &caller,
            id.0,
            CampaignPatch {
                basis: b.basis,
                order_reference: b.order_reference,
                order_date: b.order_date,
                order_customer_id: b.order_customer_id,
                title_kk: b.title_kk,
                title_ru: b.title_ru,
                summary_kk: b.summary_kk,
                summary_ru: b.summary_ru,
                methodology_md: b.methodology_md,
                period_from: b.period_from,
                period_to: b.period_to,
                service_ids: b.service_ids,
                agency_ids: b.agency_ids,
                regions: b.regions,
            },
        )
        .await?;
        Ok(Json(campaign_view(v, lang_of(req))))
    }

    /// Activate a draft
    ///
    /// From now on the campaign and its observations are public and the questionnaire is fixed.
    /// The owner does this.
    #[oai(path = "/campaigns/:id/activate", method = "post")]
    async fn activate(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::campaign_id")] id: Path<i64>,
    ) -> Result<Json<CampaignView>, AppError> {
        self.step(state, req, auth, id.0, CampaignEvent::Activate).await
    }

    /// Complete an active campaign
    ///
    /// It becomes read-only: the record of what was found.
    #[oai(path = "/campaigns/:id/complete", method = "post")]
    async fn complete(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::campaign_id")] id: Path<i64>,
    ) -> Result<Json<CampaignView>, AppError> {
        self.step(state, req, auth, id.0, CampaignEvent::Complete).await
    }

    /// Archive a completed campaign
    #[oai(path = "/campaigns/:id/archive", method = "post")]
    async fn archive(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::campaign_id")] id: Path<i64>,
    ) -> Result<Json<CampaignView>, AppError> {
        self.step(state, req, auth, id.0, CampaignEvent::Archive).await
    }

    /// The campaign's team
    ///
    /// Names of the people behind the findings; never their contacts.
    #[oai(path = "/campaigns/:id/team", method = "get")]
    async fn team(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: MaybeAuth,
        #[oai(example = "ex::campaign_id")] id: Path<i64>,
    ) -> Result<Json<Vec<TeamMemberView>>, AppError> {
        let (ctx, caller) = common::maybe_caller(&state, req, &auth).await?;
        let c = campaigns::get_visible(&ctx, caller.as_ref(), id.0).await?;
        let team = campaigns::team(&ctx, &c).await?;
        Ok(Json(
            team.into_iter()
                .map(|m| TeamMemberView {
                    account_id: m.account_id,
                    name: m.name,
                    full_name: None,
                    role: m.role.into(),
                    since: m.since,
                })
                .collect(),
        ))
    }

    /// Add a member to the team
    ///
    /// An NGO's administrator adds members of the NGO to its campaign's team.
    #[oai(path = "/campaigns/:id/team", method = "post")]
    async fn add_member(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::campaign_id")] id: Path<i64>,
        body: Body<NewTeamMember>,
    ) -> Result<NoContent, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        campaigns::add_member(&ctx, &caller, id.0, body.0.account_id).await?;
        Ok(NoContent::Done)
    }

    /// Remove a member from the team
    #[oai(path = "/campaigns/:id/team/:account_id", method = "delete")]
    async fn remove_member(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::campaign_id")] id: Path<i64>,
        #[oai(example = "ex::account_id")] account_id: Path<i64>,
    ) -> Result<NoContent, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        campaigns::remove_member(&ctx, &caller, id.0, account_id.0).await?;
        Ok(NoContent::Done)
    }

    /// Record an observation
    ///
    /// The team records observations while the campaign is a draft or active. Violations use the
    /// ten categories of form 1-мк. A respondent's name, phone and IIN are stored apart and never
    /// published.
    #[oai(path = "/campaigns/:id/observations", method = "post")]
    async fn create_observation(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::campaign_id")] id: Path<i64>,
        body: Body<ObservationBody>,
    ) -> Result<CreatedObservation, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        let v = observations::create(&ctx, &caller, id.0, observation_input(body.0)).await?;
        Ok(CreatedObservation::Created(Json(observation_view(v, lang_of(req)))))
    }

    /// List a campaign's observations
    ///
    /// Public part only. Filter by service, agency, region, channel, outcome, violation category
    /// and date.
    #[oai(path = "/campaigns/:id/observations", method = "get")]
    #[allow(clippy::too_many_arguments)]
    async fn list_observations(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: MaybeAuth,
        #[oai(example = "ex::campaign_id")] id: Path<i64>,
        #[oai(example = "ex::service")] service: Query<Option<i64>>,
        #[oai(example = "ex::agency")] agency: Query<Option<i64>>,
        #[oai(example = "ex::region")] region: Query<Option<String>>,
        #[oai(example = "ex::observation_channel")] channel: Query<Option<String>>,
        #[oai(example = "ex::outcome")] outcome: Query<Option<String>>,
        /// A violation category.
        #[oai(example = "ex::violation")]
        violation: Query<Option<String>>,
        #[oai(example = "ex::period_from")] from: Query<Option<NaiveDate>>,
        #[oai(example = "ex::period_to")] to: Query<Option<NaiveDate>>,
        #[oai(example = "ex::limit", validator(minimum(value = "1"), maximum(value = "100")))] limit: Query<
            Option<u64>,
        >,
        #[oai(example = "ex::cursor")] cursor: Query<Option<String>>,
    ) -> Result<Json<Page<ObservationView>>, AppError> {
        let (ctx, caller) = common::maybe_caller(&state, req, &auth).await?;
        let page = PageRequest::parse(limit.0, cursor.0.as_deref())?;
        let f = observation_filter(service.0, agency.0, region.0, channel.0, outcome.0, violation.0, from.0, to.0);
        let lang = lang_of(req);
        let (rows, next) = observations::list(&ctx, caller.as_ref(), id.0, f, page).await?;
        Ok(Json(Page { items: rows.into_iter().map(|v| observation_view(v, lang)).collect(), next_cursor: next }))
    }

    /// Observations of every public campaign (open data)
    ///
    /// The public part of each observation of every campaign from activation on (a draft's never
    /// appear), ordered by id. Filter by campaign and as a campaign's list does.
    #[oai(path = "/observations", method = "get")]
    #[allow(clippy::too_many_arguments)]
    async fn all_observations(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(example = "ex::campaign")] campaign: Query<Option<i64>>,
        #[oai(example = "ex::service")] service: Query<Option<i64>>,
        #[oai(example = "ex::agency")] agency: Query<Option<i64>>,
        /// A KATO code; takes in the places inside it.
        #[oai(example = "ex::region")]
        region: Query<Option<String>>,
        #[oai(example = "ex::observation_channel")] channel: Query<Option<String>>,
        #[oai(example = "ex::outcome")] outcome: Query<Option<String>>,
        /// A violation category.
        #[oai(example = "ex::violation")]
        violation: Query<Option<String>>,
        #[oai(example = "ex::period_from")] from: Query<Option<NaiveDate>>,
        #[oai(example = "ex::period_to")] to: Query<Option<NaiveDate>>,
        #[oai(example = "ex::limit", validator(minimum(value = "1"), maximum(value = "100")))] limit: Query<
            Option<u64>,
        >,
        #[oai(example = "ex::cursor")] cursor: Query<Option<String>>,
    ) -> Result<Json<Page<ObservationView>>, AppError> {
        let ctx = http::ctx(&state, req);
        let page = PageRequest::parse(limit.0, cursor.0.as_deref())?;
        let f = observation_filter(service.0, agency.0, region.0, channel.0, outcome.0, violation.0, from.0, to.0);
        let lang = lang_of(req);
        let (rows, next) = observations::list_public(&ctx, campaign.0, f, page).await?;
        Ok(Json(Page { items: rows.into_iter().map(|v| observation_view(v, lang)).collect(), next_cursor: next }))
    }

    /// One observation of a public campaign (public part)
    #[oai(path = "/observations/:id", method = "get")]
    async fn public_observation(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(example = "ex::observation_id")] id: Path<i64>,
    ) -> Result<Json<ObservationView>, AppError> {
        let ctx = http::ctx(&state, req);
        Ok(Json(observation_view(observations::get_public(&ctx, id.0).await?, lang_of(req))))
    }

    /// One observation (public part)
    #[oai(path = "/campaigns/:id/observations/:observation_id", method = "get")]
    async fn get_observation(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: MaybeAuth,
        #[oai(example = "ex::campaign_id")] id: Path<i64>,
        #[oai(example = "ex::observation_id")] observation_id: Path<i64>,
    ) -> Result<Json<ObservationView>, AppError> {
        let (ctx, caller) = common::maybe_caller(&state, req, &auth).await?;
        let v = observations::get(&ctx, caller.as_ref(), id.0, observation_id.0).await?;
        Ok(Json(observation_view(v, lang_of(req))))
    }

    /// Correct an observation
    ///
    /// Replaces it whole; the audit log keeps what it said before.
    #[oai(path = "/campaigns/:id/observations/:observation_id", method = "put")]
    async fn replace_observation(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::campaign_id")] id: Path<i64>,
        #[oai(example = "ex::observation_id")] observation_id: Path<i64>,
        body: Body<ObservationBody>,
    ) -> Result<Json<ObservationView>, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        let v = observations::replace(&ctx, &caller, id.0, observation_id.0, observation_input(body.0)).await?;
        Ok(Json(observation_view(v, lang_of(req))))
    }

    /// Delete an observation
    ///
    /// Only while the campaign is a draft or active.
    #[oai(path = "/campaigns/:id/observations/:observation_id", method = "delete")]
    async fn delete_observation(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::campaign_id")] id: Path<i64>,
        #[oai(example = "ex::observation_id")] observation_id: Path<i64>,
    ) -> Result<NoContent, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        observations::delete(&ctx, &caller, id.0, observation_id.0).await?;
        Ok(NoContent::Done)
    }

    /// The respondent of an observation
    ///
    /// Personal data, for the campaign's team only. `null` when nobody was asked.
    #[oai(path = "/campaigns/:id/observations/:observation_id/respondent", method = "get")]
    async fn respondent(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::campaign_id")] id: Path<i64>,
        #[oai(example = "ex::observation_id")] observation_id: Path<i64>,
    ) -> Result<Json<Option<RespondentView>>, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Read).await?;
        let p = observations::personal(&ctx, &caller, id.0, observation_id.0).await?;
        Ok(Json(p.map(|p| RespondentView { name: p.name, phone: p.phone, iin: p.iin })))
    }

    /// Attach evidence to an observation
    ///
    /// A photo (JPEG, PNG, WebP), document (PDF) or recording (MP3, OGG/Opus, M4A/AAC, WAV), at
    /// most `BAQYLAU_UPLOAD_MAX_BYTES` (20 MiB by default; `413 file_too_large` above). The type is
    /// decided from the content (`415 unsupported_file_type` otherwise), the SHA-256 is recorded,
    /// and a photo's location is removed unless `keep_location` is true.
    #[oai(path = "/campaigns/:id/observations/:observation_id/evidence", method = "post")]
    async fn attach_evidence(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::campaign_id")] id: Path<i64>,
        #[oai(example = "ex::observation_id")] observation_id: Path<i64>,
        form: UploadForm<EvidenceUpload>,
    ) -> Result<CreatedEvidence, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        let file = form.0.read(ctx.config.upload_max_bytes).await?;
        let e = evidence::attach(
            &ctx,
            &caller,
            id.0,
            observation_id.0,
            evidence::NewEvidence {
                bytes: file.bytes,
                file_name: file.file_name,
                keep_location: file.keep_location,
                caption: file.caption,
            },
        )
        .await?;
        Ok(CreatedEvidence::Created(Json(evidence_view(id.0, e))))
    }

    /// An observation's evidence
    #[oai(path = "/campaigns/:id/observations/:observation_id/evidence", method = "get")]
    async fn list_evidence(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: MaybeAuth,
        #[oai(example = "ex::campaign_id")] id: Path<i64>,
        #[oai(example = "ex::observation_id")] observation_id: Path<i64>,
    ) -> Result<Json<Vec<EvidenceView>>, AppError> {
        let (ctx, caller) = common::maybe_caller(&state, req, &auth).await?;
        let list = evidence::list(&ctx, caller.as_ref(), id.0, observation_id.0).await?;
        Ok(Json(list.into_iter().map(|e| evidence_view(id.0, e)).collect()))
    }

    /// Download an evidence file
    #[oai(path = "/campaigns/:id/observations/:observation_id/evidence/:evidence_id/file", method = "get")]
    async fn evidence_file(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: MaybeAuth,
        #[oai(example = "ex::campaign_id")] id: Path<i64>,
        #[oai(example = "ex::observation_id")] observation_id: Path<i64>,
        #[oai(example = "ex::evidence_id")] evidence_id: Path<i64>,
    ) -> Result<EvidenceFileResponse, AppError> {
        let (ctx, caller) = common::maybe_caller(&state, req, &auth).await?;
        let (e, f) = evidence::file(&ctx, caller.as_ref(), id.0, observation_id.0, evidence_id.0).await?;
        let ext = crate::domain::evidence::extension_of(&e.content_type);
        Ok(EvidenceFileResponse::File(
            Attachment::new(poem::Body::from_async_read(f))
                .attachment_type(AttachmentType::Attachment)
                .filename(format!("evidence-{}.{ext}", e.id)),
            "nosniff".into(),
        ))
    }

    /// Take evidence off an observation
    ///
    /// While the campaign is a draft or active; the audit log keeps the file's hashes.
    #[oai(path = "/campaigns/:id/observations/:observation_id/evidence/:evidence_id", method = "delete")]
    async fn detach_evidence(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::campaign_id")] id: Path<i64>,
        #[oai(example = "ex::observation_id")] observation_id: Path<i64>,
        #[oai(example = "ex::evidence_id")] evidence_id: Path<i64>,
    ) -> Result<NoContent, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        evidence::detach(&ctx, &caller, id.0, observation_id.0, evidence_id.0).await?;
        Ok(NoContent::Done)
    }

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
        Ok(Json(questionnaire_view(&c, qs, lang_of(req))))
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
        Ok(Json(questionnaire_view(&c, qs, lang_of(req))))
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

    /// Campaign statistics
    ///
    /// Observations, outcome shares, satisfaction mean and distribution, waiting-time median and
    /// 90th percentile, terms exceeded and violation rates per category, for the whole campaign
    /// (`by=none`) or per `service`, `agency`, `region` or `channel`.
    #[oai(path = "/campaigns/:id/statistics", method = "get")]
    #[allow(clippy::too_many_arguments)]
    async fn statistics(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: MaybeAuth,
        #[oai(example = "ex::campaign_id")] id: Path<i64>,
        /// `none` (default), `service`, `agency`, `region` or `channel`.
        #[oai(example = "ex::statistics_by")]
        by: Query<Option<String>>,
        #[oai(example = "ex::service")] service: Query<Option<i64>>,
        #[oai(example = "ex::agency")] agency: Query<Option<i64>>,
        #[oai(example = "ex::region")] region: Query<Option<String>>,
        #[oai(example = "ex::observation_channel")] channel: Query<Option<String>>,
        #[oai(example = "ex::period_from")] from: Query<Option<NaiveDate>>,
        #[oai(example = "ex::period_to")] to: Query<Option<NaiveDate>>,
    ) -> Result<Json<ObservationStatistics>, AppError> {
        let (ctx, caller) = common::maybe_caller(&state, req, &auth).await?;
        let by = GroupBy::parse(by.0.as_deref())?;
        let f = stats_filter(service.0, agency.0, region.0, channel.0, from.0, to.0);
        let groups = statistics::campaign_observations(&ctx, caller.as_ref(), lang_of(req), id.0, by, f).await?;
        Ok(Json(observation_stats_view(by, groups)))
    }

    /// Campaign statistics as CSV
    ///
    /// The same figures, one row per group.
    #[oai(path = "/campaigns/:id/statistics.csv", method = "get")]
    #[allow(clippy::too_many_arguments)]
    async fn statistics_csv(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: MaybeAuth,
        #[oai(example = "ex::campaign_id")] id: Path<i64>,
        #[oai(example = "ex::statistics_by")] by: Query<Option<String>>,
        #[oai(example = "ex::service")] service: Query<Option<i64>>,
        #[oai(example = "ex::agency")] agency: Query<Option<i64>>,
        #[oai(example = "ex::region")] region: Query<Option<String>>,
        #[oai(example = "ex::observation_channel")] channel: Query<Option<String>>,
        #[oai(example = "ex::period_from")] from: Query<Option<NaiveDate>>,
        #[oai(example = "ex::period_to")] to: Query<Option<NaiveDate>>,
    ) -> Result<CsvResponse, AppError> {
        let (ctx, caller) = common::maybe_caller(&state, req, &auth).await?;
        let by = GroupBy::parse(by.0.as_deref())?;
        let f = stats_filter(service.0, agency.0, region.0, channel.0, from.0, to.0);
        let groups = statistics::campaign_observations(&ctx, caller.as_ref(), lang_of(req), id.0, by, f).await?;
        let (header, rows) = statistics::observation_table(&groups);
        Ok(csv_attachment(statistics::to_csv(&header, &rows)?, &format!("campaign-{}-statistics.csv", id.0)))
    }

    /// Survey statistics
    ///
    /// Per question: how many answered, the distribution of choices or scores, and mean, min and
    /// max of numbers; for the whole campaign or per `service`, `agency` or `region`.
    #[oai(path = "/campaigns/:id/statistics/survey", method = "get")]
    async fn survey_statistics(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: MaybeAuth,
        #[oai(example = "ex::campaign_id")] id: Path<i64>,
        /// `none` (default), `service`, `agency` or `region`.
        #[oai(example = "ex::statistics_by")]
        by: Query<Option<String>>,
    ) -> Result<Json<SurveyStatistics>, AppError> {
        let (ctx, caller) = common::maybe_caller(&state, req, &auth).await?;
        let by = GroupBy::parse(by.0.as_deref())?;
        let groups = statistics::survey(&ctx, caller.as_ref(), lang_of(req), id.0, by).await?;
        Ok(Json(survey_view(by, groups)))
    }

    /// Survey statistics as CSV
    ///
    /// One row per group, question and answer value.
    #[oai(path = "/campaigns/:id/statistics/survey.csv", method = "get")]
    async fn survey_statistics_csv(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: MaybeAuth,
        #[oai(example = "ex::campaign_id")] id: Path<i64>,
        #[oai(example = "ex::statistics_by")] by: Query<Option<String>>,
    ) -> Result<CsvResponse, AppError> {
        let (ctx, caller) = common::maybe_caller(&state, req, &auth).await?;
        let by = GroupBy::parse(by.0.as_deref())?;
        let groups = statistics::survey(&ctx, caller.as_ref(), lang_of(req), id.0, by).await?;
        let (header, rows) = statistics::survey_table(&groups);
        Ok(csv_attachment(statistics::to_csv(&header, &rows)?, &format!("campaign-{}-survey.csv", id.0)))
    }
}

const CAMPAIGN_COLUMNS: &[Column] = &[
    ("id", "id"),
    ("state", "state"),
    ("basis", "basis"),
    ("order_reference", "order.reference"),
    ("order_date", "order.date"),
    ("order_customer_id", "order.customer_id"),
    ("organization_id", "organization_id"),
    ("title_kk", "title_kk"),
    ("title_ru", "title_ru"),
    ("period_from", "period_from"),
    ("period_to", "period_to"),
    ("service_ids", "service_ids"),
    ("agency_ids", "agency_ids"),
    ("regions", "regions"),
    ("activated_at", "activated_at"),
    ("completed_at", "completed_at"),
    ("updated_at", "updated_at"),
];

const OBSERVATION_COLUMNS: &[Column] = &[
    ("id", "id"),
    ("campaign_id", "campaign_id"),
    ("service_id", "service_id"),
    ("agency_id", "agency_id"),
    ("region", "region"),
    ("online", "online"),
    ("address", "address"),
    ("observed_on", "observed_on"),
    ("channel", "channel"),
    ("waiting_minutes", "waiting_minutes"),
    ("days_taken", "days_taken"),
    ("term_value", "normative_term.value"),
    ("term_unit", "normative_term.unit"),
    ("term_exceeded", "term_exceeded"),
    ("outcome", "outcome"),
    ("satisfaction", "satisfaction"),
    ("violations", "violations.category"),
    ("evidence_sha256", "evidence.sha256"),
    ("note_md", "note_md"),
    ("updated_at", "updated_at"),
];

fn campaign_pages(ctx: Ctx, f: CampaignFilter, lang: Lang) -> impl FnMut(Option<i64>) -> PageFuture + Send + 'static {
    move |after| {
        let (ctx, f) = (ctx.clone(), f.clone());
        Box::pin(async move {
            let (rows, next) = campaigns::list(&ctx, f, PageRequest { limit: PAGE, after }).await?;
            let after = next_after(&rows, &next, |c| c.id);
            let out =
                campaigns::views(&ctx.db, rows).await?.into_iter().flat_map(|v| json(campaign_view(v, lang))).collect();
            Ok((out, after))
        })
    }
}

fn observation_pages(
    ctx: Ctx,
    caller: Option<crate::service::Caller>,
    campaign_id: i64,
    f: ObservationFilter,
    lang: Lang,
) -> impl FnMut(Option<i64>) -> PageFuture + Send + 'static {
    move |after| {
        let (ctx, f, caller) = (ctx.clone(), f.clone(), caller.clone());
        Box::pin(async move {
            let page = PageRequest { limit: PAGE, after };
            let (rows, next) = observations::list(&ctx, caller.as_ref(), campaign_id, f, page).await?;
            let after = next_after(&rows, &next, |v| v.observation.id);
            Ok((rows.into_iter().filter_map(|v| json(observation_view(v, lang))).collect(), after))
        })
    }
}

fn public_observation_pages(
    ctx: Ctx,
    campaign_id: Option<i64>,
    f: ObservationFilter,
    lang: Lang,
) -> impl FnMut(Option<i64>) -> PageFuture + Send + 'static {
    move |after| {
        let (ctx, f) = (ctx.clone(), f.clone());
        Box::pin(async move {
            let page = PageRequest { limit: PAGE, after };
            let (rows, next) = observations::list_public(&ctx, campaign_id, f, page).await?;
            let after = next_after(&rows, &next, |v| v.observation.id);
            Ok((rows.into_iter().filter_map(|v| json(observation_view(v, lang))).collect(), after))
        })
    }
}

#[allow(clippy::too_many_arguments)]
fn observation_filter(
    service: Option<i64>,
    agency: Option<i64>,
    region: Option<String>,
    channel: Option<String>,
    outcome: Option<String>,
    violation: Option<String>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> ObservationFilter {
    ObservationFilter { service_id: service, agency_id: agency, region, channel, outcome, violation, from, to }
}

#[derive(Default)]
pub struct CampaignExportsApi;

#[OpenApi(tag = "ApiTags::Monitoring")]
impl CampaignExportsApi {
    /// Export public campaigns as CSV
    ///
    /// The list's filters; one row per campaign, streamed.
    #[oai(path = "/campaigns/export.csv", method = "get")]
    #[allow(clippy::too_many_arguments)]
    async fn campaigns_csv(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(name = "state", example = "ex::campaign_state")] state_: Query<Option<String>>,
        #[oai(example = "ex::campaign_basis")] basis: Query<Option<String>>,
        #[oai(example = "ex::organization")] organization: Query<Option<i64>>,
        #[oai(example = "ex::service")] service: Query<Option<i64>>,
        #[oai(example = "ex::agency")] agency: Query<Option<i64>>,
        #[oai(example = "ex::region")] region: Query<Option<String>>,
        #[oai(example = "ex::period_from")] from: Query<Option<NaiveDate>>,
        #[oai(example = "ex::period_to")] to: Query<Option<NaiveDate>>,
    ) -> Result<CsvExport, AppError> {
        let ctx = http::ctx(&state, req);
        let f = campaign_filter(state_.0, basis.0, organization.0, service.0, agency.0, region.0, from.0, to.0);
        check(campaigns::list(&ctx, f.clone(), PageRequest { limit: 1, after: None })).await?;
        Ok(exports_csv("campaigns", CAMPAIGN_COLUMNS, campaign_pages(ctx, f, lang_of(req))))
    }

    /// Export public campaigns as NDJSON
    #[oai(path = "/campaigns/export.ndjson", method = "get")]
    #[allow(clippy::too_many_arguments)]
    async fn campaigns_ndjson(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(name = "state", example = "ex::campaign_state")] state_: Query<Option<String>>,
        #[oai(example = "ex::campaign_basis")] basis: Query<Option<String>>,
        #[oai(example = "ex::organization")] organization: Query<Option<i64>>,
        #[oai(example = "ex::service")] service: Query<Option<i64>>,
        #[oai(example = "ex::agency")] agency: Query<Option<i64>>,
        #[oai(example = "ex::region")] region: Query<Option<String>>,
        #[oai(example = "ex::period_from")] from: Query<Option<NaiveDate>>,
        #[oai(example = "ex::period_to")] to: Query<Option<NaiveDate>>,
    ) -> Result<NdjsonExport, AppError> {
        let ctx = http::ctx(&state, req);
        let f = campaign_filter(state_.0, basis.0, organization.0, service.0, agency.0, region.0, from.0, to.0);
        check(campaigns::list(&ctx, f.clone(), PageRequest { limit: 1, after: None })).await?;
        Ok(exports_ndjson("campaigns", CAMPAIGN_COLUMNS, campaign_pages(ctx, f, lang_of(req))))
    }

    /// Export a campaign's observations as CSV
    ///
    /// Public part only, with the list's filters; streamed.
    #[oai(path = "/campaigns/:id/observations/export.csv", method = "get")]
    #[allow(clippy::too_many_arguments)]
    async fn observations_csv(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: MaybeAuth,
        #[oai(example = "ex::campaign_id")] id: Path<i64>,
        #[oai(example = "ex::service")] service: Query<Option<i64>>,
        #[oai(example = "ex::agency")] agency: Query<Option<i64>>,
        #[oai(example = "ex::region")] region: Query<Option<String>>,
        #[oai(example = "ex::observation_channel")] channel: Query<Option<String>>,
        #[oai(example = "ex::outcome")] outcome: Query<Option<String>>,
        #[oai(example = "ex::violation")] violation: Query<Option<String>>,
        #[oai(example = "ex::period_from")] from: Query<Option<NaiveDate>>,
        #[oai(example = "ex::period_to")] to: Query<Option<NaiveDate>>,
    ) -> Result<CsvExport, AppError> {
        let (ctx, caller) = common::maybe_caller(&state, req, &auth).await?;
        let f = observation_filter(service.0, agency.0, region.0, channel.0, outcome.0, violation.0, from.0, to.0);
        let first = PageRequest { limit: 1, after: None };
        check(observations::list(&ctx, caller.as_ref(), id.0, f.clone(), first)).await?;
        let name = format!("campaign-{}-observations", id.0);
        Ok(exports_csv(&name, OBSERVATION_COLUMNS, observation_pages(ctx, caller, id.0, f, lang_of(req))))
    }

    /// Export a campaign's observations as NDJSON
    #[oai(path = "/campaigns/:id/observations/export.ndjson", method = "get")]
    #[allow(clippy::too_many_arguments)]
    async fn observations_ndjson(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: MaybeAuth,
        #[oai(example = "ex::campaign_id")] id: Path<i64>,
        #[oai(example = "ex::service")] service: Query<Option<i64>>,
        #[oai(example = "ex::agency")] agency: Query<Option<i64>>,
        #[oai(example = "ex::region")] region: Query<Option<String>>,
        #[oai(example = "ex::observation_channel")] channel: Query<Option<String>>,
        #[oai(example = "ex::outcome")] outcome: Query<Option<String>>,
        #[oai(example = "ex::violation")] violation: Query<Option<String>>,
        #[oai(example = "ex::period_from")] from: Query<Option<NaiveDate>>,
        #[oai(example = "ex::period_to")] to: Query<Option<NaiveDate>>,
    ) -> Result<NdjsonExport, AppError> {
        let (ctx, caller) = common::maybe_caller(&state, req, &auth).await?;
        let f = observation_filter(service.0, agency.0, region.0, channel.0, outcome.0, violation.0, from.0, to.0);
        let first = PageRequest { limit: 1, after: None };
        check(observations::list(&ctx, caller.as_ref(), id.0, f.clone(), first)).await?;
        let name = format!("campaign-{}-observations", id.0);
        Ok(exports_ndjson(&name, OBSERVATION_COLUMNS, observation_pages(ctx, caller, id.0, f, lang_of(req))))
    }

    /// Export every public campaign's observations as CSV
    ///
    /// Public part only, with the flat list's filters; streamed.
    #[oai(path = "/observations/export.csv", method = "get")]
    #[allow(clippy::too_many_arguments)]
    async fn all_observations_csv(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(example = "ex::campaign")] campaign: Query<Option<i64>>,
        #[oai(example = "ex::service")] service: Query<Option<i64>>,
        #[oai(example = "ex::agency")] agency: Query<Option<i64>>,
        #[oai(example = "ex::region")] region: Query<Option<String>>,
        #[oai(example = "ex::observation_channel")] channel: Query<Option<String>>,
        #[oai(example = "ex::outcome")] outcome: Query<Option<String>>,
        #[oai(example = "ex::violation")] violation: Query<Option<String>>,
        #[oai(example = "ex::period_from")] from: Query<Option<NaiveDate>>,
        #[oai(example = "ex::period_to")] to: Query<Option<NaiveDate>>,
    ) -> Result<CsvExport, AppError> {
        let ctx = http::ctx(&state, req);
        let f = observation_filter(service.0, agency.0, region.0, channel.0, outcome.0, violation.0, from.0, to.0);
        let first = PageRequest { limit: 1, after: None };
        check(observations::list_public(&ctx, campaign.0, f.clone(), first)).await?;
        Ok(exports_csv("observations", OBSERVATION_COLUMNS, public_observation_pages(ctx, campaign.0, f, lang_of(req))))
    }

    /// Export every public campaign's observations as NDJSON
    #[oai(path = "/observations/export.ndjson", method = "get")]
    #[allow(clippy::too_many_arguments)]
    async fn all_observations_ndjson(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(example = "ex::campaign")] campaign: Query<Option<i64>>,
        #[oai(example = "ex::service")] service: Query<Option<i64>>,
        #[oai(example = "ex::agency")] agency: Query<Option<i64>>,
        #[oai(example = "ex::region")] region: Query<Option<String>>,
        #[oai(example = "ex::observation_channel")] channel: Query<Option<String>>,
        #[oai(example = "ex::outcome")] outcome: Query<Option<String>>,
        #[oai(example = "ex::violation")] violation: Query<Option<String>>,
        #[oai(example = "ex::period_from")] from: Query<Option<NaiveDate>>,
        #[oai(example = "ex::period_to")] to: Query<Option<NaiveDate>>,
    ) -> Result<NdjsonExport, AppError> {
        let ctx = http::ctx(&state, req);
        let f = observation_filter(service.0, agency.0, region.0, channel.0, outcome.0, violation.0, from.0, to.0);
        let first = PageRequest { limit: 1, after: None };
        check(observations::list_public(&ctx, campaign.0, f.clone(), first)).await?;
        let pages = public_observation_pages(ctx, campaign.0, f, lang_of(req));
        Ok(exports_ndjson("observations", OBSERVATION_COLUMNS, pages))
    }
}

#[allow(clippy::too_many_arguments)]
fn campaign_filter(
    state: Option<String>,
    basis: Option<String>,
    organization: Option<i64>,
    service: Option<i64>,
    agency: Option<i64>,
    region: Option<String>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> CampaignFilter {
    CampaignFilter {
        state,
        basis,
        organization_id: organization,
        service_id: service,
        agency_id: agency,
        region,
        active_on_or_after: from,
        active_on_or_before: to,
        mine: None,
    }
}

impl CampaignsApi {
    async fn step(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        id: i64,
        event: CampaignEvent,
    ) -> Result<Json<CampaignView>, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        let c = campaigns::transition(&ctx, &caller, id, event).await?;
        Ok(Json(campaign_view(campaigns::view(&ctx.db, c).await?, lang_of(req))))
    }
}

mod examples;
