//! Snippets with `<mark>` around matched words, built from the stored text: everything else is
//! HTML-escaped, so no engine's markup and no stored HTML ever reaches a client.
use rustc_hash::FxHashMap;

use super::{ParsedQuery, typo_budget, words};
use crate::{domain::text::fold, markdown::escape_into};

/// Whether a word of the text matches a query word under the engines' rules: the same word folded,
/// within the typo budget, or (for the last word typed) starting with it. Snippets test every word
/// of every hit, so the cheap answers come first and the edit distance last.
pub fn word_matches(text_word: &str, query_word: &str, prefix: bool) -> bool {
    let w = fold(text_word);
    if w == query_word || (prefix && w.starts_with(query_word)) {
        return true;
    }
    let q_len = query_word.chars().count();
    let budget = usize::from(typo_budget(q_len));
    if budget == 0 {
        return false;
    }
    let w_len = w.chars().count();
    if prefix {
        if w_len + budget < q_len {
            return false;
        }
        return osa_within(w.chars().take(q_len), query_word.chars(), budget);
    }
    w_len.abs_diff(q_len) <= budget && osa_within(w.chars(), query_word.chars(), budget)
}

/// Longest word the edit distance is computed for on the stack; longer ones go to `strsim`.
const SHORT: usize = 48;

/// `strsim::osa_distance(a, b) <= k`, without allocating for words up to `SHORT` letters, and
/// giving up as soon as a row of the table exceeds `k` (no row is smaller than the one before).
fn osa_within(a: impl Iterator<Item = char> + Clone, b: impl Iterator<Item = char> + Clone, k: usize) -> bool {
    let mut a_buf = ['\0'; SHORT];
    let mut b_buf = ['\0'; SHORT];
    let (mut n, mut m) = (0, 0);
    for c in a.clone() {
        if n == SHORT {
            return strsim::osa_distance(&a.collect::<String>(), &b.collect::<String>()) <= k;
        }
        a_buf[n] = c;
        n += 1;
    }
    for c in b.clone() {
        if m == SHORT {
            return strsim::osa_distance(&a.collect::<String>(), &b.collect::<String>()) <= k;
        }
        b_buf[m] = c;
        m += 1;
    }
    let (a, b) = (&a_buf[..n], &b_buf[..m]);
    if n.abs_diff(m) > k {
        return false;
    }
    // Three rows of the table: two back (transpositions), one back, and the current one.
    let mut two_ago = [0usize; SHORT + 1];
    let mut prev: [usize; SHORT + 1] = std::array::from_fn(|j| j);
    let mut cur = [0usize; SHORT + 1];
    for i in 1..=n {
        cur[0] = i;
        let mut row_min = i;
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(two_ago[j - 2] + 1);
            }
            cur[j] = d;
            row_min = row_min.min(d);
        }
        if row_min > k {
            return false;
        }
        two_ago[..=m].copy_from_slice(&prev[..=m]);
        prev[..=m].copy_from_slice(&cur[..=m]);
    }
    prev[m] <= k
}

/// Decides, once per distinct word, whether a word of the text matches the query. Reports repeat
/// their vocabulary, so one search decides a few hundred words, not every word of every hit.
pub struct Matcher<'q> {
    query: &'q ParsedQuery,
    decided: FxHashMap<String, bool>,
}

impl<'q> Matcher<'q> {
    pub fn new(query: &'q ParsedQuery) -> Self {
        Self { query, decided: FxHashMap::default() }
    }

    pub fn matches(&mut self, word: &str) -> bool {
        if let Some(m) = self.decided.get(word) {
            return *m;
        }
        let q = self.query;
        let n = q.words.len();
        let folded = fold(word);
        let m = q.words.iter().enumerate().any(|(i, qw)| word_matches(word, qw, q.last_is_prefix && i + 1 == n))
            || q.phrases.iter().flatten().any(|p| *p == folded);
        self.decided.insert(word.to_string(), m);
        m
    }
}

/// Up to `window` words of `text` around the densest run of matches, HTML-escaped, with matched
/// words inside `<mark>`. Without a match: the beginning of the text.
pub fn snippet(text: &str, matcher: &mut Matcher<'_>, window: usize) -> String {
    let ws: Vec<(usize, &str)> = words(text).collect();
    if ws.is_empty() {
        let mut out = String::new();
        escape_into(&text.chars().take(200).collect::<String>(), &mut out);
        return out;
    }
    let matched: Vec<bool> = ws.iter().map(|(_, w)| matcher.matches(w)).collect();
    // The window with the most matches; the earliest among equals.
    let window = window.max(1).min(ws.len());
    let mut best = (0, 0);
    let mut count = matched[..window].iter().filter(|m| **m).count();
    best.1 = count;
    for start in 1..=(ws.len() - window) {
        count = count + usize::from(matched[start + window - 1]) - usize::from(matched[start - 1]);
        if count > best.1 {
            best = (start, count);
        }
    }
    let (start, _) = best;
    // Open a little before the first match so it reads as a sentence, not a fragment.
    let start = matched[start..start + window]
        .iter()
        .position(|m| *m)
        .map_or(start, |p| (start + p).saturating_sub(3).max(start));
    let end = (start + window).min(ws.len());
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    let from = ws[start].0;
    let mut pos = from;
    for i in start..end {
        let (at, w) = ws[i];
        escape_into(&text[pos..at], &mut out);
        if matched[i] {
            out.push_str("<mark>");
            escape_into(w, &mut out);
            out.push_str("</mark>");
        } else {
            escape_into(w, &mut out);
        }
        pos = at + w.len();
    }
    if end < ws.len() {
        out.push('…');
    } else {
        escape_into(&text[pos..], &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::parse_query;

    #[test]
    fn matched_words_are_marked_and_everything_else_escaped() {
        let q = parse_query(&fold("қызмет"));
        let s = snippet("Мемлекеттік <b>қызмет</b> & «кызмет»", &mut Matcher::new(&q), 30);
        assert_eq!(s, "Мемлекеттік &lt;b&gt;<mark>қызмет</mark>&lt;/b&gt; &amp; «<mark>кызмет</mark>»");
    }

    #[test]
    fn typos_and_prefixes_follow_the_budget() {
        assert!(word_matches("қызметтер", "кызметтер", false));
        assert!(word_matches("Государственных", "государсвенных", false));
        assert!(!word_matches("жер", "жэр", false));
        assert!(word_matches("мемлекеттік", "мемлек", true));
        assert!(!word_matches("мемлекеттік", "мемлек", false));
    }

    #[test]
    fn the_bounded_edit_distance_agrees_with_strsim() {
        // Every pair of short words over a small alphabet, so that transpositions, repeats and
        // every length difference come up; plus words too long for the stack.
        let letters = ['а', 'б', 'қ', 'c'];
        let mut all = vec![String::new()];
        for len in 1..=5 {
            let count = letters.len().pow(len);
            all.extend((0..count).map(|mut n| {
                (0..len)
                    .map(|_| {
                        let c = letters[n % letters.len()];
                        n /= letters.len();
                        c
                    })
                    .collect::<String>()
            }));
        }
        let long = "қ".repeat(SHORT + 3);
        all.extend([long.clone(), format!("{long}а"), format!("а{long}")]);
        for a in all.iter().step_by(3) {
            for b in &all {
                let d = strsim::osa_distance(a, b);
                for k in 0..=2 {
                    assert_eq!(osa_within(a.chars(), b.chars(), k), d <= k, "{a:?} {b:?} {k}");
                }
            }
        }
    }

    #[test]
    fn the_window_goes_to_the_matches() {
        let text = format!("{} жер учаскесін беру мерзімі бұзылды {}", "бос ".repeat(50), "соңы ".repeat(50));
        let q = parse_query(&fold("\"жер учаскесін беру\""));
        let s = snippet(&text, &mut Matcher::new(&q), 12);
        assert!(s.starts_with('…') && s.ends_with('…'));
        assert!(s.contains("<mark>жер</mark> <mark>учаскесін</mark> <mark>беру</mark>"), "{s}");
    }
}
