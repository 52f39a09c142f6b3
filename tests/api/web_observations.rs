//! Observations in the field on the web (issue 21, flow 3): record one with a photo in the same
//! multipart form, edit it, take a file off, delete it after a confirm step, and the team's list
//! with filters; each refusal beside the form with what was typed kept and nothing stored (a bad
//! value, a file too large or of a kind not accepted, an outsider's forged post, a closed
//! campaign).
use serde_json::{Value, json};

use crate::{browser::Browser, helpers::TestApp, web_requests::PASSWORD};

const PHOTO: &[u8] = include_bytes!("../fixtures/evidence/tiny.jpg");
const NOTE: &str = "Очередь к окну №3 не двигалась, терминал не работал.";

pub async fn service_id(app: &TestApp, code: &str) -> i64 {
    let r = app.get(&format!("/api/v1/services?q={code}")).await;
    let items = r.ok(200)["items"].as_array().unwrap().clone();
    items.iter().find(|s| s["code"] == code).unwrap_or_else(|| panic!("no service {code}"))["id"].as_i64().unwrap()
}

/// An active campaign of `token`'s in Astana, September to November 2026.
pub async fn active_campaign(app: &TestApp, token: &str) -> i64 {
    let body = json!({
        "basis": "own_initiative",
        "title_ru": "Очереди в ЦОН Астаны",
        "methodology_md": "Наблюдатели посещают ЦОН и фиксируют ожидание и нарушения.",
        "period_from": "2026-09-01",
        "period_to": "2026-11-30",
        "regions": ["110000000"],
    });
    let id = app.post_as(token, "/api/v1/campaigns", body).await.ok(201)["id"].as_i64().unwrap();
    app.post_as(token, &format!("/api/v1/campaigns/{id}/activate"), json!({})).await.ok(200);
    id
}

struct Fx {
    owner: String,
    campaign: i64,
    service: String,
    agency: String,
}

async fn fixture(app: &TestApp) -> Fx {
    app.seed_content().await;
    let (owner, _) = app.citizen("owner@example.kz").await;
    let campaign = active_campaign(app, &owner).await;
    Fx {
        owner,
        campaign,
        service: service_id(app, "ZAGS-01").await.to_string(),
        agency: app.agency_id("MTSZN").await.to_string(),
    }
}

fn fields<'a>(fx: &'a Fx, waiting: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("channel", "state_corporation"),
        ("service_id", fx.service.as_str()),
        ("agency_id", fx.agency.as_str()),
        ("region", "110000000"),
        ("address", "ул. Абая, 10"),
        ("observed_on", "2026-11-20"),
        ("waiting_minutes", waiting),
        ("days_taken", ""),
        ("outcome", "rendered"),
        ("satisfaction", "2"),
        ("violations", "procedure_breached"),
        ("violation_note.procedure_breached", "Требовали справку"),
        ("violations", "working_schedule_not_kept"),
        ("note_md", NOTE),
        ("respondent_name", "Айгерим"),
        ("respondent_phone", "+7 701 000 00 00"),
        ("respondent_iin", ""),
    ]
}

async fn observations(app: &TestApp, fx: &Fx) -> Vec<Value> {
    let r = app.get_as(&fx.owner, &format!("/api/v1/campaigns/{}/observations", fx.campaign)).await;
    r.ok(200)["items"].as_array().unwrap().clone()
}

async fn an_observer_records_edits_and_deletes_an_observation_with_a_photo(app: TestApp) {
    let fx = fixture(&app).await;
    let c = fx.campaign;
    let new = format!("/campaigns/{c}/observations/new");
    let mut b = Browser::new(&app);
    let r = b.get(&new).await;
    assert_eq!(
        (r.status, r.location()),
        (303, format!("/sign-in?next=%2Fcampaigns%2F{c}%2Fobservations%2Fnew").as_str())
    );
    b.sign_in("owner@example.kz", PASSWORD).await;
    // The campaign's page links the team to the field pages.
    let page = b.get(&format!("/campaigns/{c}")).await;
    assert!(page.links(&new).contains(&new), "{}", page.text());
    assert!(page.html.contains(&format!("/conclusions/new?campaign={c}")));
    let form = b.get(&new).await;
    assert_eq!(form.status, 200);
    assert!(form.html.contains("enctype=\"multipart/form-data\""));
    let text = form.text();
    // The limit and the accepted kinds are stated before the upload, from the configuration.
    assert!(text.contains("Up to 20 MiB per file") && text.contains("JPEG, PNG, WebP, PDF"), "{text}");
    assert_eq!(form.html.matches("name=\"violations\"").count(), 10);
    assert!(text.contains("3.6. ") && text.contains("3.10. "), "{text}");
    assert!(text.contains("The respondent's personal data (private)") && text.contains("Only the campaign's team"));

    let r = b.post_multipart(&new, &fields(&fx, "45"), &[("files", "talon.jpg", "image/jpeg", PHOTO)]).await;
    assert_eq!(r.status, 303, "{}", r.text());
    let stored = observations(&app, &fx).await;
    assert_eq!(stored.len(), 1);
    let o = &stored[0];
    let oid = o["id"].as_i64().unwrap();
    assert_eq!(r.location(), format!("/campaigns/{c}/observations/{oid}/edit?done=recorded"));
    assert_eq!((o["waiting_minutes"].as_i64(), o["satisfaction"].as_i64()), (Some(45), Some(2)));
    assert_eq!(o["channel"], "state_corporation");
    let cats: Vec<&str> = o["violations"].as_array().unwrap().iter().map(|v| v["category"].as_str().unwrap()).collect();
    assert_eq!(cats, ["procedure_breached", "working_schedule_not_kept"]);
    assert_eq!(o["violations"][0]["note"], "Требовали справку");
    assert_eq!(o["evidence"].as_array().unwrap().len(), 1);
    let who = app.get_as(&fx.owner, &format!("/api/v1/campaigns/{c}/observations/{oid}/respondent")).await;
    assert_eq!(who.ok(200)["name"], "Айгерим");

    // The edit page: the values, the file with its remove button, the status.
    let edit = format!("/campaigns/{c}/observations/{oid}/edit");
    let p = b.get(r.location()).await;
    assert!(p.html.contains("role=\"status\"") && p.text().contains("The observation is recorded."));
    assert!(p.text().contains(NOTE) && p.text().contains("talon.jpg") && p.text().contains(&format!("[obs:{oid}]")));
    assert!(p.html.contains("value=\"Айгерим\""));
    let eid = o["evidence"][0]["id"].as_i64().unwrap();
    assert!(p.html.contains(&format!("/evidence/{eid}/remove")));
    // The team opens the file from the page with its session (the API reads bearer tokens only);
    // a reader who is not signed in gets exactly what the API gives them.
    let href = format!("/campaigns/{c}/observations/{oid}/evidence/{eid}");
    assert!(p.html.replace("&#x2f;", "/").contains(&format!("href=\"{href}\"")), "the page links the file");
    let file = b.get(&href).await;
    assert_eq!(file.status, 200, "{}", file.text());
    assert_eq!(file.headers.get("content-type").and_then(|v| v.to_str().ok()), Some("image/jpeg"));
    assert_eq!(file.headers.get("x-content-type-options").and_then(|v| v.to_str().ok()), Some("nosniff"));
    let outsider = Browser::new(&app).get(&href).await;
    let api = app.get_bytes(&format!("/api/v1/campaigns/{c}/observations/{oid}/evidence/{eid}/file")).await;
    assert_eq!(outsider.status, api.0, "{}", outsider.text());

    let r = b.post_multipart(&edit, &fields(&fx, "50"), &[]).await;
    assert_eq!((r.status, r.location()), (303, format!("{edit}?done=saved").as_str()), "{}", r.text());
    assert_eq!(observations(&app, &fx).await[0]["waiting_minutes"], 50);

    b.get(&edit).await;
    let r = b.post(&format!("/campaigns/{c}/observations/{oid}/evidence/{eid}/remove"), &[]).await;
    assert_eq!((r.status, r.location()), (303, format!("{edit}?done=removed").as_str()));
    assert!(observations(&app, &fx).await[0]["evidence"].as_array().unwrap().is_empty());

    // The list with filters; each row opens its edit page.
    let list = b.get(&format!("/campaigns/{c}/observations?outcome=rendered")).await;
    assert_eq!(list.status, 200);
    assert!(list.links(&edit).contains(&edit), "{}", list.text());
    let none = b.get(&format!("/campaigns/{c}/observations?outcome=refused")).await;
    assert!(none.text().contains("No observation matches.") && none.links(&edit).is_empty());
    let bad = b.get(&format!("/campaigns/{c}/observations?from=yesterday")).await;
    assert_eq!(bad.status, 400, "{}", bad.text());
    assert!(bad.html.contains("role=\"alert\""));

    // Delete, after a confirm step.
    let confirm = b.get(&format!("/campaigns/{c}/observations/{oid}/delete")).await;
    assert_eq!(confirm.status, 200);
    assert!(confirm.text().contains(&format!("Delete observation № {oid}?")));
    assert_eq!(observations(&app, &fx).await.len(), 1, "the confirm step deletes nothing");
    let r = b.post(&format!("/campaigns/{c}/observations/{oid}/delete"), &[]).await;
    assert_eq!((r.status, r.location()), (303, format!("/campaigns/{c}/observations?done=deleted").as_str()));
    assert!(observations(&app, &fx).await.is_empty());
}

async fn refusals_keep_what_was_typed_and_store_nothing(mut app: TestApp) {
    let fx = fixture(&app).await;
    let c = fx.campaign;
    let new = format!("/campaigns/{c}/observations/new");
    let mut b = Browser::new(&app);
    b.sign_in("owner@example.kz", PASSWORD).await;
    b.get(&new).await;

    // A value that is not a number, and one out of range: both named, the text kept.
    let bad = fields(&fx, "долго");
    let r = b.post_multipart(&new, &bad, &[("files", "talon.jpg", "image/jpeg", PHOTO)]).await;
    assert_eq!(r.status, 422, "{}", r.text());
    assert!(r.html.contains("role=\"alert\""));
    let text = r.text();
    assert!(text.contains("Waiting time, minutes: Unknown value долго."), "{text}");
    assert!(
        text.contains(NOTE) && r.html.contains("value=\"долго\"") && r.html.contains("value=\"Требовали справку\"")
    );
    assert!(observations(&app, &fx).await.is_empty());
    let mut out_of_range = fields(&fx, "30");
    out_of_range.retain(|(k, _)| *k != "satisfaction");
    out_of_range.push(("satisfaction", "9"));
    let r = b.post_multipart(&new, &out_of_range, &[]).await;
    assert_eq!(r.status, 422);
    assert!(r.text().contains("Satisfaction, 1 (bad) to 5 (good):"), "{}", r.text());
    assert!(observations(&app, &fx).await.is_empty());

    // A file that is not a photo, a PDF or a recording: refused before anything is saved.
    let r = b.post_multipart(&new, &fields(&fx, "30"), &[("files", "notes.txt", "text/plain", b"just text")]).await;
    assert_eq!(r.status, 415, "{}", r.text());
    assert!(r.text().contains("This kind of file is not accepted") && r.text().contains(NOTE));
    assert!(observations(&app, &fx).await.is_empty());

    // A file over the configured limit.
    app.reconfigure(|c| c.upload_max_bytes = 100);
    let mut b = Browser::new(&app);
    b.sign_in("owner@example.kz", PASSWORD).await;
    let form = b.get(&new).await;
    assert!(form.text().contains("MiB per file") && !form.text().contains("Up to 20 MiB"), "{}", form.text());
    let r = b.post_multipart(&new, &fields(&fx, "30"), &[("files", "talon.jpg", "image/jpeg", PHOTO)]).await;
    assert_eq!(r.status, 413, "{}", r.text());
    assert!(r.text().contains("File too large") && r.text().contains(NOTE), "{}", r.text());
    assert!(observations(&app, &fx).await.is_empty());

    // An outsider's forged posts: refused, nothing stored or changed.
    let recorded = b.post_multipart(&new, &fields(&fx, "30"), &[]).await;
    assert_eq!(recorded.status, 303, "{}", recorded.text());
    let oid = observations(&app, &fx).await[0]["id"].as_i64().unwrap();
    app.citizen("outsider@example.kz").await;
    let mut o = Browser::new(&app);
    o.sign_in("outsider@example.kz", PASSWORD).await;
    assert_eq!(o.get(&new).await.status, 403);
    assert!(!o.get(&format!("/campaigns/{c}")).await.html.contains(&new));
    // A page with a form gives the outsider a valid CSRF token of their own.
    o.get("/requests/new").await;
    let r = o.post_multipart(&new, &fields(&fx, "1"), &[]).await;
    assert_eq!(r.status, 403, "{}", r.text());
    let r = o.post_multipart(&format!("/campaigns/{c}/observations/{oid}/edit"), &fields(&fx, "1"), &[]).await;
    assert_eq!(r.status, 403);
    let r = o.post(&format!("/campaigns/{c}/observations/{oid}/delete"), &[]).await;
    assert_eq!(r.status, 403);
    let left = observations(&app, &fx).await;
    assert_eq!((left.len(), left[0]["waiting_minutes"].as_i64()), (1, Some(30)));

    // A completed campaign: the edit page offers nothing, and a forged save is refused.
    app.post_as(&fx.owner, &format!("/api/v1/campaigns/{c}/complete"), json!({})).await.ok(200);
    let edit = format!("/campaigns/{c}/observations/{oid}/edit");
    let p = b.get(&edit).await;
    assert_eq!(p.status, 200);
    assert!(!p.text().contains("Save the changes") && !p.html.contains("/delete\""), "{}", p.text());
    assert!(p.text().contains("its observations can no longer change"));
    assert!(!b.get(&format!("/campaigns/{c}")).await.html.contains(&new));
    let r = b.post_multipart(&edit, &fields(&fx, "99"), &[]).await;
    assert_eq!(r.status, 409, "{}", r.text());
    assert!(r.text().contains("The campaign is closed"));
    assert_eq!(observations(&app, &fx).await[0]["waiting_minutes"], 30);
}

crate::on_both_databases!(
    an_observer_records_edits_and_deletes_an_observation_with_a_photo,
    refusals_keep_what_was_typed_and_store_nothing
);
