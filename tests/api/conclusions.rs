//! Monitoring conclusions and the agencies' measures (Law Art. 29 p.3-4) over HTTP: the four
//! parts read from Markdown in three languages, submission, freezing and corrections, citations of
//! observations, sanitizing, the seven-day edit window of answers, the scorecard, search and
//! exports.
use chrono::Duration;
use serde_json::{Value, json};

use crate::helpers::{Resp, TestApp};

const PERIOD_OBS: &str = "2026-10-15";

async fn service_id(app: &TestApp, code: &str) -> i64 {
    let r = app.get(&format!("/api/v1/services?q={code}")).await;
    let items = r.ok(200)["items"].as_array().unwrap().clone();
    items.iter().find(|s| s["code"] == code).unwrap_or_else(|| panic!("no service {code}"))["id"].as_i64().unwrap()
}

/// A campaign of `token`'s, activated unless `draft`.
async fn campaign(app: &TestApp, token: &str, title: &str, draft: bool) -> i64 {
    let body = json!({
        "basis": "own_initiative",
        "title_ru": title,
        "methodology_md": "Наблюдатели посещают отделы ЗАГС и ЦОН, фиксируют ожидание и нарушения.",
        "period_from": "2026-09-01",
        "period_to": "2026-11-30",
        "regions": ["110000000"],
    });
    let id = app.post_as(token, "/api/v1/campaigns", body).await.ok(201)["id"].as_i64().unwrap();
    if !draft {
        app.post_as(token, &format!("/api/v1/campaigns/{id}/activate"), json!({})).await.ok(200);
    }
    id
}

async fn observe(app: &TestApp, token: &str, campaign: i64, agency: i64, violations: &[&str]) -> i64 {
    let service = service_id(app, "ZAGS-01").await;
    let body = json!({
        "service_id": service, "agency_id": agency, "region": "110000000", "address": "ул. Абая, 10",
        "observed_on": PERIOD_OBS, "channel": "provider_office", "waiting_minutes": 40, "outcome": "rendered",
        "violations": violations.iter().map(|v| json!({"category": v, "note": "Зафиксировано"})).collect::<Vec<_>>(),
    });
    app.post_as(token, &format!("/api/v1/campaigns/{campaign}/observations"), body).await.ok(201)["id"]
        .as_i64()
        .unwrap()
}

/// All four parts; 2 recommendations, 1 quality proposal and 1 bylaw proposal to answer.
fn full_sections() -> Value {
    json!({
        "compliance": "Сроки нарушены в двух отделах из пяти.",
        "recommendations": "1. Соблюдать сроки регистрации.\n2. Не требовать справок о составе семьи.",
        "quality_proposals": "1. Ввести электронную очередь.",
        "bylaw_proposals": "1. Сократить перечень документов в стандарте услуги.",
    })
}

struct Fx {
    owner: String,
    campaign: i64,
    mtszn: i64,
    mvd: i64,
}

async fn fixture(app: &TestApp) -> Fx {
    app.seed_content().await;
    let (owner, _) = app.citizen("owner@example.kz").await;
    let campaign = campaign(app, &owner, "Качество услуг ЗАГС в Акмолинской области", false).await;
    Fx { owner, campaign, mtszn: app.agency_id("MTSZN").await, mvd: app.agency_id("MVD").await }
}

async fn draft(app: &TestApp, fx: &Fx, extra: Value) -> Resp {
    let mut body =
        json!({"campaign_id": fx.campaign, "title": "Заключение по ЗАГС", "language": "ru", "agency_ids": [fx.mtszn]});
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    app.post_as(&fx.owner, "/api/v1/conclusions", body).await
}

async fn published(app: &TestApp, fx: &Fx, extra: Value) -> i64 {
    let id = draft(app, fx, extra).await.ok(201)["id"].as_i64().unwrap();
    app.post_as(&fx.owner, &format!("/api/v1/conclusions/{id}/submit"), json!({})).await.ok(200);
    app.post_as(&fx.owner, &format!("/api/v1/conclusions/{id}/publish"), json!({})).await.ok(200);
    id
}

fn keys(v: &Value) -> Vec<String> {
    v["sections"].as_array().unwrap().iter().map(|s| s["key"].as_str().unwrap().to_string()).collect()
}

fn section<'a>(v: &'a Value, key: &str) -> &'a str {
    v["sections"].as_array().unwrap().iter().find(|s| s["key"] == key).unwrap()["markdown"].as_str().unwrap()
}

fn pointers(body: &Value) -> Vec<(String, String)> {
    body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["pointer"].as_str().unwrap_or("").to_string(), e["code"].as_str().unwrap().to_string()))
        .collect()
}

async fn the_parser_reads_headings_in_three_languages(app: TestApp) {
    let fx = fixture(&app).await;
    let all = ["compliance", "recommendations", "quality_proposals", "bylaw_proposals"];
    let kk = "# Қорытынды\n\nКіріспе мәтіні.\n\n## Заңнаманың сақталуы\n\nМерзімдер бұзылды.\n\n## Ұсынымдар\n\n1. Мерзімді сақтау.\n\n## Сапаны арттыру жөніндегі ұсыныстар\n\n1. Электронды кезек.\n\n## Заңға тәуелді актілерді жетілдіру жөніндегі ұсыныстар\n\n1. Құжаттар тізімін қысқарту.\n";
    let r = draft(&app, &fx, json!({"language": "kk", "document_md": kk})).await;
    let v = r.ok(201);
    assert_eq!(keys(v), all);
    assert_eq!(v["preamble_md"], "# Қорытынды\n\nКіріспе мәтіні.");
    assert_eq!(v["missing_sections"], json!([]));
    // Mixed case, trailing colons and numbering; a nested heading stays inside its part.
    let ru = "## 1. СОБЛЮДЕНИЕ законодательства:\n\nНарушены сроки.\n\n### По отделу ЗАГС\n\nОчереди.\n\n## рекомендации:\n\n1. Соблюдать сроки.\n\n## Предложения по повышению КАЧЕСТВА:\n\n1. Очередь.\n\n## IV. Предложения по совершенствованию подзаконных НПА.\n\n1. Перечень.\n";
    let v = draft(&app, &fx, json!({"document_md": ru})).await.ok(201).clone();
    assert_eq!(keys(&v), all);
    assert_eq!(section(&v, "compliance"), "Нарушены сроки.\n\n### По отделу ЗАГС\n\nОчереди.");
    assert!(v["sections"][0]["html"].as_str().unwrap().contains("<h3>По отделу ЗАГС</h3>"));
    let en = "## Compliance:\n\nLate.\n\n## RECOMMENDATIONS\n\n1. Keep to the terms.\n\n## Quality proposals\n\n1. A queue.\n\n## Bylaw proposals\n\n1. Fewer papers.\n";
    let v = draft(&app, &fx, json!({"language": "en", "document_md": en})).await.ok(201).clone();
    assert_eq!(keys(&v), all);
    assert_eq!(section(&v, "recommendations"), "1. Keep to the terms.");
    // A part twice, and an unknown heading: each named.
    let twice = "## Рекомендации\n\n1. А.\n\n## Recommendations\n\n1. B.\n";
    let r = draft(&app, &fx, json!({"document_md": twice})).await;
    r.problem(422, "validation_failed");
    assert_eq!(pointers(&r.body), [("/document_md".to_string(), "duplicate_section".to_string())]);
    let unknown = "## Рекомендации\n\n1. А.\n\n## Резюме для прессы\n\nТекст.\n";
    let r = app
        .call(
            poem::http::Method::POST,
            "/api/v1/conclusions",
            Some(&fx.owner),
            Some(json!({"campaign_id": fx.campaign, "title": "Заключение по ЗАГС", "agency_ids": [fx.mtszn], "document_md": unknown})),
            &[("accept-language", "ru")],
        )
        .await;
    r.problem(422, "validation_failed");
    assert_eq!(r.body["errors"][0]["code"], "unknown_section_heading");
    assert!(r.body["errors"][0]["message"].as_str().unwrap().contains("Резюме для прессы"), "{}", r.text);
    // The parts as fields: an unknown key and a level-2 heading inside a part are refused too.
    let r = draft(&app, &fx, json!({"sections": {"summary": "x", "compliance": "a\n\n## Рекомендации\n"}})).await;
    r.problem(422, "validation_failed");
    let mut got = pointers(&r.body);
    got.sort();
    assert_eq!(
        got,
        [
            ("/sections/compliance".to_string(), "heading_in_section".to_string()),
            ("/sections/summary".to_string(), "invalid_value".to_string())
        ]
    );
    draft(&app, &fx, json!({"document_md": "x", "sections": {}})).await.problem(422, "validation_failed");
    // The template in each language reads back as four empty parts.
    for lang in ["kk", "ru", "en"] {
        let t = app.get(&format!("/api/v1/conclusions/template?lang={lang}")).await;
        let md = t.ok(200)["markdown"].as_str().unwrap().to_string();
        assert_eq!(md.matches("\n## ").count() + usize::from(md.starts_with("## ")), 4, "{md}");
        let v = draft(&app, &fx, json!({"document_md": md})).await.ok(201).clone();
        assert_eq!(v["missing_sections"], json!(all), "{lang}");
    }
    app.get("/api/v1/conclusions/template?lang=de").await.problem(400, "invalid_parameter");
}

async fn submitting_needs_four_parts_then_the_text_is_frozen(app: TestApp) {
    let fx = fixture(&app).await;
    let r = draft(
        &app,
        &fx,
        json!({"sections": {"compliance": "Нарушены сроки.", "recommendations": "1. Сроки.", "bylaw_proposals": "<!-- позже -->\n\n- \n"}}),
    )
    .await;
    let id = r.ok(201)["id"].as_i64().unwrap();
    let path = format!("/api/v1/conclusions/{id}");
    let r = app.post_as(&fx.owner, &format!("{path}/submit"), json!({})).await;
    r.problem(422, "validation_failed");
    assert_eq!(
        pointers(&r.body),
        [
            ("/sections/quality_proposals".to_string(), "section_required".to_string()),
            ("/sections/bylaw_proposals".to_string(), "section_required".to_string())
        ]
    );
    // A save is a revision; the text given replaces the text.
    let v = app.patch_as(&fx.owner, &path, json!({"sections": full_sections()})).await;
    assert_eq!(v.ok(200)["revision"], 2);
    let v = app.patch_as(&fx.owner, &path, json!({"title": "Заключение по ЗАГС, итог"})).await;
    assert_eq!((v.ok(200)["revision"].clone(), v.body["missing_sections"].clone()), (json!(3), json!([])));
    app.post_as(&fx.owner, &format!("{path}/publish"), json!({})).await.problem(409, "conclusion_not_submitted");
    let v = app.post_as(&fx.owner, &format!("{path}/submit"), json!({})).await;
    assert_eq!(v.ok(200)["state"], "submitted");
    // It goes to the authorized body too.
    assert_eq!(v.body["authorized_body_ids"], json!([app.agency_id("ASDGS").await]));
    // Frozen.
    app.patch_as(&fx.owner, &path, json!({"title": "Другое название"})).await.problem(409, "conclusion_not_draft");
    app.post_as(&fx.owner, &format!("{path}/submit"), json!({})).await.problem(409, "conclusion_not_draft");
    app.post_as(&fx.owner, &format!("{path}/corrections"), json!({"reason": "Опечатка"}))
        .await
        .problem(409, "conclusion_not_published");
    assert_eq!(app.post_as(&fx.owner, &format!("{path}/publish"), json!({})).await.ok(200)["state"], "published");
    app.post_as(&fx.owner, &format!("{path}/publish"), json!({})).await.problem(409, "conclusion_not_submitted");
    // A correction needs a reason and keeps the four parts.
    let mut corrected = full_sections();
    corrected["compliance"] = json!("Сроки нарушены в трёх отделах из пяти.");
    let r =
        app.post_as(&fx.owner, &format!("{path}/corrections"), json!({"reason": "  ", "sections": corrected})).await;
    assert_eq!(pointers(r.problem(422, "validation_failed")), vec![("/reason".into(), "required".into())]);
    let mut broken = full_sections();
    broken["quality_proposals"] = json!("");
    app.post_as(&fx.owner, &format!("{path}/corrections"), json!({"reason": "Опечатка", "sections": broken}))
        .await
        .problem(422, "validation_failed");
    let v = app
        .post_as(
            &fx.owner,
            &format!("{path}/corrections"),
            json!({"reason": "Уточнено число отделов", "sections": corrected}),
        )
        .await;
    let v = v.ok(200);
    assert_eq!(
        (v["state"].clone(), v["revision"].clone(), v["revision_kind"].clone()),
        (json!("published"), json!(4), json!("correction"))
    );
    assert_eq!(v["correction_reason"], "Уточнено число отделов");
    // The old text stays readable, and the diff shows the one changed line.
    let revs = app.get(&format!("{path}/revisions")).await;
    let revs = revs.ok(200).as_array().unwrap().clone();
    assert_eq!(
        revs.iter().map(|r| r["kind"].as_str().unwrap()).collect::<Vec<_>>(),
        ["draft", "draft", "draft", "correction"]
    );
    assert!(
        app.get(&format!("{path}/revisions/3")).await.ok(200)["document_md"]
            .as_str()
            .unwrap()
            .contains("в двух отделах")
    );
    let d = app.get(&format!("{path}/diff?from=3&to=4&context=0")).await;
    let d = d.ok(200);
    assert_eq!((d["inserted"].clone(), d["deleted"].clone()), (json!(1), json!(1)));
    let lines = d["hunks"][0]["lines"].as_array().unwrap();
    assert_eq!(lines[0]["tag"], "delete");
    assert!(lines[1]["text"].as_str().unwrap().contains("в трёх отделах"));
    app.get(&format!("{path}/diff?from=3&to=9")).await.problem(404, "resource_not_found");
    // Every write is in the audit log.
    let (admin, _) = app.admin("root@example.kz").await;
    let log = app.get_as(&admin, &format!("/api/v1/audit?entity_type=conclusion&entity_id={id}")).await;
    let actions: Vec<String> =
        log.ok(200)["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap().to_string()).collect();
    for a in ["conclusion.create", "conclusion.update", "conclusion.submit", "conclusion.publish", "conclusion.correct"]
    {
        assert!(actions.contains(&a.to_string()), "{a} in {actions:?}");
    }
}

async fn only_the_team_drafts_and_sees_a_draft(app: TestApp) {
    let fx = fixture(&app).await;
    let (stranger, _) = app.citizen("stranger@example.kz").await;
    let body = json!({"campaign_id": fx.campaign, "title": "Чужое заключение", "agency_ids": [fx.mtszn]});
    app.post_as(&stranger, "/api/v1/conclusions", body).await.problem(403, "not_campaign_member");
    // A draft campaign has nothing to conclude yet.
    let early = campaign(&app, &fx.owner, "Кампания в подготовке", true).await;
    let body = json!({"campaign_id": early, "title": "Слишком рано", "agency_ids": [fx.mtszn]});
    app.post_as(&fx.owner, "/api/v1/conclusions", body).await.problem(409, "campaign_not_concludable");
    let body = json!({"campaign_id": fx.campaign, "title": "Без адресатов", "agency_ids": []});
    app.post_as(&fx.owner, "/api/v1/conclusions", body).await.problem(422, "validation_failed");

    let id = draft(&app, &fx, json!({"sections": full_sections()})).await.ok(201)["id"].as_i64().unwrap();
    let path = format!("/api/v1/conclusions/{id}");
    app.get(&path).await.problem(404, "resource_not_found");
    app.get_as(&stranger, &path).await.problem(404, "resource_not_found");
    app.get(&format!("{path}/revisions")).await.problem(404, "resource_not_found");
    app.get(&format!("{path}/export.html")).await.problem(404, "resource_not_found");
    app.patch_as(&stranger, &path, json!({"title": "Чужая правка"})).await.problem(404, "resource_not_found");
    app.post_as(&stranger, &format!("{path}/submit"), json!({})).await.problem(404, "resource_not_found");
    assert_eq!(app.get("/api/v1/conclusions").await.ok(200)["items"], json!([]));
    // The team finds its drafts; no one else does.
    let mine = app.get_as(&fx.owner, "/api/v1/me/conclusions?state=draft").await;
    assert_eq!(mine.ok(200)["items"][0]["id"], id);
    assert_eq!(app.get_as(&stranger, "/api/v1/me/conclusions").await.ok(200)["items"], json!([]));
    app.get("/api/v1/conclusions?state=draft").await.problem(400, "invalid_parameter");
    assert_eq!(app.get_as(&fx.owner, &path).await.ok(200)["state"], "draft");
    app.post_as(&fx.owner, &format!("{path}/submit"), json!({})).await.ok(200);
    assert_eq!(app.get(&path).await.ok(200)["state"], "submitted");
    // Public now, but still the team's to publish.
    app.post_as(&stranger, &format!("{path}/publish"), json!({})).await.problem(403, "not_campaign_member");
    let list = app.get(&format!("/api/v1/conclusions?agency={}", fx.mtszn)).await;
    assert_eq!(list.ok(200)["items"][0]["id"], id);
    assert_eq!(app.get(&format!("/api/v1/conclusions?agency={}", fx.mvd)).await.ok(200)["items"], json!([]));
}

async fn citations_are_the_campaigns_own_observations(app: TestApp) {
    let fx = fixture(&app).await;
    let own = observe(&app, &fx.owner, fx.campaign, fx.mtszn, &["deadline_breached", "unjustified_refusal"]).await;
    observe(&app, &fx.owner, fx.campaign, fx.mtszn, &["deadline_breached"]).await;
    observe(&app, &fx.owner, fx.campaign, fx.mvd, &[]).await;
    let other_campaign = campaign(&app, &fx.owner, "Другая кампания по ЦОН", false).await;
    let foreign = observe(&app, &fx.owner, other_campaign, fx.mtszn, &[]).await;

    let mut s = full_sections();
    s["compliance"] = json!(format!("Очередь превышала норму [obs:{own}]."));
    let v = draft(&app, &fx, json!({"sections": s})).await;
    let v = v.ok(201);
    assert_eq!(
        v["observations"],
        json!([{"id": own, "url": format!("/api/v1/campaigns/{}/observations/{own}", fx.campaign)}])
    );
    let id = v["id"].as_i64().unwrap();
    let mut s = full_sections();
    s["compliance"] = json!(format!("См. [obs:{foreign}]."));
    let r = draft(&app, &fx, json!({"sections": s})).await;
    r.problem(422, "validation_failed");
    assert_eq!(pointers(&r.body), [("/sections/compliance".into(), "observation_of_other_campaign".into())]);
    let doc = "## Соблюдение законодательства\n\nСм. [obs:987654].\n";
    let r = draft(&app, &fx, json!({"document_md": doc})).await;
    r.problem(422, "validation_failed");
    assert_eq!(pointers(&r.body), [("/document_md".into(), "unknown_observation".into())]);
    // An edit is checked the same way.
    let r = app
        .patch_as(&fx.owner, &format!("/api/v1/conclusions/{id}"), json!({"preamble": format!("[obs:{foreign}]")}))
        .await;
    assert_eq!(
        pointers(r.problem(422, "validation_failed")),
        [("/preamble".into(), "observation_of_other_campaign".into())]
    );

    // The violations table, counted in the database.
    let t = app.get_as(&fx.owner, &format!("/api/v1/conclusions/{id}/violations-table")).await;
    let md = t.ok(200)["markdown"].as_str().unwrap().to_string();
    let lines: Vec<&str> = md.lines().collect();
    assert_eq!(lines.len(), 4, "{md}");
    assert!(lines[2].ends_with("| 2 | 1 | 3 |"), "{md}");
    assert!(lines[3].ends_with("| 2 | 1 | **3** |"), "{md}");
    assert!(t.body["html"].as_str().unwrap().contains("<table>"));
    let v =
        app.patch_as(&fx.owner, &format!("/api/v1/conclusions/{id}"), json!({"insert_violations_table": true})).await;
    let compliance = section(v.ok(200), "compliance").to_string();
    assert!(compliance.starts_with(&format!("Очередь превышала норму [obs:{own}].\n\n| ")), "{compliance}");
    assert!(compliance.ends_with("| **3** |"), "{compliance}");
}

const PAYLOADS: &[&str] = &[
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
    "<svg onload=alert(1)>",
    "<iframe src=\"https://evil.example\"></iframe>",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "<details open ontoggle=alert(1)>x</details>",
    "[x][evil]\n\n[evil]: javascript:alert(1)",
    "<a href=\"https://gov.kz\" onclick=\"alert(1)\" rel=\"opener\">сайт</a>",
];

#[track_caller]
fn assert_safe(html: &str) {
    let lower = html.to_lowercase();
    for bad in ["<script", "javascript:", "data:", "<iframe", "<svg"] {
        assert!(!lower.contains(bad), "{bad} in {html}");
    }
    for (i, _) in lower.match_indices(" on") {
        let attr: String = lower[i + 1..].chars().take_while(|c| c.is_ascii_alphabetic()).collect();
        assert!(!lower[i + 1 + attr.len()..].starts_with('='), "event attribute {attr} in {html}");
    }
    for (i, _) in lower.match_indices("<a ") {
        let tag = &lower[i..i + lower[i..].find('>').unwrap()];
        if tag.contains("href=") {
            assert!(tag.contains("rel=\"nofollow noopener\""), "{tag}");
        }
    }
}

async fn xss_payloads_never_reach_the_html(app: TestApp) {
    let fx = fixture(&app).await;
    let payload = PAYLOADS.join("\n\n");
    let item = |p: &str| format!("1. Пункт {p}");
    let sections = json!({
        "compliance": payload,
        // One item per one-line payload (a reference definition cannot sit inside an item).
        "recommendations": PAYLOADS.iter().filter(|p| !p.contains('\n')).map(|p| item(p)).collect::<Vec<_>>().join("\n"),
        "quality_proposals": payload,
        "bylaw_proposals": payload,
    });
    let id = published(
        &app,
        &fx,
        json!({"title": "<script>alert(1)</script> Заключение", "preamble": payload, "sections": sections}),
    )
    .await;
    let path = format!("/api/v1/conclusions/{id}");
    let v = app.get(&path).await.ok(200).clone();
    assert_safe(v["preamble_html"].as_str().unwrap());
    for s in v["sections"].as_array().unwrap() {
        assert_safe(s["html"].as_str().unwrap());
    }
    assert!(v["items"].as_array().unwrap().len() >= PAYLOADS.len() - 1);
    for i in v["items"].as_array().unwrap() {
        assert_safe(i["text_html"].as_str().unwrap());
    }
    assert!(v["sections"][0]["html"].as_str().unwrap().contains("rel=\"nofollow noopener\""));
    for r in app.get(&format!("{path}/revisions")).await.ok(200).as_array().unwrap() {
        for s in r["sections"].as_array().unwrap() {
            assert_safe(s["html"].as_str().unwrap());
        }
    }
    let html = app.get(&format!("{path}/export.html")).await;
    assert_eq!(html.status, 200);
    assert_safe(&html.text);
    // The pages' strict policy, admitting the document's own stylesheet by its hash and nothing else.
    let csp = html.headers.get("content-security-policy").expect("a CSP").to_str().unwrap();
    let style = html.text.split("<style>").nth(1).and_then(|t| t.split("</style>").next()).expect("a stylesheet");
    let hash = {
        use base64::Engine;
        use sha2::Digest;
        base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(style.as_bytes()))
    };
    assert!(csp.contains("default-src 'none'") && csp.contains(&format!("style-src 'sha256-{hash}'")), "{csp}");
    assert!(!csp.contains("unsafe") && !csp.contains("script-src"), "{csp}");
    assert_eq!(html.headers.get("x-content-type-options").unwrap(), "nosniff");
    assert!(html.text.contains("&lt;script&gt;alert(1)&lt;/script&gt; Заключение"));
    // Measure texts, as an officer writes them.
    let officer = app.officer("officer@enbek.kz", "MTSZN").await;
    let r = app
        .post_as(
            &officer,
            &format!("{path}/measures"),
            json!({"item": "recommendations.1", "status": "accepted", "text_md": payload}),
        )
        .await;
    assert_safe(r.ok(201)["text_html"].as_str().unwrap());
    for m in app.get(&format!("{path}/measures")).await.ok(200).as_array().unwrap() {
        assert_safe(m["text_html"].as_str().unwrap());
    }
}

fn score(card: &Value, agency: i64) -> [u64; 5] {
    let row = card["agencies"].as_array().unwrap().iter().find(|r| r["agency_id"] == agency).unwrap().clone();
    ["accepted", "in_progress", "done", "rejected", "ignored"].map(|k| row[k].as_u64().unwrap())
}

async fn officers_answer_for_seven_days_and_the_scorecard_counts(app: TestApp) {
    let fx = fixture(&app).await;
    let id =
        draft(&app, &fx, json!({"agency_ids": [fx.mtszn, fx.mvd], "sections": full_sections()})).await.ok(201)["id"]
            .as_i64()
            .unwrap();
    let path = format!("/api/v1/conclusions/{id}");
    let enbek = app.officer("officer@enbek.kz", "MTSZN").await;
    let police = app.officer("officer@police.kz", "MVD").await;
    let defence = app.officer("officer@mod.kz", "MO").await;
    let (citizen, _) = app.citizen("citizen@example.kz").await;
    let answer = |item: &str, status: &str| json!({"item": item, "status": status, "text_md": "Приказ издан."});
    app.post_as(&fx.owner, &format!("{path}/submit"), json!({})).await.ok(200);
    app.post_as(&enbek, &format!("{path}/measures"), answer("recommendations.1", "accepted"))
        .await
        .problem(409, "conclusion_not_published");
    app.post_as(&fx.owner, &format!("{path}/publish"), json!({})).await.ok(200);
    let items: Vec<String> = app.get(&path).await.ok(200)["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["key"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(items, ["recommendations.1", "recommendations.2", "quality_proposals.1", "bylaw_proposals.1"]);
    // Only officers of an addressed agency answer.
    for token in [&defence, &citizen, &fx.owner] {
        app.post_as(token, &format!("{path}/measures"), answer("recommendations.1", "accepted"))
            .await
            .problem(403, "not_addressed_agency");
    }
    let r = app.post_as(&enbek, &format!("{path}/measures"), answer("recommendations.9", "accepted")).await;
    assert_eq!(pointers(r.problem(422, "validation_failed")), [("/item".into(), "unknown_item".into())]);
    let r = app.post_as(&enbek, &format!("{path}/measures"), answer("recommendations.2", "rejected")).await;
    assert_eq!(pointers(r.problem(422, "validation_failed")), [("/reason".into(), "required".into())]);
    let r = app.post_as(&enbek, &format!("{path}/measures"), answer("recommendations.2", "maybe")).await;
    assert_eq!(pointers(r.problem(422, "validation_failed")), [("/status".into(), "invalid_value".into())]);
    assert!(r.body["errors"][0]["message"].as_str().unwrap().contains("maybe"), "{}", r.text);
    let bad_link = json!({"item": "recommendations.1", "status": "done", "attachments": [{"title": "Приказ", "url": "javascript:alert(1)"}]});
    app.post_as(&enbek, &format!("{path}/measures"), bad_link).await.problem(422, "validation_failed");

    // MTSZN: rec.1 accepted, then done (a new answer); rec.2 rejected; quality.1 in progress;
    // bylaw.1 ignored. MVD: rec.1 accepted, everything else ignored.
    let first = app.post_as(&enbek, &format!("{path}/measures"), answer("recommendations.1", "accepted")).await;
    let first = first.ok(201)["id"].as_i64().unwrap();
    app.clock.advance(Duration::days(1));
    let done = json!({"item": "recommendations.1", "status": "done", "text_md": "Сроки соблюдаются.",
                      "attachments": [{"title": "Приказ №12", "url": "https://www.gov.kz/memleket/entities/enbek/documents/1"}]});
    let r = app.post_as(&enbek, &format!("{path}/measures"), done).await;
    assert_eq!(r.ok(201)["attachments"][0]["title"], "Приказ №12");
    let rejected = json!({"item": "recommendations.2", "status": "rejected", "reason": "Справка требуется законом."});
    assert_eq!(
        app.post_as(&enbek, &format!("{path}/measures"), rejected).await.ok(201)["reason"],
        "Справка требуется законом."
    );
    app.post_as(&enbek, &format!("{path}/measures"), answer("quality_proposals.1", "in_progress")).await.ok(201);
    let mvd_answer = app.post_as(&police, &format!("{path}/measures"), answer("recommendations.1", "accepted")).await;
    let mvd_answer = mvd_answer.ok(201)["id"].as_i64().unwrap();
    let card = app.get(&format!("{path}/scorecard")).await;
    let card = card.ok(200);
    assert_eq!(card["items"].as_array().unwrap().len(), 4);
    assert_eq!(score(card, fx.mtszn), [0, 1, 1, 1, 1]);
    assert_eq!(score(card, fx.mvd), [1, 0, 0, 0, 3]);

    // Editing: the agency's own officers, for seven days.
    let edit = |m: i64| format!("{path}/measures/{m}");
    app.patch_as(&enbek, &edit(mvd_answer), json!({"status": "done"})).await.problem(403, "not_addressed_agency");
    let r = app.patch_as(&police, &edit(mvd_answer), json!({"status": "in_progress"})).await;
    assert_eq!(r.ok(200)["status"], "in_progress");
    app.patch_as(&police, &edit(mvd_answer), json!({"status": "rejected", "reason": null}))
        .await
        .problem(422, "validation_failed");
    app.clock.advance(Duration::days(6) - Duration::seconds(1));
    // The first MTSZN answer is a second short of seven days old, then exactly seven.
    app.patch_as(&enbek, &edit(first), json!({"text_md": "Ещё можно."})).await.ok(200);
    app.clock.advance(Duration::seconds(1));
    app.patch_as(&enbek, &edit(first), json!({"text_md": "Поздно."})).await.problem(409, "answer_not_editable");
    // The MVD answer, a day younger, is editable until its own seven days end.
    app.patch_as(&police, &edit(mvd_answer), json!({"text_md": "Ещё можно."})).await.ok(200);
    app.clock.advance(Duration::days(1));
    app.patch_as(&police, &edit(mvd_answer), json!({"text_md": "Уже нельзя."}))
        .await
        .problem(409, "answer_not_editable");
    // After the window the agency answers anew.
    app.post_as(&police, &format!("{path}/measures"), answer("recommendations.1", "done")).await.ok(201);
    let card = app.get(&format!("{path}/scorecard")).await;
    assert_eq!(score(card.ok(200), fx.mvd), [0, 0, 1, 0, 3]);
    assert_eq!(app.get(&format!("{path}/measures")).await.ok(200).as_array().unwrap().len(), 6);

    // Totals across conclusions: a second one to MTSZN nobody has answered.
    let second = published(&app, &fx, json!({"sections": full_sections()})).await;
    let totals = app.get(&format!("/api/v1/agencies/{}/measures", fx.mtszn)).await;
    let totals = totals.ok(200);
    let t = &totals["totals"];
    assert_eq!(
        ["accepted", "in_progress", "done", "rejected", "ignored"].map(|k| t[k].as_u64().unwrap()),
        [0, 1, 1, 1, 1 + 4]
    );
    assert_eq!(
        totals["conclusions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["conclusion_id"].as_i64().unwrap())
            .collect::<Vec<_>>(),
        [id, second]
    );
    let defence_id = app.agency_id("MO").await;
    assert_eq!(app.get(&format!("/api/v1/agencies/{defence_id}/measures")).await.ok(200)["conclusions"], json!([]));
    // Answers are audited.
    let (admin, _) = app.admin("root@example.kz").await;
    let log = app.get_as(&admin, "/api/v1/audit?entity_type=measure").await;
    let actions: Vec<String> =
        log.ok(200)["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap().to_string()).collect();
    assert_eq!(actions.iter().filter(|a| *a == "measure.create").count(), 6);
    assert_eq!(actions.iter().filter(|a| *a == "measure.update").count(), 3);
}

async fn published_conclusions_are_searched_and_exported(app: TestApp) {
    let fx = fixture(&app).await;
    let mut s = full_sections();
    s["quality_proposals"] = json!("1. Установить турникеты-пандусы у входа.");
    let id =
        draft(&app, &fx, json!({"sections": s, "preamble": "Вводная часть."})).await.ok(201)["id"].as_i64().unwrap();
    let hidden = draft(&app, &fx, json!({"title": "Черновик не для всех"})).await.ok(201)["id"].as_i64().unwrap();
    let path = format!("/api/v1/conclusions/{id}");
    app.post_as(&fx.owner, &format!("{path}/submit"), json!({})).await.ok(200);
    app.drain().await;
    let search = "/api/v1/search?q=%D1%82%D1%83%D1%80%D0%BD%D0%B8%D0%BA%D0%B5%D1%82%D1%8B&kind=conclusion";
    assert_eq!(app.get(search).await.ok(200)["total"], 0);
    app.post_as(&fx.owner, &format!("{path}/publish"), json!({})).await.ok(200);
    app.drain().await;
    let r = app.get(search).await;
    let hit = &r.ok(200)["hits"][0];
    assert_eq!((hit["kind"].clone(), hit["url"].clone()), (json!("conclusion"), json!(path)));
    assert_eq!(hit["id"], format!("conclusion-{id}"));

    // Markdown: the title and the four parts, which read back as the same parts.
    let md = app.get(&format!("{path}/export.md")).await;
    assert_eq!(md.status, 200);
    assert!(md.headers["content-type"].to_str().unwrap().starts_with("text/markdown"));
    assert!(
        md.text.starts_with(
            "# Заключение по ЗАГС\n\nВводная часть.\n\n## Соблюдение законодательства о государственных услугах\n"
        ),
        "{}",
        md.text
    );
    let again = draft(&app, &fx, json!({"document_md": md.text})).await;
    assert_eq!(again.ok(201)["sections"], app.get(&path).await.ok(200)["sections"]);
    // HTML: standalone, with the campaign, authors, dates and the parts.
    let html = app.get(&format!("{path}/export.html")).await;
    assert_eq!(html.status, 200);
    assert!(html.headers["content-type"].to_str().unwrap().starts_with("text/html"));
    for needle in [
        "<!DOCTYPE html>",
        "<html lang=\"ru\">",
        "<title>Заключение по ЗАГС</title>",
        "Качество услуг ЗАГС в Акмолинской области",
        "Министерство труда",
        "2026-11-26",
        "<h2>Предложения по повышению качества оказания государственных услуг</h2>",
        "турникеты-пандусы",
    ] {
        assert!(html.text.contains(needle), "{needle} missing in {}", html.text);
    }
    // Issue 20 p.3: the owner keeps their name private, so the authors leave them out; once they
    // choose to be shown, the authors name them by their display name.
    app.patch_as(&fx.owner, "/api/v1/me", json!({"full_name": "Ержан Жасырынбеков"})).await.ok(200);
    let html = app.get(&format!("{path}/export.html")).await;
    assert!(!html.text.contains("User owner") && !html.text.contains("Жасырынбеков"), "{}", html.text);
    app.patch_as(&fx.owner, "/api/v1/me", json!({"show_name_publicly": true})).await.ok(200);
    let html = app.get(&format!("{path}/export.html")).await;
    assert!(html.text.contains("User owner") && !html.text.contains("Жасырынбеков"), "{}", html.text);
    // JSON: the conclusion as the API shows it.
    let json_export = app.get(&format!("{path}/export.json")).await;
    assert_eq!(json_export.ok(200), app.get(&path).await.ok(200));
    // Dataset exports and the catalog leave drafts out.
    let csv = app.get("/api/v1/conclusions/export.csv").await;
    assert_eq!(csv.status, 200);
    let rows: Vec<&str> = csv.text.lines().collect();
    assert!(rows[0].starts_with("id,campaign_id,title,language,state"), "{}", csv.text);
    assert_eq!(rows.len(), 2, "{}", csv.text);
    assert!(rows[1].starts_with(&format!("{id},{},Заключение по ЗАГС,ru,published", fx.campaign)), "{}", csv.text);
    let nd = app.get("/api/v1/conclusions/export.ndjson").await;
    let lines: Vec<Value> = nd.text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines, app.get("/api/v1/conclusions").await.ok(200)["items"].as_array().unwrap().clone());
    assert!(!nd.text.contains(&format!("\"id\":{hidden},")));
    let catalog = app.get("/api/v1/catalog").await;
    let entry = catalog.ok(200)["datasets"].as_array().unwrap().iter().find(|d| d["key"] == "conclusions").cloned();
    let entry = entry.expect("a conclusions dataset");
    assert_eq!((entry["record_count"].clone(), entry["entity_type"].clone()), (json!(1), json!("conclusion")));
}

crate::on_both_databases!(
    the_parser_reads_headings_in_three_languages,
    submitting_needs_four_parts_then_the_text_is_frozen,
    only_the_team_drafts_and_sees_a_draft,
    citations_are_the_campaigns_own_observations,
    xss_payloads_never_reach_the_html,
    officers_answer_for_seven_days_and_the_scorecard_counts,
    published_conclusions_are_searched_and_exported,
);
