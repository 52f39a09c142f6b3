//! The open-data catalog: every public dataset with its titles, licence, size, freshness and the
//! links to its JSON, CSV and NDJSON forms; also as DCAT-AP JSON-LD for data portals.
use crate::http;
use chrono::{DateTime, Utc};
use poem::{Request, web::Data};
use poem_openapi::{ApiResponse, Object, OpenApi, payload::Json};
use serde_json::{Value, json};

use super::{API_PREFIX, ApiTags};
use crate::{
    error::AppError,
    i18n::{self, Lang},
    service::catalog::{self, LICENCE_URL, Stats},
    state::AppState,
};

#[derive(Default)]
pub struct CatalogApi;

/// A text in the three languages of the portal.
#[derive(Object, Clone)]
#[oai(example)]
pub struct Texts {
    pub kk: String,
    pub ru: String,
    pub en: String,
}

impl Texts {
    fn of(key: &str) -> Self {
        Self { kk: i18n::text(Lang::Kk, key), ru: i18n::text(Lang::Ru, key), en: i18n::text(Lang::En, key) }
    }
}

/// Where a dataset can be read.
#[derive(Object)]
#[oai(example)]
pub struct DatasetLinks {
    /// The keyset-paged JSON list.
    pub json: String,
    /// The whole dataset as RFC 4180 CSV (UTF-8, header row).
    pub csv: String,
    /// The whole dataset as NDJSON, one JSON record (as the list shows it) per line.
    pub ndjson: String,
}

/// One dataset.
#[derive(Object)]
#[oai(example)]
pub struct DatasetView {
    /// Stable key, e.g. `agencies`.
    pub key: String,
    pub title: Texts,
    pub description: Texts,
    /// The licence's URL: CC BY 4.0.
    pub licence: String,
    /// When its newest record changed; absent when its records carry no time of change.
    #[oai(nullable)]
    pub updated_at: Option<DateTime<Utc>>,
    /// Public records, as many as the JSON list pages through and the exports hold.
    pub record_count: u64,
    /// The `entity` of its events in `GET /events` and webhooks, when it has a change feed.
    #[oai(nullable)]
    pub entity_type: Option<String>,
    pub links: DatasetLinks,
}

/// The catalog.
#[derive(Object)]
#[oai(example)]
pub struct CatalogView {
    pub title: Texts,
    pub description: Texts,
    pub licence: String,
    /// The newest `updated_at` of its datasets.
    #[oai(nullable)]
    pub updated_at: Option<DateTime<Utc>>,
    pub datasets: Vec<DatasetView>,
}

#[derive(ApiResponse)]
pub enum JsonLdResponse {
    /// The catalog as DCAT-AP JSON-LD: a `dcat:Catalog` of `dcat:Dataset`s, each with its
    /// `dcat:Distribution`s (`dcat:mediaType`, `dct:license`). IRIs are relative to this document.
    #[oai(status = 200, content_type = "application/ld+json")]
    Ok(Json<Value>),
}

fn links(d: &catalog::Dataset) -> DatasetLinks {
    let base = format!("{API_PREFIX}{}", d.path);
    DatasetLinks { csv: format!("{base}/export.csv"), ndjson: format!("{base}/export.ndjson"), json: base }
}

fn view(rows: Vec<(&'static catalog::Dataset, Stats)>) -> CatalogView {
    let updated_at = rows.iter().filter_map(|(_, s)| s.updated_at).max();
    CatalogView {
        title: Texts::of("catalog.title"),
        description: Texts::of("catalog.description"),
        licence: LICENCE_URL.into(),
        updated_at,
        datasets: rows
            .into_iter()
            .map(|(d, s)| DatasetView {
                key: d.key.into(),
                title: Texts::of(&format!("catalog.{}.title", d.key)),
                description: Texts::of(&format!("catalog.{}.description", d.key)),
                licence: LICENCE_URL.into(),
                updated_at: s.updated_at,
                record_count: s.records,
                entity_type: d.entity_type.map(str::to_string),
                links: links(d),
            })
            .collect(),
    }
}

fn lang_texts(t: &Texts) -> Value {
    json!([
        {"@value": t.kk, "@language": "kk"},
        {"@value": t.ru, "@language": "ru"},
        {"@value": t.en, "@language": "en"},
    ])
}

fn date_time(t: Option<DateTime<Utc>>) -> Value {
    match t {
        Some(t) => json!({"@value": t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true), "@type": "xsd:dateTime"}),
        None => Value::Null,
    }
}

/// DCAT-AP 3 in JSON-LD: the catalog, its datasets and one distribution per form.
fn json_ld(c: &CatalogView) -> Value {
    let media = |t: &str| json!({"@id": format!("http://www.iana.org/assignments/media-types/{t}")});
    let licence = json!({"@id": LICENCE_URL});
    let datasets: Vec<Value> = c
        .datasets
        .iter()
        .map(|d| {
            let dist = |title: &str, url: &str, media_type: &str, format: &str, download: bool| {
                let mut v = json!({
                    "@type": "dcat:Distribution",
                    "dct:title": title,
                    "dcat:accessURL": {"@id": url},
                    "dcat:mediaType": media(media_type),
                    "dct:format": {"@id": format!("http://publications.europa.eu/resource/authority/file-type/{format}")},
                    "dct:license": licence,
                });
                if download {
                    v["dcat:downloadURL"] = json!({"@id": url});
                }
                v
            };
            let mut ds = json!({
                "@id": format!("{API_PREFIX}/catalog#{}", d.key),
                "@type": "dcat:Dataset",
                "dct:identifier": d.key,
                "dct:title": lang_texts(&d.title),
                "dct:description": lang_texts(&d.description),
                "dct:license": licence,
                "dcat:distribution": [
                    dist("JSON", &d.links.json, "application/json", "JSON", false),
                    dist("CSV", &d.links.csv, "text/csv", "CSV", true),
                    dist("NDJSON", &d.links.ndjson, "application/x-ndjson", "JSON", true),
                ],
            });
            if d.updated_at.is_some() {
                ds["dct:modified"] = date_time(d.updated_at);
            }
            ds
        })
        .collect();
    let mut catalog = json!({
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@id": format!("{API_PREFIX}/catalog.jsonld"),
        "@type": "dcat:Catalog",
        "dct:title": lang_texts(&c.title),
        "dct:description": lang_texts(&c.description),
        "dct:license": licence,
        "dct:publisher": {"@type": "foaf:Agent", "foaf:name": "Baqylau"},
        "dct:language": [
            {"@id": "http://publications.europa.eu/resource/authority/language/KAZ"},
            {"@id": "http://publications.europa.eu/resource/authority/language/RUS"},
            {"@id": "http://publications.europa.eu/resource/authority/language/ENG"},
        ],
        "dcat:dataset": datasets,
    });
    if c.updated_at.is_some() {
        catalog["dct:modified"] = date_time(c.updated_at);
    }
    catalog
}

#[OpenApi(tag = "ApiTags::OpenData")]
impl CatalogApi {
    /// The open-data catalog
    ///
    /// Every public dataset: title and description in Kazakh, Russian and English, licence
    /// (CC BY 4.0), record count, the time its newest record changed, and links to its JSON list
    /// and its CSV and NDJSON exports.
    #[oai(path = "/catalog", method = "get")]
    async fn catalog(&self, state: Data<&AppState>, req: &Request) -> Result<Json<CatalogView>, AppError> {
        let ctx = http::ctx(&state, req);
        Ok(Json(view(catalog::stats(&ctx.db).await?)))
    }

    /// The catalog as DCAT-AP JSON-LD
    ///
    /// The same catalog in the vocabulary data portals harvest (DCAT-AP): `dcat:Catalog`,
    /// `dcat:Dataset`, `dcat:Distribution` with `dcat:mediaType` and `dct:license`.
    #[oai(path = "/catalog.jsonld", method = "get")]
    async fn catalog_json_ld(&self, state: Data<&AppState>, req: &Request) -> Result<JsonLdResponse, AppError> {
        let ctx = http::ctx(&state, req);
        Ok(JsonLdResponse::Ok(Json(json_ld(&view(catalog::stats(&ctx.db).await?)))))
    }
}

mod examples;
