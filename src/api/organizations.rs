use crate::{api::common, http};
use chrono::{DateTime, Utc};
use poem::{Request, web::Data};
use poem_openapi::{ApiResponse, Object, OpenApi, param::Path, param::Query, payload::Json};
use serde::Deserialize;

use super::common::examples as ex;
use super::{ApiTags, common::BearerAuth, common::Body, common::MaybeAuth, common::NoContent, views::Page};
use crate::{
    domain::accounts::Scope,
    error::{AppError, AppResult},
    service::{Ctx, organizations as orgs, pagination::PageRequest},
    state::AppState,
};

#[derive(Default)]
pub struct OrganizationsApi;

/// An NGO on the portal.
#[derive(Object)]
#[oai(example)]
pub struct OrganizationView {
    pub id: i64,
    pub name: String,
    /// Business identification number (public for organisations).
    pub bin: String,
    #[oai(nullable)]
    pub website: Option<String>,
    pub member_count: u64,
    pub created_at: DateTime<Utc>,
}

#[derive(Object, Deserialize)]
#[oai(example)]
pub struct NewOrganization {
    #[oai(validator(max_length = 300, min_length = 2))]
    pub name: String,
    /// 12 digits with a valid check digit.
    pub bin: String,
    #[serde(default)]
    #[oai(nullable)]
    pub website: Option<String>,
}

/// A member as the reader may see them: the display name (for the public only when the member
/// chose to show it) and the role; never contacts.
#[derive(Object)]
#[oai(example)]
pub struct MemberView {
    pub account_id: i64,
    /// The member's display name; to readers outside the organisation, "a citizen" (in the
    /// reader's language) when the member keeps their name private.
    pub display_name: String,
    /// `admin` or `member`.
    pub role: String,
    pub since: DateTime<Utc>,
}

#[derive(Object, Deserialize)]
#[oai(example)]
pub struct NewInvitation {
    /// E-mail of the person to invite; they accept after signing in with it.
    pub email: String,
    /// `admin` or `member`.
    pub role: String,
}

#[derive(Object)]
#[oai(example)]
pub struct InvitationView {
    pub id: i64,
    pub organization_id: i64,
    pub email: String,
    pub role: String,
    /// `pending`, `accepted` or `declined`.
    pub status: String,
    pub created_at: DateTime<Utc>,
    #[oai(nullable)]
    pub decided_at: Option<DateTime<Utc>>,
}

impl From<entity::invitation::Model> for InvitationView {
    fn from(i: entity::invitation::Model) -> Self {
        Self {
            id: i.id,
            organization_id: i.organization_id,
            email: i.email,
            role: i.role,
            status: i.status,
            created_at: i.created_at,
            decided_at: i.decided_at,
        }
    }
}

#[derive(Object, Deserialize)]
#[oai(example)]
pub struct RoleChange {
    /// `admin` or `member`.
    pub role: String,
}

#[derive(ApiResponse)]
pub enum CreateOrganizationResponse {
    /// Created; the caller is its first administrator.
    #[oai(status = 201)]
    Created(Json<OrganizationView>),
}

#[derive(ApiResponse)]
pub enum CreateInvitationResponse {
    /// The invitation waits for the invitee to accept it.
    #[oai(status = 201)]
    Created(Json<InvitationView>),
}

async fn view(ctx: &Ctx, o: entity::organization::Model) -> AppResult<OrganizationView> {
    Ok(OrganizationView {
        member_count: orgs::member_count(ctx, o.id).await?,
        id: o.id,
        name: o.name,
        bin: o.bin,
        website: o.website,
        created_at: o.created_at,
    })
}

#[OpenApi(tag = "ApiTags::Organizations")]
impl OrganizationsApi {
    /// Register an organisation
    ///
    /// Refused with `bin_taken` when its BIN is already on the portal.
    #[oai(path = "/organizations", method = "post")]
    async fn create(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        body: Body<NewOrganization>,
    ) -> Result<CreateOrganizationResponse, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        let b = body.0;
        let o =
            orgs::create(&ctx, &caller, orgs::NewOrganization { name: b.name, bin: b.bin, website: b.website }).await?;
        Ok(CreateOrganizationResponse::Created(Json(view(&ctx, o).await?)))
    }

    /// List organisations
    #[oai(path = "/organizations", method = "get")]
    async fn list(
        &self,
        state: Data<&AppState>,
        req: &Request,
        /// Part of the name, or the exact BIN.
        #[oai(example = "ex::organization_q")]
        q: Query<Option<String>>,
        /// 1..100, default 20.
        #[oai(example = "ex::limit", validator(minimum(value = "1"), maximum(value = "100")))]
        limit: Query<Option<u64>>,
        /// `next_cursor` of the previous page.
        #[oai(example = "ex::cursor")]
        cursor: Query<Option<String>>,
    ) -> Result<Json<Page<OrganizationView>>, AppError> {
        let ctx = http::ctx(&state, req);
        let page = PageRequest::parse(limit.0, cursor.0.as_deref())?;
        let (rows, next) = orgs::list(&ctx, q.0, page).await?;
        let mut items = Vec::with_capacity(rows.len());
        for o in rows {
            items.push(view(&ctx, o).await?);
        }
        Ok(Json(Page { items, next_cursor: next }))
    }

    /// One organisation
    #[oai(path = "/organizations/:id", method = "get")]
    async fn get(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(example = "ex::organization_id")] id: Path<i64>,
    ) -> Result<Json<OrganizationView>, AppError> {
        let ctx = http::ctx(&state, req);
        let o = orgs::get(&ctx, id.0).await?;
        Ok(Json(view(&ctx, o).await?))
    }

    /// Members of an organisation
    #[oai(path = "/organizations/:id/members", method = "get")]
    async fn members(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: MaybeAuth,
        #[oai(example = "ex::organization_id")] id: Path<i64>,
    ) -> Result<Json<Vec<MemberView>>, AppError> {
        let (ctx, caller) = common::maybe_caller(&state, req, &auth).await?;
        let lang = common::lang_of(req);
        let members = orgs::members(&ctx, caller.as_ref(), id.0).await?;
        Ok(Json(
            members
                .into_iter()
                .map(|m| MemberView {
                    account_id: m.account_id,
                    display_name: crate::service::accounts::shown_name(m.name, lang),
                    role: m.role,
                    since: m.since,
                })
                .collect(),
        ))
    }

    /// Change a member's role (organisation administrators)
    #[oai(path = "/organizations/:id/members/:account_id", method = "patch")]
    async fn set_role(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::organization_id")] id: Path<i64>,
        #[oai(example = "ex::account_id")] account_id: Path<i64>,
        body: Body<RoleChange>,
    ) -> Result<NoContent, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        orgs::set_member_role(&ctx, &caller, id.0, account_id.0, &body.0.role).await?;
        Ok(NoContent::Done)
    }

    /// Remove a member, or leave
    ///
    /// An organisation administrator removes anyone; a member may remove themselves. The last
    /// administrator cannot go (`last_organization_admin`).
    #[oai(path = "/organizations/:id/members/:account_id", method = "delete")]
    async fn remove_member(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::organization_id")] id: Path<i64>,
        #[oai(example = "ex::account_id")] account_id: Path<i64>,
    ) -> Result<NoContent, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        orgs::remove_member(&ctx, &caller, id.0, account_id.0).await?;
        Ok(NoContent::Done)
    }

    /// Invite someone (organisation administrators)
    #[oai(path = "/organizations/:id/invitations", method = "post")]
    async fn invite(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::organization_id")] id: Path<i64>,
        body: Body<NewInvitation>,
    ) -> Result<CreateInvitationResponse, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        let inv = orgs::invite(&ctx, &caller, id.0, &body.0.email, &body.0.role).await?;
        Ok(CreateInvitationResponse::Created(Json(inv.into())))
    }

    /// Invitations of an organisation (organisation administrators)
    #[oai(path = "/organizations/:id/invitations", method = "get")]
    async fn invitations(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::organization_id")] id: Path<i64>,
    ) -> Result<Json<Vec<InvitationView>>, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Read).await?;
        let rows = orgs::organization_invitations(&ctx, &caller, id.0).await?;
        Ok(Json(rows.into_iter().map(Into::into).collect()))
    }

    /// My pending invitations
    #[oai(path = "/me/invitations", method = "get")]
    async fn my_invitations(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
    ) -> Result<Json<Vec<InvitationView>>, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Read).await?;
        let rows = orgs::my_invitations(&ctx, &caller).await?;
        Ok(Json(rows.into_iter().map(Into::into).collect()))
    }

    /// Accept an invitation
    ///
    /// Only the invitee (the account with the invited e-mail) may accept.
    #[oai(path = "/invitations/:id/accept", method = "post")]
    async fn accept(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::invitation_id")] id: Path<i64>,
    ) -> Result<Json<InvitationView>, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        Ok(Json(orgs::decide_invitation(&ctx, &caller, id.0, true).await?.into()))
    }

    /// Decline an invitation
    #[oai(path = "/invitations/:id/decline", method = "post")]
    async fn decline(
        &self,
        state: Data<&AppState>,
        req: &Request,
        auth: BearerAuth,
        #[oai(example = "ex::invitation_id")] id: Path<i64>,
    ) -> Result<Json<InvitationView>, AppError> {
        let (ctx, caller) = common::caller(&state, req, &auth, Scope::Write).await?;
        Ok(Json(orgs::decide_invitation(&ctx, &caller, id.0, false).await?.into()))
    }
}

mod examples;
