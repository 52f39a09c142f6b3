//! A deterministic corpus of annual reports in Kazakh and Russian: the same seed, agencies and
//! count give byte-identical NDJSON. Every report draws from its own ChaCha8 stream (the seed, the
//! report's number as the stream), so any chunk can be generated on its own and in any order.
//!
//! A report has a title like the demo reports', a Markdown body of 150 to 900 words (a demo
//! notice, two to five `##` sections, a numbered list of violations, sometimes a table) made of
//! template sentences and of sentences drawn from the vocabulary with Zipf-like weights, and
//! figures that agree with themselves (satisfied <= received, fulfilled <= issued).
use std::collections::HashSet;

use chrono::{Duration, NaiveDate};
use rand::{
    Rng, SeedableRng,
    distr::{Distribution, weighted::WeightedIndex},
    seq::{IndexedRandom, SliceRandom},
};
use rand_chacha::ChaCha8Rng;
use serde_json::json;

use super::vocab::{self, Language};

/// Years a corpus report covers: the law's first report year to the last complete year.
pub const FIRST_YEAR: i32 = 2013;
pub const LAST_YEAR: i32 = 2025;
pub const LANGUAGES: [&str; 2] = ["kk", "ru"];
pub const YEARS: usize = (LAST_YEAR - FIRST_YEAR + 1) as usize;

const VIOLATION_KEYS: [&str; 10] = [
    "deadline_breached",
    "refusal_deadline_breached",
    "incomplete_document_set",
    "documents_not_in_standard",
    "documents_from_information_systems",
    "procedure_breached",
    "unjustified_refusal",
    "working_schedule_not_kept",
    "fee_for_free_service",
    "other",
];
/// How much of the violations each category takes, roughly as in the demo reports.
const VIOLATION_WEIGHTS: [f64; 10] = [0.34, 0.04, 0.09, 0.09, 0.11, 0.07, 0.18, 0.03, 0.005, 0.05];

/// Zipf exponent of the core vocabulary and of the rare words.
const ZIPF_CORE: f64 = 1.0;
const ZIPF_RARE: f64 = 1.0;
/// Chance that a drawn word comes from the rare list.
const RARE_RATE: f64 = 0.005;
/// Chance that a sentence is a template rather than drawn words.
const TEMPLATE_RATE: f64 = 0.45;

/// An agency a report may belong to.
#[derive(Clone, Debug)]
pub struct Agency {
    pub code: String,
    pub name_kk: String,
    pub name_ru: String,
}

/// A region the extra agencies sit in.
#[derive(Clone, Debug)]
pub struct Region {
    pub code: String,
    pub name_kk: String,
    pub name_ru: String,
    pub name_en: String,
}

/// An extra service provider to create before the import.
#[derive(Clone, Debug)]
pub struct NewAgency {
    pub code: String,
    pub region: String,
    pub name_kk: String,
    pub name_ru: String,
    pub name_en: String,
}

/// `count` service providers named after departments in the given regions, codes `BENCH-00001`...
pub fn bench_agencies(seed: u64, count: usize, regions: &[Region]) -> Vec<NewAgency> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x0a9e_c1e5_0a9e_c1e5);
    (1..=count)
        .map(|i| {
            let r = regions.choose(&mut rng).expect("regions are loaded from content/");
            let [kk, ru, en] = *vocab::DEPARTMENTS.choose(&mut rng).expect("departments are listed");
            let n = rng.random_range(1..=60);
            NewAgency {
                code: format!("BENCH-{i:05}"),
                region: r.code.clone(),
                name_kk: format!("{} {kk} №{n}", genitive_kk(&r.name_kk)),
                name_ru: format!("{ru} №{n} ({})", r.name_ru),
                name_en: format!("{en} No. {n}, {}", r.name_en),
            }
        })
        .collect()
}

/// "Бурабай ауданы" -> "Бурабай ауданының": the possessive forms the directory's names use.
fn genitive_kk(name: &str) -> String {
    match name.chars().last() {
        Some('ы') => format!("{name}ның"),
        Some('і') => format!("{name}нің"),
        _ => name.to_string(),
    }
}

struct Model {
    lang: &'static Language,
    core: Vec<&'static str>,
    core_w: WeightedIndex<f64>,
    rare: Vec<&'static str>,
    rare_w: WeightedIndex<f64>,
}

fn zipf(n: usize, s: f64) -> WeightedIndex<f64> {
    WeightedIndex::new((1..=n).map(|r| 1.0 / (r as f64).powf(s))).expect("a non-empty word list")
}

impl Model {
    fn new(lang: &'static Language) -> Self {
        let core: Vec<&str> = lang.core.split_whitespace().collect();
        let rare: Vec<&str> = lang.rare.split_whitespace().collect();
        Model { core_w: zipf(core.len(), ZIPF_CORE), rare_w: zipf(rare.len(), ZIPF_RARE), core, rare, lang }
    }

    fn word(&self, rng: &mut ChaCha8Rng) -> &'static str {
        if rng.random_bool(RARE_RATE) { self.rare[self.rare_w.sample(rng)] } else { self.core[self.core_w.sample(rng)] }
    }
}

/// The words of a language the corpus can contain (core and rare lists, templates, names of
/// topics, services, places, headings and violations), for checking the query lists.
pub fn language_words(lang: &Language) -> Vec<&'static str> {
    let mut all: Vec<&'static str> = lang.core.split_whitespace().chain(lang.rare.split_whitespace()).collect();
    let lists: [&[&'static str]; 6] =
        [lang.templates, lang.topics, lang.services, lang.places, lang.headings, lang.violations];
    for list in lists {
        all.extend(list.iter().copied());
    }
    all
}

pub fn rare_words(lang: &Language) -> Vec<&'static str> {
    lang.rare.split_whitespace().collect()
}

struct Figures {
    paper: [u64; 2],
    electronic: [u64; 2],
    govcorp: [u64; 2],
    refusals: u64,
    complaints_received: u64,
    complaints_satisfied: u64,
    disciplinary_measures: u64,
    recommendations_issued: u64,
    recommendations_fulfilled: u64,
    violations: [u64; 10],
}

impl Figures {
    fn draw(rng: &mut ChaCha8Rng) -> Self {
        let total = 10f64.powf(rng.random_range(2.7..6.5));
        let electronic = rng.random_range(0.40..0.85);
        let govcorp = rng.random_range(0.0..(1.0 - electronic)) * 0.9;
        let paper = 1.0 - electronic - govcorp;
        let legal = rng.random_range(0.01..0.15);
        let split = |share: f64| {
            let n = (total * share).round();
            [(n * (1.0 - legal)).round() as u64, (n * legal).round() as u64]
        };
        let complaints_received = (total * rng.random_range(0.0001..0.002)) as u64 + rng.random_range(0..20);
        let complaints_satisfied = (complaints_received as f64 * rng.random_range(0.1..0.6)) as u64;
        let recommendations_issued = rng.random_range(0..=60);
        let recommendations_fulfilled = (recommendations_issued as f64 * rng.random_range(0.5..=1.0)) as u64;
        let violations_total = (total * rng.random_range(0.00002..0.0004)) as u64 + 1;
        let mut violations = [0u64; 10];
        for (i, w) in VIOLATION_WEIGHTS.iter().enumerate() {
            violations[i] = (violations_total as f64 * w * rng.random_range(0.5..1.5)) as u64;
        }
        violations[0] = violations[0].max(1);
        Figures {
            paper: split(paper),
            electronic: split(electronic),
            govcorp: split(govcorp),
            refusals: (total * rng.random_range(0.002..0.03)) as u64,
            complaints_received,
            complaints_satisfied,
            disciplinary_measures: rng.random_range(0..=complaints_received / 15 + 3),
            recommendations_issued,
            recommendations_fulfilled,
            violations,
        }
    }

    fn total(&self) -> u64 {
        self.paper.iter().chain(&self.electronic).chain(&self.govcorp).sum()
    }

    fn json(&self) -> serde_json::Value {
        let violations: serde_json::Map<String, serde_json::Value> =
            VIOLATION_KEYS.iter().zip(self.violations).map(|(k, v)| (k.to_string(), json!(v))).collect();
        json!({
            "services_paper_individuals": self.paper[0],
            "services_paper_legal": self.paper[1],
            "services_electronic_individuals": self.electronic[0],
            "services_electronic_legal": self.electronic[1],
            "services_govcorp_individuals": self.govcorp[0],
            "services_govcorp_legal": self.govcorp[1],
            "refusals": self.refusals,
            "complaints_received": self.complaints_received,
            "complaints_satisfied": self.complaints_satisfied,
            "disciplinary_measures": self.disciplinary_measures,
            "recommendations_issued": self.recommendations_issued,
            "recommendations_fulfilled": self.recommendations_fulfilled,
            "violations": violations,
        })
    }
}

/// "1435500" -> "1 435 500", as the demo reports write counts.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

fn capitalized(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The body as it is written, and how many words it has.
struct Body {
    text: String,
    words: usize,
}

impl Body {
    fn push_block(&mut self, s: &str) {
        self.words += s.split_whitespace().count();
        self.text.push_str(s);
        self.text.push_str("\n\n");
    }
}

pub struct Corpus {
    seed: u64,
    agencies: Vec<Agency>,
    /// (agency index, year, language index), in import order.
    keys: Vec<(u32, i16, u8)>,
    models: [Model; 2],
}

impl Corpus {
    /// `n` reports on distinct (agency, year, language) keys not in `taken`, chosen and ordered
    /// by the seed alone.
    pub fn new(
        seed: u64,
        agencies: Vec<Agency>,
        taken: &HashSet<(String, i32, String)>,
        n: usize,
    ) -> Result<Self, String> {
        let mut keys = Vec::with_capacity(agencies.len() * YEARS * 2);
        for (a, agency) in agencies.iter().enumerate() {
            for year in FIRST_YEAR..=LAST_YEAR {
                for (l, lang) in LANGUAGES.iter().enumerate() {
                    if !taken.contains(&(agency.code.clone(), year, lang.to_string())) {
                        keys.push((a as u32, year as i16, l as u8));
                    }
                }
            }
        }
        if keys.len() < n {
            return Err(format!("only {} free (agency, year, language) keys for {n} reports", keys.len()));
        }
        keys.shuffle(&mut ChaCha8Rng::seed_from_u64(seed));
        keys.truncate(n);
        // Agencies publish year after year: import in that order.
        keys.sort_unstable_by_key(|&(a, y, l)| (y, a, l));
        Ok(Corpus { seed, agencies, keys, models: [Model::new(&vocab::KK), Model::new(&vocab::RU)] })
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Reports `start..end` as NDJSON, and how many body words they hold.
    pub fn chunk(&self, start: usize, end: usize) -> (Vec<u8>, usize) {
        let mut out = Vec::with_capacity((end - start) * 9_000);
        let mut words = 0;
        for i in start..end {
            let (line, w) = self.line(i);
            out.extend_from_slice(line.as_bytes());
            out.push(b'\n');
            words += w;
        }
        (out, words)
    }

    /// Report `i` as one NDJSON line, and its number of body words.
    pub fn line(&self, i: usize) -> (String, usize) {
        let (a, year, l) = self.keys[i];
        let year = i32::from(year);
        let agency = &self.agencies[a as usize];
        let m = &self.models[l as usize];
        let mut rng = ChaCha8Rng::seed_from_u64(self.seed);
        rng.set_stream(i as u64 + 1);
        let figures = Figures::draw(&mut rng);
        let title = title(&mut rng, m.lang, agency, year);
        let body = body(&mut rng, m, &figures, year);
        let published =
            NaiveDate::from_ymd_opt(year + 1, 1, 10).expect("a valid date") + Duration::days(rng.random_range(0..110));
        let line = json!({
            "agency": agency.code,
            "year": year,
            "language": m.lang.code,
            "title": title,
            "body_md": body.text,
            "published_on": published.to_string(),
            "demo": true,
            "figures": figures.json(),
        });
        (line.to_string(), body.words)
    }
}

fn title(rng: &mut ChaCha8Rng, lang: &Language, agency: &Agency, year: i32) -> String {
    let v = rng.random_range(0..3);
    if lang.code == "kk" {
        let a = &agency.name_kk;
        match v {
            0 => format!("{a} {year} жылғы мемлекеттік қызметтер көрсету саласындағы қызметі туралы есеп"),
            1 => format!("{year} жылғы мемлекеттік қызметтер көрсету туралы есеп ({a})"),
            _ => format!("{a}: {year} жылы мемлекеттік қызметтер көрсету сапасы туралы есеп"),
        }
    } else {
        let a = &agency.name_ru;
        match v {
            0 => format!("Отчёт о деятельности в сфере оказания государственных услуг за {year} год"),
            1 => format!("{a}: отчёт об оказании государственных услуг за {year} год"),
            _ => format!("Отчёт о качестве оказания государственных услуг за {year} год ({a})"),
        }
    }
}

/// A template with its slots filled; `n` fills `{n}` when given.
fn fill(rng: &mut ChaCha8Rng, lang: &Language, template: &str, year: i32, n: Option<u64>) -> String {
    let mut out = String::with_capacity(template.len() + 40);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = open + rest[open..].find('}').expect("a closed slot");
        let slot = &rest[open + 1..close];
        let value = match slot {
            "y" => year.to_string(),
            "n" => grouped(n.unwrap_or_else(|| 10f64.powf(rng.random_range(1.0..5.3)) as u64)),
            "m" => grouped(rng.random_range(1..=300)),
            "p" | "p2" => rng.random_range(1..=99).to_string(),
            "topic" => lang.topics.choose(rng).expect("topics").to_string(),
            "svc" => lang.services.choose(rng).expect("services").to_string(),
            "place" => lang.places.choose(rng).expect("places").to_string(),
            other => panic!("unknown slot {{{other}}} in a template"),
        };
        out.push_str(&value);
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

fn drawn_sentence(rng: &mut ChaCha8Rng, m: &Model) -> String {
    let k = rng.random_range(6..=16);
    let mut s = String::with_capacity(k * 12);
    for j in 0..k {
        let w = m.word(rng);
        if j == 0 {
            s.push_str(&capitalized(w));
        } else {
            s.push(' ');
            s.push_str(w);
        }
        if j + 1 < k && rng.random_bool(0.08) {
            s.push(',');
        }
    }
    s.push('.');
    s
}

/// Paragraphs of template and drawn sentences until the section has `budget` words.
fn paragraphs(rng: &mut ChaCha8Rng, m: &Model, year: i32, out: &mut Body, budget: usize) {
    let start = out.words;
    while out.words < start + budget {
        let n = rng.random_range(2..=5);
        let mut p = String::new();
        for i in 0..n {
            let s = if rng.random_bool(TEMPLATE_RATE) {
                // The first two templates open the first section.
                let t = m.lang.templates[rng.random_range(2..m.lang.templates.len())];
                fill(rng, m.lang, t, year, None)
            } else {
                drawn_sentence(rng, m)
            };
            if i > 0 {
                p.push(' ');
            }
            p.push_str(&s);
        }
        out.push_block(&p);
    }
}

fn body(rng: &mut ChaCha8Rng, m: &Model, f: &Figures, year: i32) -> Body {
    let lang = m.lang;
    // 150..900 words, most near the middle.
    let target = 150 + ((rng.random::<f64>() + rng.random::<f64>()) / 2.0 * 750.0) as usize;
    let mut out = Body { text: String::with_capacity(target * 16), words: 0 };
    out.push_block(lang.demo_line);
    // The opening section, the violations, and up to three more, in a random order after the first.
    let mut sections: Vec<usize> = (2..lang.headings.len()).collect();
    sections.shuffle(rng);
    sections.truncate(rng.random_range(0..=3));
    sections.push(1);
    sections.shuffle(rng);
    sections.insert(0, 0);
    let count = sections.len();
    for (i, &s) in sections.iter().enumerate() {
        out.push_block(&format!("## {}", lang.headings[s]));
        let budget = target.saturating_sub(out.words) / (count - i);
        let before = out.words;
        match s {
            0 => {
                let mut p = fill(rng, lang, lang.templates[0], year, Some(f.total()));
                p.push(' ');
                p.push_str(&fill(rng, lang, lang.templates[1], year, None));
                out.push_block(&p);
            }
            1 => {
                out.push_block(&fill(rng, lang, lang.violations_intro, year, Some(f.violations.iter().sum())));
                let items: Vec<String> = lang
                    .violations
                    .iter()
                    .zip(f.violations)
                    .filter(|(_, n)| *n > 0)
                    .enumerate()
                    .map(|(k, (name, n))| format!("{}. {name} — {};", k + 1, grouped(n)))
                    .collect();
                let mut list = items.join("\n");
                list.pop();
                list.push('.');
                out.push_block(&list);
            }
            2 if rng.random_bool(0.5) => {
                let [head, paper, portal, govcorp] = lang.channels_table;
                let table = format!(
                    "{head}\n| {paper} | {} | {} |\n| {portal} | {} | {} |\n| {govcorp} | {} | {} |",
                    grouped(f.paper[0]),
                    grouped(f.paper[1]),
                    grouped(f.electronic[0]),
                    grouped(f.electronic[1]),
                    grouped(f.govcorp[0]),
                    grouped(f.govcorp[1]),
                );
                out.push_block(&table);
            }
            _ => {}
        }
        let used = out.words - before;
        paragraphs(rng, m, year, &mut out, budget.saturating_sub(used).max(1));
    }
    let len = out.text.trim_end().len();
    out.text.truncate(len);
    out.text.push('\n');
    out
}
