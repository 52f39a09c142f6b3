//! Text for people, one table per language (`content/i18n/{kk,ru,en}.toml`), keyed by stable codes.
//! A translator edits one file; the binary carries the tables so it runs from any directory.
use std::{collections::HashMap, sync::LazyLock};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    Kk,
    Ru,
    En,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::Kk, Lang::Ru, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Kk => "kk",
            Lang::Ru => "ru",
            Lang::En => "en",
        }
    }

    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "kk" | "kz" | "kk-kz" => Some(Lang::Kk),
            "ru" | "ru-ru" | "ru-kz" => Some(Lang::Ru),
            "en" | "en-us" | "en-gb" => Some(Lang::En),
            _ => None,
        }
    }

    /// The client's preferred language among ours, by `Accept-Language` quality; English otherwise.
    pub fn from_accept_language(header: Option<&str>) -> Lang {
        let Some(header) = header else { return Lang::En };
        // `parse` orders by quality; a regional tag counts for its language (`ru-KZ` is Russian).
        accept_language::parse(header)
            .iter()
            .find_map(|tag| Lang::parse(tag.split('-').next().unwrap_or(tag)))
            .unwrap_or(Lang::En)
    }
}

type Table = HashMap<String, toml::Value>;

static TABLES: LazyLock<[Table; 3]> = LazyLock::new(|| {
    let load = |src: &str, name: &str| -> Table {
        toml::from_str(src).unwrap_or_else(|e| panic!("content/i18n/{name}.toml is not valid TOML: {e}"))
    };
    [
        load(include_str!("../content/i18n/kk.toml"), "kk"),
        load(include_str!("../content/i18n/ru.toml"), "ru"),
        load(include_str!("../content/i18n/en.toml"), "en"),
    ]
});

fn table(lang: Lang) -> &'static Table {
    &TABLES[match lang {
        Lang::Kk => 0,
        Lang::Ru => 1,
        Lang::En => 2,
    }]
}

fn lookup(lang: Lang, path: &str) -> Option<&'static str> {
    let mut parts = path.split('.');
    let mut v = table(lang).get(parts.next()?)?;
    for p in parts {
        v = v.get(p)?;
    }
    v.as_str()
}

/// The text at a dotted key (`errors.not_found.title`) in `lang`, falling back to English, then to
/// the key itself so a missing translation shows up instead of an empty string.
pub fn text(lang: Lang, key: &str) -> String {
    lookup(lang, key).or_else(|| lookup(Lang::En, key)).map(str::to_string).unwrap_or_else(|| key.to_string())
}

/// The first of `keys` that the tables hold (in `lang` or in English), for wording that one
/// audience says differently: a page's own text before the API's.
pub fn first_of<'k>(lang: Lang, keys: &[&'k str]) -> Option<&'k str> {
    keys.iter().copied().find(|k| lookup(lang, k).or_else(|| lookup(Lang::En, k)).is_some())
}

/// `text` with `{name}` placeholders filled in.
pub fn format(lang: Lang, key: &str, args: &[(&str, String)]) -> String {
    let mut s = text(lang, key);
    for (name, value) in args {
        s = s.replace(&format!("{{{name}}}"), value);
    }
    s
}

/// Every key present in a table, dotted; used by the test that keeps the three languages in step.
pub fn keys(lang: Lang) -> Vec<String> {
    fn walk(prefix: &str, v: &toml::Value, out: &mut Vec<String>) {
        match v {
            toml::Value::Table(t) => {
                for (k, v) in t {
                    let p = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                    walk(&p, v, out);
                }
            }
            _ => out.push(prefix.to_string()),
        }
    }
    let mut out = Vec::new();
    for (k, v) in table(lang) {
        walk(k, v, &mut out);
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_key() {
        let en = keys(Lang::En);
        for lang in [Lang::Kk, Lang::Ru] {
            assert_eq!(keys(lang), en, "{} differs from en", lang.code());
        }
    }

    #[test]
    fn accept_language_picks_the_best_supported_language() {
        assert_eq!(Lang::from_accept_language(Some("ru-RU,ru;q=0.9,en;q=0.8")), Lang::Ru);
        assert_eq!(Lang::from_accept_language(Some("de, kk;q=0.5")), Lang::Kk);
        assert_eq!(Lang::from_accept_language(Some("de")), Lang::En);
        assert_eq!(Lang::from_accept_language(None), Lang::En);
    }
}
