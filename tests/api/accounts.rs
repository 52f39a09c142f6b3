use poem::http::Method;
use serde_json::json;

use crate::helpers::TestApp;

async fn registering_returns_the_account_with_its_iin_to_its_owner(app: TestApp) {
    let r = app
        .post(
            "/api/v1/accounts",
            json!({"email": "Aigerim@Example.KZ", "password": "correct horse battery", "display_name": "Айгерім",
                   "full_name": "Айгерім Сәрсенова", "iin": "900101300126"}),
        )
        .await;
    let a = r.ok(201);
    assert_eq!(a["email"], "aigerim@example.kz");
    assert_eq!(a["role"], "citizen");
    assert!(!r.text.contains("argon2"), "a password hash leaked: {}", r.text);
    let token = app.login("aigerim@example.kz").await;
    let me = app.get_as(&token, "/api/v1/me").await;
    assert_eq!(me.ok(200)["iin"], "900101300126");
    assert_eq!(me.body["full_name"], "Айгерім Сәрсенова");
}

async fn a_guessable_password_is_refused_with_a_reason(app: TestApp) {
    for weak in ["aaaaaaaaaaaa", "qwertyuiop", "aigerim-2024"] {
        let r = app
            .call(
                Method::POST,
                "/api/v1/accounts",
                None,
                Some(json!({"email": "aigerim@example.kz", "password": weak, "display_name": "Aigerim"})),
                &[("accept-language", "ru")],
            )
            .await;
        let e = &r.problem(422, "validation_failed")["errors"][0];
        assert_eq!(
            (e["pointer"].as_str(), e["code"].as_str()),
            (Some("/password"), Some("password_too_weak")),
            "{weak}"
        );
        assert!(e["message"].as_str().unwrap().contains("легко угадать"), "{e}");
    }
    // Nothing was stored: the address is still free.
    app.register("aigerim@example.kz").await.ok(201);
}

async fn an_email_registers_once(app: TestApp) {
    app.register("a@example.kz").await.ok(201);
    app.register("A@EXAMPLE.kz").await.problem(409, "email_taken");
}

async fn an_invalid_iin_is_refused_with_a_pointer(app: TestApp) {
    let r = app
        .post(
            "/api/v1/accounts",
            json!({"email": "b@example.kz", "password": "correct horse battery", "display_name": "Бақытжан", "iin": "850101300600"}),
        )
        .await;
    let p = r.problem(422, "validation_failed");
    assert_eq!(p["errors"][0]["pointer"], "/iin");
    assert_eq!(p["errors"][0]["code"], "invalid_iin");
}

async fn wrong_credentials_are_401(app: TestApp) {
    app.register("c@example.kz").await.ok(201);
    let r = app.post("/api/v1/auth/login", json!({"email": "c@example.kz", "password": "wrong password!"})).await;
    r.problem(401, "invalid_credentials");
    let r = app.post("/api/v1/auth/login", json!({"email": "nobody@example.kz", "password": "wrong password!"})).await;
    r.problem(401, "invalid_credentials");
}

async fn repeated_failures_pause_sign_in_for_the_account(app: TestApp) {
    app.register("d@example.kz").await.ok(201);
    // The test configuration allows three failures.
    for _ in 0..3 {
        app.post("/api/v1/auth/login", json!({"email": "d@example.kz", "password": "wrong password!"}))
            .await
            .problem(401, "invalid_credentials");
    }
    let r = app.post("/api/v1/auth/login", json!({"email": "d@example.kz", "password": "wrong password!"})).await;
    r.problem(429, "too_many_login_attempts");
    let retry: u64 = r.headers.get("retry-after").unwrap().to_str().unwrap().parse().unwrap();
    assert!(retry >= 1);
    // Even the right password waits: that is what stops guessing.
    let r = app.post("/api/v1/auth/login", json!({"email": "d@example.kz", "password": "correct horse battery"})).await;
    r.problem(429, "too_many_login_attempts");
}

async fn failures_from_one_address_pause_it_across_accounts(app: TestApp) {
    for i in 0..4 {
        let r = app
            .post("/api/v1/auth/login", json!({"email": format!("x{i}@example.kz"), "password": "wrong password!"}))
            .await;
        if i < 3 {
            r.problem(401, "invalid_credentials");
        } else {
            r.problem(429, "too_many_login_attempts");
        }
    }
}

/// OWASP: a stranger failing on purpose must not keep the owner out.
async fn an_attacked_account_still_lets_its_owner_in(mut app: TestApp) {
    app.reconfigure(|c| c.client_ip_header = Some("x-forwarded-for".into()));
    app.register("owner@example.kz").await.ok(201);
    let login = |addr: String, password: &'static str| {
        let app = &app;
        async move {
            app.call(
                Method::POST,
                "/api/v1/auth/login",
                None,
                Some(json!({"email": "owner@example.kz", "password": password})),
                &[("x-forwarded-for", &addr)],
            )
            .await
        }
    };
    // One attacker, one address: paused after the allowance (three in tests), the owner elsewhere is not.
    for _ in 0..3 {
        login("203.0.113.1".into(), "wrong password!").await.problem(401, "invalid_credentials");
    }
    login("203.0.113.1".into(), "wrong password!").await.problem(429, "too_many_login_attempts");
    login("203.0.113.1".into(), "correct horse battery").await.problem(429, "too_many_login_attempts");
    login("198.51.100.7".into(), "correct horse battery").await.ok(200);
    // Many addresses, two guesses each, stay under the per-address allowance; the account as a
    // whole pauses after four times that, but only for the addresses that guessed.
    // Addresses that guess the account at most twice each, until the account pauses.
    let guess_until_paused = async |net: &str, per_address: u32| {
        let mut n = 0;
        loop {
            n += 1;
            assert!(n < 60, "the account never paused");
            let r = login(format!("{net}.{}", n / per_address), "wrong password!").await;
            if r.status == 429 {
                r.problem(429, "too_many_login_attempts");
                let pause = r.headers["retry-after"].to_str().unwrap().parse::<u64>().unwrap();
                return (pause, format!("{net}.{}", n / per_address));
            }
            r.problem(401, "invalid_credentials");
        }
    };
    let (pause, guesser) = guess_until_paused("192.0.2", 2).await;
    assert!((590..=600).contains(&pause), "the first pause is the window: {pause}");
    login(guesser, "correct horse battery").await.problem(429, "too_many_login_attempts");
    login("198.51.100.8".into(), "correct horse battery").await.ok(200);
    // While it is paused, one failure is enough to make an address wait too; each further pause
    // of the account is twice as long.
    let (pause, _) = guess_until_paused("198.18.0", 1).await;
    assert!((1190..=1200).contains(&pause), "the second pause doubles: {pause}");
    login("198.51.100.9".into(), "correct horse battery").await.ok(200);
}

async fn the_profile_can_be_completed(app: TestApp) {
    let (token, _) = app.citizen("e@example.kz").await;
    let r =
        app.patch_as(&token, "/api/v1/me", json!({"full_name": "Ерлан Нұрланов", "show_name_publicly": true})).await;
    assert_eq!(r.ok(200)["full_name"], "Ерлан Нұрланов");
    assert_eq!(r.body["show_name_publicly"], true);
    app.patch_as(&token, "/api/v1/me", json!({"iin": "1"})).await.problem(422, "validation_failed");
}

async fn only_admins_list_accounts(app: TestApp) {
    let (citizen, _) = app.citizen("f@example.kz").await;
    app.get_as(&citizen, "/api/v1/accounts").await.problem(403, "forbidden");
    let (admin, _) = app.admin("root@example.kz").await;
    let r = app.get_as(&admin, "/api/v1/accounts?role=citizen").await;
    let items = r.ok(200)["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["email"], "f@example.kz");
    let r = app.get_as(&admin, "/api/v1/accounts?limit=1").await;
    let next = r.ok(200)["next_cursor"].as_str().unwrap().to_string();
    let r = app.get_as(&admin, &format!("/api/v1/accounts?limit=1&cursor={next}")).await;
    assert_eq!(r.ok(200)["items"].as_array().unwrap().len(), 1);
    assert!(r.body["next_cursor"].is_null());
    app.get_as(&admin, "/api/v1/accounts?role=king").await.problem(400, "invalid_parameter");
}

async fn me_without_a_token_is_401(app: TestApp) {
    app.get("/api/v1/me").await.problem(401, "unauthorized");
    app.call(Method::GET, "/api/v1/me", None, None, &[("authorization", "Basic YTpi")])
        .await
        .problem(401, "unauthorized");
    app.get_as("bq_not-a-real-token", "/api/v1/me").await.problem(401, "invalid_token");
}

crate::on_both_databases!(
    registering_returns_the_account_with_its_iin_to_its_owner,
    an_email_registers_once,
    a_guessable_password_is_refused_with_a_reason,
    an_invalid_iin_is_refused_with_a_pointer,
    wrong_credentials_are_401,
    repeated_failures_pause_sign_in_for_the_account,
    failures_from_one_address_pause_it_across_accounts,
    an_attacked_account_still_lets_its_owner_in,
    the_profile_can_be_completed,
    only_admins_list_accounts,
    me_without_a_token_is_401,
);
