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
}
