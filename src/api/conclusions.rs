use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use poem::{Request, web::Data};
use poem_openapi::{
    ApiResponse, Object, OpenApi,
    param::{Path, Query},
    payload::{Attachment, AttachmentType, Html, Json},
};
use serde::Deserialize;

use super::{
    ApiTags,
    common::{self, BearerAuth, Body, MaybeAuth, examples as ex, lang_of},
};
use crate::{
    domain::{
        accounts::Scope,
        conclusions::{self as domain, LineDiff, Sections, missing_or_empty, observation_refs},
    },
    error::AppError,
    http,
    i18n::{self, Lang},
    markdown::to_html,
    service::{
        Ctx,
        conclusions::{self, ConclusionFilter, ConclusionPatch, Correction, Full, NewConclusion, TextInput},
        pagination::PageRequest,
    },
    state::AppState,
};

#[derive(Default)]
pub struct ConclusionsApi;

/// The skeleton of a new conclusion.
#[derive(Object)]
#[oai(example)]
pub struct TemplateView {
    /// `kk`, `ru` or `en`.
    pub language: String,
    /// The four level-2 headings, each with a one-line hint in an HTML comment (hints do not count
    /// as content).
    pub markdown: String,
}

/// One of the four parts (Law Art. 29 p.3).
#[derive(Object)]
#[oai(example)]
pub struct SectionView {
    /// `compliance`, `recommendations`, `quality_proposals` or `bylaw_proposals`.
    pub key: String,
    /// The part's title in the conclusion's language.
    pub title: String,
    pub markdown: String,
    /// Sanitized HTML.
    pub html: String,
}

/// An observation the text cites as `[obs:N]`.
#[derive(Object)]
#[oai(example)]
pub struct ObservationLink {
    pub id: i64,
    pub url: String,
}

/// A recommendation or proposal agencies answer, keyed `<part>.<number>`.
#[derive(Object)]
#[oai(example)]
pub struct ItemView {
    /// E.g. `recommendations.2`.
    pub key: String,
    pub section: String,
    pub number: u32,
    pub text_md: String,
    pub text_html: String,
}

/// A conclusion with its latest text. A draft is seen only by its campaign's team.
#[derive(Object)]
#[oai(example)]
pub struct ConclusionView {
    pub id: i64,
    pub campaign_id: i64,
    pub title: String,
    /// `kk`, `ru` or `en`.
    pub language: String,
    /// `draft`, `submitted` or `published`.
    pub state: String,
    pub state_label: String,
    /// Agencies it is addressed to; their officers answer it.
    pub agency_ids: Vec<i64>,
    /// The authorized body, which receives it on submission.
    pub authorized_body_ids: Vec<i64>,
    /// Number of the latest revision.
    pub revision: i32,
    /// `draft` or `correction`.
    pub revision_kind: String,
    /// Why the latest revision corrected the published text.
    #[oai(nullable)]
    pub correction_reason: Option<String>,
    #[oai(nullable)]
    pub preamble_md: Option<String>,
    #[oai(nullable)]
    pub preamble_html: Option<String>,
    /// The parts written so far, in the law's order.
    pub sections: Vec<SectionView>,
    /// Parts still missing or empty: submitting needs none.
    pub missing_sections: Vec<String>,
    /// The whole text as one Markdown document with the canonical headings.
    pub document_md: String,
    /// Observations the text cites.
    pub observations: Vec<ObservationLink>,
    /// Items agencies answer.
    pub items: Vec<ItemView>,
    pub created_by: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    #[oai(nullable)]
    pub submitted_at: Option<DateTime<Utc>>,
    #[oai(nullable)]
    pub published_at: Option<DateTime<Utc>>,
    /// Why a moderator hid it: only for readers who still see it (authors, moderators).
    #[oai(skip_serializing_if_is_none)]
    pub hidden: Option<common::HiddenView>,
}

/// A conclusion in a list (and in exports): without its text.
#[derive(Object)]
#[oai(example)]
pub struct ConclusionSummary {
    pub id: i64,
    pub campaign_id: i64,
    pub title: String,
    pub language: String,
    /// `submitted` or `published`.
    pub state: String,
    pub agency_ids: Vec<i64>,
    pub revision: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    #[oai(nullable)]
    pub submitted_at: Option<DateTime<Utc>>,
    #[oai(nullable)]
    pub published_at: Option<DateTime<Utc>>,
}

impl ConclusionSummary {
    pub fn new(c: entity::conclusion::Model, agency_ids: Vec<i64>) -> Self {
        Self {
            id: c.id,
            campaign_id: c.campaign_id,
            title: c.title,
            language: c.language,
            state: c.state,
            agency_ids,
            revision: c.revision,
            created_at: c.created_at,
            updated_at: c.updated_at,
            submitted_at: c.submitted_at,
            published_at: c.published_at,
        }
    }
}

/// A saved text of a conclusion.
#[derive(Object)]
#[oai(example)]
pub struct ConclusionRevisionView {
    pub number: i32,
    /// `draft` or `correction`.
    pub kind: String,
    pub kind_label: String,
    /// Why a correction was made.
    #[oai(nullable)]
    pub reason: Option<String>,
    pub title: String,
    #[oai(nullable)]
    pub preamble_md: Option<String>,
    #[oai(nullable)]
    pub preamble_html: Option<String>,
    pub sections: Vec<SectionView>,
    pub document_md: String,
    pub created_by: i64,
    pub created_at: DateTime<Utc>,
}

/// One line of a diff.
#[derive(Object)]
#[oai(example)]
pub struct DiffLineView {
    /// `equal`, `insert` or `delete`.
    pub tag: String,
    #[oai(nullable)]
    pub old_line: Option<u64>,
    #[oai(nullable)]
    pub new_line: Option<u64>,
    pub text: String,
}

/// A run of changes with context lines; starts are 1-based.
#[derive(Object)]
#[oai(example)]
pub struct HunkView {
    pub old_start: u64,
    pub old_lines: u64,
    pub new_start: u64,
    pub new_lines: u64,
    pub lines: Vec<DiffLineView>,
}

/// The line diff between two revisions' documents.
#[derive(Object)]
#[oai(example)]
pub struct DiffView {
    pub from: i32,
    pub to: i32,
    pub inserted: u64,
    pub deleted: u64,
    /// Empty when the texts have the same lines.
    pub hunks: Vec<HunkView>,
}

/// The campaign's violations by agency and category, counted by the database.
#[derive(Object)]
#[oai(example)]
pub struct ViolationsTableView {
    pub markdown: String,
    pub html: String,
}

/// The text of a conclusion: either `document_md` (one Markdown document whose level-2 headings
/// name the parts, in Kazakh, Russian or English) or `sections` (the parts as fields, keyed
/// `compliance`, `recommendations`, `quality_proposals`, `bylaw_proposals`) with an optional
/// `preamble`.
#[derive(Object, Deserialize)]
#[oai(example)]
#[serde(deny_unknown_fields)]
pub struct NewConclusionBody {
    /// An active or completed campaign; you must be on its team.
    pub campaign_id: i64,
    /// 5 to 500 characters.
    #[oai(validator(max_length = 500, min_length = 5))]
    pub title: String,
    /// `kk`, `ru` or `en`; the client's language by default.
    #[serde(default)]
    #[oai(nullable)]
    pub language: Option<String>,
    /// Agencies the conclusion is addressed to (at least one).
    pub agency_ids: Vec<i64>,
    /// The whole text as one document; see `GET /conclusions/template`.
    #[serde(default)]
    #[oai(nullable)]
    pub document_md: Option<String>,
    /// Text before the first part.
    #[serde(default)]
    #[oai(nullable)]
    pub preamble: Option<String>,
    /// The parts as fields.
    #[serde(default)]
    #[oai(nullable)]
    pub sections: Option<BTreeMap<String, String>>,
    /// Append the generated table of the campaign's violations to the compliance part.
    #[serde(default)]
    #[oai(default)]
    pub insert_violations_table: bool,
}

/// A new revision of a draft; absent fields stay. Giving `document_md`, `sections` or `preamble`
/// replaces the whole text.
#[derive(Object, Deserialize)]
#[oai(example)]
#[serde(deny_unknown_fields)]
pub struct ConclusionChangeBody {
    #[serde(default)]
    #[oai(validator(max_length = 500, min_length = 5), nullable)]
    pub title: Option<String>,
    #[serde(default)]
    #[oai(nullable)]
    pub agency_ids: Option<Vec<i64>>,
    #[serde(default)]
    #[oai(nullable)]
    pub document_md: Option<String>,
    #[serde(default)]
    #[oai(nullable)]
    pub preamble: Option<String>,
    #[serde(default)]
    #[oai(nullable)]
    pub sections: Option<BTreeMap<String, String>>,
    #[serde(default)]
    #[oai(default)]
    pub insert_violations_table: bool,
}

/// A correction of a published conclusion: the reason and the corrected text (or title).
#[derive(Object, Deserialize)]
#[oai(example)]
#[serde(deny_unknown_fields)]
pub struct CorrectionBody {
    /// Why the published text changes; shown with the correction.
    #[oai(validator(max_length = 2000, min_length = 1))]
    pub reason: String,
    #[serde(default)]
    #[oai(validator(max_length = 500, min_length = 5), nullable)]
    pub title: Option<String>,
    #[serde(default)]
    #[oai(nullable)]
    pub document_md: Option<String>,
    #[serde(default)]
    #[oai(nullable)]
    pub preamble: Option<String>,
    #[serde(default)]
    #[oai(nullable)]
    pub sections: Option<BTreeMap<String, String>>,
    #[serde(default)]
    #[oai(default)]
    pub insert_violations_table: bool,
}

/// How one agency answered: items by the status of its latest answer, and items never answered.
#[derive(Object)]
#[oai(example)]
pub struct ScoreView {
    pub agency_id: i64,
    pub accepted: u32,
    pub in_progress: u32,
    pub done: u32,
    pub rejected: u32,
    pub ignored: u32,
}

impl From<domain::AgencyScore> for ScoreView {
    fn from(s: domain::AgencyScore) -> Self {
        Self {
            agency_id: s.agency_id,
            accepted: s.accepted,
            in_progress: s.in_progress,
            done: s.done,
            rejected: s.rejected,
            ignored: s.ignored,
        }
    }
}

/// The public scorecard of a conclusion, per addressed agency.
#[derive(Object)]
#[oai(example)]
pub struct ScorecardView {
    pub conclusion_id: i64,
    /// The items counted.
    pub items: Vec<String>,
    pub agencies: Vec<ScoreView>,
}

/// An agency's score on one conclusion.
#[derive(Object)]
#[oai(example)]
pub struct ConclusionScoreView {
    pub conclusion_id: i64,
    pub title: String,
    pub score: ScoreView,
}

/// An agency's measures across every published conclusion addressed to it.
#[derive(Object)]
#[oai(example)]
pub struct AgencyMeasuresView {
    pub agency_id: i64,
    pub totals: ScoreView,
    pub conclusions: Vec<ConclusionScoreView>,
}

#[derive(ApiResponse)]
pub enum CreatedConclusion {
    /// The draft conclusion.
    #[oai(status = 201)]
    Created(Json<ConclusionView>),
}

#[derive(ApiResponse)]
pub enum MarkdownExport {
    /// The conclusion as one Markdown document, its title as a level-1 heading.
    #[oai(status = 200, content_type = "text/markdown; charset=utf-8")]
    Markdown(Attachment<Vec<u8>>),
}

#[derive(ApiResponse)]
pub enum HtmlExport {
    /// A standalone, print-ready HTML page.
    #[oai(status = 200)]
    Html(Html<String>),
}

fn lang_code(code: &str) -> Lang {
    Lang::parse(code).unwrap_or(Lang::Ru)
}

fn section_views(s: &Sections, lang: Lang) -> Vec<SectionView> {
    s.parts
        .iter()
        .map(|(k, md)| SectionView {
            key: k.as_str().into(),
            title: k.title(lang),
            markdown: md.clone(),
            html: to_html(md),
        })
        .collect()
}

fn cited(s: &Sections) -> Vec<i64> {
    let mut out: Vec<i64> = Vec::new();
    for md in s.preamble.iter().chain(s.parts.values()) {
        for n in observation_refs(md) {
            if !out.contains(&n) {
                out.push(n);
            }
        }
    }
    out
}

pub fn view(f: Full, lang: Lang) -> ConclusionView {
    let doc_lang = lang_code(&f.conclusion.language);
    let c = f.conclusion;
    let s = f.sections;
    ConclusionView {
        hidden: crate::domain::moderation::Hidden::of(c.hidden_at, c.hidden_reason.as_deref()).map(Into::into),
        state_label: i18n::text(lang, &format!("conclusions.state.{}", c.state)),
        observations: cited(&s)
            .into_iter()
            .map(|n| ObservationLink { id: n, url: format!("/api/v1/campaigns/{}/observations/{n}", c.campaign_id) })
            .collect(),
        items: domain::items(&s)
            .into_iter()
            .map(|i| ItemView {
                key: i.key,
                section: i.section.as_str().into(),
                number: i.number,
                text_html: to_html(&i.text_md),
                text_md: i.text_md,
            })
            .collect(),
        missing_sections: missing_or_empty(&s).into_iter().map(|k| k.as_str().to_string()).collect(),
        document_md: s.to_document(doc_lang),
        sections: section_views(&s, doc_lang),
        preamble_html: s.preamble.as_deref().map(to_html),
        preamble_md: s.preamble,
        revision_kind: f.revision.kind.clone(),
        correction_reason: f.revision.reason.clone(),
        agency_ids: f.addressed,
        authorized_body_ids: f.authorized,
        id: c.id,
        campaign_id: c.campaign_id,
        title: c.title,
        language: c.language,
        state: c.state,
        revision: c.revision,
        created_by: c.created_by,
        created_at: c.created_at,
        updated_at: c.updated_at,
        submitted_at: c.submitted_at,
        published_at: c.published_at,
    }
}

fn revision_view(
    r: entity::conclusion_revision::Model,
    doc_lang: Lang,
    lang: Lang,
) -> Result<ConclusionRevisionView, AppError> {
    let s = conclusions::sections_of(&r)?;
    Ok(ConclusionRevisionView {
        kind_label: i18n::text(lang, &format!("conclusions.revision.{}", r.kind)),
        document_md: s.to_document(doc_lang),
        sections: section_views(&s, doc_lang),
        preamble_html: s.preamble.as_deref().map(to_html),
        preamble_md: s.preamble,
        number: r.number,
        kind: r.kind,
        reason: r.reason,
        title: r.title,
        created_by: r.created_by,
        created_at: r.created_at,
    })
}

fn diff_view(from: i32, to: i32, d: LineDiff) -> DiffView {
    DiffView {
        from,
        to,
        inserted: d.inserted as u64,
        deleted: d.deleted as u64,
        hunks: d
            .hunks
            .into_iter()
            .map(|h| HunkView {
                old_start: h.old_start as u64,
                old_lines: h.old_lines as u64,
                new_start: h.new_start as u64,
                new_lines: h.new_lines as u64,
                lines: h
                    .lines
                    .into_iter()
                    .map(|l| DiffLineView {
                        tag: serde_json::to_value(l.tag)
                            .ok()
                            .and_then(|v| v.as_str().map(str::to_string))
                            .unwrap_or_default(),
                        old_line: l.old_line.map(|n| n as u64),
                        new_line: l.new_line.map(|n| n as u64),
                        text: l.text,
                    })
                    .collect(),
            })
            .collect(),
    }
}

fn parse_lang(lang: Option<String>, req: &Request) -> Result<Lang, AppError> {
    match lang {
        None => Ok(lang_of(req)),
        Some(l) => Lang::parse(&l).ok_or_else(|| AppError::invalid_parameter("lang", "kk, ru or en")),
    }
}

fn text_input(
    document_md: Option<String>,
    preamble: Option<String>,
    sections: Option<BTreeMap<String, String>>,
    insert_violations_table: bool,
) -> TextInput {
    TextInput { document_md, preamble, sections, insert_violations_table }
}

#[OpenApi(tag = "ApiTags::Conclusions")]
impl ConclusionsApi {
    /// The template of a conclusion
    ///
    /// The Markdown skeleton with the four level-2 headings the law requires (Art. 29 p.3) and a
    /// one-line hint under each. Headings are recognised in Kazakh, Russian and English whatever
    /// the template's language.
    #[oai(path = "/conclusions/template", method = "get")]
    async fn template(
        &self,
        req: &Request,
        /// `kk`, `ru` or `en`; the client's language by default.
        #[oai(example = "ex::lang")]
        lang: Query<Option<String>>,
    ) -> Result<Json<TemplateView>, AppError> {
        let lang = parse_lang(lang.0, req)?;
        Ok(Json(TemplateView { language: lang.code().into(), markdown: domain::template(lang) }))
    }

    /// Draft a conclusion
    ///
    /// The campaign's team drafts a conclusion of an active or completed campaign, addressed to
    /// one or more agencies. Parts may be missing while drafting. An unknown level-2 heading or a
    /// part given twice is a `422` naming it; an `[obs:N]` citing an observation that is not the
    /// campaign's is a `422`.
    #[oai(path = "/conclusions", method = "post")]
    async fn create(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        body: Body<NewConclusionBody>,
    ) -> Result<CreatedConclusion, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        let b = body.0;
        let f = conclusions::create(
            &ctx,
            &caller,
            lang_of(req),
            NewConclusion {
                campaign_id: b.campaign_id,
                title: b.title,
                language: b.language,
                agency_ids: b.agency_ids,
                text: text_input(b.document_md, b.preamble, b.sections, b.insert_violations_table),
            },
        )
        .await?;
        Ok(CreatedConclusion::Created(Json(view(f, lang_of(req)))))
    }

    /// List conclusions
    ///
    /// Submitted and published conclusions (drafts are their teams' own), by campaign, agency
    /// (addressed or receiving) and state.
    #[oai(path = "/conclusions", method = "get")]
    async fn list(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(example = "ex::campaign")] campaign: Query<Option<i64>>,
        #[oai(example = "ex::agency")] agency: Query<Option<i64>>,
        /// `submitted` or `published`.
        #[oai(name = "state", example = "ex::conclusion_state")]
        state_: Query<Option<String>>,
        /// 1..100, default 20.
        #[oai(example = "ex::limit", validator(minimum(value = "1"), maximum(value = "100")))]
        limit: Query<Option<u64>>,
        /// `next_cursor` of the previous page.
        #[oai(example = "ex::cursor")]
        cursor: Query<Option<String>>,
    ) -> Result<Json<super::views::Page<ConclusionSummary>>, AppError> {
        let ctx = http::ctx(&state, req);
        let page = PageRequest::parse(limit.0, cursor.0.as_deref())?;
        let f = conclusion_filter(campaign.0, agency.0, state_.0);
        let (items, next) = summaries(&ctx, f, page).await?;
        Ok(Json(super::views::Page { items, next_cursor: next }))
    }

    /// My conclusions, drafts included
    ///
    /// The conclusions of the campaigns I am on the team of.
    #[oai(path = "/me/conclusions", method = "get")]
    async fn mine(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        /// `draft`, `submitted` or `published`.
        #[oai(name = "state", example = "ex::conclusion_state")]
        state_: Query<Option<String>>,
        #[oai(example = "ex::limit", validator(minimum(value = "1"), maximum(value = "100")))] limit: Query<
            Option<u64>,
        >,
        #[oai(example = "ex::cursor")] cursor: Query<Option<String>>,
    ) -> Result<Json<super::views::Page<ConclusionSummary>>, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Read).await?;
        let page = PageRequest::parse(limit.0, cursor.0.as_deref())?;
        let f = ConclusionFilter { campaign_id: None, agency_id: None, state: state_.0, mine: Some(caller.id()) };
        let (items, next) = summaries(&ctx, f, page).await?;
        Ok(Json(super::views::Page { items, next_cursor: next }))
    }

    /// One conclusion
    ///
    /// Its latest text, rendered, with the observations it cites and the items agencies answer.
    #[oai(path = "/conclusions/:id", method = "get")]
    async fn get(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: MaybeAuth,
        #[oai(example = "ex::conclusion_id")] id: Path<i64>,
    ) -> Result<Json<ConclusionView>, AppError> {
        let (ctx, caller) = common::maybe_caller(&state, req, &auth).await?;
        Ok(Json(view(conclusions::get_visible(&ctx, caller.as_ref(), id.0).await?, lang_of(req))))
    }

    /// Edit a draft
    ///
    /// Every save is a new revision. A submitted or published conclusion is frozen
    /// (`409 conclusion_not_draft`).
    #[oai(path = "/conclusions/:id", method = "patch")]
    async fn update(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::conclusion_id")] id: Path<i64>,
        body: Body<ConclusionChangeBody>,
    ) -> Result<Json<ConclusionView>, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        let b = body.0;
        let p = ConclusionPatch {
            title: b.title,
            agency_ids: b.agency_ids,
            text: text_input(b.document_md, b.preamble, b.sections, b.insert_violations_table),
        };
        Ok(Json(view(conclusions::update(&ctx, &caller, id.0, p).await?, lang_of(req))))
    }

    /// Submit a draft
    ///
    /// All four parts must be present and not empty: otherwise a `422` lists each missing part
    /// at `/sections/<key>`. The conclusion freezes and goes to the addressed agencies and the
    /// authorized body.
    #[oai(path = "/conclusions/:id/submit", method = "post")]
    async fn submit(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::conclusion_id")] id: Path<i64>,
    ) -> Result<Json<ConclusionView>, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        Ok(Json(view(conclusions::submit(&ctx, &caller, id.0).await?, lang_of(req))))
    }

    /// Publish a submitted conclusion
    ///
    /// Agencies answer it from now on, and it enters the search index.
    #[oai(path = "/conclusions/:id/publish", method = "post")]
    async fn publish(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::conclusion_id")] id: Path<i64>,
    ) -> Result<Json<ConclusionView>, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        Ok(Json(view(conclusions::publish(&ctx, &caller, id.0).await?, lang_of(req))))
    }

    /// Correct a published conclusion
    ///
    /// A new revision marked as a correction with its reason; the earlier texts stay readable
    /// under `revisions`.
    #[oai(path = "/conclusions/:id/corrections", method = "post")]
    async fn correct(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::conclusion_id")] id: Path<i64>,
        body: Body<CorrectionBody>,
    ) -> Result<Json<ConclusionView>, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        let b = body.0;
        let input = Correction {
            reason: b.reason,
            title: b.title,
            text: text_input(b.document_md, b.preamble, b.sections, b.insert_violations_table),
        };
        Ok(Json(view(conclusions::correct(&ctx, &caller, id.0, input).await?, lang_of(req))))
    }

    /// The revisions of a conclusion
    ///
    /// Every saved text, oldest first; corrections carry their reason.
    #[oai(path = "/conclusions/:id/revisions", method = "get")]
    async fn revisions(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: MaybeAuth,
        #[oai(example = "ex::conclusion_id")] id: Path<i64>,
    ) -> Result<Json<Vec<ConclusionRevisionView>>, AppError> {
        let (ctx, caller) = common::maybe_caller(&state, req, &auth).await?;
        let f = conclusions::get_visible(&ctx, caller.as_ref(), id.0).await?;
        let doc_lang = lang_code(&f.conclusion.language);
        let rows = conclusions::revisions(&ctx, caller.as_ref(), id.0).await?;
        Ok(Json(rows.into_iter().map(|r| revision_view(r, doc_lang, lang_of(req))).collect::<Result<_, _>>()?))
    }

    /// One revision of a conclusion
    #[oai(path = "/conclusions/:id/revisions/:number", method = "get")]
    async fn revision(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: MaybeAuth,
        #[oai(example = "ex::conclusion_id")] id: Path<i64>,
        #[oai(example = "ex::revision_number")] number: Path<i32>,
    ) -> Result<Json<ConclusionRevisionView>, AppError> {
        let (ctx, caller) = common::maybe_caller(&state, req, &auth).await?;
        let (f, r) = conclusions::revision(&ctx, caller.as_ref(), id.0, number.0).await?;
        Ok(Json(revision_view(r, lang_code(&f.conclusion.language), lang_of(req))?))
    }

    /// The line diff between two revisions
    ///
    /// Of the two texts as one Markdown document each, grouped into hunks with `context` equal
    /// lines around each change (default 3).
    #[oai(path = "/conclusions/:id/diff", method = "get")]
    async fn diff(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: MaybeAuth,
        #[oai(example = "ex::conclusion_id")] id: Path<i64>,
        /// The older revision's number.
        #[oai(example = "ex::revision_from")]
        from: Query<i32>,
        /// The newer revision's number.
        #[oai(example = "ex::revision_to")]
        to: Query<i32>,
        #[oai(example = "ex::diff_context")] context: Query<Option<u32>>,
    ) -> Result<Json<DiffView>, AppError> {
        let (ctx, caller) = common::maybe_caller(&state, req, &auth).await?;
        let (f, old) = conclusions::revision(&ctx, caller.as_ref(), id.0, from.0).await?;
        let (_, new) = conclusions::revision(&ctx, caller.as_ref(), id.0, to.0).await?;
        let lang = lang_code(&f.conclusion.language);
        let (old_doc, new_doc) =
            (conclusions::sections_of(&old)?.to_document(lang), conclusions::sections_of(&new)?.to_document(lang));
        let d = domain::line_diff(&old_doc, &new_doc, context.0.unwrap_or(3) as usize);
        Ok(Json(diff_view(from.0, to.0, d)))
    }

    /// The campaign's violations as a table
    ///
    /// Violations of the conclusion's campaign by agency and category (form 1-мк), counted by the
    /// database, as Markdown to insert into the compliance part (or pass
    /// `insert_violations_table` when saving).
    #[oai(path = "/conclusions/:id/violations-table", method = "get")]
    async fn violations_table(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: MaybeAuth,
        #[oai(example = "ex::conclusion_id")] id: Path<i64>,
        /// `kk`, `ru` or `en`; the conclusion's language by default.
        #[oai(example = "ex::lang")]
        lang: Query<Option<String>>,
    ) -> Result<Json<ViolationsTableView>, AppError> {
        let (ctx, caller) = common::maybe_caller(&state, req, &auth).await?;
        let f = conclusions::get_visible(&ctx, caller.as_ref(), id.0).await?;
        let lang = match lang.0 {
            None => lang_code(&f.conclusion.language),
            some => parse_lang(some, req)?,
        };
        let markdown = conclusions::violations_markdown(&ctx.db, lang, f.campaign.id).await?;
        Ok(Json(ViolationsTableView { html: to_html(&markdown), markdown }))
    }

    /// Export a conclusion as Markdown
    #[oai(path = "/conclusions/:id/export.md", method = "get")]
    async fn export_markdown(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: MaybeAuth,
        #[oai(example = "ex::conclusion_id")] id: Path<i64>,
    ) -> Result<MarkdownExport, AppError> {
        let (ctx, caller) = common::maybe_caller(&state, req, &auth).await?;
        let f = conclusions::get_visible(&ctx, caller.as_ref(), id.0).await?;
        let doc = format!("# {}\n\n{}", f.conclusion.title, f.sections.to_document(lang_code(&f.conclusion.language)));
        Ok(MarkdownExport::Markdown(
            Attachment::new(doc.into_bytes())
                .attachment_type(AttachmentType::Attachment)
                .filename(format!("conclusion-{}.md", id.0)),
        ))
    }

    /// Export a conclusion as a printable HTML page
    ///
    /// A standalone page with the campaign, authors, addressees, dates and the four parts.
    #[oai(path = "/conclusions/:id/export.html", method = "get")]
    async fn export_html(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: MaybeAuth,
        #[oai(example = "ex::conclusion_id")] id: Path<i64>,
    ) -> Result<HtmlExport, AppError> {
        let (ctx, caller) = common::maybe_caller(&state, req, &auth).await?;
        let f = conclusions::get_visible(&ctx, caller.as_ref(), id.0).await?;
        Ok(HtmlExport::Html(Html(print::standalone_html(&ctx, &f).await?)))
    }

    /// Export a conclusion as JSON
    ///
    /// The same object as `GET /conclusions/{id}`.
    #[oai(path = "/conclusions/:id/export.json", method = "get")]
    async fn export_json(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: MaybeAuth,
        #[oai(example = "ex::conclusion_id")] id: Path<i64>,
    ) -> Result<Json<ConclusionView>, AppError> {
        let (ctx, caller) = common::maybe_caller(&state, req, &auth).await?;
        Ok(Json(view(conclusions::get_visible(&ctx, caller.as_ref(), id.0).await?, lang_of(req))))
    }

    /// The scorecard of a conclusion
    ///
    /// Per addressed agency, how many items it accepted, has in progress, did or rejected (by its
    /// latest answer on each) and how many it ignored.
    #[oai(path = "/conclusions/:id/scorecard", method = "get")]
    async fn scorecard(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: MaybeAuth,
        #[oai(example = "ex::conclusion_id")] id: Path<i64>,
    ) -> Result<Json<ScorecardView>, AppError> {
        let (ctx, caller) = common::maybe_caller(&state, req, &auth).await?;
        let f = conclusions::get_visible(&ctx, caller.as_ref(), id.0).await?;
        let (items, card) = conclusions::scorecard_of(&ctx.db, &f).await?;
        Ok(Json(ScorecardView { conclusion_id: id.0, items, agencies: card.into_iter().map(Into::into).collect() }))
    }

    /// An agency's measures across conclusions
    ///
    /// Its scores on every published conclusion addressed to it, and their totals.
    #[oai(path = "/agencies/:id/measures", method = "get")]
    async fn agency_measures(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(example = "ex::agency_id")] id: Path<i64>,
    ) -> Result<Json<AgencyMeasuresView>, AppError> {
        let ctx = http::ctx(&state, req);
        let (totals, rows) = conclusions::agency_measures(&ctx, id.0).await?;
        Ok(Json(AgencyMeasuresView {
            agency_id: id.0,
            totals: totals.into(),
            conclusions: rows
                .into_iter()
                .map(|(c, s)| ConclusionScoreView { conclusion_id: c.id, title: c.title, score: s.into() })
                .collect(),
        }))
    }
}

/// A page of the public list as summaries; also the exports' pages.
pub async fn summaries(
    ctx: &Ctx,
    f: ConclusionFilter,
    page: PageRequest,
) -> Result<(Vec<ConclusionSummary>, Option<String>), AppError> {
    let (rows, next) = conclusions::list(ctx, f, page).await?;
    let ids: Vec<i64> = rows.iter().map(|c| c.id).collect();
    let mut addressed = conclusions::addressed_of(&ctx.db, &ids).await?;
    let items = rows
        .into_iter()
        .map(|c| {
            let a = addressed.remove(&c.id).unwrap_or_default();
            ConclusionSummary::new(c, a)
        })
        .collect();
    Ok((items, next))
}

/// The public list's filters, as the list and its exports take them.
fn conclusion_filter(campaign: Option<i64>, agency: Option<i64>, state: Option<String>) -> ConclusionFilter {
    ConclusionFilter { campaign_id: campaign, agency_id: agency, state, mine: None }
}

mod examples;
pub mod export;
mod print;
