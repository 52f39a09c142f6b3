//! The conclusion editor on the web (Law Art. 29 p.3; issue 21, flow 5): the four parts pre-filled
//! with the template, Preview on the server, the campaign's observations to cite, save as draft,
//! revisions and their diff, submit (refused with each missing part named), publish, correct with
//! a reason; only the actions the service allows are offered, and forged posts change nothing.
use serde_json::{Value, json};

use crate::{
    browser::Browser,
    helpers::TestApp,
    web_observations::{active_campaign, service_id},
    web_requests::PASSWORD,
};

struct Fx {
    owner: String,
    campaign: i64,
    mtszn: String,
    obs: i64,
}

async fn fixture(app: &TestApp) -> Fx {
    app.seed_content().await;
    let (owner, _) = app.citizen("owner@example.kz").await;
    let campaign = active_campaign(app, &owner).await;
    let mtszn = app.agency_id("MTSZN").await;
    let body = json!({
        "service_id": service_id(app, "ZAGS-01").await, "agency_id": mtszn, "region": "110000000",
        "address": "ул. Абая, 10", "observed_on": "2026-10-15", "channel": "provider_office",
        "waiting_minutes": 40, "outcome": "rendered",
        "violations": [{"category": "deadline_breached", "note": "Зафиксировано"}],
    });
    let obs = app.post_as(&owner, &format!("/api/v1/campaigns/{campaign}/observations"), body).await.ok(201)["id"]
        .as_i64()
        .unwrap();
    Fx { owner, campaign, mtszn: mtszn.to_string(), obs }
}

async fn conclusion(app: &TestApp, fx: &Fx, id: i64) -> Value {
    app.get_as(&fx.owner, &format!("/api/v1/conclusions/{id}")).await.ok(200).clone()
}

async fn my_drafts(app: &TestApp, fx: &Fx) -> usize {
    app.get_as(&fx.owner, "/api/v1/me/conclusions").await.ok(200)["items"].as_array().unwrap().len()
}

const COMPLIANCE: &str = "Сроки нарушены в одном отделе из пяти [obs:{obs}].";

fn editor<'a>(title: &'a str, agency: &'a str, compliance: &'a str, rest: bool) -> Vec<(&'a str, &'a str)> {
    let (r, q, b) = if rest {
        ("1. Соблюдать сроки регистрации.", "1. Ввести электронную очередь.", "1. Сократить перечень документов.")
    } else {
        ("", "", "")
    };
    vec![
        ("title", title),
        ("agency_ids", agency),
        ("section.compliance", compliance),
        ("section.recommendations", r),
        ("section.quality_proposals", q),
        ("section.bylaw_proposals", b),
    ]
}

async fn a_team_drafts_submits_publishes_and_corrects_a_conclusion(app: TestApp) {
    let fx = fixture(&app).await;
    let c = fx.campaign;
    let compliance = COMPLIANCE.replace("{obs}", &fx.obs.to_string());
    let mut b = Browser::new(&app);
    b.sign_in("owner@example.kz", PASSWORD).await;
    let new = format!("/conclusions/new?campaign={c}");
    let form = b.get(&new).await;
    assert_eq!(form.status, 200, "{}", form.text());
    let text = form.text();
    // Four fields, each holding the template's hint; the campaign's observations to cite.
    assert_eq!(form.html.matches("<textarea id=\"s-").count(), 4);
    for part in [
        "Compliance with the law on public services",
        "Recommendations to eliminate the violations found",
        "Proposals to improve the quality of public services",
        "Proposals to improve the bylaws",
    ] {
        assert!(text.contains(part), "{part} in {text}");
    }
    assert!(form.html.contains("&lt;!-- One numbered item per recommendation"), "the template pre-fills the parts");
    assert!(text.contains(&format!("[obs:{}]", fx.obs)));
    // In Russian the template is Russian.
    let ru = b.get(&format!("{new}&language=ru")).await;
    assert!(ru.text().contains("Рекомендации"), "{}", ru.text());

    // Preview renders on the server and stores nothing.
    b.get(&new).await;
    let cid = c.to_string();
    let mut fields = editor("Заключение по ЗАГС Астаны", &fx.mtszn, &compliance, false);
    fields.extend([("campaign_id", cid.as_str()), ("language", "ru"), ("action", "preview")]);
    let p = b.post("/conclusions/new", &fields).await;
    assert_eq!(p.status, 200, "{}", p.text());
    assert!(p.html.contains("id=\"preview-h\"") && p.html.contains(&format!("/observations/{}/edit", fx.obs)));
    assert_eq!(my_drafts(&app, &fx).await, 0);

    // Saved as a draft, with only the first part written.
    fields.retain(|(k, _)| *k != "action");
    fields.push(("action", "save"));
    let r = b.post("/conclusions/new", &fields).await;
    assert_eq!(r.status, 303, "{}", r.text());
    let id: i64 = r.location().trim_start_matches("/conclusions/").split('/').next().unwrap().parse().unwrap();
    assert_eq!(r.location(), format!("/conclusions/{id}/edit?done=saved"));
    let v = conclusion(&app, &fx, id).await;
    assert_eq!((v["state"].as_str(), v["revision"].as_i64()), (Some("draft"), Some(1)));
    let edit = b.get(r.location()).await;
    assert!(edit.html.contains("role=\"status\""));
    assert!(edit.html.contains(&format!("/conclusions/{id}/submit")) && !edit.html.contains("/publish\""));
    // My page opens the draft in its editor.
    assert!(b.get("/me").await.links(&format!("/conclusions/{id}/edit")).len() == 1);

    // Submit with three parts missing: each named, nothing changes.
    b.get(&format!("/conclusions/{id}/edit")).await;
    let r = b.post(&format!("/conclusions/{id}/submit"), &[]).await;
    assert_eq!(r.status, 422, "{}", r.text());
    let text = r.text();
    for part in [
        "the part “Recommendations to eliminate the violations found” is empty",
        "the part “Proposals to improve the quality of public services” is empty",
        "the part “Proposals to improve the bylaws” is empty",
    ] {
        assert!(text.contains(part), "{part} in {text}");
    }
    assert!(!text.contains("the part “Compliance"));
    assert_eq!(conclusion(&app, &fx, id).await["state"], "draft");

    // All four parts: a second revision, and its diff.
    let mut full = editor("Заключение по ЗАГС Астаны", &fx.mtszn, &compliance, true);
    full.push(("action", "save"));
    let r = b.post(&format!("/conclusions/{id}/edit"), &full).await;
    assert_eq!((r.status, r.location()), (303, format!("/conclusions/{id}/edit?done=saved").as_str()), "{}", r.text());
    assert_eq!(conclusion(&app, &fx, id).await["revision"], 2);
    let page = b.get(&format!("/conclusions/{id}/edit")).await;
    let diff_href = format!("/conclusions/{id}/diff?from=1&amp;to=2");
    assert!(page.html.replace("&#x2f;", "/").contains(&diff_href), "{}", page.text());
    let d = b.get(&format!("/conclusions/{id}/diff?from=1&to=2")).await;
    assert_eq!(d.status, 200);
    assert!(d.html.contains("<ins>") && d.text().contains("+ 1. Соблюдать сроки регистрации."), "{}", d.text());

    let r = b.post(&format!("/conclusions/{id}/submit"), &[]).await;
    assert_eq!(
        (r.status, r.location()),
        (303, format!("/conclusions/{id}/edit?done=submitted").as_str()),
        "{}",
        r.text()
    );
    assert_eq!(conclusion(&app, &fx, id).await["state"], "submitted");
    let p = b.get(r.location()).await;
    assert!(p.html.contains(&format!("/conclusions/{id}/publish")), "{}", p.text());
    assert!(!p.html.contains("name=\"section.compliance\"") && !p.html.contains("/submit\""));

    let r = b.post(&format!("/conclusions/{id}/publish"), &[]).await;
    assert_eq!((r.status, r.location()), (303, format!("/conclusions/{id}/edit?done=published").as_str()));
    assert_eq!(conclusion(&app, &fx, id).await["state"], "published");
    let p = b.get(r.location()).await;
    assert!(p.html.contains(&format!("action=\"/conclusions/{id}/correct\"")) && !p.html.contains("/publish\""));

    // A correction without a reason: refused, the text kept; with one: a new revision.
    let mut corrected = editor("Заключение по ЗАГС Астаны", &fx.mtszn, "Сроки нарушены в двух отделах из пяти.", true);
    corrected.extend([("reason", " "), ("action", "save")]);
    let r = b.post(&format!("/conclusions/{id}/correct"), &corrected).await;
    assert_eq!(r.status, 422, "{}", r.text());
    assert!(
        r.text().contains("Reason for the correction:") && r.text().contains("Сроки нарушены в двух отделах из пяти.")
    );
    assert_eq!(conclusion(&app, &fx, id).await["revision"], 2);
    corrected.retain(|(k, _)| *k != "reason");
    corrected.push(("reason", "Уточнено число отделов"));
    let r = b.post(&format!("/conclusions/{id}/correct"), &corrected).await;
    assert_eq!(
        (r.status, r.location()),
        (303, format!("/conclusions/{id}/edit?done=corrected").as_str()),
        "{}",
        r.text()
    );
    let v = conclusion(&app, &fx, id).await;
    assert_eq!((v["revision"].as_i64(), v["state"].as_str()), (Some(3), Some("published")));
}

async fn forged_and_bad_posts_change_nothing(app: TestApp) {
    let fx = fixture(&app).await;
    let c = fx.campaign;
    let cid = c.to_string();
    let mut b = Browser::new(&app);
    b.sign_in("owner@example.kz", PASSWORD).await;
    b.get(&format!("/conclusions/new?campaign={c}")).await;
    // A title too short: refused beside the form, every part kept.
    let mut fields = editor("ЗАГС", &fx.mtszn, "Сроки нарушены везде.", true);
    fields.extend([("campaign_id", cid.as_str()), ("language", "ru"), ("action", "save")]);
    let r = b.post("/conclusions/new", &fields).await;
    assert_eq!(r.status, 422, "{}", r.text());
    assert!(r.html.contains("role=\"alert\"") && r.text().contains("Title:"), "{}", r.text());
    assert!(r.text().contains("Сроки нарушены везде.") && r.text().contains("1. Ввести электронную очередь."));
    assert_eq!(my_drafts(&app, &fx).await, 0);
    // A draft of the team's, submitted.
    fields.retain(|(k, _)| *k != "title");
    fields.push(("title", "Заключение по ЗАГС Астаны"));
    let r = b.post("/conclusions/new", &fields).await;
    assert_eq!(r.status, 303, "{}", r.text());
    let id: i64 = r.location().trim_start_matches("/conclusions/").split('/').next().unwrap().parse().unwrap();

    // An outsider: no link, no editor, and forged posts are refused with nothing changed.
    app.citizen("outsider@example.kz").await;
    let mut o = Browser::new(&app);
    o.sign_in("outsider@example.kz", PASSWORD).await;
    assert!(!o.get(&format!("/campaigns/{c}")).await.html.contains("/conclusions/new"));
    assert_eq!(o.get(&format!("/conclusions/new?campaign={c}")).await.status, 403);
    assert_eq!(o.get(&format!("/conclusions/{id}/edit")).await.status, 404, "a draft is its team's alone");
    o.get("/requests/new").await;
    let r = o.post("/conclusions/new", &fields).await;
    assert_eq!(r.status, 403, "{}", r.text());
    let mut changed = editor("Чужое заключение о ЗАГС", &fx.mtszn, "Чужой текст.", true);
    changed.push(("action", "save"));
    assert_eq!(o.post(&format!("/conclusions/{id}/edit"), &changed).await.status, 404);
    assert_eq!(o.post(&format!("/conclusions/{id}/submit"), &[]).await.status, 404);
    let v = conclusion(&app, &fx, id).await;
    assert_eq!((v["revision"].as_i64(), v["state"].as_str()), (Some(1), Some("draft")));
    assert_eq!(my_drafts(&app, &fx).await, 1);

    // Submitted: public, but the outsider still may not publish it, and is shown its page.
    app.post_as(&fx.owner, &format!("/api/v1/conclusions/{id}/submit"), json!({})).await.ok(200);
    let r = o.get(&format!("/conclusions/{id}/edit")).await;
    assert_eq!((r.status, r.location()), (303, format!("/conclusions/{id}").as_str()));
    o.get("/requests/new").await;
    let r = o.post(&format!("/conclusions/{id}/publish"), &[]).await;
    assert_eq!(r.status, 403, "{}", r.text());
    assert_eq!(conclusion(&app, &fx, id).await["state"], "submitted");
    // The team may not edit a submitted text: the forged save is refused.
    b.get(&format!("/conclusions/{id}/edit")).await;
    let r = b.post(&format!("/conclusions/{id}/edit"), &changed).await;
    assert_eq!(r.status, 409, "{}", r.text());
    assert_eq!(conclusion(&app, &fx, id).await["revision"], 1);
}

crate::on_both_databases!(
    a_team_drafts_submits_publishes_and_corrects_a_conclusion,
    forged_and_bad_posts_change_nothing
);
