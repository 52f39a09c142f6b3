//! The pages for people (issue #10): home, search, report, sign-in, language, refusals, safety.
use crate::{
    browser::Browser,
    helpers::TestApp,
};

async fn seeded(app: &TestApp) {
    app.seed_content().await;
    app.drain().await;
}

async fn the_home_page_searches_and_shows_headline_figures(app: TestApp) {
    seeded(&app).await;
    let mut b = Browser::new(&app);
    let home = b.get("/").await;
    assert_eq!(home.status, 200);
    assert!(home.html.contains("form role=\"search\" action=\"/search\""));
    assert!(home.text().contains("Latest reports"), "{}", home.text());
    assert!(!home.links("/reports/").is_empty(), "the latest reports are linked: {}", home.text());
}

crate::on_both_databases!(the_home_page_searches_and_shows_headline_figures);
