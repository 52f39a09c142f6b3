//! Numbers and dates as a reader of each language writes them: CLDR digit grouping (num-format)
//! and the month names of the language (chrono's locales), in the portal's time zone.
use chrono::{DateTime, NaiveDate, Utc};
use num_format::{Locale, ToFormattedString};

use crate::{domain::calendar::local_date, i18n::Lang};

fn number_locale(lang: Lang) -> &'static Locale {
    match lang {
        Lang::Kk => &Locale::kk,
        Lang::Ru => &Locale::ru,
        Lang::En => &Locale::en,
    }
}

/// `12345` as `12 345` (kk, ru) or `12,345` (en).
pub fn integer(lang: Lang, n: i64) -> String {
    n.to_formatted_string(number_locale(lang))
}

/// One decimal place with the language's decimal separator: `12,5` (kk, ru) or `12.5` (en).
pub fn decimal(lang: Lang, x: f64) -> String {
    let rounded = (x * 10.0).round() / 10.0;
    let whole = integer(lang, rounded.trunc() as i64);
    let tenth = ((rounded.abs() * 10.0).round() as i64) % 10;
    let sign = if rounded < 0.0 && rounded.trunc() == 0.0 { "-" } else { "" };
    let sep = number_locale(lang).decimal();
    format!("{sign}{whole}{sep}{tenth}")
}

/// A share (0..1) as a percentage: `87,5 %` (kk, ru) or `87.5%` (en).
pub fn percent(lang: Lang, share: f64) -> String {
    let n = decimal(lang, share * 100.0);
    match lang {
        Lang::En => format!("{n}%"),
        _ => format!("{n}\u{a0}%"),
    }
}

fn date_locale(lang: Lang) -> chrono::Locale {
    match lang {
        Lang::Kk => chrono::Locale::kk_KZ,
        Lang::Ru => chrono::Locale::ru_RU,
        Lang::En => chrono::Locale::en_GB,
    }
}

/// `26 қараша 2026 ж.`, `26 ноября 2026 г.`, `26 November 2026`.
pub fn date(lang: Lang, d: NaiveDate) -> String {
    let s = d.format_localized("%-d %B %Y", date_locale(lang)).to_string();
    match lang {
        // Kazakh writes month names in lower case inside a sentence; the locale data capitalises them.
        Lang::Kk => format!("{}\u{a0}ж.", s.to_lowercase()),
        Lang::Ru => format!("{s}\u{a0}г."),
        Lang::En => s,
    }
}

/// A moment as the date and the time in Kazakhstan.
pub fn datetime(lang: Lang, t: DateTime<Utc>) -> String {
    let local = t.with_timezone(&chrono_tz::Asia::Almaty);
    format!("{}, {}", date(lang, local_date(t)), local.format("%H:%M"))
}

/// Whatever a template holds for a date (`2026-11-26`, or an RFC 3339 moment) in the reader's words;
/// anything else as it is.
pub fn any_date(lang: Lang, s: &str) -> String {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return datetime(lang, t.with_timezone(&Utc));
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return date(lang, d);
    }
    s.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_group_and_separate_as_each_language_does() {
        assert_eq!(integer(Lang::En, 1_234_567), "1,234,567");
        assert_eq!(integer(Lang::Ru, 1_234_567), "1\u{a0}234\u{a0}567");
        assert_eq!(integer(Lang::Kk, 1_234_567), "1\u{a0}234\u{a0}567");
        assert_eq!(decimal(Lang::Ru, 12.46), "12,5");
        assert_eq!(decimal(Lang::En, 12.46), "12.5");
        assert_eq!(decimal(Lang::En, -0.44), "-0.4");
        assert_eq!(percent(Lang::En, 0.875), "87.5%");
        assert_eq!(percent(Lang::Kk, 0.875), "87,5\u{a0}%");
    }

    #[test]
    fn dates_use_the_month_names_of_each_language() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        assert_eq!(date(Lang::En, d), "26 November 2026");
        assert_eq!(date(Lang::Ru, d), "26 ноября 2026\u{a0}г.");
        assert_eq!(date(Lang::Kk, d), "26 қараша 2026\u{a0}ж.");
        // 20:30 UTC is already the next day in Kazakhstan (UTC+5).
        let t = DateTime::parse_from_rfc3339("2026-11-26T20:30:00Z").unwrap().with_timezone(&Utc);
        assert_eq!(datetime(Lang::En, t), "27 November 2026, 01:30");
        assert_eq!(any_date(Lang::En, "2026-11-26"), "26 November 2026");
        assert_eq!(any_date(Lang::En, "not a date"), "not a date");
    }
}
