use crate::helpers::TestApp;

async fn health_and_readiness_answer_json(app: TestApp) {
    assert_eq!(app.get("/healthz").await.ok(200)["status"], "ok");
    let r = app.get("/readyz").await;
    assert_eq!(r.ok(200)["checks"]["database"], "ok");
}

async fn readiness_fails_when_the_database_is_gone(app: TestApp) {
    app.db.clone().close().await.ok();
    let r = app.get("/readyz").await;
    assert_eq!(r.status, 503, "{}", r.text);
    assert_eq!(r.body["status"], "unavailable");
}

crate::on_both_databases!(health_and_readiness_answer_json, readiness_fails_when_the_database_is_gone);
