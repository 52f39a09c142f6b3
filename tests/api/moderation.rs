//! Moderation (issue 20 p.11): a moderator hides a comment, an observation's public part, an
//! evidence file or a conclusion from public view with a stated reason and shows it again; the
//! authors still read it, marked hidden; the public reads, exports, search and feed leave it out
//! and the feed says it was withdrawn; a moderator can change nobody's words.
use chrono::{Duration, TimeZone, Utc};
use poem::http::Method;
use serde_json::{Value, json};

use crate::helpers::TestApp;

const REASON: &str = "Публикует номер телефона заявителя.";
const WORDS: &str = "Мерзімді үш жұмыс күніне қысқарту, тел. 8 701 000 00 00.";

async fn moderator(app: &TestApp, email: &str) -> String {
    let (token, id) = app.citizen(email).await;
    let (_, admin_id) = app.admin(&format!("granter-{email}")).await;
    let ctx = app.app.state.cli_ctx();
    let account = {
        use sea_orm::EntityTrait;
        entity::account::Entity::find_by_id(admin_id).one(&app.app.state.db).await.unwrap().unwrap()
    };
    let caller =
        baqylau::service::Caller { account, token_id: 0, scopes: baqylau::domain::accounts::Scope::ALL.to_vec() };
    baqylau::service::accounts::set_role(&ctx, &caller, id, "moderator", None).await.expect("moderator role");
    token
}

async fn service_id(app: &TestApp, code: &str) -> i64 {
    let r = app.get(&format!("/api/v1/services?q={code}")).await;
    let items = r.ok(200)["items"].as_array().unwrap().clone();
    items.iter().find(|s| s["code"] == code).unwrap()["id"].as_i64().unwrap()
}

/// A public campaign of `owner` with one observation carrying one photo: (campaign, observation, evidence).
async fn monitored(app: &TestApp, owner: &str) -> (i64, i64, i64) {
    let body = json!({
        "basis": "own_initiative",
        "title_ru": "Качество услуг ЗАГС",
        "methodology_md": "Наблюдатели посещают отделы ЗАГС и фиксируют ожидание.",
        "period_from": "2026-09-01",
        "period_to": "2026-11-30",
        "regions": ["110000000"],
    });
    let c = app.post_as(owner, "/api/v1/campaigns", body).await.ok(201)["id"].as_i64().unwrap();
    let obs = json!({
        "service_id": service_id(app, "ZAGS-01").await, "agency_id": app.agency_id("MTSZN").await,
        "region": "110000000", "address": "ул. Абая, 10", "online": false, "observed_on": "2026-10-15",
        "channel": "provider_office", "waiting_minutes": 15, "days_taken": 1, "outcome": "rendered",
        "satisfaction": 4, "note_md": WORDS, "violations": [],
    });
    let o =
        app.post_as(owner, &format!("/api/v1/campaigns/{c}/observations"), obs).await.ok(201)["id"].as_i64().unwrap();
    let png = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/evidence/tiny.png")).unwrap();
    let url = format!("/api/v1/campaigns/{c}/observations/{o}/evidence");
    let e = app.upload_as(owner, &url, ("queue.png", "image/png", &png), &[("caption", "Очередь")]).await.ok(201)["id"]
        .as_i64()
        .unwrap();
    app.post_as(owner, &format!("/api/v1/campaigns/{c}/activate"), json!({})).await.ok(200);
    (c, o, e)
}

async fn published_conclusion(app: &TestApp, owner: &str, campaign: i64) -> i64 {
    let body = json!({"campaign_id": campaign, "title": "Заключение по ЗАГС", "language": "ru",
        "agency_ids": [app.agency_id("MTSZN").await], "sections": {
            "compliance": "Сроки нарушены в двух отделах из пяти.",
            "recommendations": "1. Соблюдать сроки регистрации.",
            "quality_proposals": "1. Ввести электронную очередь турникетами.",
            "bylaw_proposals": "1. Сократить перечень документов."}});
    let id = app.post_as(owner, "/api/v1/conclusions", body).await.ok(201)["id"].as_i64().unwrap();
    app.post_as(owner, &format!("/api/v1/conclusions/{id}/submit"), json!({})).await.ok(200);
    app.post_as(owner, &format!("/api/v1/conclusions/{id}/publish"), json!({})).await.ok(200);
    id
}

/// A discussion open now, with one comment by `author`: (discussion, comment).
async fn commented(app: &TestApp, author: &str) -> (i64, i64) {
    let officer = app.officer("officer@enbek.kz", "MTSZN").await;
    let opens = Utc.with_ymd_and_hms(2026, 11, 27, 4, 0, 0).single().unwrap();
    let closes = Utc.with_ymd_and_hms(2026, 12, 11, 13, 0, 0).single().unwrap();
    let d = app
        .post_as(
            &officer,
            "/api/v1/discussions",
            json!({"subject": "draft_act", "title_kk": "Қағидалар жобасы",
            "title_ru": "Проект правил", "text_md": "## Ережелер\n\n1. Мерзімі бес жұмыс күні.\n",
            "opens_at": opens, "closes_at": closes}),
        )
        .await
        .ok(201)["id"]
        .as_i64()
        .unwrap();
    app.clock.set(opens + Duration::hours(1));
    let c = app
        .post_as(author, &format!("/api/v1/discussions/{d}/comments"), json!({"anchor": "c1", "proposal_md": WORDS}))
        .await
        .ok(201)["id"]
        .as_i64()
        .unwrap();
    (d, c)
}

async fn signed_in<'a>(app: &'a TestApp, email: &str) -> crate::browser::Browser<'a> {
    let mut b = crate::browser::Browser::new(app);
    b.sign_in(email, "correct horse battery").await;
    b
}

fn events_of(feed: &Value, entity_type: &str, id: i64) -> Vec<String> {
    feed["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["entity"] == entity_type && e["entity_id"] == id)
        .map(|e| e["action"].as_str().unwrap().to_string())
        .collect()
}

async fn a_moderator_hides_a_comment_and_its_author_still_reads_it(app: TestApp) {
    app.seed_content().await;
    let (author, _) = app.citizen("author@example.kz").await;
    app.patch_as(&author, "/api/v1/me", json!({"full_name": "Айгерім Сәрсенова"})).await.ok(200);
    let (d, c) = commented(&app, &author).await;
    let m = moderator(&app, "moderator@baqylau.kz").await;
    let (citizen, _) = app.citizen("someone@example.kz").await;
    let hide = format!("/api/v1/moderation/comment/{c}/hide");
    app.post_as(&citizen, &hide, json!({"reason": REASON})).await.problem(403, "forbidden");
    app.post_as(&author, &hide, json!({"reason": REASON})).await.problem(403, "forbidden");
    let r = app.post_as(&m, &hide, json!({"reason": "spam"})).await;
    assert_eq!(r.problem(422, "validation_failed")["errors"][0]["pointer"], "/reason");
    let r = app.post_as(&m, &hide, json!({"reason": REASON})).await;
    assert_eq!(r.ok(200)["hidden"]["reason"], REASON);
    app.post_as(&m, &hide, json!({"reason": REASON})).await.problem(409, "already_hidden");

    // The public: gone from every read and export, and the record's address says why.
    let one = app.get(&format!("/api/v1/comments/{c}")).await;
    assert!(one.problem(410, "withdrawn")["detail"].as_str().unwrap().contains(REASON), "{}", one.text);
    for url in [
        format!("/api/v1/discussions/{d}/comments"),
        format!("/api/v1/comments?discussion={d}"),
        format!("/api/v1/comments/export.csv?discussion={d}"),
        format!("/api/v1/comments/export.ndjson?discussion={d}"),
        format!("/discussions/{d}"),
    ] {
        let r = app.get(&url).await;
        assert_eq!(r.status, 200, "{url}");
        assert!(!r.text.contains("үш жұмыс күніне"), "{url}: {}", r.text);
    }
    // The feed names the withdrawal, without the words, and no longer offers the comment.
    let feed = app.get("/api/v1/events?limit=1000").await;
    assert_eq!(events_of(feed.ok(200), "comment", c), ["withdraw"]);
    assert!(!feed.text.contains("үш жұмыс күніне"));
    // Its author still reads it, marked hidden with the reason; so does the developer agency,
    // which must still decide on it.
    let page = signed_in(&app, "author@example.kz").await.get(&format!("/discussions/{d}")).await;
    assert!(page.text().contains(&format!("Hidden from public view by a moderator: {REASON}")), "{}", page.text());
    let mine = app.get_as(&author, &format!("/api/v1/discussions/{d}/comments")).await;
    assert_eq!(mine.ok(200)[0]["hidden"]["reason"], REASON, "{}", mine.text);
    assert_eq!(mine.body[0]["proposal_md"], WORDS);
    let officer = app.login("officer@enbek.kz").await;
    let theirs = app.get_as(&officer, &format!("/api/v1/discussions/{d}/comments")).await;
    assert_eq!(theirs.ok(200).as_array().unwrap().len(), 1);
    let others = app.get_as(&citizen, &format!("/api/v1/discussions/{d}/comments")).await;
    assert_eq!(others.ok(200).as_array().unwrap().len(), 0);

    // A moderator cannot change anyone's words.
    let edit = format!("/api/v1/discussions/{d}/comments/{c}");
    let r = app.patch_as(&m, &edit, json!({"proposal_md": "Другие слова."})).await;
    assert!(r.status == 403 || r.status == 404, "{}", r.text);
    let still = app.get_as(&author, &format!("/api/v1/discussions/{d}/comments")).await;
    assert_eq!(still.ok(200)[0]["proposal_md"], WORDS);

    // Shown again: public, and the log holds both acts with the reason.
    let unhide = format!("/api/v1/moderation/comment/{c}/unhide");
    app.post_as(&citizen, &unhide, json!({})).await.problem(403, "forbidden");
    assert!(app.post_as(&m, &unhide, json!({})).await.ok(200)["hidden"].is_null());
    app.post_as(&m, &unhide, json!({})).await.problem(409, "not_hidden");
    let back = app.get(&format!("/api/v1/comments/{c}")).await;
    assert!(back.ok(200).get("hidden").is_none(), "{}", back.text);
    let feed = app.get("/api/v1/events?limit=1000").await;
    assert_eq!(events_of(feed.ok(200), "comment", c), ["upsert", "withdraw", "upsert"]);
    let log = app.get_as(&m, "/api/v1/moderation/log?subject=comment").await;
    let actions: Vec<&str> =
        log.ok(200)["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["moderation.hide", "moderation.unhide"]);
    assert_eq!(log.body["items"][0]["after"]["reason"], REASON);
    app.get_as(&citizen, "/api/v1/moderation/log").await.problem(403, "forbidden");
    let audit = app.get_as(&app.admin("root@example.kz").await.0, "/api/v1/audit?action=moderation.hide").await;
    assert_eq!(audit.ok(200)["items"].as_array().unwrap().len(), 1);

    // Hidden when the discussion closes: the agency still decides on it (Law Art. 15), and the
    // public notice counts it without repeating its words.
    app.post_as(&m, &hide, json!({"reason": REASON})).await.ok(200);
    app.clock.set(Utc.with_ymd_and_hms(2026, 12, 12, 4, 0, 0).single().unwrap());
    let decide = format!("/api/v1/discussions/{d}/comments/{c}/decision");
    app.call(
        Method::PUT,
        &decide,
        Some(&officer),
        Some(json!({"decision": "not_considered", "reason": "Не относится к предмету проекта"})),
        &[],
    )
    .await
    .ok(200);
    let n = app.post_as(&officer, &format!("/api/v1/discussions/{d}/notice"), json!({})).await;
    assert_eq!(n.ok(201)["items"].as_array().unwrap().len(), 1);
    assert_eq!(
        n.body["items"][0]["brief"],
        "Модератор ашық қолжетімділіктен алды / Снято модератором с открытого доступа"
    );
    let md = app.get(&format!("/api/v1/discussions/{d}/notice.md")).await;
    assert!(md.text.contains("not_considered") && !md.text.contains("үш жұмыс күніне"), "{}", md.text);
}

async fn hidden_observations_evidence_and_conclusions_leave_every_public_read(app: TestApp) {
    app.seed_content().await;
    let (owner, _) = app.citizen("owner@example.kz").await;
    let (c, o, e) = monitored(&app, &owner).await;
    let k = published_conclusion(&app, &owner, c).await;
    app.drain().await;
    let m = moderator(&app, "moderator@baqylau.kz").await;
    let search = "/api/v1/search?q=%D1%82%D1%83%D1%80%D0%BD%D0%B8%D0%BA%D0%B5%D1%82%D0%B0%D0%BC%D0%B8&kind=conclusion";
    assert_eq!(app.get(search).await.ok(200)["total"], 1);

    // The evidence file: the observation stays, the file leaves it for the public.
    app.post_as(&m, &format!("/api/v1/moderation/evidence/{e}/hide"), json!({"reason": REASON})).await.ok(200);
    let public = app.get(&format!("/api/v1/observations/{o}")).await;
    assert_eq!(public.ok(200)["evidence"].as_array().unwrap().len(), 0, "{}", public.text);
    let file = format!("/api/v1/campaigns/{c}/observations/{o}/evidence/{e}/file");
    app.get(&file).await.problem(410, "withdrawn");
    let team = app.get_as(&owner, &format!("/api/v1/campaigns/{c}/observations/{o}")).await;
    assert_eq!(team.ok(200)["evidence"][0]["hidden"]["reason"], REASON);
    assert_eq!(app.get_as(&owner, &file).await.status, 200, "the team still downloads its file");

    // The observation's public part.
    app.post_as(&m, &format!("/api/v1/moderation/observation/{o}/hide"), json!({"reason": REASON})).await.ok(200);
    app.get(&format!("/api/v1/observations/{o}")).await.problem(410, "withdrawn");
    app.get(&format!("/api/v1/campaigns/{c}/observations/{o}")).await.problem(410, "withdrawn");
    for url in [
        format!("/api/v1/observations?campaign={c}"),
        format!("/api/v1/campaigns/{c}/observations"),
        "/api/v1/observations/export.csv".to_string(),
        "/api/v1/observations/export.ndjson".to_string(),
        format!("/campaigns/{c}"),
    ] {
        let r = app.get(&url).await;
        assert_eq!(r.status, 200, "{url}");
        assert!(!r.text.contains("тел. 8 701"), "{url}: {}", r.text);
    }
    let team = app.get_as(&owner, &format!("/api/v1/campaigns/{c}/observations")).await;
    assert_eq!(team.ok(200)["items"][0]["hidden"]["reason"], REASON);
    assert_eq!(team.body["items"][0]["note_md"], WORDS, "nobody's words are changed");
    let page = signed_in(&app, "owner@example.kz").await.get(&format!("/campaigns/{c}")).await;
    assert!(page.text().contains(&format!("Hidden from public view by a moderator: {REASON}")), "{}", page.text());

    // The conclusion.
    app.post_as(&m, &format!("/api/v1/moderation/conclusion/{k}/hide"), json!({"reason": REASON})).await.ok(200);
    app.drain().await;
    app.get(&format!("/api/v1/conclusions/{k}")).await.problem(410, "withdrawn");
    app.get(&format!("/api/v1/conclusions/{k}/export.html")).await.problem(410, "withdrawn");
    assert_eq!(app.get(search).await.ok(200)["total"], 0, "the search index lets it go");
    for url in ["/api/v1/conclusions", "/api/v1/conclusions/export.csv", "/api/v1/conclusions/export.ndjson"] {
        let r = app.get(url).await;
        assert!(!r.text.contains("Заключение по ЗАГС"), "{url}: {}", r.text);
    }
    assert_eq!(app.get(&format!("/conclusions/{k}")).await.status, 410);
    let own = app.get_as(&owner, &format!("/api/v1/conclusions/{k}")).await;
    assert_eq!(own.ok(200)["hidden"]["reason"], REASON);
    let feed = app.get("/api/v1/events?limit=1000").await;
    assert_eq!(events_of(feed.ok(200), "conclusion", k).last().map(String::as_str), Some("withdraw"));
    assert_eq!(events_of(&feed.body, "observation", o).last().map(String::as_str), Some("withdraw"));

    // Shown again, it is back in the index.
    app.post_as(&m, &format!("/api/v1/moderation/conclusion/{k}/unhide"), json!({})).await.ok(200);
    app.drain().await;
    assert_eq!(app.get(search).await.ok(200)["total"], 1);
    app.get(&format!("/api/v1/conclusions/{k}")).await.ok(200);
    // A draft is nobody's to moderate.
    let draft = app
        .post_as(
            &owner,
            "/api/v1/conclusions",
            json!({"campaign_id": c, "title": "Черновик", "language": "ru",
            "agency_ids": [app.agency_id("MTSZN").await]}),
        )
        .await
        .ok(201)["id"]
        .as_i64()
        .unwrap();
    app.post_as(&m, &format!("/api/v1/moderation/conclusion/{draft}/hide"), json!({"reason": REASON}))
        .await
        .problem(404, "resource_not_found");
    app.call(Method::POST, "/api/v1/moderation/report/1/hide", Some(&m), Some(json!({"reason": REASON})), &[])
        .await
        .problem(400, "invalid_parameter");
}

crate::on_both_databases!(
    a_moderator_hides_a_comment_and_its_author_still_reads_it,
    hidden_observations_evidence_and_conclusions_leave_every_public_read,
);
