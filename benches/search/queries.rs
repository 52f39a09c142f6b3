//! The query mix: concrete queries taken from the corpus vocabulary, in five classes, each sent
//! as a user types it (no trailing space, so the last word also matches as a prefix).
use std::collections::HashSet;

use baqylau::domain::text::fold;
use reqwest::Url;

use super::{corpus, vocab};

pub const CLASSES: [&str; 5] = ["word", "rare word", "typo", "phrase", "filtered"];

/// Common single words, some typed with Russian-keyboard stand-ins for Kazakh letters.
const WORDS: &[&str] = &[
    "қызмет",
    "мемлекеттік",
    "өтініш",
    "шағым",
    "әкімдігі",
    "тіркеу",
    "құжаттар",
    "кызмет",
    "услуг",
    "государственных",
    "заявлений",
    "жалоб",
    "акимата",
    "регистрации",
    "документов",
    "срок",
];

/// Words from the rare lists: each in a few hundred reports at most.
const RARE: &[&str] = &[
    "Жезқазған",
    "бруцеллез",
    "кондоминиум",
    "фитосанитариялық",
    "жатақхана",
    "протез",
    "Байқоңыр",
    "стипендия",
    "Экибастуз",
    "усыновление",
    "пастбище",
    "протезирование",
    "общежитие",
    "лесорубочный",
    "волонтёрство",
    "лотерея",
];

/// One typo each (a letter dropped, doubled, swapped or replaced), Kazakh ones typed with
/// stand-ins; checked against the vocabulary at start.
const TYPOS: &[&str] = &[
    "мемлекетик",
    "кызмметтер",
    "корсетлетин",
    "шагымдр",
    "акимдги",
    "балабакща",
    "зейнетакв",
    "жардемкы",
    "госудраственных",
    "услугополучатлей",
    "заявлнений",
    "регисрации",
    "докуменов",
    "электроного",
    "правитльства",
    "удовлетоврено",
];

const PHRASES: &[&str] = &[
    "\"жер учаскесі\"",
    "\"электрондық үкімет\"",
    "\"мемлекеттік қызмет\"",
    "\"бас тарту\"",
    "\"халыққа қызмет көрсету\"",
    "\"ақпараттық жүйелер\"",
    "\"мерзімді бұзу\"",
    "\"тәртіптік жаза\"",
    "\"детский сад\"",
    "\"электронного правительства\"",
    "\"государственных услуг\"",
    "\"земельного участка\"",
    "\"центры обслуживания населения\"",
    "\"нарушение сроков\"",
    "\"медико-социальной экспертизы\"",
    "\"пенсионных выплат\"",
];

/// Text, language, years, then `region=` / `agency_kind=` / `sort=` / `kind=` extras.
type Filtered = (&'static str, &'static str, i32, i32, &'static [(&'static str, &'static str)]);
const FILTERED: &[Filtered] = &[
    ("қызмет", "kk", 2019, 2022, &[("region", "110000000")]),
    ("услуг", "ru", 2016, 2020, &[("agency_kind", "service_provider")]),
    ("жалоб", "ru", 2021, 2025, &[("region", "710000000")]),
    ("шағым", "kk", 2014, 2018, &[("agency_kind", "district_akimat")]),
    ("\"детский сад\"", "ru", 2020, 2025, &[("region", "750000000"), ("sort", "newest")]),
    ("пособий", "ru", 2013, 2017, &[("agency_kind", "central_state_body")]),
    ("жәрдемақы", "kk", 2018, 2025, &[("agency_kind", "oblast_akimat")]),
    ("\"жер учаскесі\"", "kk", 2015, 2020, &[("region", "117000000")]),
    ("регистрации", "ru", 2022, 2025, &[("region", "110000000"), ("sort", "newest")]),
    ("тіркеу", "kk", 2013, 2016, &[("region", "750000000")]),
    ("документов", "ru", 2017, 2019, &[("agency_kind", "state_corporation_branch")]),
    ("өтініш", "kk", 2020, 2025, &[("agency_kind", "service_provider"), ("kind", "report")]),
    ("отказов", "ru", 2019, 2023, &[("region", "630000000")]),
    ("мемлекеттік", "kk", 2023, 2025, &[("agency_kind", "central_department"), ("sort", "newest")]),
    ("кызмет", "kk", 2013, 2025, &[("region", "113200000")]),
    ("\"государственных услуг\"", "ru", 2015, 2024, &[("agency_kind", "district_akimat")]),
];

pub struct Query {
    pub class: usize,
    /// As a person would read it: the text and the filters.
    pub label: String,
    pub url: Url,
}

/// The whole mix, classes interleaved so that every class gets the same share of requests.
pub fn all(base: &str) -> anyhow::Result<Vec<Query>> {
    check()?;
    let endpoint = format!("{base}/api/v1/search");
    let plain = |class: usize, q: &str| -> anyhow::Result<Query> {
        Ok(Query { class, label: q.to_string(), url: Url::parse_with_params(&endpoint, [("q", q), ("limit", "20")])? })
    };
    let mut by_class: Vec<Vec<Query>> = Vec::new();
    for (class, list) in [WORDS, RARE, TYPOS, PHRASES].into_iter().enumerate() {
        by_class.push(list.iter().map(|q| plain(class, q)).collect::<Result<_, _>>()?);
    }
    let mut filtered = Vec::new();
    for (q, lang, from, to, extra) in FILTERED {
        let (from, to) = (from.to_string(), to.to_string());
        let mut params: Vec<(&str, &str)> =
            vec![("q", q), ("limit", "20"), ("language", lang), ("year_from", &from), ("year_to", &to)];
        params.extend(extra.iter().copied());
        let label = params.iter().skip(2).fold(q.to_string(), |acc, (k, v)| format!("{acc} {k}={v}"));
        filtered.push(Query { class: 4, label, url: Url::parse_with_params(&endpoint, &params)? });
    }
    by_class.push(filtered);
    let longest = by_class.iter().map(Vec::len).max().unwrap_or(0);
    let mut iters: Vec<_> = by_class.into_iter().map(|v| v.into_iter()).collect();
    let mut out = Vec::new();
    for _ in 0..longest {
        for it in &mut iters {
            out.extend(it.next());
        }
    }
    Ok(out)
}

/// Folded words of the corpus, as the engines see them.
fn vocabulary() -> HashSet<String> {
    let mut set = HashSet::new();
    for lang in [&vocab::KK, &vocab::RU] {
        for text in corpus::language_words(lang) {
            let folded = fold(text);
            set.extend(baqylau::search::words(&folded).map(|(_, w)| w.to_string()));
        }
    }
    set
}

/// Rare words are in the rare lists; typos are one edit from a corpus word, are not corpus words
/// themselves nor the start of one (the last word matches as a prefix), and are long enough for
/// the engines' typo budget.
fn check() -> anyhow::Result<()> {
    let rare: HashSet<String> = [&vocab::KK, &vocab::RU].iter().flat_map(|l| corpus::rare_words(l)).map(fold).collect();
    for w in RARE {
        anyhow::ensure!(rare.contains(&fold(w)), "rare query {w:?} is not in a rare word list");
    }
    let vocab = vocabulary();
    let mut bad = Vec::new();
    for t in TYPOS {
        let f = fold(t);
        if baqylau::search::typo_budget(f.chars().count()) < 1 {
            bad.push(format!("{t:?} is too short for a typo"));
        } else if let Some(w) = vocab.iter().find(|w| w.starts_with(&f)) {
            bad.push(format!("{t:?} is the start of the corpus word {w:?}"));
        } else if !vocab.iter().any(|w| strsim::osa_distance(w, &f) == 1) {
            bad.push(format!("{t:?} is not one edit from any corpus word"));
        }
    }
    anyhow::ensure!(bad.is_empty(), "bad typo queries: {}", bad.join("; "));
    Ok(())
}
