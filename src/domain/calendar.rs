//! Kazakhstan's working-day calendar. Deadlines in this domain are counted in working days (Law
//! "On public services" Art. 25) or in calendar days that end on a working day (Law "On access to
//! information" Art. 11), so the calendar is data: `content/calendar/rules.toml` holds the standing
//! rules (Law "On holidays": fixed holidays, the moving of a holiday that falls on a day off), and
//! one file per year holds that year's resolved days off, Kurban Ait and the government's
//! transfers. A year without a file falls back to the rules and says so.
use std::{
    collections::{BTreeMap, HashSet},
    path::Path,
};

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc, Weekday};
use serde::Deserialize;

pub const MIN_YEAR: i32 = 1992;
pub const MAX_YEAR: i32 = 2100;

#[derive(Debug, thiserror::Error)]
pub enum CalendarError {
    #[error("calendar file {file}: {reason}")]
    File { file: String, reason: String },
    #[error("date out of range: the calendar covers {MIN_YEAR}..={MAX_YEAR}")]
    OutOfRange,
}

#[derive(Clone, Debug, Deserialize)]
struct RuleHoliday {
    key: String,
    month: u32,
    day: u32,
    moves: bool,
    name_kk: String,
    name_ru: String,
    name_en: String,
}

#[derive(Clone, Debug, Deserialize)]
struct Named {
    key: String,
    name_kk: String,
    name_ru: String,
    name_en: String,
}

#[derive(Clone, Debug, Deserialize)]
struct Rules {
    weekend: Vec<String>,
    holiday: Vec<RuleHoliday>,
    kurban_ait: Named,
}

/// A day off that is not a plain weekend day.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct DayOff {
    pub date: NaiveDate,
    /// A holiday key from the rules (`nauryz`, `kurban_ait`, ...) or `transfer`.
    pub why: String,
    /// For a holiday that fell on a day off: the holiday's own date.
    #[serde(default)]
    pub moved_from: Option<NaiveDate>,
    /// For a transfer: the weekend day that is worked instead.
    #[serde(default)]
    pub instead_of: Option<NaiveDate>,
}

/// A weekend day made a working day by a transfer.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct WorkingDay {
    pub date: NaiveDate,
    pub why: String,
    #[serde(default)]
    pub instead_of: Option<NaiveDate>,
}

#[derive(Clone, Debug, Deserialize)]
struct YearFile {
    year: i32,
    weekend: Vec<String>,
    kurban_ait: Option<NaiveDate>,
    #[serde(default)]
    kurban_ait_provisional: bool,
    #[serde(default)]
    day_off: Vec<DayOff>,
    #[serde(default)]
    working_day: Vec<WorkingDay>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// A yearly file lists the days off as published.
    Published,
    /// No file: weekends, fixed holidays and the moving rule only.
    Rules,
}

/// One year as the calendar knows it.
#[derive(Clone, Debug)]
pub struct Year {
    pub year: i32,
    pub source: Source,
    pub weekend: Vec<Weekday>,
    pub days_off: Vec<DayOff>,
    pub working_days: Vec<WorkingDay>,
    pub kurban_ait: Option<NaiveDate>,
    pub kurban_ait_provisional: bool,
    off: HashSet<NaiveDate>,
    worked: HashSet<NaiveDate>,
}

impl Year {
    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        if self.off.contains(&d) {
            return false;
        }
        self.worked.contains(&d) || !self.weekend.contains(&d.weekday())
    }

    /// Working days in the whole year.
    pub fn working_day_count(&self) -> u32 {
        let mut d = NaiveDate::from_ymd_opt(self.year, 1, 1).unwrap_or_default();
        let mut n = 0;
        while d.year() == self.year {
            if self.is_working_day(d) {
                n += 1;
            }
            d += Duration::days(1);
        }
        n
    }
}

fn weekday(s: &str) -> Option<Weekday> {
    match s {
        "mon" => Some(Weekday::Mon),
        "tue" => Some(Weekday::Tue),
        "wed" => Some(Weekday::Wed),
        "thu" => Some(Weekday::Thu),
        "fri" => Some(Weekday::Fri),
        "sat" => Some(Weekday::Sat),
        "sun" => Some(Weekday::Sun),
        _ => None,
    }
}

fn weekdays(file: &str, names: &[String]) -> Result<Vec<Weekday>, CalendarError> {
    names
        .iter()
        .map(|n| {
            weekday(n).ok_or_else(|| CalendarError::File { file: file.into(), reason: format!("unknown weekday {n}") })
        })
        .collect()
}

#[derive(Clone, Debug)]
pub struct Calendar {
    rules: Rules,
    weekend: Vec<Weekday>,
    years: BTreeMap<i32, Year>,
}

/// The shipped files, built into the binary so it runs from any directory.
const EMBEDDED: &[(&str, &str)] = &[
    ("rules.toml", include_str!("../../content/calendar/rules.toml")),
    ("2024.toml", include_str!("../../content/calendar/2024.toml")),
    ("2025.toml", include_str!("../../content/calendar/2025.toml")),
    ("2026.toml", include_str!("../../content/calendar/2026.toml")),
    ("2027.toml", include_str!("../../content/calendar/2027.toml")),
];

impl Calendar {
    pub fn embedded() -> Self {
        Self::from_files(EMBEDDED.iter().map(|(n, s)| (n.to_string(), s.to_string())))
            .unwrap_or_else(|e| panic!("the embedded calendar is broken: {e}"))
    }

    pub fn embedded_file_names() -> Vec<&'static str> {
        EMBEDDED.iter().map(|(n, _)| *n).collect()
    }

    /// Load `rules.toml` and every `YYYY.toml` from a directory (e.g. `content/calendar`), so a new
    /// year is added by dropping in a file.
    pub fn from_dir(dir: &Path) -> Result<Self, CalendarError> {
        let err = |reason: String| CalendarError::File { file: dir.display().to_string(), reason };
        let mut files = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(|e| err(e.to_string()))? {
            let path = entry.map_err(|e| err(e.to_string()))?.path();
            if path.extension().is_some_and(|x| x == "toml") {
                let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
                files.push((name, std::fs::read_to_string(&path).map_err(|e| err(e.to_string()))?));
            }
        }
        Self::from_files(files.into_iter())
    }

    fn from_files(files: impl Iterator<Item = (String, String)>) -> Result<Self, CalendarError> {
        let mut rules = None;
        let mut year_files = Vec::new();
        for (name, text) in files {
            let bad = |reason: String| CalendarError::File { file: name.clone(), reason };
            if name == "rules.toml" {
                rules = Some(toml::from_str::<Rules>(&text).map_err(|e| bad(e.to_string()))?);
            } else {
                let y: YearFile = toml::from_str(&text).map_err(|e| bad(e.to_string()))?;
                if format!("{}.toml", y.year) != name {
                    return Err(bad(format!("holds year {} but is not named {}.toml", y.year, y.year)));
                }
                year_files.push((name, y));
            }
        }
        let rules = rules.ok_or_else(|| CalendarError::File { file: "rules.toml".into(), reason: "missing".into() })?;
        let weekend = weekdays("rules.toml", &rules.weekend)?;
        let mut years = BTreeMap::new();
        for (name, y) in year_files {
            for d in y.day_off.iter().map(|d| d.date).chain(y.working_day.iter().map(|w| w.date)) {
                if d.year() != y.year {
                    return Err(CalendarError::File {
                        file: name.clone(),
                        reason: format!("{d} is not in {}", y.year),
                    });
                }
            }
            let year = Year {
                year: y.year,
                source: Source::Published,
                weekend: weekdays(&name, &y.weekend)?,
                off: y.day_off.iter().map(|d| d.date).collect(),
                worked: y.working_day.iter().map(|w| w.date).collect(),
                days_off: y.day_off,
                working_days: y.working_day,
                kurban_ait: y.kurban_ait,
                kurban_ait_provisional: y.kurban_ait_provisional,
            };
            years.insert(year.year, year);
        }
        Ok(Self { rules, weekend, years })
    }

    /// A year by the standing rules alone, given Kurban Ait and transfers `(worked, rested)` where known.
    pub fn by_rules(&self, year: i32, kurban_ait: Option<NaiveDate>, transfers: &[(NaiveDate, NaiveDate)]) -> Year {
        let worked: HashSet<NaiveDate> = transfers.iter().map(|t| t.0).collect();
        let is_weekend = |d: NaiveDate| self.weekend.contains(&d.weekday()) && !worked.contains(&d);
        let mut holidays: Vec<(NaiveDate, &str, bool)> = self
            .rules
            .holiday
            .iter()
            .filter_map(|h| NaiveDate::from_ymd_opt(year, h.month, h.day).map(|d| (d, h.key.as_str(), h.moves)))
            .collect();
        if let Some(k) = kurban_ait {
            holidays.push((k, self.rules.kurban_ait.key.as_str(), false));
        }
        holidays.sort();
        let mut off: BTreeMap<NaiveDate, DayOff> = BTreeMap::new();
        for (d, key, _) in &holidays {
            if !is_weekend(*d) && !off.contains_key(d) {
                off.insert(*d, DayOff { date: *d, why: key.to_string(), moved_from: None, instead_of: None });
            }
        }
        // Law "On holidays": a holiday on a day off moves to the next working day, in date order,
        // so that two holidays on one weekend (Nauryz) take two working days.
        for (d, key, moves) in &holidays {
            if *moves && is_weekend(*d) {
                let mut n = *d + Duration::days(1);
                while is_weekend(n) || off.contains_key(&n) {
                    n += Duration::days(1);
                }
                off.insert(n, DayOff { date: n, why: key.to_string(), moved_from: Some(*d), instead_of: None });
            }
        }
        for (w, r) in transfers {
            off.insert(*r, DayOff { date: *r, why: "transfer".into(), moved_from: None, instead_of: Some(*w) });
        }
        let working_days: Vec<WorkingDay> = transfers
            .iter()
            .map(|(w, r)| WorkingDay { date: *w, why: "transfer".into(), instead_of: Some(*r) })
            .collect();
        Year {
            year,
            source: Source::Rules,
            weekend: self.weekend.clone(),
            off: off.keys().copied().collect(),
            worked,
            days_off: off.into_values().collect(),
            working_days,
            kurban_ait,
            kurban_ait_provisional: false,
        }
    }

    pub fn year(&self, year: i32) -> Result<Year, CalendarError> {
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
            return Err(CalendarError::OutOfRange);
        }
        Ok(self.years.get(&year).cloned().unwrap_or_else(|| self.by_rules(year, None, &[])))
    }

    pub fn published_years(&self) -> Vec<i32> {
        self.years.values().filter(|y| y.source == Source::Published).map(|y| y.year).collect()
    }

    /// The name of a holiday key in a language (`kk`, `ru`, `en`); `None` for `transfer`.
    pub fn holiday_name(&self, key: &str, lang: &str) -> Option<String> {
        let pick = |kk: &String, ru: &String, en: &String| match lang {
            "kk" => kk.clone(),
            "ru" => ru.clone(),
            _ => en.clone(),
        };
        if key == self.rules.kurban_ait.key {
            let k = &self.rules.kurban_ait;
            return Some(pick(&k.name_kk, &k.name_ru, &k.name_en));
        }
        self.rules.holiday.iter().find(|h| h.key == key).map(|h| pick(&h.name_kk, &h.name_ru, &h.name_en))
    }

    fn check(d: NaiveDate) -> Result<NaiveDate, CalendarError> {
        if (MIN_YEAR..=MAX_YEAR).contains(&d.year()) { Ok(d) } else { Err(CalendarError::OutOfRange) }
    }

    pub fn is_working_day(&self, d: NaiveDate) -> Result<bool, CalendarError> {
        Self::check(d)?;
        Ok(match self.years.get(&d.year()) {
            Some(y) => y.is_working_day(d),
            None => self.by_rules(d.year(), None, &[]).is_working_day(d),
        })
    }

    /// The first working day on or after `d`.
    pub fn working_day_on_or_after(&self, d: NaiveDate) -> Result<NaiveDate, CalendarError> {
        let mut d = d;
        while !self.is_working_day(d)? {
            d = Self::check(d + Duration::days(1))?;
        }
        Ok(d)
    }

    /// The day on which a term of `n` working days ends when it starts on `from`: counting begins
    /// the next day and skips days off (Law Art. 25: a complaint filed on a Friday before a holiday).
    pub fn add_working_days(&self, from: NaiveDate, n: u32) -> Result<NaiveDate, CalendarError> {
        let mut d = Self::check(from)?;
        let mut left = n;
        while left > 0 {
            d = Self::check(d + Duration::days(1))?;
            if self.is_working_day(d)? {
                left -= 1;
            }
        }
        Ok(d)
    }

    /// The day a term of `n` calendar days ends, moved to the next working day when it falls on a
    /// day off (Law "On access to information" Art. 11).
    pub fn add_calendar_days(&self, from: NaiveDate, n: u32) -> Result<NaiveDate, CalendarError> {
        let end = Self::check(Self::check(from)? + Duration::days(i64::from(n)))?;
        self.working_day_on_or_after(end)
    }

    /// Working days after `from` up to and including `to` (negative when `to` is earlier).
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> Result<i64, CalendarError> {
        Self::check(from)?;
        Self::check(to)?;
        let (a, b, sign) = if from <= to { (from, to, 1) } else { (to, from, -1) };
        let mut d = a;
        let mut n = 0;
        while d < b {
            d += Duration::days(1);
            if self.is_working_day(d)? {
                n += 1;
            }
        }
        Ok(sign * n)
    }
}

/// Why a transfer of a day off cannot be recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransferError {
    /// The two dates are in different years (a government resolution moves days within a year).
    DifferentYears,
    /// The day to be worked is already a working day.
    WorkedIsWorkingDay,
    /// The day to rest is not a working day (already a weekend day or a day off).
    RestedIsNotWorkingDay,
    /// A date outside the years the calendar covers.
    OutOfRange,
}

impl TransferError {
    /// The stable code of the refusal and the field it concerns.
    pub fn code(self) -> (&'static str, &'static str) {
        match self {
            TransferError::DifferentYears => ("/rested_on", "transfer_other_year"),
            TransferError::WorkedIsWorkingDay => ("/worked_on", "transfer_worked_is_working_day"),
            TransferError::RestedIsNotWorkingDay => ("/rested_on", "transfer_rested_is_day_off"),
            TransferError::OutOfRange => ("/worked_on", "out_of_range"),
        }
    }
}

impl Calendar {
    /// Whether the government may move a day off from `rested` to `worked` on this calendar: a
    /// weekend day or day off becomes a working day and a working day of the same year becomes a
    /// day off (Labour Code Art. 85 p.3: the Government transfers days off to other days).
    pub fn check_transfer(&self, worked: NaiveDate, rested: NaiveDate) -> Result<(), TransferError> {
        if worked.year() != rested.year() {
            return Err(TransferError::DifferentYears);
        }
        if self.is_working_day(worked).map_err(|_| TransferError::OutOfRange)? {
            return Err(TransferError::WorkedIsWorkingDay);
        }
        if !self.is_working_day(rested).map_err(|_| TransferError::OutOfRange)? {
            return Err(TransferError::RestedIsNotWorkingDay);
        }
        Ok(())
    }

    /// This calendar with transfers `(worked, rested)` recorded after its files were written (by an
    /// administrator, from a government resolution), each applied to its year.
    pub fn with_transfers(&self, transfers: &[(NaiveDate, NaiveDate)]) -> Calendar {
        let mut out = self.clone();
        for (worked, rested) in transfers {
            let year = worked.year();
            if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
                continue;
            }
            let y = out.years.entry(year).or_insert_with(|| self.by_rules(year, None, &[]));
            y.off.insert(*rested);
            y.worked.insert(*worked);
            y.off.remove(worked);
            y.days_off.retain(|d| d.date != *worked);
            y.days_off.push(DayOff {
                date: *rested,
                why: "transfer".into(),
                moved_from: None,
                instead_of: Some(*worked),
            });
            y.days_off.sort_by_key(|d| d.date);
            y.working_days.push(WorkingDay { date: *worked, why: "transfer".into(), instead_of: Some(*rested) });
            y.working_days.sort_by_key(|w| w.date);
        }
        out
    }
}

/// The date in Kazakhstan (Asia/Almaty, UTC+5 since 1 March 2024) at an instant.
pub fn local_date(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&chrono_tz::Asia::Almaty).date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn cal() -> Calendar {
        Calendar::embedded()
    }

    fn days_off(year: i32) -> Vec<String> {
        cal().year(year).unwrap().days_off.iter().map(|x| x.date.to_string()).collect()
    }

    #[test]
    fn every_day_off_of_2026_as_published() {
        // DOMAIN.md, "2026 by these rules", checked by hand against the weekday of each holiday.
        assert_eq!(
            days_off(2026),
            [
                "2026-01-01",
                "2026-01-02",
                "2026-01-07",
                "2026-03-09",
                "2026-03-23",
                "2026-03-24",
                "2026-03-25",
                "2026-05-01",
                "2026-05-07",
                "2026-05-11",
                "2026-05-27",
                "2026-07-06",
                "2026-08-31",
                "2026-10-26",
                "2026-12-16"
            ]
        );
    }

    #[test]
    fn every_day_off_of_2025_with_its_transfer() {
        assert_eq!(
            days_off(2025),
            [
                "2025-01-01",
                "2025-01-02",
                "2025-01-03",
                "2025-01-07",
                "2025-03-10",
                "2025-03-21",
                "2025-03-24",
                "2025-03-25",
                "2025-05-01",
                "2025-05-07",
                "2025-05-09",
                "2025-06-06",
                "2025-07-07",
                "2025-09-01",
                "2025-10-27",
                "2025-12-16"
            ]
        );
        let c = cal();
        // The transfer: Sunday 5 January 2025 was worked, Friday 3 January was not.
        assert!(c.is_working_day(d("2025-01-05")).unwrap());
        assert!(!c.is_working_day(d("2025-01-03")).unwrap());
        assert!(!c.is_working_day(d("2025-01-04")).unwrap());
    }

    #[test]
    fn the_2024_transfer_around_victory_day() {
        let c = cal();
        assert!(c.is_working_day(d("2024-05-04")).unwrap(), "Saturday 4 May 2024 was worked");
        for off in ["2024-05-07", "2024-05-08", "2024-05-09"] {
            assert!(!c.is_working_day(d(off)).unwrap(), "{off}");
        }
    }

    #[test]
    fn nauryz_on_a_weekend_moves_each_day_to_the_next_working_day() {
        let c = cal();
        // 2026: 21 Sat and 22 Sun move to Tue 24 and Wed 25; Mon 23 is Nauryz itself.
        for off in ["2026-03-21", "2026-03-22", "2026-03-23", "2026-03-24", "2026-03-25"] {
            assert!(!c.is_working_day(d(off)).unwrap(), "{off}");
        }
        assert!(c.is_working_day(d("2026-03-26")).unwrap());
        // 2025: 22 Sat and 23 Sun move to Mon 24 and Tue 25.
        assert!(!c.is_working_day(d("2025-03-24")).unwrap());
        assert!(!c.is_working_day(d("2025-03-25")).unwrap());
        assert!(c.is_working_day(d("2025-03-26")).unwrap());
    }

    #[test]
    fn religious_days_off_do_not_move() {
        let c = cal();
        // 7 January 2024 was a Sunday: no Monday off for it.
        assert!(c.is_working_day(d("2024-01-08")).unwrap());
        // Kurban Ait 2024 on Sunday 16 June: Monday 17 June was worked.
        assert!(c.is_working_day(d("2024-06-17")).unwrap());
    }

    #[test]
    fn published_years_agree_with_the_rules_and_their_transfers() {
        let c = cal();
        for year in c.published_years() {
            let y = c.year(year).unwrap();
            let transfers: Vec<(NaiveDate, NaiveDate)> =
                y.working_days.iter().filter_map(|w| w.instead_of.map(|r| (w.date, r))).collect();
            let ruled = c.by_rules(year, y.kurban_ait, &transfers);
            assert_eq!(y.days_off, ruled.days_off, "{year}.toml disagrees with rules.toml");
        }
    }

    #[test]
    fn every_shipped_calendar_file_is_built_in() {
        let mut shipped: Vec<String> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/content/calendar"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .filter(|n| n.ends_with(".toml"))
            .collect();
        shipped.sort();
        let mut built: Vec<String> = Calendar::embedded_file_names().iter().map(|s| s.to_string()).collect();
        built.sort();
        assert_eq!(shipped, built);
    }

    #[test]
    fn an_unknown_year_falls_back_to_the_rules() {
        let c = cal();
        let y = c.year(2030).unwrap();
        assert_eq!(y.source, Source::Rules);
        // 2030: 6 July is a Saturday, so Monday 8 July is off.
        assert!(!c.is_working_day(d("2030-07-08")).unwrap());
        assert!(c.year(1800).is_err());
        assert!(c.add_working_days(d("2100-12-30"), 5).is_err());
    }

    #[test]
    fn year_boundaries() {
        let c = cal();
        // Wed 31 Dec 2025 + 1 working day: 1, 2 Jan off, 3-4 weekend, 5 Jan Mon, but 7 Jan is off too.
        assert_eq!(c.add_working_days(d("2025-12-31"), 1).unwrap(), d("2026-01-05"));
        assert_eq!(c.add_working_days(d("2025-12-31"), 2).unwrap(), d("2026-01-06"));
        assert_eq!(c.add_working_days(d("2025-12-31"), 3).unwrap(), d("2026-01-08"));
        // 2026 into 2027: Thu 31 Dec 2026, then 1 Jan (Fri) and 4 Jan (Mon, New Year moved) off.
        assert_eq!(c.add_working_days(d("2026-12-31"), 1).unwrap(), d("2027-01-05"));
        assert_eq!(c.working_days_between(d("2026-12-31"), d("2027-01-08")).unwrap(), 3);
    }

    #[test]
    fn a_complaint_filed_on_the_friday_before_nauryz() {
        // Law Art. 25: 5 working days. Filed Fri 20 March 2026; 21-25 March are off.
        let c = cal();
        assert_eq!(c.add_working_days(d("2026-03-20"), 5).unwrap(), d("2026-04-01"));
        assert_eq!(c.working_days_between(d("2026-03-20"), d("2026-04-01")).unwrap(), 5);
        assert_eq!(c.working_days_between(d("2026-04-01"), d("2026-03-20")).unwrap(), -5);
    }

    #[test]
    fn a_calendar_day_term_ending_on_a_day_off_moves_forward() {
        let c = cal();
        // 15 calendar days from Tue 10 March 2026 end on Wed 25 March (Nauryz): moved to Thu 26.
        assert_eq!(c.add_calendar_days(d("2026-03-10"), 15).unwrap(), d("2026-03-26"));
        // ...and from Mon 9 February on Tue 24 February, a working day: it stays.
        assert_eq!(c.add_calendar_days(d("2026-02-09"), 15).unwrap(), d("2026-02-24"));
    }

    #[test]
    fn almaty_dates_follow_utc_plus_five() {
        use chrono::TimeZone;
        // 19:00 UTC on 31 December is already 1 January in Almaty.
        assert_eq!(local_date(Utc.with_ymd_and_hms(2025, 12, 31, 19, 0, 0).unwrap()), d("2026-01-01"));
        assert_eq!(local_date(Utc.with_ymd_and_hms(2025, 12, 31, 18, 59, 59).unwrap()), d("2025-12-31"));
    }

    #[test]
    fn working_day_counts_are_plausible() {
        let c = cal();
        // 2026 starts on a Thursday: 261 weekdays, of which the 15 days off above.
        assert_eq!(c.year(2026).unwrap().working_day_count(), 261 - 15);
    }

    #[test]
    fn a_recorded_transfer_moves_a_day_off_and_deadlines_follow() {
        let c = cal();
        // Saturday 19 December 2026 worked instead of Monday 28 December.
        let (worked, rested) = (d("2026-12-19"), d("2026-12-28"));
        assert_eq!(c.check_transfer(worked, rested), Ok(()));
        let t = c.with_transfers(&[(worked, rested)]);
        assert!(t.is_working_day(worked).unwrap() && !t.is_working_day(rested).unwrap());
        assert_eq!(t.year(2026).unwrap().working_day_count(), c.year(2026).unwrap().working_day_count());
        // 15 calendar days from 11 December end on Saturday 26th: the next working day is no longer
        // Monday 28th (now a day off) but Tuesday 29th.
        assert_eq!(c.add_calendar_days(d("2026-12-11"), 15).unwrap(), d("2026-12-28"));
        assert_eq!(t.add_calendar_days(d("2026-12-11"), 15).unwrap(), d("2026-12-29"));
        // A year without a file takes the transfer too, and stays a year by the rules.
        let t = c.with_transfers(&[(d("2031-01-04"), d("2031-01-03"))]);
        assert!(!t.is_working_day(d("2031-01-03")).unwrap());
        assert!(!t.published_years().contains(&2031));
    }

    #[test]
    fn a_transfer_that_the_calendar_cannot_hold_is_refused() {
        let c = cal();
        assert_eq!(c.check_transfer(d("2026-12-21"), d("2026-12-22")), Err(TransferError::WorkedIsWorkingDay));
        assert_eq!(c.check_transfer(d("2026-12-19"), d("2026-12-20")), Err(TransferError::RestedIsNotWorkingDay));
        assert_eq!(c.check_transfer(d("2026-12-19"), d("2026-12-16")), Err(TransferError::RestedIsNotWorkingDay));
        assert_eq!(c.check_transfer(d("2026-12-26"), d("2027-01-05")), Err(TransferError::DifferentYears));
    }
}
