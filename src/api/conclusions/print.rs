//! A conclusion as one printable HTML page (its `export.html`), in the conclusion's own language.
use chrono::{DateTime, Utc};

use super::lang_code;
use crate::{
    domain::conclusions::SectionKey,
    error::AppError,
    i18n::{self, Lang},
    markdown::{escape, to_html},
    service::{
        Ctx,
        conclusions::{self, Credits, Full},
    },
};

/// A standalone print-ready page: every piece of user text is escaped, and Markdown goes through
/// the sanitizing renderer.
pub(super) async fn standalone_html(ctx: &Ctx, f: &Full) -> Result<String, AppError> {
    let lang = lang_code(&f.conclusion.language);
    let t = |key: &str| escape(&i18n::text(lang, &format!("conclusions.export.{key}")));
    let campaign = match lang {
        Lang::Kk => f.campaign.title_kk.clone().or(f.campaign.title_ru.clone()),
        _ => f.campaign.title_ru.clone().or(f.campaign.title_kk.clone()),
    }
    .unwrap_or_default();
    let Credits { authors, addressed } = conclusions::credits(ctx, f).await?;
    let agency_names: Vec<String> = addressed
        .iter()
        .map(|a| match lang {
            Lang::Kk => a.name_kk.clone(),
            Lang::Ru => a.name_ru.clone(),
            Lang::En => a.name_en.clone(),
        })
        .collect();
    let date = |d: Option<DateTime<Utc>>| d.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_else(|| "—".into());
    let mut meta = vec![
        (t("campaign"), escape(&campaign)),
        (t("authors"), escape(&authors.join(", "))),
        (t("addressed"), escape(&agency_names.join("; "))),
        (t("created"), date(Some(f.conclusion.created_at))),
        (t("submitted"), date(f.conclusion.submitted_at)),
        (t("published"), date(f.conclusion.published_at)),
        (t("revision"), f.conclusion.revision.to_string()),
    ];
    if let Some(reason) = &f.revision.reason {
        meta.push((t("correction"), format!("{} ({})", date(Some(f.revision.created_at)), escape(reason))));
    }
    let mut body = String::new();
    body.push_str(&format!("<header>\n<h1>{}</h1>\n<dl>\n", escape(&f.conclusion.title)));
    for (k, v) in meta {
        body.push_str(&format!("<dt>{k}</dt><dd>{v}</dd>\n"));
    }
    body.push_str("</dl>\n</header>\n");
    if let Some(p) = &f.sections.preamble {
        body.push_str(&format!("<section class=\"preamble\">\n{}</section>\n", to_html(p)));
    }
    for key in SectionKey::ALL {
        let md = f.sections.get(*key).unwrap_or("");
        body.push_str(&format!(
            "<section id=\"{}\">\n<h2>{}</h2>\n{}</section>\n",
            key.as_str(),
            escape(&key.title(lang)),
            to_html(md)
        ));
    }
    Ok(format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n{}</body>\n</html>\n",
        lang.code(),
        escape(&f.conclusion.title),
        crate::http::headers::DOCUMENT_STYLESHEET,
        body
    ))
}
