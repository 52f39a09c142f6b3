//! `/requests/{id}`: an information request as the public record shows it (Law Art. 29 p.2): the
//! questions, the addressed agency, the requester as they chose to appear, the deadline, what the
//! requester checked was not already published, and the timeline with the answer and its files.
//! Drafts only for their author, as the service decides.
use minijinja::{Value, context};
use poem::{
    Response, handler,
    http::StatusCode,
    web::{Path, Query},
};
use serde::{Deserialize, Serialize};

use super::AgencyLink;
use crate::{
    domain::requests::{DayUnit, DeadlineRule, Event, RefusalGround},
    error::AppResult,
    i18n::{self, Lang},
    markdown,
    service::{
        agencies,
        requests::{self, CheckMatch, CheckResult},
    },
    web::session::Page,
};

#[derive(Serialize)]
struct FileView {
    name: String,
    content_type: String,
    size_bytes: i64,
    href: String,
}

#[derive(Serialize)]
struct EventView {
    kind: String,
    label: String,
    at: String,
    body_html: Option<String>,
    reason: Option<String>,
    ground: Option<String>,
    url: Option<String>,
    due_date: Option<String>,
    linked_href: Option<String>,
    attachments: Vec<crate::service::reports::AttachmentLink>,
    files: Vec<FileView>,
    answer: bool,
}

#[derive(Serialize)]
struct MatchView {
    kind: String,
    title: String,
    href: String,
}

pub fn state_label(lang: Lang, state: &str) -> String {
    i18n::text(lang, &format!("web.request.state.{state}"))
}

fn ground_label(lang: Lang, ground: &str) -> String {
    i18n::text(lang, &format!("web.request.ground.{ground}"))
}

fn matches(v: Vec<CheckMatch>) -> Vec<MatchView> {
    v.into_iter().map(|m| MatchView { kind: m.kind, title: m.title, href: super::page_href(&m.url) }).collect()
}

/// What a page says happened after a form succeeded (`?done=`).
#[derive(Deserialize)]
pub struct Done {
    done: Option<String>,
}

#[handler]
pub async fn page(p: Page, Path(id): Path<i64>, Query(q): Query<Done>) -> AppResult<Response> {
    let done = q.done.map(|d| format!("web.request_done.{d}")).filter(|k| i18n::text(p.lang, k) != *k);
    let done = done.map(|k| i18n::text(p.lang, &k));
    render(&p, id, StatusCode::OK, done, &ActionState::default()).await
}

/// An officer's action form as typed, kept when the service refuses it.
#[derive(Deserialize, Serialize, Default, Clone)]
pub struct ActionForm {
    #[serde(default)]
    pub body_md: String,
    #[serde(default)]
    pub partial: Option<String>,
    #[serde(default)]
    pub ground: String,
    #[serde(default)]
    pub url: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub days: String,
    #[serde(default)]
    pub agency_id: String,
    #[serde(default)]
    pub confirm: Option<String>,
    #[serde(default, skip_serializing)]
    pub csrf_token: String,
}

/// Which action form was sent (`answer`, `published`, `refuse`, `extend`, `forward`), as typed,
/// with the refusal to show beside it.
#[derive(Default)]
pub struct ActionState {
    pub action: Option<&'static str>,
    pub form: ActionForm,
    pub refusal: Option<Value>,
}

/// The request's page; for its author while a draft, the ways on; for an officer of the addressed
/// agency, the actions the request's state allows, with `act` kept and refused where it was.
pub async fn render(
    p: &Page,
    id: i64,
    status: StatusCode,
    done: Option<String>,
    act: &ActionState,
) -> AppResult<Response> {
    let ctx = p.ctx()?;
    let lang = p.lang;
    let r = requests::get_visible(&ctx, p.viewer.as_ref(), id).await?;
    let agency = agencies::find(&ctx.db, r.agency_id).await?;
    let requester = requests::public_requester(&ctx, &r)
        .await?
        .unwrap_or_else(|| i18n::text(lang, crate::service::accounts::HIDDEN_NAME));
    let stored_rule = requests::stored_rule(&r)?;
    let rule = stored_rule.map(|rule| {
        let key = match rule.unit {
            DayUnit::WorkingDays => "web.request.rule_working_days",
            DayUnit::CalendarDays => "web.request.rule_calendar_days",
        };
        i18n::format(lang, key, &[("days", rule.days.to_string()), ("extension", rule.max_extension_days.to_string())])
    });
    let check = match requests::check_of(&ctx, &r).await? {
        Some(c) => {
            let m: CheckResult = crate::service::json_column("request_check", c.id, "matches", &c.matches)?;
            Some(context! {
                checked_at => c.created_at.to_rfc3339(),
                stale => c.text_hash != r.text_hash,
                agency_website => c.agency_website,
                documents => matches(m.documents),
                services => matches(m.services),
                similar_requests => matches(m.similar_requests),
            })
        }
        None => None,
    };
    let files = requests::published_files(&ctx, id).await?;
    let events: Vec<EventView> = requests::events(&ctx, id)
        .await?
        .into_iter()
        .map(|e| {
            let attachments = crate::service::json_column("request_event", e.id, "attachments", &e.attachments)?;
            Ok(EventView {
                files: files
                    .iter()
                    .filter(|f| f.event_id == Some(e.id))
                    .map(|f| FileView {
                        name: f.original_name.clone().unwrap_or_else(|| format!("{}-{}", f.request_id, f.id)),
                        content_type: f.content_type.clone(),
                        size_bytes: f.size_bytes,
                        href: format!("/api/v1/requests/{}/files/{}", f.request_id, f.id),
                    })
                    .collect(),
                answer: matches!(e.kind.as_str(), "answered" | "partially_answered"),
                label: i18n::text(lang, &format!("web.request.event.{}", e.kind)),
                kind: e.kind,
                at: e.created_at.to_rfc3339(),
                body_html: e.body_md.as_deref().map(markdown::to_html),
                reason: e.reason,
                ground: e.ground.as_deref().map(|g| ground_label(lang, g)),
                url: e.url,
                due_date: e.due_date.map(|d| d.to_string()),
                linked_href: e.linked_request_id.map(|l| format!("/requests/{l}")),
                attachments,
            })
        })
        .collect::<AppResult<_>>()?;
    let has_answer = events.iter().any(|e| e.answer);
    let allowed = requests::agency_events(p.viewer.as_ref(), &r);
    let forward_choices = if allowed.contains(&Event::Forward) {
        Some(super::request_forms::addressee_choices(p, Some(r.agency_id)).await?)
    } else {
        None
    };
    let grounds: Vec<Value> = RefusalGround::ALL
        .iter()
        .filter(|g| !matches!(g, RefusalGround::AlreadyPublished | RefusalGround::NotTheHolder))
        .map(|g| context! { code => g.as_str(), label => ground_label(lang, g.as_str()) })
        .collect();
    let actions = (!allowed.is_empty()).then(|| {
        context! {
            answer => allowed.contains(&Event::Answer),
            answer_partially => allowed.contains(&Event::AnswerPartially),
            refuse => allowed.contains(&Event::Refuse),
            forward => allowed.contains(&Event::Forward),
            extend => allowed.contains(&Event::Extend),
            max_extension_days => stored_rule.unwrap_or(DeadlineRule::ACCESS_TO_INFORMATION).max_extension_days,
            grounds => grounds,
            agencies => forward_choices,
            sent => act.action,
            form => act.form.clone(),
        }
    });
    p.render_status(
        status,
        "request.html",
        context! {
            done => done,
            actions => actions,
            action_refusal => act.refusal.clone(),
            editable => requests::may_edit_draft(p.viewer.as_ref(), &r),
            request => context! {
                id => r.id,
                number => r.number.clone(),
                state => r.state.clone(),
                state_label => state_label(lang, &r.state),
                draft => r.state == crate::domain::requests::RequestState::Draft.as_str(),
                overdue => requests::overdue(&ctx, &r),
                subject => r.subject.clone(),
                language => r.language.clone(),
                questions_html => markdown::to_html(&r.questions_md),
                registration_date => r.registration_date.map(|d| d.to_string()),
                due_date => r.due_date.map(|d| d.to_string()),
                closed_date => r.closed_date.map(|d| d.to_string()),
                extended => r.extended,
                rule => rule,
                refusal_ground => r.refusal_ground.as_deref().map(|g| ground_label(lang, g)),
                forwarded_from => r.parent_id.map(|x| format!("/requests/{x}")),
                campaign_href => r.campaign_id.map(|c| format!("/campaigns/{c}")),
                none_match_statement => r.none_match_statement,
                created_at => r.created_at.to_rfc3339(),
            },
            agency => AgencyLink::new(lang, &agency),
            requester => requester,
            check => check,
            events => events,
            has_answer => has_answer,
        },
    )
}
