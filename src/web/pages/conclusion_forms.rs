//! The conclusion editor (Law Art. 29 p.3; issue 21, flow 5): the four parts as four fields,
//! pre-filled with the template in the chosen language, a Preview rendered on the server, the
//! campaign's observations beside the editor with their `[obs:N]` codes, the addressed agencies,
//! save as a draft (each save a revision), the revisions with a line diff of each part, submit,
//! publish and correct with a reason. Each form posts to the service function the API calls, and
//! the page offers only the actions the service would accept from this person.
use std::collections::BTreeMap;

use minijinja::{Value, context};
use poem::{
    IntoResponse, Request, Response, handler,
    http::StatusCode,
    web::{Form, Path, Query, Redirect},
};
use serde::{Deserialize, Serialize};

use super::{campaigns::campaign_title, observation_forms::refusal, request_forms::addressee_choices};
use crate::{
    domain::conclusions::{LineTag, SectionKey, Sections, line_diff, parse_document, template},
    error::{AppError, AppResult, Code, FieldError},
    i18n::{self, Lang},
    markdown::to_html_citing,
    service::{
        Caller,
        conclusions::{self, Allowed, ConclusionPatch, Correction, Full, NewConclusion, TextInput},
        observations::{self, ObservationFilter},
        pagination::PageRequest,
    },
    web::session::{Page, check_csrf},
};

/// The editor as typed: read from the raw pairs, since agencies repeat.
#[derive(Serialize, Default, Clone, Debug)]
pub struct EditorForm {
    campaign_id: String,
    title: String,
    language: String,
    agency_ids: Vec<String>,
    sections: BTreeMap<String, String>,
    reason: String,
    /// `preview`, or anything else to save.
    action: String,
    #[serde(skip)]
    csrf_token: String,
}

impl EditorForm {
    fn read(pairs: Vec<(String, String)>) -> Self {
        let mut f = EditorForm::default();
        for (k, v) in pairs {
            match k.as_str() {
                "csrf_token" => f.csrf_token = v,
                "campaign_id" => f.campaign_id = v,
                "title" => f.title = v,
                "language" => f.language = v,
                "agency_ids" => f.agency_ids.push(v),
                "reason" => f.reason = v,
                "action" => f.action = v,
                other => {
                    if let Some(key) = other.strip_prefix("section.")
                        && SectionKey::parse(key).is_some()
                    {
                        f.sections.insert(key.to_string(), v);
                    }
                }
            }
        }
        f
    }

    fn of(full: &Full) -> Self {
        EditorForm {
            campaign_id: full.campaign.id.to_string(),
            title: full.conclusion.title.clone(),
            language: full.conclusion.language.clone(),
            agency_ids: full.addressed.iter().map(|a| a.to_string()).collect(),
            sections: sections_map(&full.sections),
            ..Default::default()
        }
    }

    fn preview(&self) -> bool {
        self.action == "preview"
    }

    /// The agencies as the API's JSON numbers.
    fn agency_ids(&self) -> AppResult<Vec<i64>> {
        let mut errors = Vec::new();
        let ids = self
            .agency_ids
            .iter()
            .enumerate()
            .filter_map(|(i, v)| match v.trim().parse() {
                Ok(n) => Some(n),
                Err(_) => {
                    errors.push(FieldError::new(format!("/agency_ids/{i}"), "invalid_value").arg("value", v.trim()));
                    None
                }
            })
            .collect();
        if errors.is_empty() { Ok(ids) } else { Err(AppError::validation(errors)) }
    }

    fn text(&self) -> TextInput {
        TextInput { sections: Some(self.sections.clone()), ..Default::default() }
    }
}

fn sections_map(s: &Sections) -> BTreeMap<String, String> {
    SectionKey::ALL.iter().map(|k| (k.as_str().to_string(), s.get(*k).unwrap_or_default().to_string())).collect()
}

/// The template's parts in `lang`: each a hint in an HTML comment, which counts as blank.
fn template_sections(lang: Lang) -> BTreeMap<String, String> {
    parse_document(&template(lang)).map(|s| sections_map(&s)).unwrap_or_default()
}

fn sign_in_and_back(path: &str) -> Response {
    let next: String = url::form_urlencoded::byte_serialize(path.as_bytes()).collect();
    Redirect::see_other(format!("/sign-in?next={next}")).into_response()
}

fn is_page_error(e: &AppError) -> bool {
    matches!(e.code, Code::Internal | Code::ResourceNotFound | Code::NotCampaignMember | Code::Forbidden)
}

/// Where the editor is: a new draft on a campaign, or a conclusion.
enum Subject {
    New(i64),
    Existing(Box<Full>),
}

struct Extras {
    refusal: Option<Value>,
    preview: bool,
    done: Option<String>,
}

fn observation_href(campaign_id: i64) -> impl Fn(u64) -> String {
    move |n| format!("/campaigns/{campaign_id}/observations/{n}/edit")
}

async fn render_editor(
    p: &Page,
    caller: &Caller,
    subject: Subject,
    status: StatusCode,
    form: &EditorForm,
    x: Extras,
) -> AppResult<Response> {
    let ctx = p.ctx()?;
    let lang = p.lang;
    let (campaign, full) = match subject {
        Subject::New(cid) => (conclusions::drafting_campaign(&ctx.db, caller, cid).await?, None),
        Subject::Existing(full) => (full.campaign.clone(), Some(full)),
    };
    let allowed = match &full {
        Some(f) => conclusions::allowed(&ctx, Some(caller), f).await?,
        None => Allowed { edit: true, ..Default::default() },
    };
    let doc_lang = Lang::parse(&form.language).unwrap_or(lang);
    let sections: Vec<Value> = SectionKey::ALL
        .iter()
        .map(|k| {
            let value = form.sections.get(k.as_str()).cloned().unwrap_or_default();
            let html = to_html_citing(&value, observation_href(campaign.id));
            context! {
                key => k.as_str(),
                title => k.title(doc_lang),
                hint => i18n::text(doc_lang, &format!("conclusions.hint.{}", k.as_str())),
                value => value,
                html => html,
            }
        })
        .collect();
    let (rows, _) = observations::list(
        &ctx,
        Some(caller),
        campaign.id,
        ObservationFilter::default(),
        PageRequest { limit: 100, after: None },
    )
    .await?;
    let agency_ids: Vec<i64> = rows.iter().map(|v| v.observation.agency_id).collect();
    let agencies = super::agency_links(&ctx, lang, &agency_ids).await?;
    let cited: Vec<Value> = rows
        .iter()
        .map(|v| {
            let o = &v.observation;
            context! {
                code => format!("[obs:{}]", o.id),
                href => format!("/campaigns/{}/observations/{}/edit", campaign.id, o.id),
                observed_on => o.observed_on.to_string(),
                agency => agencies.get(&o.agency_id).map(|a| a.name.clone()),
                outcome => i18n::text(lang, &format!("monitoring.outcome.{}", o.outcome)),
                violations => v.violations.len(),
            }
        })
        .collect();
    let revisions: Vec<Value> = match &full {
        Some(f) => conclusions::revisions(&ctx, Some(caller), f.conclusion.id)
            .await?
            .into_iter()
            .rev()
            .map(|r| {
                context! {
                    number => r.number,
                    kind => i18n::text(lang, &format!("conclusions.revision.{}", r.kind)),
                    reason => r.reason,
                    at => r.created_at.to_rfc3339(),
                    diff_href => (r.number > 1).then(|| format!("/conclusions/{}/diff?from={}&to={}", r.conclusion_id, r.number - 1, r.number)),
                }
            })
            .collect(),
        None => Vec::new(),
    };
    let languages: Vec<Value> = Lang::ALL
        .iter()
        .map(|l| context! { code => l.code(), name => i18n::text(lang, &format!("web.lang_name.{}", l.code())) })
        .collect();
    let conclusion = full.as_ref().map(|f| {
        context! {
            id => f.conclusion.id,
            title => f.conclusion.title.clone(),
            state => f.conclusion.state.clone(),
            state_label => i18n::text(lang, &format!("conclusions.state.{}", f.conclusion.state)),
            revision => f.conclusion.revision,
        }
    });
    p.render_status(
        status,
        "conclusion_form.html",
        context! {
            campaign => context! { id => campaign.id, title => campaign_title(lang, &campaign.title_kk, &campaign.title_ru) },
            conclusion => conclusion,
            allowed => allowed,
            form => form,
            sections => sections,
            groups => addressee_choices(p, None).await?,
            languages => languages,
            observations => cited,
            revisions => revisions,
            preview => x.preview,
            refusal => x.refusal,
            done => x.done,
        },
    )
}

#[derive(Deserialize, Default)]
pub struct NewQuery {
    #[serde(default)]
    campaign: Option<String>,
    #[serde(default)]
    language: Option<String>,
}

/// `GET /conclusions/new?campaign={id}`: a new draft, its parts holding the template in the
/// chosen language.
#[handler]
pub async fn new_form(p: Page, Query(q): Query<NewQuery>) -> AppResult<Response> {
    let caller = match p.require_viewer() {
        Ok(c) => c.clone(),
        Err(to_sign_in) => return Ok(to_sign_in.into_response()),
    };
    let cid = q
        .campaign
        .as_deref()
        .and_then(|c| c.trim().parse::<i64>().ok())
        .ok_or_else(|| AppError::invalid_parameter("campaign", "the campaign's number is required"))?;
    let lang = q.language.as_deref().and_then(Lang::parse).unwrap_or(p.lang);
    let form = EditorForm {
        campaign_id: cid.to_string(),
        language: lang.code().to_string(),
        sections: template_sections(lang),
        ..Default::default()
    };
    let x = Extras { refusal: None, preview: false, done: None };
    render_editor(&p, &caller, Subject::New(cid), StatusCode::OK, &form, x).await
}

/// `POST /conclusions/new`: Preview, or save the draft (the API's `POST /conclusions`).
#[handler]
pub async fn create(req: &Request, mut p: Page, Form(pairs): Form<Vec<(String, String)>>) -> AppResult<Response> {
    let f = EditorForm::read(pairs);
    let cid =
        f.campaign_id.trim().parse::<i64>().map_err(|_| AppError::invalid_parameter("campaign_id", "not a number"))?;
    p.here = format!("/conclusions/new?campaign={cid}");
    let Some(caller) = p.viewer.clone() else { return Ok(sign_in_and_back(&p.here)) };
    let fail = |p: &Page, e: &AppError| Extras { refusal: Some(refusal(p, e)), preview: false, done: None };
    if let Err(e) = check_csrf(req, &f.csrf_token) {
        return render_editor(&p, &caller, Subject::New(cid), e.status(), &f, fail(&p, &e)).await;
    }
    if f.preview() {
        let x = Extras { refusal: None, preview: true, done: None };
        return render_editor(&p, &caller, Subject::New(cid), StatusCode::OK, &f, x).await;
    }
    let saved = match f.agency_ids() {
        Ok(agency_ids) => {
            let input = NewConclusion {
                campaign_id: cid,
                title: f.title.clone(),
                language: Some(f.language.trim().to_string()).filter(|l| !l.is_empty()),
                agency_ids,
                text: f.text(),
            };
            conclusions::create(&p.ctx()?, &caller, p.lang, input).await
        }
        Err(e) => Err(e),
    };
    match saved {
        Ok(full) => {
            Ok(Redirect::see_other(format!("/conclusions/{}/edit?done=saved", full.conclusion.id)).into_response())
        }
        Err(e) if is_page_error(&e) => Err(e),
        Err(e) => render_editor(&p, &caller, Subject::New(cid), e.status(), &f, fail(&p, &e)).await,
    }
}

#[derive(Deserialize, Default)]
pub struct DoneQuery {
    #[serde(default)]
    done: Option<String>,
}

fn done_text(lang: Lang, done: Option<&str>) -> Option<String> {
    match done {
        Some(d @ ("saved" | "submitted" | "published" | "corrected")) => {
            Some(i18n::text(lang, &format!("web.drafting.done_{d}")))
        }
        _ => None,
    }
}

async fn own(p: &Page, caller: &Caller, id: i64) -> AppResult<Full> {
    conclusions::get_visible(&p.ctx()?, Some(caller), id).await
}

/// `GET /conclusions/{id}/edit`: the editor of a draft, the publish step of a submitted
/// conclusion, the correction form of a published one; the revisions with their diffs. Someone
/// who may do none of these reads the conclusion's own page.
#[handler]
pub async fn edit_page(p: Page, Path(id): Path<i64>, Query(q): Query<DoneQuery>) -> AppResult<Response> {
    let caller = match p.require_viewer() {
        Ok(c) => c.clone(),
        Err(to_sign_in) => return Ok(to_sign_in.into_response()),
    };
    let full = own(&p, &caller, id).await?;
    let allowed = conclusions::allowed(&p.ctx()?, Some(&caller), &full).await?;
    if !(allowed.edit || allowed.publish || allowed.correct) {
        return Ok(Redirect::see_other(format!("/conclusions/{id}")).into_response());
    }
    let form = EditorForm::of(&full);
    let x = Extras { refusal: None, preview: false, done: done_text(p.lang, q.done.as_deref()) };
    render_editor(&p, &caller, Subject::Existing(Box::new(full)), StatusCode::OK, &form, x).await
}

/// After a refusal of a command on an existing conclusion: the editor with the form as typed.
async fn refused(p: &Page, caller: &Caller, id: i64, form: &EditorForm, e: AppError) -> AppResult<Response> {
    if is_page_error(&e) {
        return Err(e);
    }
    let full = own(p, caller, id).await?;
    let x = Extras { refusal: Some(refusal(p, &e)), preview: false, done: None };
    render_editor(p, caller, Subject::Existing(Box::new(full)), e.status(), form, x).await
}

/// `POST /conclusions/{id}/edit`: Preview, or save a new revision of the draft (the API's `PATCH`).
#[handler]
pub async fn update(
    req: &Request,
    mut p: Page,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    p.here = format!("/conclusions/{id}/edit");
    let Some(caller) = p.viewer.clone() else { return Ok(sign_in_and_back(&p.here)) };
    let f = EditorForm::read(pairs);
    if let Err(e) = check_csrf(req, &f.csrf_token) {
        return refused(&p, &caller, id, &f, e).await;
    }
    if f.preview() {
        let full = own(&p, &caller, id).await?;
        let x = Extras { refusal: None, preview: true, done: None };
        return render_editor(&p, &caller, Subject::Existing(Box::new(full)), StatusCode::OK, &f, x).await;
    }
    let saved = match f.agency_ids() {
        Ok(ids) => {
            let patch = ConclusionPatch { title: Some(f.title.clone()), agency_ids: Some(ids), text: f.text() };
            conclusions::update(&p.ctx()?, &caller, id, patch).await
        }
        Err(e) => Err(e),
    };
    match saved {
        Ok(_) => Ok(Redirect::see_other(format!("/conclusions/{id}/edit?done=saved")).into_response()),
        Err(e) => refused(&p, &caller, id, &f, e).await,
    }
}

/// `POST /conclusions/{id}/submit`: the API's submit; a missing part is named beside the editor.
#[handler]
pub async fn submit(
    req: &Request,
    mut p: Page,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    p.here = format!("/conclusions/{id}/edit");
    let Some(caller) = p.viewer.clone() else { return Ok(sign_in_and_back(&p.here)) };
    let token = EditorForm::read(pairs).csrf_token;
    let done = match check_csrf(req, &token) {
        Ok(()) => conclusions::submit(&p.ctx()?, &caller, id).await.map(|_| ()),
        Err(e) => Err(e),
    };
    match done {
        Ok(()) => Ok(Redirect::see_other(format!("/conclusions/{id}/edit?done=submitted")).into_response()),
        Err(e) => {
            let full = own(&p, &caller, id).await?;
            refused(&p, &caller, id, &EditorForm::of(&full), e).await
        }
    }
}

/// `POST /conclusions/{id}/publish`: the API's publish.
#[handler]
pub async fn publish(
    req: &Request,
    mut p: Page,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    p.here = format!("/conclusions/{id}/edit");
    let Some(caller) = p.viewer.clone() else { return Ok(sign_in_and_back(&p.here)) };
    let token = EditorForm::read(pairs).csrf_token;
    let done = match check_csrf(req, &token) {
        Ok(()) => conclusions::publish(&p.ctx()?, &caller, id).await.map(|_| ()),
        Err(e) => Err(e),
    };
    match done {
        Ok(()) => Ok(Redirect::see_other(format!("/conclusions/{id}/edit?done=published")).into_response()),
        Err(e) => {
            let full = own(&p, &caller, id).await?;
            refused(&p, &caller, id, &EditorForm::of(&full), e).await
        }
    }
}

/// `POST /conclusions/{id}/correct`: Preview, or the API's correction with its reason.
#[handler]
pub async fn correct(
    req: &Request,
    mut p: Page,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    p.here = format!("/conclusions/{id}/edit");
    let Some(caller) = p.viewer.clone() else { return Ok(sign_in_and_back(&p.here)) };
    let f = EditorForm::read(pairs);
    if let Err(e) = check_csrf(req, &f.csrf_token) {
        return refused(&p, &caller, id, &f, e).await;
    }
    if f.preview() {
        let full = own(&p, &caller, id).await?;
        let x = Extras { refusal: None, preview: true, done: None };
        return render_editor(&p, &caller, Subject::Existing(Box::new(full)), StatusCode::OK, &f, x).await;
    }
    let input = Correction { reason: f.reason.clone(), title: Some(f.title.clone()), text: f.text() };
    match conclusions::correct(&p.ctx()?, &caller, id, input).await {
        Ok(_) => Ok(Redirect::see_other(format!("/conclusions/{id}/edit?done=corrected")).into_response()),
        Err(e) => refused(&p, &caller, id, &f, e).await,
    }
}

#[derive(Deserialize)]
pub struct DiffQuery {
    from: i32,
    to: i32,
}

#[derive(Serialize)]
struct DiffLineView {
    tag: &'static str,
    old_line: Option<usize>,
    new_line: Option<usize>,
    text: String,
}

/// `GET /conclusions/{id}/diff?from=a&to=b`: each part's lines between two revisions.
#[handler]
pub async fn diff(p: Page, Path(id): Path<i64>, Query(q): Query<DiffQuery>) -> AppResult<Response> {
    let ctx = p.ctx()?;
    let lang = p.lang;
    let viewer = p.viewer.as_ref();
    let (full, old) = conclusions::revision(&ctx, viewer, id, q.from).await?;
    let (_, new) = conclusions::revision(&ctx, viewer, id, q.to).await?;
    let (a, b) = (conclusions::sections_of(&old)?, conclusions::sections_of(&new)?);
    let doc_lang = Lang::parse(&full.conclusion.language).unwrap_or(lang);
    let parts: Vec<Value> = SectionKey::ALL
        .iter()
        .map(|k| {
            let d = line_diff(a.get(*k).unwrap_or_default(), b.get(*k).unwrap_or_default(), 2);
            let lines: Vec<DiffLineView> = d
                .hunks
                .into_iter()
                .flat_map(|h| h.lines)
                .map(|l| DiffLineView {
                    tag: match l.tag {
                        LineTag::Equal => "equal",
                        LineTag::Insert => "insert",
                        LineTag::Delete => "delete",
                    },
                    old_line: l.old_line,
                    new_line: l.new_line,
                    text: l.text,
                })
                .collect();
            context! {
                title => k.title(doc_lang),
                inserted => d.inserted,
                deleted => d.deleted,
                lines => lines,
            }
        })
        .collect();
    let allowed = conclusions::allowed(&ctx, viewer, &full).await?;
    p.render(
        "conclusion_diff.html",
        context! {
            conclusion => context! { id => id, title => full.conclusion.title.clone() },
            editor => allowed.edit || allowed.publish || allowed.correct,
            from => context! { number => old.number, kind => i18n::text(lang, &format!("conclusions.revision.{}", old.kind)), reason => old.reason, at => old.created_at.to_rfc3339() },
            to => context! { number => new.number, kind => i18n::text(lang, &format!("conclusions.revision.{}", new.kind)), reason => new.reason, at => new.created_at.to_rfc3339() },
            parts => parts,
        },
    )
}
