//! Conclusions of public monitoring (Law "On public services" Art. 29 p.3-4): the four parts the
//! law requires, read from the Markdown authors write; the life of a conclusion from draft to
//! publication and corrections after it; the revisions' line diff; and the measures agencies take
//! on each recommendation and proposal, with the scorecard that counts them.
use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, TimeDelta, Utc};
use pulldown_cmark::{BrokenLink, CowStr, Event as Md, HeadingLevel, Parser, Tag, TagEnd};
use serde::{Deserialize, Serialize};

use super::{
    accounts::{bounded_text, string_enum},
    text::fold_char,
    violations::ViolationCategory,
};
use crate::{
    error::FieldError,
    i18n::{self, Lang},
    markdown::options,
};

string_enum! {
    /// The four parts of a conclusion, in the order of Art. 29 p.3: information on compliance
    /// with the law on public services (1), recommendations to eliminate the violations found
    /// (2), proposals to improve service quality (3) and proposals to improve the bylaws that set
    /// the order of delivering services (4).
    SectionKey {
        Compliance => "compliance",
        Recommendations => "recommendations",
        QualityProposals => "quality_proposals",
        BylawProposals => "bylaw_proposals",
    }
}

impl SectionKey {
    fn position(self) -> usize {
        SectionKey::ALL.iter().position(|k| *k == self).unwrap_or(usize::MAX)
    }

    /// Where a field error about this part points: `/sections/<key>`.
    pub fn pointer(self) -> String {
        format!("/sections/{}", self.as_str())
    }

    /// Parts 2-4 consist of items each agency answers (p.4); part 1 states findings.
    pub fn has_items(self) -> bool {
        self != SectionKey::Compliance
    }

    /// The title of the part in `lang`, as the template writes it.
    pub fn title(self, lang: Lang) -> String {
        i18n::text(lang, &format!("conclusions.section.{}", self.as_str()))
    }
}

/// The law's order, so maps keyed by part list them as the law does.
impl Ord for SectionKey {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.position().cmp(&other.position())
    }
}

impl PartialOrd for SectionKey {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Serialize for SectionKey {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for SectionKey {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        SectionKey::parse(&s).ok_or_else(|| {
            serde::de::Error::unknown_variant(
                &s,
                &["compliance", "recommendations", "quality_proposals", "bylaw_proposals"],
            )
        })
    }
}

/// The level-2 headings that start each part of a conclusion written as one document, in
/// Kazakh, Russian and English. The first title of each language is the canonical one, the one
/// the template writes (`conclusions.section.<key>` in `content/i18n`; a test keeps them equal).
///
/// A heading matches a title after both are normalised by [`normalise_title`]: case, punctuation
/// (a trailing colon, quotes, dashes), leading numbering (`1.`, `2)`, `IV.`, `№ 3`) and runs of
/// spaces do not matter, `ё` is `е`, and Kazakh letters are taken as the Russian-keyboard letters
/// people type for them (`Усынымдар` is `Ұсынымдар`), as everywhere on the portal. No other
/// wording is guessed at: an unknown heading is an error naming it, so a part is never lost.
pub const RECOGNISED_TITLES: &[(SectionKey, &[&str])] = &[
    (
        SectionKey::Compliance,
        &[
            // kk
            "Мемлекеттік көрсетілетін қызметтер туралы заңнаманың сақталуы",
            "Заңнаманың сақталуы",
            "Заңнаманың сақталуы туралы ақпарат",
            "Мемлекеттік көрсетілетін қызметтер туралы заңнаманың сақталуы туралы ақпарат",
            "Мемлекеттік қызмет көрсету саласындағы заңнаманың сақталуы",
            "Мемлекеттік қызмет көрсету саласындағы заңнаманың сақталуы туралы ақпарат",
            "Анықталған бұзушылықтар",
            // ru
            "Соблюдение законодательства о государственных услугах",
            "Соблюдение законодательства",
            "Соответствие законодательству",
            "Информация о соблюдении законодательства",
            "Информация о соблюдении законодательства о государственных услугах",
            "Соблюдение законодательства в сфере оказания государственных услуг",
            "Информация о соблюдении законодательства в сфере оказания государственных услуг",
            "Выявленные нарушения",
            // en
            "Compliance with the law on public services",
            "Compliance",
            "Compliance with the law",
            "Compliance with legislation",
            "Compliance with public services legislation",
            "Information on compliance",
            "Information on compliance with the law on public services",
            "Violations found",
        ],
    ),
    (
        SectionKey::Recommendations,
        &[
            // kk
            "Анықталған бұзушылықтарды жою жөніндегі ұсынымдар",
            "Ұсынымдар",
            "Бұзушылықтарды жою жөніндегі ұсынымдар",
            "Анықталған бұзушылықтарды жою бойынша ұсынымдар",
            "Бұзушылықтарды жою бойынша ұсынымдар",
            // ru
            "Рекомендации по устранению выявленных нарушений",
            "Рекомендации",
            "Рекомендации по устранению нарушений",
            "Рекомендации по устранению выявленных нарушений законодательства",
            // en
            "Recommendations to eliminate the violations found",
            "Recommendations",
            "Recommendations to eliminate violations",
            "Recommendations on eliminating violations",
        ],
    ),
    (
        SectionKey::QualityProposals,
        &[
            // kk
            "Мемлекеттік қызметтер көрсету сапасын арттыру жөніндегі ұсыныстар",
            "Сапаны арттыру жөніндегі ұсыныстар",
            "Сапаны арттыру бойынша ұсыныстар",
            "Мемлекеттік қызметтер көрсету сапасын арттыру бойынша ұсыныстар",
            "Мемлекеттік көрсетілетін қызметтердің сапасын арттыру жөніндегі ұсыныстар",
            // ru
            "Предложения по повышению качества оказания государственных услуг",
            "Предложения по повышению качества",
            "Предложения по повышению качества государственных услуг",
            "Предложения по улучшению качества оказания государственных услуг",
            // en
            "Proposals to improve the quality of public services",
            "Quality proposals",
            "Proposals to improve quality",
            "Proposals to improve service quality",
            "Proposals for improving the quality of public services",
        ],
    ),
    (
        SectionKey::BylawProposals,
        &[
            // kk
            "Заңға тәуелді нормативтік құқықтық актілерді жетілдіру жөніндегі ұсыныстар",
            "Заңға тәуелді актілерді жетілдіру жөніндегі ұсыныстар",
            "Заңға тәуелді актілерді жетілдіру бойынша ұсыныстар",
            "Заңға тәуелді нормативтік құқықтық актілерді жетілдіру бойынша ұсыныстар",
            "Заңға тәуелді НҚА-ны жетілдіру жөніндегі ұсыныстар",
            // ru
            "Предложения по совершенствованию подзаконных нормативных правовых актов",
            "Предложения по совершенствованию подзаконных актов",
            "Предложения по совершенствованию подзаконных НПА",
            "Предложения по совершенствованию подзаконных нормативных правовых актов, определяющих порядок оказания государственных услуг",
            "Предложения по внесению изменений в подзаконные акты",
            // en
            "Proposals to improve the bylaws",
            "Bylaw proposals",
            "Proposals to improve bylaws",
            "Proposals to amend bylaws",
            "Proposals to amend the bylaws",
        ],
    ),
];

/// A heading reduced to what identifies it: folded letters (see `text::fold_char`) and digits,
/// words separated by single spaces, leading numbering words (`1`, `2 1`, `iv`, and `І`/`Х`
/// typed as Roman numerals) dropped.
pub fn normalise_title(title: &str) -> String {
    let folded: String = title.chars().map(|c| if c.is_alphanumeric() { fold_char(c) } else { ' ' }).collect();
    let mut words: Vec<&str> = folded.split_whitespace().collect();
    let numbering = |w: &str| {
        w.chars().all(|c| c.is_ascii_digit()) || (w.chars().count() <= 4 && w.chars().all(|c| "ivxих".contains(c)))
    };
    let skip = words.iter().take_while(|w| numbering(w)).count().min(words.len().saturating_sub(1));
    words.drain(..skip);
    words.join(" ")
}

/// The part a level-2 heading names, by [`RECOGNISED_TITLES`].
pub fn section_for_title(title: &str) -> Option<SectionKey> {
    let n = normalise_title(title);
    RECOGNISED_TITLES.iter().find(|(_, titles)| titles.iter().any(|t| normalise_title(t) == n)).map(|(k, _)| *k)
}

/// A conclusion's text: what comes before the first part, and each part's Markdown (level-3 and
/// deeper headings stay inside their part). A draft may lack parts; see [`missing_or_empty`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sections {
    pub preamble: Option<String>,
    pub parts: BTreeMap<SectionKey, String>,
}

/// Why a document cannot be split into parts. Lines are 1-based.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ParseProblem {
    /// A level-2 heading that names no part; `title` is its text as written.
    UnknownHeading { title: String, line: usize },
    /// A part started a second time at `line`; it first started at `first_line`.
    DuplicateSection { key: SectionKey, line: usize, first_line: usize },
}

impl ParseProblem {
    pub fn line(&self) -> usize {
        match self {
            ParseProblem::UnknownHeading { line, .. } | ParseProblem::DuplicateSection { line, .. } => *line,
        }
    }

    /// The problem as a field error on `/document`: `unknown_section_heading` (args `heading`,
    /// `line`) or `duplicate_section` (args `key`, `line`, `first_line`).
    pub fn field_error(&self) -> FieldError {
        match self {
            ParseProblem::UnknownHeading { title, line } => {
                FieldError::new("/document", "unknown_section_heading").arg("heading", title).arg("line", line)
            }
            ParseProblem::DuplicateSection { key, line, first_line } => {
                FieldError::new("/document", "duplicate_section")
                    .arg("key", key.as_str())
                    .arg("line", line)
                    .arg("first_line", first_line)
            }
        }
    }
}

/// A level-2 heading outside any block quote, list or footnote: only those structure a document.
struct Heading {
    start: usize,
    end: usize,
    title: String,
    line: usize,
}

fn line_of(md: &str, offset: usize) -> usize {
    md[..offset].matches('\n').count() + 1
}

fn top_level_h2(md: &str) -> Vec<Heading> {
    let mut out = Vec::new();
    let mut nested = 0usize;
    let mut current: Option<Heading> = None;
    for (event, range) in Parser::new_ext(md, options()).into_offset_iter() {
        match event {
            Md::Start(Tag::BlockQuote(_) | Tag::Item | Tag::FootnoteDefinition(_)) => nested += 1,
            Md::End(TagEnd::BlockQuote(_) | TagEnd::Item | TagEnd::FootnoteDefinition) => {
                nested = nested.saturating_sub(1)
            }
            Md::Start(Tag::Heading { level: HeadingLevel::H2, .. }) if nested == 0 => {
                current = Some(Heading {
                    start: range.start,
                    end: range.end,
                    title: String::new(),
                    line: line_of(md, range.start),
                })
            }
            Md::Text(t) | Md::Code(t) => {
                if let Some(h) = current.as_mut() {
                    h.title.push_str(&t);
                }
            }
            Md::End(TagEnd::Heading(HeadingLevel::H2)) => {
                if let Some(mut h) = current.take() {
                    h.title = h.title.split_whitespace().collect::<Vec<_>>().join(" ");
                    out.push(h);
                }
            }
            _ => {}
        }
    }
    out
}

/// Leading blank lines and trailing white space are layout, not content. Leading spaces of the
/// first line are kept: they may make it a code block.
fn tidy(s: &str) -> String {
    let mut start = 0;
    for line in s.split_inclusive('\n') {
        if !line.trim().is_empty() {
            break;
        }
        start += line.len();
    }
    s[start..].trim_end().to_string()
}

/// Splits one Markdown document into the parts of a conclusion by its level-2 headings (ATX `##`
/// or setext `---`, outside block quotes and lists). Text before the first of them, level-1
/// headings included, is the preamble; everything after a part's heading up to the next level-2
/// heading is that part. Every unknown heading and every repeated part is reported, in order.
pub fn parse_document(md: &str) -> Result<Sections, Vec<ParseProblem>> {
    let headings = top_level_h2(md);
    let mut sections = Sections::default();
    let mut problems = Vec::new();
    let mut first_lines: HashMap<SectionKey, usize> = HashMap::new();
    let preamble_end = headings.first().map_or(md.len(), |h| h.start);
    let preamble = tidy(&md[..preamble_end]);
    sections.preamble = (!preamble.is_empty()).then_some(preamble);
    for (i, h) in headings.iter().enumerate() {
        let body_end = headings.get(i + 1).map_or(md.len(), |next| next.start);
        match section_for_title(&h.title) {
            None => problems.push(ParseProblem::UnknownHeading { title: h.title.clone(), line: h.line }),
            Some(key) => match first_lines.get(&key) {
                Some(&first_line) => problems.push(ParseProblem::DuplicateSection { key, line: h.line, first_line }),
                None => {
                    first_lines.insert(key, h.line);
                    sections.parts.insert(key, tidy(&md[h.end..body_end]));
                }
            },
        }
    }
    if problems.is_empty() { Ok(sections) } else { Err(problems) }
}

impl Sections {
    /// The parts as the API takes them, one field per part (`/sections/<key>`). Unknown keys are
    /// `invalid_value`; a part or preamble holding a level-2 heading is `heading_in_section` (args
    /// `heading`, `line`), since as one document that heading would start another part.
    pub fn from_fields<K: AsRef<str>, V: AsRef<str>>(
        preamble: Option<&str>,
        parts: impl IntoIterator<Item = (K, V)>,
    ) -> Result<Sections, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut out = Sections::default();
        let check = |pointer: &str, md: &str, errors: &mut Vec<FieldError>| {
            for h in top_level_h2(md) {
                errors
                    .push(FieldError::new(pointer, "heading_in_section").arg("heading", &h.title).arg("line", h.line));
            }
        };
        if let Some(p) = preamble {
            check("/preamble", p, &mut errors);
            let p = tidy(p);
            out.preamble = (!p.is_empty()).then_some(p);
        }
        for (k, v) in parts {
            let (k, v) = (k.as_ref(), v.as_ref());
            match SectionKey::parse(k) {
                None => errors.push(FieldError::new(format!("/sections/{k}"), "invalid_value").arg("value", k)),
                Some(key) => {
                    check(&key.pointer(), v, &mut errors);
                    out.parts.insert(key, tidy(v));
                }
            }
        }
        if errors.is_empty() { Ok(out) } else { Err(errors) }
    }

    pub fn get(&self, key: SectionKey) -> Option<&str> {
        self.parts.get(&key).map(String::as_str)
    }

    /// The conclusion as one document with the canonical headings in `lang`, parts in the law's
    /// order; a part that is absent gets no heading. [`parse_document`] reads it back unchanged.
    pub fn to_document(&self, lang: Lang) -> String {
        let mut blocks: Vec<String> = Vec::new();
        if let Some(p) = &self.preamble {
            blocks.push(p.clone());
        }
        for (key, md) in &self.parts {
            let heading = format!("## {}", key.title(lang));
            blocks.push(if md.is_empty() { heading } else { format!("{heading}\n\n{md}") });
        }
        let mut doc = blocks.join("\n\n");
        doc.push('\n');
        doc
    }
}

/// The skeleton of a new conclusion in `lang`: the four headings, each followed by a one-line
/// hint in an HTML comment, which readers do not see and which does not count as content.
pub fn template(lang: Lang) -> String {
    SectionKey::ALL
        .iter()
        .map(|k| {
            let hint = i18n::text(lang, &format!("conclusions.hint.{}", k.as_str()));
            format!("## {}\n\n<!-- {} -->\n", k.title(lang), hint)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Removes `<!-- ... -->` comments from raw HTML; an unclosed comment runs to the end, as it does
/// in an HTML block.
fn without_html_comments(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find("<!--") {
        out.push_str(&rest[..i]);
        rest = rest[i + 4..].find("-->").map_or("", |j| &rest[i + 4 + j + 3..]);
    }
    out.push_str(rest);
    out
}

/// Whether Markdown says nothing: only white space, HTML comments (an untouched template's
/// hints), empty list items, rules or empty headings. Any text, code, image or other HTML counts.
pub fn is_blank(md: &str) -> bool {
    let mut html = String::new();
    for event in Parser::new_ext(md, options()) {
        match event {
            Md::Text(t) | Md::Code(t) if !t.trim().is_empty() => return false,
            Md::InlineMath(_) | Md::DisplayMath(_) | Md::FootnoteReference(_) => return false,
            Md::Start(Tag::Image { .. }) => return false,
            Md::Html(h) | Md::InlineHtml(h) => html.push_str(&h),
            _ => {}
        }
    }
    without_html_comments(&html).trim().is_empty()
}

/// The parts that keep a conclusion from being submitted: absent or [`is_blank`], in the law's
/// order. Saving a draft does not need them (Art. 29 p.3 asks all four of the conclusion itself).
pub fn missing_or_empty(sections: &Sections) -> Vec<SectionKey> {
    SectionKey::ALL.iter().copied().filter(|k| sections.get(*k).is_none_or(is_blank)).collect()
}

/// One `section_required` field error (arg `key`) per part, at `/sections/<key>`.
pub fn missing_field_errors(keys: &[SectionKey]) -> Vec<FieldError> {
    keys.iter().map(|k| FieldError::new(k.pointer(), "section_required").arg("key", k.as_str())).collect()
}

/// Proof that a text has all four parts, none blank: the only way to build [`Event::Submit`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Complete(());

impl Complete {
    pub fn check(sections: &Sections) -> Result<Complete, Vec<SectionKey>> {
        let missing = missing_or_empty(sections);
        if missing.is_empty() { Ok(Complete(())) } else { Err(missing) }
    }
}

fn observation_id(label: &str) -> Option<i64> {
    let label = label.trim();
    let rest = label.get(..4).filter(|p| p.eq_ignore_ascii_case("obs:")).map(|_| label[4..].trim())?;
    if rest.is_empty() || !rest.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    rest.parse().ok().filter(|n| *n > 0)
}

/// The observations a text cites as evidence (`[obs:123]`, case-insensitive), distinct, in order
/// of first mention. `[obs:123]` is, to Markdown, a shortcut reference link with no definition:
/// pulldown-cmark hands it to the broken-link callback and would otherwise print it as plain
/// brackets, so the callback resolves it and the citation is read from the link's label. A
/// reference like `[the queue][obs:7]` cites 7; a link whose whole text is `obs:N` cites N.
/// Code spans and code blocks are not parsed for links, and `\[obs:1\]` (escaped brackets) is
/// literal text, so neither cites anything.
pub fn observation_refs(md: &str) -> Vec<i64> {
    let mut resolve =
        |link: BrokenLink<'_>| observation_id(&link.reference).map(|_| (CowStr::Borrowed(""), CowStr::Borrowed("")));
    let mut out: Vec<i64> = Vec::new();
    let mut links: Vec<(Option<i64>, String)> = Vec::new();
    for event in Parser::new_with_broken_link_callback(md, options(), Some(&mut resolve)) {
        match event {
            Md::Start(Tag::Link { id, .. }) => links.push((observation_id(&id), String::new())),
            Md::Text(t) => {
                if let Some((_, text)) = links.last_mut() {
                    text.push_str(&t);
                }
            }
            Md::End(TagEnd::Link) => {
                if let Some((label, text)) = links.pop() {
                    for n in [observation_id(&text), label].into_iter().flatten() {
                        if !out.contains(&n) {
                            out.push(n);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// A table cell that shows `s` literally: Markdown punctuation escaped, one line.
fn cell(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            _ => out.push(c),
        }
    }
    out.trim().to_string()
}

/// A Markdown table of violations for the compliance part: one row per agency, one column per
/// category that has any, a total column and a total row. Rows are `(agency_name, category_key,
/// count)`; repeated pairs add up, zero counts are left out. Categories follow form 1-мк's order
/// ([`ViolationCategory::ALL`]), unknown keys after them alphabetically; agencies go from the
/// most violations to the fewest, then by name. `category_name` gives a category's column title.
/// With nothing to count it is the sentence `conclusions.table.none`.
pub fn violations_table<A: AsRef<str>, C: AsRef<str>>(
    lang: Lang,
    rows: impl IntoIterator<Item = (A, C, u64)>,
    category_name: impl Fn(&str) -> String,
) -> String {
    let mut counts: BTreeMap<(String, String), u64> = BTreeMap::new();
    for (agency, category, n) in rows {
        if n > 0 {
            *counts.entry((agency.as_ref().to_string(), category.as_ref().to_string())).or_default() += n;
        }
    }
    if counts.is_empty() {
        return i18n::text(lang, "conclusions.table.none");
    }
    let mut categories: Vec<&str> =
        counts.keys().map(|(_, c)| c.as_str()).collect::<HashSet<_>>().into_iter().collect();
    categories.sort_by_key(|c| {
        (
            ViolationCategory::parse(c)
                .and_then(|v| ViolationCategory::ALL.iter().position(|x| *x == v))
                .unwrap_or(usize::MAX),
            c.to_string(),
        )
    });
    let mut agencies: Vec<(&str, u64)> = Vec::new();
    for ((agency, _), n) in &counts {
        match agencies.last_mut() {
            Some((a, total)) if a == agency => *total += n,
            _ => agencies.push((agency, *n)),
        }
    }
    agencies.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));

    let get = |a: &str, c: &str| counts.get(&(a.to_string(), c.to_string())).copied().unwrap_or(0);
    let mut out = String::new();
    let header: Vec<String> = std::iter::once(cell(&i18n::text(lang, "conclusions.table.agency")))
        .chain(categories.iter().map(|c| cell(&category_name(c))))
        .chain(std::iter::once(cell(&i18n::text(lang, "conclusions.table.total"))))
        .collect();
    out.push_str(&format!("| {} |\n", header.join(" | ")));
    out.push_str(&format!("|---|{}\n", "---:|".repeat(categories.len() + 1)));
    for (agency, total) in &agencies {
        let figures: Vec<String> = categories.iter().map(|c| get(agency, c).to_string()).collect();
        out.push_str(&format!("| {} | {} | {} |\n", cell(agency), figures.join(" | "), total));
    }
    let column_totals: Vec<String> =
        categories.iter().map(|c| agencies.iter().map(|(a, _)| get(a, c)).sum::<u64>().to_string()).collect();
    let grand: u64 = agencies.iter().map(|(_, t)| t).sum();
    out.push_str(&format!(
        "| **{}** | {} | **{}** |\n",
        cell(&i18n::text(lang, "conclusions.table.total")),
        column_totals.join(" | "),
        grand
    ));
    out
}

/// What happened to a line between two revisions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LineTag {
    Equal,
    Insert,
    Delete,
}

/// One line of a diff, with its 1-based number in the old text, the new text, or both.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DiffLine {
    pub tag: LineTag,
    pub old_line: Option<usize>,
    pub new_line: Option<usize>,
    /// The line without its line break.
    pub text: String,
}

/// A run of changes with up to `context` equal lines around it; starts are 1-based line
/// numbers, as in a unified diff.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Hunk {
    pub old_start: usize,
    pub old_lines: usize,
    pub new_start: usize,
    pub new_lines: usize,
    pub lines: Vec<DiffLine>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LineDiff {
    pub inserted: usize,
    pub deleted: usize,
    /// Empty when the texts have the same lines.
    pub hunks: Vec<Hunk>,
}

/// The most context lines a diff keeps around a change; more would show the whole text anyway.
pub const MAX_CONTEXT: usize = 100_000;

/// The line diff between two revisions of a text (Myers, via `similar`), grouped into hunks with
/// `context` equal lines around each change (at most [`MAX_CONTEXT`]). Whether the last line ends
/// with a line break does not count as a change.
pub fn line_diff(old: &str, new: &str, context: usize) -> LineDiff {
    let terminated = |s: &str| if s.is_empty() || s.ends_with('\n') { s.to_string() } else { format!("{s}\n") };
    let (old, new) = (terminated(old), terminated(new));
    let diff = similar::TextDiff::from_lines(&old, &new);
    let mut out = LineDiff { inserted: 0, deleted: 0, hunks: Vec::new() };
    for group in diff.grouped_ops(context.min(MAX_CONTEXT)) {
        let mut lines = Vec::new();
        for op in &group {
            for change in diff.iter_changes(op) {
                let tag = match change.tag() {
                    similar::ChangeTag::Equal => LineTag::Equal,
                    similar::ChangeTag::Insert => LineTag::Insert,
                    similar::ChangeTag::Delete => LineTag::Delete,
                };
                let text = change.value().trim_end_matches(['\n', '\r']).to_string();
                lines.push(DiffLine {
                    tag,
                    old_line: change.old_index().map(|i| i + 1),
                    new_line: change.new_index().map(|i| i + 1),
                    text,
                });
            }
        }
        let (Some(first), Some(last)) = (group.first(), group.last()) else { continue };
        let (old_start, new_start) = (first.old_range().start, first.new_range().start);
        let (old_lines, new_lines) = (last.old_range().end - old_start, last.new_range().end - new_start);
        out.inserted += lines.iter().filter(|l| l.tag == LineTag::Insert).count();
        out.deleted += lines.iter().filter(|l| l.tag == LineTag::Delete).count();
        out.hunks.push(Hunk { old_start: old_start + 1, old_lines, new_start: new_start + 1, new_lines, lines });
    }
    out
}

string_enum! {
    /// Draft: the authors edit it, each save a revision. Submitted: frozen for the decision to
    /// publish. Published: public, agencies answer it (p.4); it changes only by a correction.
    ConclusionState {
        Draft => "draft",
        Submitted => "submitted",
        Published => "published",
    }
}

/// Why a published conclusion is corrected; shown with the correction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CorrectionReason(String);

/// The longest correction reason, in characters.
pub const CORRECTION_REASON_MAX: usize = 2000;

impl CorrectionReason {
    /// Trimmed, non-empty, at most [`CORRECTION_REASON_MAX`] characters; errors point at `/reason`.
    pub fn parse(s: &str) -> Result<Self, FieldError> {
        bounded_text("/reason", s, 1, CORRECTION_REASON_MAX).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// Save a new revision of the draft.
    Edit,
    /// Send the draft for publication; it freezes. Needs all four parts (Art. 29 p.3).
    Submit(Complete),
    Publish,
    /// A new revision of a published conclusion, marked as a correction with its reason; the
    /// conclusion stays published and keeps its earlier revisions.
    Correct(CorrectionReason),
}

impl Event {
    pub fn name(&self) -> &'static str {
        match self {
            Event::Edit => "edit",
            Event::Submit(_) => "submit",
            Event::Publish => "publish",
            Event::Correct(_) => "correct",
        }
    }

    /// Whether the event stores a new revision of the text, and of which kind.
    pub fn revision_kind(&self) -> Option<RevisionKind> {
        match self {
            Event::Edit => Some(RevisionKind::Draft),
            Event::Correct(_) => Some(RevisionKind::Correction),
            Event::Submit(_) | Event::Publish => None,
        }
    }
}

string_enum! {
    /// A revision saved while drafting, or a correction after publication.
    RevisionKind {
        Draft => "draft",
        Correction => "correction",
    }
}

/// An event the state does not allow. Each variant names the state the event needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TransitionError {
    /// Editing and submitting need a draft.
    NotDraft { from: ConclusionState, event: &'static str },
    /// Publishing needs a submitted conclusion.
    NotSubmitted { from: ConclusionState, event: &'static str },
    /// Corrections are made to published conclusions only; a draft is simply edited.
    NotPublished { from: ConclusionState, event: &'static str },
}

impl TransitionError {
    /// Stable: `conclusion_not_draft`, `conclusion_not_submitted` or `conclusion_not_published`.
    pub fn code(&self) -> &'static str {
        match self {
            TransitionError::NotDraft { .. } => "conclusion_not_draft",
            TransitionError::NotSubmitted { .. } => "conclusion_not_submitted",
            TransitionError::NotPublished { .. } => "conclusion_not_published",
        }
    }

    pub fn from(&self) -> ConclusionState {
        match self {
            TransitionError::NotDraft { from, .. }
            | TransitionError::NotSubmitted { from, .. }
            | TransitionError::NotPublished { from, .. } => *from,
        }
    }
}

impl ConclusionState {
    pub fn apply(self, event: Event) -> Result<ConclusionState, TransitionError> {
        use ConclusionState::*;
        let name = event.name();
        match (self, event) {
            (Draft, Event::Edit) => Ok(Draft),
            (Draft, Event::Submit(_)) => Ok(Submitted),
            (Submitted, Event::Publish) => Ok(Published),
            (Published, Event::Correct(_)) => Ok(Published),
            (from, Event::Edit | Event::Submit(_)) => Err(TransitionError::NotDraft { from, event: name }),
            (from, Event::Publish) => Err(TransitionError::NotSubmitted { from, event: name }),
            (from, Event::Correct(_)) => Err(TransitionError::NotPublished { from, event: name }),
        }
    }
}

/// A recommendation or proposal of a conclusion that agencies answer (p.4).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Item {
    /// `<section>.<number>`, e.g. `recommendations.2`.
    pub key: String,
    pub section: SectionKey,
    /// 1-based position in its part.
    pub number: u32,
    pub text_md: String,
}

/// The marker of a list item (`1.`, `2)`, `-`) and the indentation of its continuation lines go;
/// the item's own Markdown stays.
fn item_text(raw: &str) -> String {
    let digits = raw.bytes().take_while(u8::is_ascii_digit).count();
    let marker = if digits > 0 && raw[digits..].starts_with(['.', ')']) {
        digits + 1
    } else if raw.starts_with(['-', '*', '+']) {
        1
    } else {
        0
    };
    let after = &raw[marker..];
    let spaces = after.len() - after.trim_start_matches([' ', '\t']).len();
    if marker == 0 || (spaces == 0 && !after.is_empty() && !after.starts_with('\n')) {
        return raw.to_string();
    }
    let indent = marker + spaces.clamp(1, 4);
    let mut lines = raw[marker..].trim_start_matches([' ', '\t']).split('\n');
    let mut out = lines.next().unwrap_or("").to_string();
    for line in lines {
        out.push('\n');
        let strip = line.len() - line.trim_start_matches(' ').len();
        out.push_str(&line[strip.min(indent)..]);
    }
    out.trim().to_string()
}

/// The items of one part: its top-level list items, or its paragraphs when it has no list.
/// Text before or after a list ("The monitoring recommends:") is not an item; blank items are
/// skipped.
fn split_items(md: &str) -> Vec<String> {
    let (mut list_items, mut paragraphs) = (Vec::new(), Vec::new());
    let (mut lists, mut nested) = (0usize, 0usize);
    let mut start: Option<usize> = None;
    for (event, range) in Parser::new_ext(md, options()).into_offset_iter() {
        match event {
            Md::Start(Tag::BlockQuote(_) | Tag::FootnoteDefinition(_)) => nested += 1,
            Md::End(TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition) => nested = nested.saturating_sub(1),
            Md::Start(Tag::List(_)) => lists += 1,
            Md::End(TagEnd::List(_)) => lists = lists.saturating_sub(1),
            Md::Start(Tag::Item) if lists == 1 && nested == 0 => start = Some(range.start),
            Md::End(TagEnd::Item) if lists == 1 && nested == 0 => {
                if let Some(s) = start.take() {
                    list_items.push(item_text(md[s..range.end].trim()));
                }
            }
            Md::Start(Tag::Paragraph) if lists == 0 && nested == 0 => start = Some(range.start),
            Md::End(TagEnd::Paragraph) if lists == 0 && nested == 0 => {
                if let Some(s) = start.take() {
                    paragraphs.push(md[s..range.end].trim().to_string());
                }
            }
            _ => {}
        }
    }
    let chosen = if list_items.is_empty() { paragraphs } else { list_items };
    chosen.into_iter().filter(|t| !is_blank(t)).collect()
}

/// Every item agencies answer: parts 2-4 in the law's order, each split into its items and
/// numbered from 1. Keys depend only on the published text, so they hold for as long as it does.
pub fn items(sections: &Sections) -> Vec<Item> {
    let mut out = Vec::new();
    for (section, md) in sections.parts.iter().filter(|(k, _)| k.has_items()) {
        for (i, text_md) in split_items(md).into_iter().enumerate() {
            let number = i as u32 + 1;
            out.push(Item { key: format!("{}.{}", section.as_str(), number), section: *section, number, text_md });
        }
    }
    out
}

string_enum! {
    /// An agency's answer on an item (p.4: agencies take measures considering the conclusion).
    MeasureStatus {
        Accepted => "accepted",
        InProgress => "in_progress",
        Done => "done",
        Rejected => "rejected",
    }
}

/// The longest reason or comment on an answer, in characters.
pub const ANSWER_REASON_MAX: usize = 4000;

impl MeasureStatus {
    /// An agency that will not act on an item must say why.
    pub fn needs_reason(self) -> bool {
        self == MeasureStatus::Rejected
    }

    /// The answer's reason, trimmed, or `None` if none was given; required (`required` at
    /// `/reason`) when rejecting, at most [`ANSWER_REASON_MAX`] characters (`too_long`).
    pub fn check_reason(self, reason: Option<&str>) -> Result<Option<String>, FieldError> {
        match reason.map(str::trim).filter(|r| !r.is_empty()) {
            None if self.needs_reason() => Err(FieldError::new("/reason", "required")),
            None => Ok(None),
            Some(r) => bounded_text("/reason", r, 1, ANSWER_REASON_MAX).map(Some),
        }
    }
}

/// How long an answer can be edited after it is made: seven days of 24 hours.
pub const ANSWER_EDIT_WINDOW_DAYS: i64 = 7;

/// An answer can be edited until exactly seven days (168 hours, not working days) after it was
/// created, the end excluded; after that it stands as given and the agency follows it with a new
/// answer, so what it said and when remains on record. A portal rule of issue #7, not the law's.
pub fn editable(created_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now < created_at + TimeDelta::days(ANSWER_EDIT_WINDOW_DAYS)
}

/// An agency's answer on an item as stored; only the latest per (agency, item) counts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnswerRow {
    pub id: i64,
    pub agency_id: i64,
    pub item_key: String,
    pub status: MeasureStatus,
    pub created_at: DateTime<Utc>,
}

/// How one addressed agency has answered a conclusion's items.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct AgencyScore {
    pub agency_id: i64,
    pub accepted: u32,
    pub in_progress: u32,
    pub done: u32,
    pub rejected: u32,
    /// Items the agency has not answered at all.
    pub ignored: u32,
}

/// Per addressed agency (in the given order, once each), the status of its latest answer on
/// every item (latest by `created_at`, then by `id`), and `ignored` for items it never answered.
/// Answers from agencies not addressed or on items not in `item_keys` do not count.
pub fn scorecard<K: AsRef<str>>(agencies: &[i64], item_keys: &[K], answers: &[AnswerRow]) -> Vec<AgencyScore> {
    let keys: HashSet<&str> = item_keys.iter().map(AsRef::as_ref).collect();
    let mut latest: HashMap<(i64, &str), &AnswerRow> = HashMap::new();
    for a in answers.iter().filter(|a| keys.contains(a.item_key.as_str())) {
        let slot = latest.entry((a.agency_id, a.item_key.as_str())).or_insert(a);
        if (a.created_at, a.id) > (slot.created_at, slot.id) {
            *slot = a;
        }
    }
    let mut seen = HashSet::new();
    agencies
        .iter()
        .filter(|a| seen.insert(**a))
        .map(|&agency_id| {
            let mut score = AgencyScore { agency_id, ..Default::default() };
            for key in &keys {
                match latest.get(&(agency_id, *key)).map(|a| a.status) {
                    Some(MeasureStatus::Accepted) => score.accepted += 1,
                    Some(MeasureStatus::InProgress) => score.in_progress += 1,
                    Some(MeasureStatus::Done) => score.done += 1,
                    Some(MeasureStatus::Rejected) => score.rejected += 1,
                    None => score.ignored += 1,
                }
            }
            score
        })
        .collect()
}

#[cfg(test)]
mod tests;
