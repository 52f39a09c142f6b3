//! Comments on public discussions of draft acts over HTTP (Law Art. 15): written by identified
//! authors while the window is open, decided one by one by the developer agency, and read by
//! anyone as open data.

use super::common::examples as ex;
use crate::{api::common, http};
use chrono::{DateTime, Utc};
use poem::{Request, web::Data};
use poem_openapi::{ApiResponse, Object, OpenApi, param::Path, param::Query, payload::Json};
use serde::Deserialize;

use super::{ApiTags, common::BearerAuth, common::Body, common::MaybeAuth, common::lang_of, views::Page};
use crate::i18n::Lang;
use crate::{
    domain::accounts::Scope,
    error::AppError,
    service::{
        discussions::{self},
        pagination::PageRequest,
    },
    state::AppState,
};

#[derive(Default)]
pub struct CommentsApi;

/// A comment as everyone may read it.
#[derive(Object)]
#[oai(example)]
pub struct CommentView {
    pub id: i64,
    pub discussion_id: i64,
    pub version: i32,
    /// The clause; absent for the whole draft.
    #[oai(nullable)]
    pub anchor: Option<String>,
    /// The author's display name or the organisation's name (the completion notice names the
    /// author's full name).
    pub source: String,
    #[oai(nullable)]
    pub organization_id: Option<i64>,
    pub proposal_md: String,
    pub proposal_html: String,
    #[oai(nullable)]
    pub replacement_text: Option<String>,
    /// `accepted`, `partially_accepted`, `rejected` or `not_considered`, once decided.
    #[oai(nullable)]
    pub decision: Option<String>,
    #[oai(nullable)]
    pub decision_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Why a moderator hid it: only for readers who still see it (authors, moderators).
    #[oai(skip_serializing_if_is_none)]
    pub hidden: Option<common::HiddenView>,
}

pub(crate) fn comment_view(s: discussions::ShownComment, lang: Lang) -> CommentView {
    let source = s.source_in(lang);
    let hidden = s.hidden.clone().map(Into::into);
    let c = s.comment;
    CommentView {
        hidden,
        proposal_html: crate::markdown::to_html(&c.proposal_md),
        id: c.id,
        discussion_id: c.discussion_id,
        version: c.version_number,
        anchor: c.anchor,
        source,
        organization_id: c.organization_id,
        proposal_md: c.proposal_md,
        replacement_text: c.replacement_text,
        decision: c.disposition,
        decision_reason: c.disposition_reason,
        created_at: c.created_at,
        updated_at: c.updated_at,
    }
}

/// A comment as it read before an edit.
#[derive(Object)]
#[oai(example)]
pub struct CommentRevisionView {
    pub proposal_md: String,
    #[oai(nullable)]
    pub replacement_text: Option<String>,
    pub written_at: DateTime<Utc>,
}

#[derive(Object, Deserialize)]
#[oai(example)]
#[serde(deny_unknown_fields)]
pub struct NewComment {
    /// A clause of the current version; absent for the whole draft.
    #[serde(default)]
    #[oai(nullable)]
    pub anchor: Option<String>,
    /// Comment in the name of this organisation (you must be its member).
    #[serde(default)]
    #[oai(nullable)]
    pub organization_id: Option<i64>,
    #[oai(validator(max_length = 20000, min_length = 5))]
    pub proposal_md: String,
    /// A suggested replacement text for the clause.
    #[serde(default)]
    #[oai(nullable)]
    pub replacement_text: Option<String>,
}

#[derive(Object, Deserialize)]
#[oai(example)]
#[serde(deny_unknown_fields)]
pub struct CommentEdit {
    #[oai(validator(max_length = 20000, min_length = 5))]
    pub proposal_md: String,
    #[serde(default)]
    #[oai(nullable)]
    pub replacement_text: Option<String>,
}

#[derive(Object, Deserialize)]
#[oai(example)]
#[serde(deny_unknown_fields)]
pub struct DecisionBody {
    /// `accepted`, `partially_accepted`, `rejected` (reason required) or `not_considered` (only
    /// for comments outside the subject; reason required).
    pub decision: String,
    #[serde(default)]
    #[oai(nullable)]
    pub reason: Option<String>,
}

#[derive(ApiResponse)]
pub enum CreatedComment {
    /// The comment, readable by everyone.
    #[oai(status = 201)]
    Created(Json<CommentView>),
}

pub(crate) fn comment_filter(
    discussion: Option<i64>,
    agency: Option<i64>,
    organization: Option<i64>,
    decision: Option<String>,
) -> discussions::CommentFilter {
    discussions::CommentFilter { discussion_id: discussion, agency_id: agency, organization_id: organization, decision }
}

#[OpenApi(tag = "ApiTags::Discussions")]
impl CommentsApi {
    /// Comment on the draft or a clause (signed-in people with a full name)
    ///
    /// Anonymous comments are not considered (`403 anonymous_comment`: add your full name to
    /// your profile); nor are comments outside the window (`409 discussion_not_open`,
    /// `409 discussion_closed`).
    #[oai(path = "/discussions/:id/comments", method = "post")]
    async fn comment(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::discussion_id")] id: Path<i64>,
        body: Body<NewComment>,
    ) -> Result<CreatedComment, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        let b = body.0;
        let c = discussions::comment(
            &ctx,
            &caller,
            id.0,
            discussions::NewComment {
                anchor: b.anchor,
                organization_id: b.organization_id,
                proposal_md: b.proposal_md,
                replacement_text: b.replacement_text,
            },
        )
        .await?;
        let shown = discussions::comments(&ctx, Some(&caller), id.0)
            .await?
            .into_iter()
            .find(|s| s.comment.id == c.id)
            .unwrap_or(discussions::ShownComment { comment: c, source: None, hidden: None });
        Ok(CreatedComment::Created(Json(comment_view(shown, lang_of(req)))))
    }

    /// Comments on a discussion
    #[oai(path = "/discussions/:id/comments", method = "get")]
    async fn comments(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: MaybeAuth,
        #[oai(example = "ex::discussion_id")] id: Path<i64>,
    ) -> Result<Json<Vec<CommentView>>, AppError> {
        let (ctx, caller) = common::maybe_caller(&state, req, &auth).await?;
        let shown = discussions::comments(&ctx, caller.as_ref(), id.0).await?;
        Ok(Json(shown.into_iter().map(|s| comment_view(s, lang_of(req))).collect()))
    }

    /// Edit my comment while the discussion is open
    #[oai(path = "/discussions/:id/comments/:comment_id", method = "patch")]
    async fn edit(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::discussion_id")] id: Path<i64>,
        #[oai(example = "ex::comment_id")] comment_id: Path<i64>,
        body: Body<CommentEdit>,
    ) -> Result<Json<CommentView>, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        let c =
            discussions::edit_comment(&ctx, &caller, id.0, comment_id.0, &body.0.proposal_md, body.0.replacement_text)
                .await?;
        let shown = discussions::comments(&ctx, Some(&caller), id.0)
            .await?
            .into_iter()
            .find(|s| s.comment.id == c.id)
            .unwrap_or(discussions::ShownComment { comment: c, source: None, hidden: None });
        Ok(Json(comment_view(shown, lang_of(req))))
    }

    /// Earlier texts of an edited comment
    #[oai(path = "/discussions/:id/comments/:comment_id/revisions", method = "get")]
    async fn comment_revisions(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(example = "ex::discussion_id")] id: Path<i64>,
        #[oai(example = "ex::comment_id")] comment_id: Path<i64>,
    ) -> Result<Json<Vec<CommentRevisionView>>, AppError> {
        let ctx = http::ctx(&state, req);
        if !discussions::comments(&ctx, None, id.0).await?.iter().any(|s| s.comment.id == comment_id.0) {
            return Err(AppError::not_found("comment", comment_id.0));
        }
        Ok(Json(
            discussions::comment_revisions(&ctx, comment_id.0)
                .await?
                .into_iter()
                .map(|r| CommentRevisionView {
                    proposal_md: r.proposal_md,
                    replacement_text: r.replacement_text,
                    written_at: r.created_at,
                })
                .collect(),
        ))
    }

    /// Decide on a comment after the discussion closes (officers of the developer agency)
    #[oai(path = "/discussions/:id/comments/:comment_id/decision", method = "put")]
    async fn decide(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::discussion_id")] id: Path<i64>,
        #[oai(example = "ex::comment_id")] comment_id: Path<i64>,
        body: Body<DecisionBody>,
    ) -> Result<Json<CommentView>, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        let c = discussions::dispose(&ctx, &caller, id.0, comment_id.0, &body.0.decision, body.0.reason).await?;
        let shown = discussions::comments(&ctx, Some(&caller), id.0)
            .await?
            .into_iter()
            .find(|s| s.comment.id == c.id)
            .unwrap_or(discussions::ShownComment { comment: c, source: None, hidden: None });
        Ok(Json(comment_view(shown, lang_of(req))))
    }

    /// Comments on every discussion (open data)
    ///
    /// Public from creation, ordered by id: the source as the discussion shows it (display name
    /// or organisation), never an e-mail, phone or IIN. Filter by discussion, developer agency,
    /// organisation and decision (`none` for undecided).
    #[oai(path = "/comments", method = "get")]
    #[allow(clippy::too_many_arguments)]
    async fn all_comments(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(example = "ex::discussion")] discussion: Query<Option<i64>>,
        /// The developer agency of the discussion.
        #[oai(example = "ex::agency")]
        agency: Query<Option<i64>>,
        #[oai(example = "ex::organization")] organization: Query<Option<i64>>,
        /// `accepted`, `partially_accepted`, `rejected`, `not_considered` or `none`.
        #[oai(example = "ex::comment_decision")]
        decision: Query<Option<String>>,
        #[oai(example = "ex::limit", validator(minimum(value = "1"), maximum(value = "100")))] limit: Query<
            Option<u64>,
        >,
        #[oai(example = "ex::cursor")] cursor: Query<Option<String>>,
    ) -> Result<Json<Page<CommentView>>, AppError> {
        let ctx = http::ctx(&state, req);
        let page = PageRequest::parse(limit.0, cursor.0.as_deref())?;
        let f = comment_filter(discussion.0, agency.0, organization.0, decision.0);
        let (rows, next) = discussions::list_comments(&ctx, f, page).await?;
        Ok(Json(Page { items: rows.into_iter().map(|s| comment_view(s, lang_of(req))).collect(), next_cursor: next }))
    }

    /// One comment
    #[oai(path = "/comments/:id", method = "get")]
    async fn one_comment(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(example = "ex::comment_id")] id: Path<i64>,
    ) -> Result<Json<CommentView>, AppError> {
        let ctx = http::ctx(&state, req);
        let s = discussions::comment_public(&ctx, id.0).await?;
        Ok(Json(comment_view(s, lang_of(req))))
    }
}

mod examples;
pub mod export;
