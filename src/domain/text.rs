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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kazakh_letters_meet_their_stand_ins() {
        assert_eq!(fold("Мемлекеттік ҚЫЗМЕТ"), fold("мемлекеттик кызмет"));
        assert_eq!(fold("Әкімдігі"), "акимдиги");
        assert_eq!(fold("Ұлытау, Өскемен, Үкімет, Ғылым, Ңң, Һ"), "улытау, оскемен, укимет, гылым, нн, х");
        assert_eq!(fold("Ёлка"), "елка");
    }
}
