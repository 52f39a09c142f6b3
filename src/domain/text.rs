//! Folding text for matching: lower case, `ё` as `е`, and the Kazakh letters as the Russian-keyboard
//! letters people type for them (ARCHITECTURE, "Storage and search": `кызмет` must find `қызмет`).
//! The same function folds stored text and queries, so both sides meet.

pub fn fold_char(c: char) -> char {
    match c {
        'қ' | 'Қ' => 'к',
        'ғ' | 'Ғ' => 'г',
        'ң' | 'Ң' => 'н',
        'ө' | 'Ө' => 'о',
        'ұ' | 'Ұ' | 'ү' | 'Ү' => 'у',
        'і' | 'І' => 'и',
        'ә' | 'Ә' => 'а',
        'һ' | 'Һ' => 'х',
        'ё' | 'Ё' => 'е',
        _ => c.to_lowercase().next().unwrap_or(c),
    }
}

pub fn fold(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

/// The same keys on the Latin (QWERTY) and Russian (ЙЦУКЕН) layouts, lower case.
const LATIN_KEYS: &str = "qwertyuiop[]asdfghjkl;'zxcvbnm,.`";
const CYRILLIC_KEYS: &str = "йцукенгшщзхъфывапролджэячсмитьбюё";

/// A query typed with the keyboard on the wrong layout (`ljujdjh` for `договор`), as it was meant;
/// `None` when the text mixes both alphabets or has no letter to swap.
pub fn keyboard_layout_swap(s: &str) -> Option<String> {
    let lower = s.to_lowercase();
    let has_latin = lower.chars().any(|c| c.is_ascii_lowercase());
    let has_cyrillic = lower.chars().any(|c| CYRILLIC_KEYS.contains(c));
    let (from, to): (Vec<char>, Vec<char>) = match (has_latin, has_cyrillic) {
        (true, false) => (LATIN_KEYS.chars().collect(), CYRILLIC_KEYS.chars().collect()),
        (false, true) => (CYRILLIC_KEYS.chars().collect(), LATIN_KEYS.chars().collect()),
        _ => return None,
    };
    let swapped: String =
        lower.chars().map(|c| from.iter().position(|f| *f == c).map(|i| to[i]).unwrap_or(c)).collect();
    // Punctuation keys that became letters are kept; letters that became punctuation mean the
    // text was no mistyped word.
    (swapped != lower && swapped.chars().any(char::is_alphabetic)).then_some(swapped)
}

/// `char::is_alphanumeric`, answered without a table lookup for ASCII and the Cyrillic block, where
/// Kazakh and Russian text lives (its signs and combining marks, U+0482-U+0489, are not letters).
#[inline]
pub fn is_word_char(c: char) -> bool {
    match c {
        c if c.is_ascii() => c.is_ascii_alphanumeric(),
        '\u{0400}'..='\u{0481}' | '\u{048A}'..='\u{04FF}' => true,
        '\u{0482}'..='\u{0489}' => false,
        c => c.is_alphanumeric(),
    }
}

/// Whether the character at byte `i` of `text` is a letter or digit, and its length in bytes.
/// ASCII and two-byte Cyrillic (U+0400-U+04FF, where Kazakh and Russian text lives) are decided
/// from the bytes; anything else is decoded and asked of `is_word_char`.
#[inline(always)]
fn word_char_at(text: &str, i: usize) -> (bool, usize) {
    let bytes = text.as_bytes();
    let b0 = bytes[i];
    if b0 < 0x80 {
        return (b0.is_ascii_alphanumeric(), 1);
    }
    if (0xD0..=0xD3).contains(&b0)
        && let Some(&b1) = bytes.get(i + 1)
    {
        let cp = (u32::from(b0 & 0x1F) << 6) | u32::from(b1 & 0x3F);
        return (!(0x482..=0x489).contains(&cp), 2);
    }
    match text[i..].chars().next() {
        Some(c) => (is_word_char(c), c.len_utf8()),
        None => (false, 1),
    }
}

/// Words as both engines and the snippet builder cut them: runs of letters and digits, each with
/// its byte offset. One pass over the bytes: snippets cut every word of every hit.
pub fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut i = 0;
    std::iter::from_fn(move || {
        let start = loop {
            if i >= text.len() {
                return None;
            }
            let (word, len) = word_char_at(text, i);
            let at = i;
            i += len;
            if word {
                break at;
            }
        };
        while i < text.len() {
            let (word, len) = word_char_at(text, i);
            if !word {
                let end = i;
                i += len;
                return Some((start, &text[start..end]));
            }
            i += len;
        }
        Some((start, &text[start..]))
    })
}

/// A control character no text the portal stores may hold: the C0 controls but TAB, LF and CR.
/// PostgreSQL refuses NUL outright, so one would fail a write on it and pass on SQLite; the others
/// only garble what a reader sees. Whether a field may hold line breaks at all is its own rule.
pub fn is_forbidden_control(c: char) -> bool {
    c < ' ' && !matches!(c, '\t' | '\n' | '\r')
}

pub fn has_forbidden_control(s: &str) -> bool {
    s.chars().any(is_forbidden_control)
}

/// Whether a JSON text may hold a forbidden control character. JSON cannot carry one raw inside a
/// string, only escaped as `\u00XX`, so a body without that sequence is passed without parsing.
pub fn json_may_hold_control(json: &[u8]) -> bool {
    json.windows(4).any(|w| w == b"\\u00")
}

/// The JSON pointer (RFC 6901) of the first member name or string in `v` that holds a forbidden
/// control character.
pub fn control_pointer(v: &serde_json::Value) -> Option<String> {
    fn escape(key: &str) -> String {
        key.replace('~', "~0").replace('/', "~1")
    }
    match v {
        serde_json::Value::String(s) => has_forbidden_control(s).then(String::new),
        serde_json::Value::Array(items) => {
            items.iter().enumerate().find_map(|(i, item)| control_pointer(item).map(|p| format!("/{i}{p}")))
        }
        serde_json::Value::Object(members) => members.iter().find_map(|(k, item)| {
            if has_forbidden_control(k) {
                return Some(format!("/{}", escape(k)));
            }
            control_pointer(item).map(|p| format!("/{}{p}", escape(k)))
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_typed_on_the_wrong_layout_is_read_as_meant() {
        assert_eq!(keyboard_layout_swap("ljujdjh").as_deref(), Some("договор"));
        assert_eq!(keyboard_layout_swap("Eckeuf; ghbtv").as_deref(), Some("услугаж прием"));
        assert_eq!(keyboard_layout_swap("ыукмшсу").as_deref(), Some("service"));
        assert_eq!(keyboard_layout_swap("договор services"), None);
        assert_eq!(keyboard_layout_swap("2024"), None);
    }

    #[test]
    fn kazakh_letters_meet_their_stand_ins() {
        assert_eq!(fold("Мемлекеттік ҚЫЗМЕТ"), fold("мемлекеттик кызмет"));
        assert_eq!(fold("Әкімдігі"), "акимдиги");
        assert_eq!(fold("Ұлытау, Өскемен, Үкімет, Ғылым, Ңң, Һ"), "улытау, оскемен, укимет, гылым, нн, х");
        assert_eq!(fold("Ёлка"), "елка");
    }

    #[test]
    fn words_are_runs_of_letters_and_digits_with_offsets() {
        let w: Vec<(usize, &str)> = words("«Қызмет» 2024-ж., ok!").collect();
        assert_eq!(w, [(2, "Қызмет"), (17, "2024"), (22, "ж"), (27, "ok")]);
        assert_eq!(words("").count(), 0);
        assert_eq!(words(" , ").count(), 0);
    }

    #[test]
    fn the_byte_scanner_cuts_words_as_chars_do() {
        // Runs of `is_word_char`, cut char by char: what `words` must agree with.
        fn by_chars(text: &str) -> Vec<(usize, &str)> {
            let mut out = Vec::new();
            let mut start = None;
            for (i, c) in text.char_indices() {
                match (is_word_char(c), start) {
                    (true, None) => start = Some(i),
                    (false, Some(s)) => {
                        out.push((s, &text[s..i]));
                        start = None;
                    }
                    _ => {}
                }
            }
            if let Some(s) = start {
                out.push((s, &text[s..]));
            }
            out
        }
        let mut text = String::from("«Қызмет» 2024-ж., ok! ёлка Ұлытау\u{0483}қ ǅx 日本 é-e ");
        text.extend(('\u{0370}'..='\u{0530}').chain(['a', ' ', '\u{1E9E}', '\u{2100}', '🙂', 'ж']));
        assert_eq!(words(&text).collect::<Vec<_>>(), by_chars(&text));
        assert_eq!(words("ж").collect::<Vec<_>>(), [(0, "ж")]);
    }

    #[test]
    fn the_fast_path_agrees_with_unicode() {
        for c in ('\u{0}'..='\u{0600}').chain('\u{1E00}'..='\u{2100}') {
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "{c:?} U+{:04X}", c as u32);
        }
    }

    #[test]
    fn control_characters_are_found_where_they_are() {
        for c in ['\0', '\u{1}', '\u{8}', '\u{b}', '\u{c}', '\u{1b}', '\u{1f}'] {
            assert!(is_forbidden_control(c), "{c:?}");
        }
        for c in ['\t', '\n', '\r', ' ', 'қ', '\u{7f}'] {
            assert!(!is_forbidden_control(c), "{c:?}");
        }
        let v: serde_json::Value =
            serde_json::from_str(r#"{"a":"ok\n","b":[1,"x",{"c/d":"e\u0000"}],"f":"\u0007"}"#).unwrap();
        assert_eq!(control_pointer(&v).as_deref(), Some("/b/2/c~1d"));
        let key: serde_json::Value = serde_json::from_str(r#"{"ok":{"k\u0000":1}}"#).unwrap();
        assert_eq!(control_pointer(&key).as_deref(), Some("/ok/k\u{0}"));
        assert_eq!(control_pointer(&serde_json::json!({"a": "tab\there"})), None);
        assert!(json_may_hold_control(br#"{"a":"\u0000"}"#));
        assert!(!json_may_hold_control(r#"{"a":"\u0430 ok"}"#.as_bytes()));
    }
}
