//! The pages for people (issue #10): home, search, report, sign-in, language, refusals, safety.
use crate::{
    browser::{Browser, Page},
    helpers::TestApp,
};

const PASSWORD: &str = "correct horse battery";

async fn seeded(app: &TestApp) {
    app.seed_content().await;
    app.drain().await;
}

fn enc(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// What every page must be: one HTML response under 100 KB with its CSS, the strict CSP, no
/// script, no inline style attribute, nothing loaded from elsewhere.
fn assert_page_qualities(p: &Page, what: &str) {
    assert!(p.html.len() < 100 * 1024, "{what}: {} bytes", p.html.len());
    let ct = p.headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("");
    assert!(ct.starts_with("text/html"), "{what}: {ct}");
    let csp = p.headers.get("content-security-policy").and_then(|v| v.to_str().ok()).unwrap_or("");
    assert!(csp.contains("default-src 'none'") && csp.contains("style-src 'sha256-"), "{what}: CSP {csp}");
    assert!(!csp.contains("unsafe-inline"), "{what}: {csp}");
    assert_eq!(p.headers.get("x-content-type-options").map(|v| v.to_str().unwrap()), Some("nosniff"));
    assert!(!p.html.contains("<script"), "{what} has a script");
    assert!(!p.html.contains(" style=\""), "{what} has an inline style attribute");
    for attr in ["src=\"http", "href=\"//", "src=\"//"] {
        assert!(!p.html.contains(attr), "{what} loads from elsewhere: {attr}");
    }
    assert!(p.html.starts_with("<!doctype html>") && p.html.contains("<html lang=\""), "{what}");
}

async fn the_home_page_searches_and_shows_headline_figures(app: TestApp) {
    seeded(&app).await;
    let mut b = Browser::new(&app);
    let home = b.get("/").await;
    assert_eq!(home.status, 200);
    assert_page_qualities(&home, "home");
    assert!(home.html.contains("form role=\"search\" action=\"/search\""));
    assert!(home.text().contains("Latest reports"), "{}", home.text());
    assert!(!home.links("/reports/").is_empty(), "the latest reports are linked: {}", home.text());
    assert!(home.text().contains("Requests answered on time — 0 of 0 answered requests"), "{}", home.text());
    // Programs that read the root as JSON still get the map of the API.
    let json = app.call(poem::http::Method::GET, "/", None, None, &[("accept", "application/json")]).await;
    assert_eq!(json.ok(200)["openapi"], "/api/v1/openapi.json");
}

/// The journalist's path: a word with a typo finds the report, whose page has the figures.
async fn a_search_with_a_typo_opens_the_right_report(app: TestApp) {
    seeded(&app).await;
    let exact = app.get(&format!("/api/v1/search?q={}", enc("сейсмикалық"))).await;
    let hit = &exact.ok(200)["hits"][0];
    let (id, title) = (
        hit["id"].as_str().unwrap().trim_start_matches("report-").to_string(),
        hit["title"].as_str().unwrap().to_string(),
    );
    let mut b = Browser::new(&app);
    let results = b.get(&format!("/search?q={}", enc("сейсмекалық"))).await;
    assert_eq!(results.status, 200);
    assert_page_qualities(&results, "search");
    let first = results.links("/reports/").into_iter().next().expect("a result");
    assert_eq!(first, format!("/reports/{id}"), "{}", results.text());
    assert!(results.html.contains("<mark>"), "matched words are marked");
    let report = b.get(&first).await;
    assert_eq!(report.status, 200);
    assert_page_qualities(&report, "report");
    assert!(report.html.contains(&format!(">{title}</h1>")) || report.text().contains(&title), "{}", report.text());
    assert!(report.html.contains("<svg"), "figures are charted");
    assert!(report.html.contains("<caption>"), "figures are tabled");
    assert!(report.text().contains("Demo data"), "demo reports say so");
}

async fn facets_are_links_that_keep_the_query_and_narrow_it(app: TestApp) {
    seeded(&app).await;
    let mut b = Browser::new(&app);
    let all = b.get(&format!("/search?q={}", enc("услуг"))).await;
    let years: Vec<String> = all.links("/search?").into_iter().filter(|l| l.contains("year=")).collect();
    assert!(!years.is_empty(), "year facet links: {}", all.text());
    for l in &years {
        assert!(l.contains(&format!("q={}", enc("услуг"))), "{l} keeps the query");
    }
    let narrowed = b.get(&years[0]).await;
    assert_eq!(narrowed.status, 200);
    let year = years[0].split("year=").nth(1).unwrap().split('&').next().unwrap().to_string();
    let hits: Vec<String> = narrowed.text().split(" · ").map(str::to_string).collect();
    assert!(hits.iter().any(|h| h.contains(&year)));
    // The chosen value is marked and offers the way back to all values.
    assert!(narrowed.html.contains("aria-current=\"true\""));
    let clear: Vec<String> = narrowed.links("/search?").into_iter().filter(|l| !l.contains("year=")).collect();
    assert!(!clear.is_empty());
    // Pages beyond the search depth are refused with a reason, not a 500.
    let deep = b.get("/search?q=a&page=51").await;
    assert_eq!(deep.status, 400);
    assert!(deep.html.contains("role=\"alert\""));
}

async fn a_fruitless_search_offers_help(app: TestApp) {
    seeded(&app).await;
    let mut b = Browser::new(&app);
    // "гылым" typed with the keyboard on the Latin layout.
    let swapped = b.get("/search?q=usksv").await;
    assert_eq!(swapped.status, 200);
    let text = swapped.text();
    assert!(text.contains("Nothing matches all of your words."), "{text}");
    assert!(text.contains("Did you mean: гылым"), "{text}");
    assert!(swapped.links("/search?").iter().any(|l| l.contains(&enc("гылым"))), "{text}");
    let filtered = b.get(&format!("/search?q={}&year=2021", enc("сейсмикалық"))).await;
    assert!(filtered.text().contains("Search everything, without the filters"), "{}", filtered.text());
    let words = b.get(&format!("/search?q={}", enc("сейсмикалық zzzzqqqq"))).await;
    assert!(words.text().contains("contain some of your words"), "{}", words.text());
    let any = words.links("/search?").into_iter().find(|l| l.contains("any=1")).expect("any-words link");
    let shown = b.get(&any).await;
    assert!(!shown.links("/reports/").is_empty(), "{}", shown.text());
}

async fn the_language_switch_is_remembered_and_defaults_to_the_browser(app: TestApp) {
    seeded(&app).await;
    let mut b = Browser::new(&app);
    b.accept_language = Some("kk-KZ,kk;q=0.9".into());
    let kk = b.get("/search").await;
    assert!(kk.html.contains("<html lang=\"kk\""), "Accept-Language decides first");
    assert!(kk.text().contains("Іздеу"));
    let to_ru = kk.links("/lang/ru").into_iter().next().expect("a link to Russian");
    let switched = b.get(&to_ru).await;
    assert_eq!(switched.status, 303);
    assert_eq!(switched.location(), "/search");
    assert_eq!(b.cookies.get("baqylau_lang").map(String::as_str), Some("ru"));
    let ru = b.get("/").await;
    assert!(ru.html.contains("<html lang=\"ru\""), "the choice outlives the page");
    assert_eq!(ru.headers.get("content-language").unwrap(), "ru");
    assert!(ru.text().contains("Новые отчёты"));
    // Dates and numbers read as each language writes them.
    let report = b.get(&ru.links("/reports/")[0]).await;
    assert!(report.text().contains(" г."), "{}", report.text());
    // The switch only ever sends readers to a page of this site.
    for evil in ["//evil.example/", "https://evil.example/", "/\\evil.example"] {
        let r = b.get(&format!("/lang/en?next={}", enc(evil))).await;
        assert_eq!(r.location(), "/", "{evil}");
    }
    assert_eq!(b.get("/lang/de?next=/").await.status, 404);
}

async fn next_never_leads_to_another_site(app: TestApp) {
    app.citizen("aigul@example.kz").await;
    let mut b = Browser::new(&app);
    // Browsers drop TAB, CR and LF inside URLs and read `\` as `/`: each of these becomes `//evil.example/`.
    let evil = ["/\t/evil.example/", "/\r\n/evil.example/", "/ /evil.example/", "/\\evil.example/", "//evil.example/"];
    for next in evil {
        let r = b.get(&format!("/lang/ru?next={}", enc(next))).await;
        assert_eq!(r.status, 303, "{next:?}");
        assert_eq!(r.location(), "/", "{next:?}");
    }
    for next in evil {
        let mut fresh = Browser::new(&app);
        fresh.get("/sign-in").await;
        let ok = fresh.post("/sign-in", &[("email", "aigul@example.kz"), ("password", PASSWORD), ("next", next)]).await;
        assert_eq!(ok.status, 303, "after sign-in, {next:?}");
        assert_eq!(ok.location(), "/me", "after sign-in, the person's own page instead: {next:?}");
    }
    let home = b.get(&format!("/lang/ru?next={}", enc("/search?q=a"))).await;
    assert_eq!(home.location(), "/search?q=a", "a path on this site is still followed");
}

/// Issue 20 p.5 on the pages: a NUL in a parameter or a form field is a page that says what is
/// wrong in the reader's language, never a 500 or problem JSON.
async fn a_control_character_is_refused_on_a_page_in_the_readers_language(app: TestApp) {
    app.citizen("aigul@example.kz").await;
    let mut b = Browser::new(&app);
    b.get("/lang/kk").await;
    let r = b.get("/search?q=a%00b").await;
    assert_eq!(r.status, 422);
    assert_page_qualities(&r, "refused search");
    assert!(r.text().contains("басқару таңбасы"), "{}", r.text());
    b.get("/sign-in").await;
    let r = b.post("/sign-in", &[("email", "aigul@example.kz\0"), ("password", PASSWORD)]).await;
    assert_eq!(r.status, 422);
    assert!(r.text().contains("басқару таңбасы"), "{}", r.text());
    assert!(!r.text().contains("/api/v1"), "{}", r.text());
}

async fn signing_in_keeps_a_safe_session_cookie_and_signing_out_ends_it(app: TestApp) {
    app.citizen("aigul@example.kz").await;
    let mut b = Browser::new(&app);
    let form = b.get("/sign-in?next=/search").await;
    assert_page_qualities(&form, "sign-in");
    assert!(form.html.contains("<label for=\"email\">") && form.html.contains("<label for=\"password\">"));
    let wrong = b
        .post("/sign-in", &[("email", "aigul@example.kz"), ("password", "not the password"), ("next", "/search")])
        .await;
    assert_eq!(wrong.status, 401);
    assert!(wrong.html.contains("role=\"alert\""));
    assert!(!b.cookies.contains_key("baqylau_session"));
    let ok = b.post("/sign-in", &[("email", "aigul@example.kz"), ("password", PASSWORD), ("next", "/search")]).await;
    assert_eq!(ok.status, 303);
    assert_eq!(ok.location(), "/search", "back where the reader came from");
    let cookie = ok
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("baqylau_session="))
        .expect("session cookie");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain HTTP cannot keep a Secure cookie: {cookie}");
    let home = b.get("/").await;
    assert!(home.text().contains("Sign out (User aigul)"), "{}", home.text());
    let session = b.cookies.get("baqylau_session").cloned().unwrap();
    assert_eq!(b.post("/sign-out", &[]).await.status, 303);
    // The token is revoked, not only forgotten by this browser.
    b.cookies.insert("baqylau_session".into(), session);
    assert!(b.get("/").await.text().contains("Sign in"));
}

async fn cookies_are_secure_behind_an_https_proxy(mut app: TestApp) {
    app.reconfigure(|c| c.client_ip_header = Some("x-forwarded-for".into()));
    app.citizen("aigul@example.kz").await;
    let mut b = Browser::new(&app);
    let form = b.get_with("/sign-in", &[("x-forwarded-proto", "https")]).await;
    let csrf_cookie =
        form.headers.get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_string()).collect::<Vec<_>>();
    assert!(csrf_cookie.iter().all(|c| c.contains("; Secure")), "{csrf_cookie:?}");
    // Without a configured proxy the header is not believed.
    app.reconfigure(|c| c.client_ip_header = None);
    let mut b2 = Browser::new(&app);
    let p = b2.get_with("/sign-in", &[("x-forwarded-proto", "https")]).await;
    assert!(p.headers.get_all("set-cookie").iter().all(|c| !c.to_str().unwrap().contains("Secure")));
}

async fn forms_without_the_csrf_token_are_refused_and_change_nothing(app: TestApp) {
    app.citizen("aigul@example.kz").await;
    let mut b = Browser::new(&app);
    b.get("/sign-in").await;
    let forged =
        b.post("/sign-in", &[("csrf_token", "forged"), ("email", "aigul@example.kz"), ("password", PASSWORD)]).await;
    assert_eq!(forged.status, 403);
    assert!(forged.text().contains("The form has expired"), "{}", forged.text());
    assert!(!b.cookies.contains_key("baqylau_session"));
    // Another browser's token is no good either: the token is bound to its own cookie.
    let mut other = Browser::new(&app);
    other.get("/register").await;
    let token = other.csrf.clone().unwrap();
    let r = b
        .post(
            "/register",
            &[("csrf_token", &token), ("email", "new@example.kz"), ("password", PASSWORD), ("display_name", "New")],
        )
        .await;
    assert_eq!(r.status, 403);
    assert_eq!(
        app.post("/api/v1/auth/login", serde_json::json!({"email": "new@example.kz", "password": PASSWORD}))
            .await
            .status,
        401
    );
    // Signed in, a forged sign-out leaves the session alone.
    b.sign_in("aigul@example.kz", PASSWORD).await;
    assert_eq!(b.post("/sign-out", &[("csrf_token", "forged")]).await.status, 403);
    assert!(b.get("/").await.text().contains("Sign out"));
}

async fn registering_shows_every_problem_then_signs_in(app: TestApp) {
    let mut b = Browser::new(&app);
    let form = b.get("/register").await;
    assert_page_qualities(&form, "register");
    let bad = b.post("/register", &[("email", "not-an-email"), ("password", "short"), ("display_name", "Айгүл")]).await;
    assert_eq!(bad.status, 422);
    assert!(bad.html.contains("role=\"alert\""));
    let refusal = bad.html.split("class=\"refusal\"").nth(1).and_then(|r| r.split("</div>").next()).unwrap_or("");
    assert!(refusal.matches("<li>").count() >= 2, "every field problem listed: {}", bad.text());
    assert!(bad.html.contains("value=\"Айгүл\""), "what was typed is kept");
    let ok = b
        .post(
            "/register",
            &[
                ("email", "aigul@example.kz"),
                ("password", PASSWORD),
                ("display_name", "Айгүл"),
                ("full_name", "Сейткали Айгүл Маратқызы"),
            ],
        )
        .await;
    assert_eq!(ok.status, 303, "{}", ok.text());
    assert!(b.cookies.contains_key("baqylau_session"));
    let me = app.get_as(&app.login("aigul@example.kz").await, "/api/v1/me").await;
    assert_eq!(me.ok(200)["full_name"], "Сейткали Айгүл Маратқызы");
}

async fn missing_pages_are_html_and_the_api_stays_problem_json(app: TestApp) {
    let mut b = Browser::new(&app);
    b.accept_language = Some("ru".into());
    let missing = b.get("/no-such-page").await;
    assert_eq!(missing.status, 404);
    assert_page_qualities(&missing, "404");
    assert!(missing.html.contains("role=\"alert\""));
    assert!(missing.text().contains("На главную"), "{}", missing.text());
    let report = b.get("/reports/424242").await;
    assert_eq!(report.status, 404);
    assert!(report.text().contains("424242"));
    let api = app.get("/api/v1/reports/424242").await;
    api.problem(404, "resource_not_found");
}

/// Every instance on one database seals forms with the same key, made once and kept.
async fn the_form_key_is_made_once_and_shared_through_the_database(app: TestApp) {
    let now = chrono::Utc::now();
    let first = baqylau::service::secrets::key(&app.db, baqylau::service::secrets::FORM_KEY, now).await.unwrap();
    let again = baqylau::service::secrets::key(&app.db, baqylau::service::secrets::FORM_KEY, now).await.unwrap();
    assert_eq!(first, again);
    let other = baqylau::service::secrets::key(&app.db, "another", now).await.unwrap();
    assert_ne!(first, other);
    // A form read from one instance is accepted by another that loaded the same key.
    let mut config = (*app.app.state.config).clone();
    config.form_key = Some(baqylau::config::FormKey(first));
    let one = baqylau::App::with_parts(
        config.clone(),
        app.db.clone(),
        std::sync::Arc::new(app.clock.clone()),
        app.search.clone(),
    );
    let two =
        baqylau::App::with_parts(config, app.db.clone(), std::sync::Arc::new(app.clock.clone()), app.search.clone());
    app.citizen("aigul@example.kz").await;
    let c1 = poem::test::TestClient::new(one.endpoint());
    let c2 = poem::test::TestClient::new(two.endpoint());
    let form = c1.get("/sign-in").send().await;
    let cookie = form.0.headers().get("set-cookie").unwrap().to_str().unwrap().split(';').next().unwrap().to_string();
    let html = form.0.into_body().into_string().await.unwrap();
    let token =
        html.split("name=\"csrf_token\" value=\"").nth(1).unwrap().split('"').next().unwrap().replace("&#x2f;", "/");
    let body = format!(
        "csrf_token={}&email=aigul%40example.kz&password=correct+horse+battery",
        url::form_urlencoded::byte_serialize(token.as_bytes()).collect::<String>()
    );
    let r = c2
        .post("/sign-in")
        .header("cookie", cookie)
        .content_type("application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await;
    assert_eq!(r.0.status().as_u16(), 303);
}

/// Pages count against a per-address allowance as the API does, and a 429 is a page that says
/// when to come back. Pages are not offered to other sites' scripts (no CORS), the API is.
async fn pages_are_rate_limited_and_not_offered_to_other_sites(mut app: TestApp) {
    app.reconfigure(|c| c.rate_anon_per_min = 2);
    let mut b = Browser::new(&app);
    let first = b.get("/sign-in").await;
    assert_eq!(first.status, 200);
    assert!(first.headers.get("access-control-allow-origin").is_none(), "pages are not for cross-site scripts");
    assert_eq!(b.get("/register").await.status, 200);
    let limited = b.get("/").await;
    assert_eq!(limited.status, 429);
    assert_page_qualities(&limited, "429");
    assert!(limited.html.contains("role=\"alert\""));
    assert!(limited.headers.get("retry-after").is_some(), "says when to come back");
    // The API's allowance is its own, and it is open to other sites.
    let api = app.get("/api/v1/agencies?limit=1").await;
    assert_eq!(api.status, 200);
    assert_eq!(api.headers.get("access-control-allow-origin").unwrap(), "*");
}

crate::on_both_databases!(
    pages_are_rate_limited_and_not_offered_to_other_sites,
    the_home_page_searches_and_shows_headline_figures,
    a_search_with_a_typo_opens_the_right_report,
    facets_are_links_that_keep_the_query_and_narrow_it,
    a_fruitless_search_offers_help,
    the_language_switch_is_remembered_and_defaults_to_the_browser,
    next_never_leads_to_another_site,
    signing_in_keeps_a_safe_session_cookie_and_signing_out_ends_it,
    cookies_are_secure_behind_an_https_proxy,
    forms_without_the_csrf_token_are_refused_and_change_nothing,
    a_control_character_is_refused_on_a_page_in_the_readers_language,
    registering_shows_every_problem_then_signs_in,
    missing_pages_are_html_and_the_api_stays_problem_json,
    the_form_key_is_made_once_and_shared_through_the_database,
);
