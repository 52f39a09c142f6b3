//! The search conformance suite: one fixed corpus and one set of expectations, run against the
//! embedded engine always and against Meilisearch whenever `MEILI_URL` is set (`MEILI_KEY`
//! optional). Both engines must give the same answers to what a journalist types.
use std::sync::Arc;

use baqylau::{
    search::{SearchDoc, SearchIndex, embedded::EmbeddedIndex, meili::MeiliIndex},
    service::search::{Found, SearchParams, search},
};

fn doc(n: i64, lang: &str, year: i32, agency: (i64, &str), region: &[&str], title: &str, body: &str) -> SearchDoc {
    SearchDoc {
        id: format!("report-{n}"),
        kind: "report".into(),
        title: title.into(),
        body: body.into(),
        agency_id: agency.0,
        agency_kind: agency.1.into(),
        region: region.first().map(|r| r.to_string()),
        region_path: region.iter().map(|r| r.to_string()).collect(),
        year,
        language: lang.into(),
        published_at: i64::from(year) * 1_000_000 + n,
        url: format!("/api/v1/reports/{n}"),
    }
}

const OBLAST: (i64, &str) = (1, "oblast_akimat");
const DISTRICT: (i64, &str) = (2, "district_akimat");
const MINISTRY: (i64, &str) = (3, "central_state_body");
const CITY: (i64, &str) = (4, "city_republican_akimat");

fn corpus() -> Vec<SearchDoc> {
    vec![
        doc(
            1,
            "ru",
            2023,
            OBLAST,
            &["110000000"],
            "Отчёт акимата Акмолинской области о государственных услугах",
            "В отчётном году выявлено нарушение сроков оказания услуг в сельских округах. Выдача земельных участков шла через портал. Субсидии сельскохозяйственных товаропроизводителей выплачены.",
        ),
        doc(
            2,
            "kk",
            2022,
            DISTRICT,
            &["113200000", "110000000"],
            "Жер қатынастары бөлімінің есебі",
            "Аудан бойынша жер учаскесін беру мерзімі бұзылды. Азаматтардың құқық бұзушылық туралы шағымдары қаралды.",
        ),
        doc(
            3,
            "ru",
            2024,
            MINISTRY,
            &[],
            "Пенсионные выплаты и пособия",
            "Назначение пенсионных выплат и социальных пособий переведено в проактивный формат.",
        ),
        doc(
            4,
            "kk",
            2024,
            CITY,
            &["750000000"],
            "Балабақшаға кезек",
            "Мектепке дейінгі ұйымдарға жолдама беру: балабақша кезегіне өтініш порталда қабылданады.",
        ),
        doc(
            5,
            "ru",
            2021,
            CITY,
            &["750000000"],
            "Регистрация по месту жительства",
            "Регистрация граждан по месту жительства. Ёмкость центров обслуживания населения увеличена.",
        ),
        doc(
            6,
            "ru",
            2025,
            MINISTRY,
            &[],
            "Электронные государственные услуги",
            "Доля услуг на портале электронного правительства выросла; государственные услуги оказаны в срок.",
        ),
        doc(
            7,
            "kk",
            2025,
            OBLAST,
            &["110000000"],
            "Мемлекеттік қызметтер көрсету туралы есеп",
            "Мемлекеттік қызмет көрсету сапасы артты. Шағымдар саны азайды.",
        ),
        doc(
            8,
            "kk",
            2023,
            DISTRICT,
            &["113200000", "110000000"],
            "Аудан әкімдігінің есебі",
            "Мемлекеттік қызметтер электрондық түрде көрсетілді. <b>Маңызды</b> & «жаңалық» бар.",
        ),
        doc(
            9,
            "ru",
            2022,
            OBLAST,
            &["110000000"],
            "Государственные услуги в области",
            "Государственные услуги оказаны жителям области; жалобы рассмотрены.",
        ),
    ]
}

fn params(q: &str) -> SearchParams {
    SearchParams { q: Some(q.into()), ..Default::default() }
}

async fn ask(index: &dyn SearchIndex, p: SearchParams) -> Found {
    search(index, p).await.unwrap_or_else(|e| panic!("search failed: {e}"))
}

fn ids(f: &Found) -> Vec<&str> {
    f.hits.iter().map(|h| h.doc.id.as_str()).collect()
}

#[track_caller]
fn first(f: &Found, id: &str, why: &str) {
    assert_eq!(f.hits.first().map(|h| h.doc.id.as_str()), Some(id), "{why}: got {:?}", ids(f));
}

async fn conformance(index: Arc<dyn SearchIndex>) {
    index.ensure_settings().await.expect("settings");
    index.clear().await.expect("clear");
    index.upsert(corpus()).await.expect("upsert");
    let i = index.as_ref();

    // Exact words.
    first(&ask(i, params("пенсионные")).await, "report-3", "exact Russian word");
    first(&ask(i, params("балабақша")).await, "report-4", "exact Kazakh word");
    // One typo from five letters; none below.
    first(&ask(i, params("пенсионнные")).await, "report-3", "one inserted letter");
    first(&ask(i, params("регистрацыя")).await, "report-5", "one wrong letter");
    assert_eq!(ask(i, params("жэр")).await.total, 0, "no typo allowed in a three-letter word");
    // Kazakh letters typed as their Russian-keyboard stand-ins, first letter included.
    first(&ask(i, params("жер учаскесин")).await, "report-2", "і typed as и");
    first(&ask(i, params("кукык")).await, "report-2", "құқық typed as кукык");
    first(&ask(i, params("кезек")).await, "report-4", "plain word");
    // ё is е, both ways.
    first(&ask(i, params("емкость")).await, "report-5", "е finds ё");
    first(&ask(i, params("ЁМКОСТЬ")).await, "report-5", "ё and capitals");
    // The last word is a prefix as people type.
    first(&ask(i, params("балаба")).await, "report-4", "prefix of the last word");
    assert_eq!(ask(i, params("балаба ")).await.total, 0, "a finished word is not a prefix");
    // Quoted phrases: the words together and in order.
    let f = ask(i, params("\"нарушение сроков оказания услуг в сельских округах\"")).await;
    assert_eq!(ids(&f), ["report-1"]);
    assert_eq!(ask(i, params("\"округах сельских\"")).await.total, 0, "phrase word order");
    let f = ask(i, params("\"жер учаскесін беру мерзімі бұзылды\"")).await;
    assert_eq!(ids(&f), ["report-2"]);
    // Long words: twenty Cyrillic letters are forty bytes.
    let f = ask(i, params("сельскохозяйственных ")).await;
    assert_eq!(ids(&f), ["report-1"], "a twenty-letter word");
    let f = ask(i, params("\"сельскохозяйственных товаропроизводителей\"")).await;
    assert_eq!(ids(&f), ["report-1"], "a phrase of long words");
    // Every word must match.
    assert_eq!(ask(i, params("пенсионные балабақша")).await.total, 0);

    // Filters and exact facet counts.
    let f = ask(i, SearchParams { language: Some("kk".into()), ..Default::default() }).await;
    assert_eq!(f.total, 4);
    assert_eq!(f.facets.language.get("kk"), Some(&4));
    assert_eq!(f.facets.language.get("ru"), None);
    assert_eq!(f.facets.year.get("2024"), Some(&1));
    let f = ask(i, SearchParams { region: Some("110000000".into()), ..Default::default() }).await;
    assert_eq!(f.total, 5, "an oblast takes in its districts: {:?}", ids(&f));
    assert_eq!(f.facets.region.get("113200000"), Some(&2));
    assert_eq!(f.facets.region.get("110000000"), Some(&3));
    assert_eq!(f.facets.agency.get("2"), Some(&2));
    let f = ask(
        i,
        SearchParams {
            q: Some("государственные".into()),
            year_from: Some(2023),
            year_to: Some(2025),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(ids(&f).len() as u64, f.total);
    assert!(f.hits.iter().all(|h| (2023..=2025).contains(&h.doc.year)));
    let f = ask(i, SearchParams { agency_kind: Some("district_akimat".into()), ..Default::default() }).await;
    assert_eq!(f.total, 2);
    assert_eq!(f.facets.kind.get("report"), Some(&2));
    let f = ask(i, SearchParams { agency: Some(3), ..Default::default() }).await;
    assert_eq!(f.total, 2);

    // A blank query lists by filters, newest first; pages do not overlap.
    let f = ask(i, SearchParams::default()).await;
    assert_eq!(f.total, 9);
    let years: Vec<i32> = f.hits.iter().map(|h| h.doc.year).collect();
    let mut sorted = years.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(years, sorted);
    let page1 = ask(i, SearchParams { limit: Some(4), ..Default::default() }).await;
    let page2 = ask(i, SearchParams { limit: Some(4), offset: Some(4), ..Default::default() }).await;
    assert_eq!(page2.total, 9);
    assert!(ids(&page1).iter().all(|id| !ids(&page2).contains(id)));
    // Newest first with a query.
    let f = ask(i, SearchParams { q: Some("мемлекеттік".into()), sort: Some("newest".into()), ..Default::default() })
        .await;
    assert_eq!(ids(&f), ["report-7", "report-8"]);

    // Snippets: matched words marked, everything else escaped.
    let f = ask(i, params("маңызды")).await;
    first(&f, "report-8", "word inside markup");
    let s = &f.hits[0].snippet;
    assert!(s.contains("&lt;b&gt;<mark>Маңызды</mark>&lt;/b&gt; &amp; «жаңалық»"), "{s}");

    // Changes and deletions show at once.
    let mut changed = corpus()[2].clone();
    changed.body = "Теперь о снегоходах.".into();
    index.upsert(vec![changed]).await.expect("upsert");
    assert_eq!(ask(i, params("проактивный формат")).await.total, 0, "the old body is gone");
    first(&ask(i, params("снегоходах")).await, "report-3", "replaced body");
    index.delete(vec!["report-3".into()]).await.expect("delete");
    assert_eq!(ask(i, params("снегоходах")).await.total, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_embedded_engine_conforms() {
    conformance(Arc::new(EmbeddedIndex::in_memory())).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn meilisearch_conforms_when_configured() {
    let Some(url) = std::env::var("MEILI_URL").ok().filter(|u| !u.trim().is_empty()) else {
        eprintln!("MEILI_URL is not set: the Meilisearch run of the conformance suite passes without running");
        return;
    };
    let uid = format!("baqylau_conformance_{}", uuid::Uuid::new_v4().simple());
    let index = MeiliIndex::new(&url, std::env::var("MEILI_KEY").ok().as_deref(), &uid).expect("client");
    conformance(Arc::new(index)).await;
}
