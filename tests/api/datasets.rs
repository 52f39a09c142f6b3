//! The open-data coverage of every public entity: the change feed follows the directory and
//! every change of state of a public information request; observations, comments, completion
//! notices and agencies' measures are datasets with lists, exports, catalog entries and events.
use chrono::{Duration, TimeZone, Utc};
use poem::http::Method;
use serde_json::{Value, json};

use crate::helpers::TestApp;

/// The feed after `after`, every page, as (entity, entity_id, action).
async fn feed_after(app: &TestApp, mut after: i64) -> Vec<(String, i64, String)> {
    let mut out = Vec::new();
    loop {
        let r = app.get(&format!("/api/v1/events?after={after}&limit=1000")).await;
        let p = r.ok(200).clone();
        for e in p["items"].as_array().unwrap() {
            out.push((
                e["entity"].as_str().unwrap().to_string(),
                e["entity_id"].as_i64().unwrap(),
                e["action"].as_str().unwrap().to_string(),
            ));
        }
        after = p["next_after"].as_i64().unwrap();
        if !p["more"].as_bool().unwrap() {
            return out;
        }
    }
}

async fn feed_head(app: &TestApp) -> i64 {
    let mut after = 0;
    loop {
        let p = app.get(&format!("/api/v1/events?after={after}&limit=1000")).await.ok(200).clone();
        after = p["next_after"].as_i64().unwrap();
        if !p["more"].as_bool().unwrap() {
            return after;
        }
    }
}

async fn service_id(app: &TestApp, code: &str) -> i64 {
    let r = app.get(&format!("/api/v1/services?q={code}")).await;
    let items = r.ok(200)["items"].as_array().unwrap().clone();
    items.iter().find(|s| s["code"] == code).unwrap_or_else(|| panic!("no service {code}"))["id"].as_i64().unwrap()
}

/// A submitted request of `token` to MTSZN.
async fn submitted(app: &TestApp, token: &str, subject: &str) -> i64 {
    let mtszn = app.agency_id("MTSZN").await;
    let body = json!({"agency_id": mtszn, "language": "ru", "subject": subject,
                      "questions_md": "Сколько пособий на погребение назначено в 2025 году?"});
    let id = app.post_as(token, "/api/v1/requests", body).await.ok(201)["id"].as_i64().unwrap();
    app.post_as(token, &format!("/api/v1/requests/{id}/published-check"), json!({})).await.ok(201);
    let statements = json!({"none_of_the_matches_answers": true, "no_secrets_sought": true});
    app.post_as(token, &format!("/api/v1/requests/{id}/submit"), statements).await.ok(200);
    id
}

fn ev(entity: &str, id: i64, action: &str) -> (String, i64, String) {
    (entity.to_string(), id, action.to_string())
}

async fn the_feed_follows_the_directory_and_every_state_of_a_public_request(app: TestApp) {
    app.seed_content().await;
    app.drain().await;
    let head = feed_head(&app).await;
    let (admin, _) = app.admin("root@example.kz").await;
    let (citizen, _) = app.citizen("a@example.kz").await;
    let officer = app.officer("officer@enbek.kz", "MTSZN").await;
    let mtszn = app.agency_id("MTSZN").await;
    let minjust = app.agency_id("MINJUST").await;
    let zags = service_id(&app, "ZAGS-01").await;

    // The directory: an edit, a new agency deleted again, a service switched off.
    app.patch_as(&admin, &format!("/api/v1/agencies/{mtszn}"), json!({"website": "https://www.gov.kz/enbek"}))
        .await
        .ok(200);
    let lone = app
        .post_as(
            &admin,
            "/api/v1/agencies",
            json!({"code": "LONE", "kind": "service_provider", "name_kk": "Беруші",
                 "name_ru": "Услугодатель", "name_en": "Provider"}),
        )
        .await
        .ok(201)["id"]
        .as_i64()
        .unwrap();
    app.delete_as(&admin, &format!("/api/v1/agencies/{lone}")).await.ok(204);
    app.post_as(&admin, &format!("/api/v1/services/{zags}/deactivate"), json!({})).await.ok(200);

    // A request through every state an agency or its requester moves it to; a draft never shows.
    let draft = app
        .post_as(
            &citizen,
            "/api/v1/requests",
            json!({"agency_id": mtszn, "language": "ru", "subject": "Черновик",
                 "questions_md": "Сколько пособий на погребение назначено в 2025 году?"}),
        )
        .await
        .ok(201)["id"]
        .as_i64()
        .unwrap();
    let a = submitted(&app, &citizen, "Сведения о пособиях").await;
    app.post_as(&officer, &format!("/api/v1/requests/{a}/extend"), json!({"reason": "Сбор сведений по регионам"}))
        .await
        .ok(200);
    app.post_as(
        &officer,
        &format!("/api/v1/requests/{a}/answer"),
        json!({"body_md": "Назначено 1 204 пособия.", "partial": true}),
    )
    .await
    .ok(200);
    app.post_as(
        &citizen,
        &format!("/api/v1/requests/{a}/clarification"),
        json!({"questions_md": "А сколько отказов в назначении?"}),
    )
    .await
    .ok(200);
    app.post_as(&officer, &format!("/api/v1/requests/{a}/answer"), json!({"body_md": "Отказано в 17 случаях."}))
        .await
        .ok(200);
    let b = submitted(&app, &citizen, "Сведения о регистрации").await;
    app.post_as(
        &officer,
        &format!("/api/v1/requests/{b}/refuse"),
        json!({"ground": "state_secret", "reason": "Сведения составляют государственные секреты"}),
    )
    .await
    .ok(200);
    let c = submitted(&app, &citizen, "Регистрация рождения").await;
    let f = app
        .post_as(
            &officer,
            &format!("/api/v1/requests/{c}/forward"),
            json!({"agency_id": minjust, "reason": "Ведёт Минюст"}),
        )
        .await;
    let child = f.ok(200)["forwarded"]["id"].as_i64().unwrap();
    app.post_as(&citizen, &format!("/api/v1/requests/{child}/withdraw"), json!({})).await.ok(200);

    let seen = feed_after(&app, head).await;
    let ir = "info_request";
    assert_eq!(
        seen,
        [
            ev("agency", mtszn, "upsert"),
            // Created and deleted before the feed was read: only the deletion is news.
            ev("agency", lone, "delete"),
            ev("public_service", zags, "upsert"),
            ev(ir, a, "upsert"),
            ev(ir, a, "upsert"),
            ev(ir, a, "upsert"),
            ev(ir, a, "upsert"),
            ev(ir, a, "upsert"),
            ev(ir, b, "upsert"),
            ev(ir, b, "upsert"),
            ev(ir, c, "upsert"),
            ev(ir, c, "upsert"),
            ev(ir, child, "upsert"),
            ev(ir, child, "upsert"),
        ]
    );
    assert!(!seen.iter().any(|(t, id, _)| t == ir && *id == draft), "a draft in the feed");
    // Each event's URL reads the record as it is now.
    let r = app.get(&format!("/api/v1/events?after={head}&entity=agency,public_service")).await;
    let items: Vec<Value> = r.ok(200)["items"].as_array().unwrap().clone();
    assert_eq!(items.len(), 3);
    assert_eq!(items[0]["url"], format!("/api/v1/agencies/{mtszn}"));
    assert_eq!(app.get(items[0]["url"].as_str().unwrap()).await.ok(200)["website"], "https://www.gov.kz/enbek");
    assert_eq!(items[2]["url"], format!("/api/v1/services/{zags}"));
    assert_eq!(app.get(items[2]["url"].as_str().unwrap()).await.ok(200)["active"], false);
    // The catalog names the entity types.
    let c = app.get("/api/v1/catalog").await.ok(200).clone();
    let of =
        |key: &str| c["datasets"].as_array().unwrap().iter().find(|d| d["key"] == key).unwrap()["entity_type"].clone();
    assert_eq!(of("agencies"), "agency");
    assert_eq!(of("services"), "public_service");
}

/// Every item of a keyset-paged list, 2 at a time so paging is exercised.
async fn all_items(app: &TestApp, path: &str) -> Vec<Value> {
    let sep = if path.contains('?') { '&' } else { '?' };
    let mut items = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let url = match &cursor {
            Some(c) => format!("{path}{sep}limit=2&cursor={c}"),
            None => format!("{path}{sep}limit=2"),
        };
        let page = app.get(&url).await.ok(200).clone();
        items.extend(page["items"].as_array().unwrap().iter().cloned());
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => return items,
        }
    }
}

const SECRET_NAME: &str = "Айгерім Құпиябекова";
const SECRET_PHONE: &str = "+7 701 555 12 34";
const IIN: &str = "900101300126";
const DRAFT_ADDRESS: &str = "ул. Черновая, 13";

/// A campaign of `token`'s with one observation at `address` (with a respondent), activated
/// unless `draft`: (campaign, observation).
async fn campaign_with_observation(app: &TestApp, token: &str, address: &str, draft: bool) -> (i64, i64) {
    let body = json!({"basis": "own_initiative", "title_ru": "Качество услуг ЗАГС",
        "methodology_md": "Наблюдатели посещают отделы ЗАГС и ЦОН, фиксируют ожидание и нарушения.",
        "period_from": "2026-09-01", "period_to": "2026-11-30", "regions": ["110000000"]});
    let id = app.post_as(token, "/api/v1/campaigns", body).await.ok(201)["id"].as_i64().unwrap();
    let obs = json!({"service_id": service_id(app, "ZAGS-01").await, "agency_id": app.agency_id("MTSZN").await,
        "region": "110000000", "address": address, "observed_on": "2026-10-15", "channel": "provider_office",
        "waiting_minutes": 40, "outcome": "rendered",
        "violations": [{"category": "deadline_breached", "note": "Зафиксировано"}],
        "respondent": {"name": SECRET_NAME, "phone": SECRET_PHONE, "iin": IIN}});
    let r = app.post_as(token, &format!("/api/v1/campaigns/{id}/observations"), obs).await;
    let oid = r.ok(201)["id"].as_i64().unwrap();
    if !draft {
        app.post_as(token, &format!("/api/v1/campaigns/{id}/activate"), json!({})).await.ok(200);
    }
    (id, oid)
}

async fn new_datasets_agree_with_their_lists_exports_and_the_feed_and_hide_drafts(app: TestApp) {
    app.seed_content().await;
    app.drain().await;
    let head = feed_head(&app).await;
    let mtszn = app.agency_id("MTSZN").await;
    let (owner, _) = app.citizen("owner@example.kz").await;
    let (public_campaign, public_obs) = campaign_with_observation(&app, &owner, "ул. Абая, 10", false).await;
    let (draft_campaign, draft_obs) = campaign_with_observation(&app, &owner, DRAFT_ADDRESS, true).await;

    // A published conclusion and an agency's answer on it.
    let sections = json!({
        "compliance": "Сроки нарушены в двух отделах из пяти.",
        "recommendations": "1. Соблюдать сроки регистрации.",
        "quality_proposals": "1. Ввести электронную очередь.",
        "bylaw_proposals": "1. Сократить перечень документов в стандарте услуги.",
    });
    let body = json!({"campaign_id": public_campaign, "title": "Заключение по ЗАГС", "language": "ru",
                      "agency_ids": [mtszn], "sections": sections});
    let conclusion = app.post_as(&owner, "/api/v1/conclusions", body).await.ok(201)["id"].as_i64().unwrap();
    app.post_as(&owner, &format!("/api/v1/conclusions/{conclusion}/submit"), json!({})).await.ok(200);
    app.post_as(&owner, &format!("/api/v1/conclusions/{conclusion}/publish"), json!({})).await.ok(200);
    let officer = app.officer("officer@enbek.kz", "MTSZN").await;
    let answer = json!({"item": "recommendations.1", "status": "accepted", "text_md": "Приказ издан."});
    let r = app.post_as(&officer, &format!("/api/v1/conclusions/{conclusion}/measures"), answer).await;
    let measure = r.ok(201)["id"].as_i64().unwrap();

    // A discussion with an identified comment, decided, and its completion notice.
    let opens = Utc.with_ymd_and_hms(2026, 11, 27, 4, 0, 0).single().unwrap();
    let closes = Utc.with_ymd_and_hms(2026, 12, 11, 13, 0, 0).single().unwrap();
    let r = app
        .post_as(
            &officer,
            "/api/v1/discussions",
            json!({"subject": "draft_act", "title_kk": "Қағидалар жобасы",
            "title_ru": "Проект правил", "text_md": "## Жалпы ережелер\n\n1. Мерзімі бес жұмыс күні.\n",
            "opens_at": opens, "closes_at": closes}),
        )
        .await;
    let discussion = r.ok(201)["id"].as_i64().unwrap();
    app.clock.set(opens + Duration::hours(1));
    let (person, _) = app.citizen("a@example.kz").await;
    app.patch_as(&person, "/api/v1/me", json!({"full_name": "Айгерім Сәрсенова"})).await.ok(200);
    let r = app
        .post_as(
            &person,
            &format!("/api/v1/discussions/{discussion}/comments"),
            json!({"anchor": "c1", "proposal_md": "Мерзімді үш жұмыс күніне қысқарту."}),
        )
        .await;
    let comment = r.ok(201)["id"].as_i64().unwrap();
    app.clock.set(closes + Duration::days(2));
    let decide = format!("/api/v1/discussions/{discussion}/comments/{comment}/decision");
    app.call(Method::PUT, &decide, Some(&officer), Some(json!({"decision": "accepted"})), &[]).await.ok(200);
    app.post_as(&officer, &format!("/api/v1/discussions/{discussion}/notice"), json!({})).await.ok(201);

    // Each new dataset: the catalog's count is what the list pages through and the exports hold.
    let c = app.get("/api/v1/catalog").await.ok(200).clone();
    let expected = [
        ("comments", "comment", comment),
        ("completion_notices", "completion_notice", discussion),
        ("observations", "observation", public_obs),
        ("measures", "measure", measure),
    ];
    for (key, entity, id) in expected {
        let d = c["datasets"].as_array().unwrap().iter().find(|d| d["key"] == key).unwrap_or_else(|| panic!("{key}"));
        assert_eq!(d["entity_type"], entity);
        assert_eq!(d["record_count"], 1, "{key}");
        let items = all_items(&app, d["links"]["json"].as_str().unwrap()).await;
        let id_field = if key == "completion_notices" { "discussion_id" } else { "id" };
        assert_eq!(items.iter().map(|i| i[id_field].as_i64().unwrap()).collect::<Vec<_>>(), [id], "{key}");
        let csv = app.get(d["links"]["csv"].as_str().unwrap()).await;
        assert_eq!(csv.status, 200, "{key}: {}", csv.text);
        let mut reader = csv::Reader::from_reader(csv.text.as_bytes());
        let head = reader.headers().unwrap().clone();
        let at = head.iter().position(|h| h == id_field).unwrap();
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.iter().map(|r| r[at].to_string()).collect::<Vec<_>>(), [id.to_string()], "{key} csv");
        let nd = app.get(d["links"]["ndjson"].as_str().unwrap()).await;
        let lines: Vec<Value> = nd.text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(lines, items, "{key}: the NDJSON records are the list's items");
    }

    // A draft campaign's observation is in no list, export or read of the open data.
    for path in [
        format!("/api/v1/observations?campaign={draft_campaign}"),
        format!("/api/v1/observations?campaign={public_campaign}&violation=deadline_breached&region=110000000"),
    ] {
        let items = all_items(&app, &path).await;
        assert!(items.iter().all(|i| i["id"] != draft_obs), "{path}");
    }
    assert!(all_items(&app, &format!("/api/v1/observations?campaign={draft_campaign}")).await.is_empty());
    app.get(&format!("/api/v1/observations/{draft_obs}")).await.problem(404, "resource_not_found");
    let one = app.get(&format!("/api/v1/observations/{public_obs}")).await.ok(200).clone();
    let nested = app.get(&format!("/api/v1/campaigns/{public_campaign}/observations/{public_obs}")).await;
    assert_eq!(&one, nested.ok(200), "the flat read is the campaign's own view");
    for path in ["/api/v1/observations/export.csv", "/api/v1/observations/export.ndjson"] {
        assert!(!app.get(path).await.text.contains(DRAFT_ADDRESS), "{path}");
    }

    // The feed: each new record's events, in order, and never the draft's observation.
    let seen = feed_after(&app, head).await;
    let of_new: Vec<(String, i64, String)> = seen
        .into_iter()
        .filter(|(t, _, _)| ["observation", "comment", "completion_notice", "measure"].contains(&t.as_str()))
        .collect();
    assert_eq!(
        of_new,
        [
            ev("observation", public_obs, "upsert"),
            ev("measure", measure, "upsert"),
            ev("comment", comment, "upsert"),
            ev("comment", comment, "upsert"),
            ev("completion_notice", discussion, "upsert"),
        ]
    );
    let r = app.get(&format!("/api/v1/events?after={head}&limit=1000")).await;
    for e in r.ok(200)["items"].as_array().unwrap() {
        app.get(e["url"].as_str().unwrap()).await.ok(200);
    }

    // No personal data in any new list, read, export or the feed.
    let mut paths: Vec<String> = Vec::new();
    for coll in ["observations", "comments", "completion-notices", "measures"] {
        paths.push(format!("/api/v1/{coll}?limit=100"));
        paths.push(format!("/api/v1/{coll}/export.csv"));
        paths.push(format!("/api/v1/{coll}/export.ndjson"));
    }
    paths.push(format!("/api/v1/comments/{comment}"));
    paths.push(format!("/api/v1/measures/{measure}"));
    paths.push(format!("/api/v1/observations/{public_obs}"));
    paths.push("/api/v1/events?after=0&limit=1000".into());
    for path in &paths {
        let r = app.get(path).await;
        assert_eq!(r.status, 200, "{path}: {}", r.text);
        for secret in [SECRET_NAME, SECRET_PHONE, IIN, "owner@example.kz", "a@example.kz", "officer@enbek.kz"] {
            assert!(!r.text.contains(secret), "{path} shows {secret}");
        }
        // The comment is published under the author's display name; only the notice names the
        // author in full, as the law requires.
        if !path.contains("completion-notices") {
            assert!(!r.text.contains("Айгерім Сәрсенова"), "{path} shows the full name");
        }
    }

    // Filters are checked.
    assert_eq!(all_items(&app, "/api/v1/comments?decision=accepted").await.len(), 1);
    assert!(all_items(&app, "/api/v1/comments?decision=none").await.is_empty());
    assert_eq!(all_items(&app, &format!("/api/v1/measures?agency={mtszn}&status=accepted")).await.len(), 1);
    assert!(all_items(&app, &format!("/api/v1/completion-notices?agency={}", mtszn + 100_000)).await.is_empty());
    for bad in [
        "/api/v1/observations?outcome=nope",
        "/api/v1/observations/export.csv?region=1",
        "/api/v1/comments?decision=maybe",
        "/api/v1/measures/export.ndjson?status=nope",
    ] {
        app.get(bad).await.problem(400, "invalid_parameter");
    }

    // Activating the draft publishes its observation: now the list and the feed show it.
    let before = feed_head(&app).await;
    app.post_as(&owner, &format!("/api/v1/campaigns/{draft_campaign}/activate"), json!({})).await.ok(200);
    let ids: Vec<i64> =
        all_items(&app, "/api/v1/observations").await.iter().map(|i| i["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, [public_obs, draft_obs]);
    assert!(feed_after(&app, before).await.contains(&ev("observation", draft_obs, "upsert")));
}

/// The catalog entry of a dataset.
async fn catalog_entry(app: &TestApp, key: &str) -> Value {
    let r = app.get("/api/v1/catalog").await;
    r.ok(200)["datasets"].as_array().unwrap().iter().find(|d| d["key"] == key).unwrap().clone()
}

async fn the_statistics_dataset_is_one_table_in_json_csv_and_ndjson_without_drafts(app: TestApp) {
    app.seed_content().await;
    // Nothing observed yet: an empty table.
    assert_eq!(app.get("/api/v1/observation-statistics").await.ok(200)["items"], json!([]));
    let entry = catalog_entry(&app, "observation_statistics").await;
    assert_eq!((entry["record_count"].as_u64(), entry["updated_at"].is_null()), (Some(0), true));

    let (owner, _) = app.citizen("owner@example.kz").await;
    let (public_campaign, _) = campaign_with_observation(&app, &owner, "ул. Абая, 10", false).await;
    let (draft_campaign, _) = campaign_with_observation(&app, &owner, DRAFT_ADDRESS, true).await;
    app.clock.advance(Duration::minutes(5));
    campaign_with_observation(&app, &owner, "ул. Кенесары, 2", false).await;

    let r = app.get("/api/v1/observation-statistics").await;
    let page = r.ok(200);
    assert!(page["next_cursor"].is_null(), "the whole table in one page");
    let items = page["items"].as_array().unwrap();
    let by: Vec<&str> = items.iter().map(|i| i["by"].as_str().unwrap()).collect();
    // Overall, two campaigns, one service, one agency, one region, one channel; drafts never count.
    assert_eq!(by, ["none", "campaign", "campaign", "service", "agency", "region", "channel"]);
    assert_eq!((items[0]["key"].as_str(), items[0]["observations"].as_i64()), (Some("all"), Some(2)));
    assert!(items.iter().all(|i| i["key"] != json!(draft_campaign.to_string())));
    assert!(items.iter().any(|i| i["by"] == "campaign" && i["key"] == json!(public_campaign.to_string())));
    assert_eq!(items[0]["violations"]["deadline_breached"]["count"], 2);
    // The overall row is what the statistics endpoint reports.
    let overall = app.get("/api/v1/statistics/observations").await;
    let mut row = items[0].clone();
    row.as_object_mut().unwrap().remove("by");
    assert_eq!(row, overall.ok(200)["groups"][0]);
    // Filtered to one grouping; a wrong one is refused, also before an export starts.
    let r = app.get("/api/v1/observation-statistics?by=campaign").await;
    assert_eq!(r.ok(200)["items"].as_array().unwrap().len(), 2);
    app.get("/api/v1/observation-statistics?by=nope").await.problem(400, "invalid_parameter");
    app.get("/api/v1/observation-statistics/export.csv?by=nope").await.problem(400, "invalid_parameter");

    // The catalog counts the rows and dates them by the newest public observation.
    let entry = catalog_entry(&app, "observation_statistics").await;
    assert_eq!(entry["record_count"].as_u64(), Some(items.len() as u64));
    assert_eq!(entry["updated_at"], catalog_entry(&app, "observations").await["updated_at"]);
    assert_eq!(entry["updated_at"], "2026-11-26T05:05:00+00:00");
    assert_eq!(entry["links"]["csv"], "/api/v1/observation-statistics/export.csv");
    assert!(entry["title"]["kk"].as_str().unwrap().contains("статистикасы"));

    // CSV: the statistics CSV's columns after `by`, one line per row; NDJSON: the rows as listed.
    let (status, headers, csv) = app.get_bytes("/api/v1/observation-statistics/export.csv").await;
    assert_eq!(status, 200);
    assert!(headers.get("content-type").unwrap().to_str().unwrap().starts_with("text/csv"));
    let csv = String::from_utf8(csv).unwrap();
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), items.len() + 1);
    let old = app.get("/api/v1/statistics/observations.csv").await;
    let old_header = old.text.lines().next().unwrap().trim_end_matches('\r');
    assert_eq!(lines[0], format!("by,{old_header}"));
    assert!(lines[1].starts_with("none,all,,2,"), "{}", lines[1]);
    let nd = app.get("/api/v1/observation-statistics/export.ndjson").await;
    assert_eq!(nd.status, 200);
    let rows: Vec<Value> = nd.text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(&rows, items);

    // No respondent and no draft's address anywhere in it.
    for path in ["/api/v1/observation-statistics", "/api/v1/observation-statistics/export.ndjson"] {
        let text = app.get(path).await.text;
        for secret in [SECRET_NAME, SECRET_PHONE, IIN, DRAFT_ADDRESS, "owner@example.kz"] {
            assert!(!text.contains(secret), "{path} shows {secret}");
        }
    }
    assert!(!csv.contains(SECRET_NAME) && !csv.contains(IIN));
}

crate::on_both_databases!(
    the_feed_follows_the_directory_and_every_state_of_a_public_request,
    new_datasets_agree_with_their_lists_exports_and_the_feed_and_hide_drafts,
    the_statistics_dataset_is_one_table_in_json_csv_and_ndjson_without_drafts,
);
