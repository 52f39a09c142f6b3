//! Public discussion of draft acts that set how a service is delivered (Law Art. 15; Draft 2012
//! Art. 9) and of agencies' annual reports (Art. 23 p.6): the window, who may comment, numbered
//! clauses with anchors that survive revisions, and the decisions recorded on each comment.
use std::collections::HashSet;

use chrono::{DateTime, Utc};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde::{Deserialize, Serialize};

use super::{
    accounts::string_enum,
    calendar::{Calendar, CalendarError, local_date},
    text::fold,
};

/// The current Law Art. 15: the discussion lasts at least ten working days from posting.
pub const DEFAULT_MIN_WORKING_DAYS: u32 = 10;

/// How far a window may open before the moment it is posted: the poster's clock may run a little
/// behind ours. Anything earlier would back-date the discussion.
pub const CLOCK_SKEW: chrono::Duration = chrono::Duration::minutes(5);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WindowError {
    /// `opens_at` is before the moment of posting (beyond [`CLOCK_SKEW`]).
    OpensBeforePosting,
    ClosesBeforeOpening,
    TooShort {
        earliest_close: chrono::NaiveDate,
    },
}

/// A window posted at `posted_at` may not open before it (Law Art. 15 counts the ten working days
/// from posting), and must close no earlier than the end of the `min_working_days`-th working day
/// after the later of posting and opening (dates in Kazakhstan's time zone).
pub fn check_window(
    cal: &Calendar,
    posted_at: DateTime<Utc>,
    opens_at: DateTime<Utc>,
    closes_at: DateTime<Utc>,
    min_working_days: u32,
) -> Result<Result<(), WindowError>, CalendarError> {
    if opens_at < posted_at - CLOCK_SKEW {
        return Ok(Err(WindowError::OpensBeforePosting));
    }
    if closes_at <= opens_at {
        return Ok(Err(WindowError::ClosesBeforeOpening));
    }
    let earliest_close = earliest_close(cal, posted_at, opens_at, min_working_days)?;
    Ok(if local_date(closes_at) < earliest_close { Err(WindowError::TooShort { earliest_close }) } else { Ok(()) })
}

/// The earliest date (in Kazakhstan's time zone) a window posted at `posted_at` and opening at
/// `opens_at` may close on: the `min_working_days`-th working day after the later of the two
/// (Law Art. 15 counts from posting).
pub fn earliest_close(
    cal: &Calendar,
    posted_at: DateTime<Utc>,
    opens_at: DateTime<Utc>,
    min_working_days: u32,
) -> Result<chrono::NaiveDate, CalendarError> {
    cal.add_working_days(local_date(opens_at.max(posted_at)), min_working_days)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CommentRefusal {
    /// Before `opens_at`.
    NotOpen,
    /// After `closes_at`: late comments are not considered.
    Closed,
}

/// Whether a comment may be made or edited now. Both ends are inclusive, to the second.
pub fn may_comment(
    now: DateTime<Utc>,
    opens_at: DateTime<Utc>,
    closes_at: DateTime<Utc>,
) -> Result<(), CommentRefusal> {
    if now < opens_at {
        Err(CommentRefusal::NotOpen)
    } else if now > closes_at {
        Err(CommentRefusal::Closed)
    } else {
        Ok(())
    }
}

string_enum! {
    /// Where a discussion stands: before its window, within it (comments taken), or after it
    /// (decisions and the completion notice).
    Status {
        Upcoming => "upcoming",
        Open => "open",
        Closed => "closed",
    }
}

/// Where a discussion stands at `now`: the same window as `may_comment`, both ends inclusive.
pub fn status(now: DateTime<Utc>, opens_at: DateTime<Utc>, closes_at: DateTime<Utc>) -> Status {
    match may_comment(now, opens_at, closes_at) {
        Ok(()) => Status::Open,
        Err(CommentRefusal::NotOpen) => Status::Upcoming,
        Err(CommentRefusal::Closed) => Status::Closed,
    }
}

/// Comments are decided, and the completion notice published, only once the window has closed
/// (Law Art. 15): a decision taken while comments still come would not consider them all.
pub fn may_decide(now: DateTime<Utc>, closes_at: DateTime<Utc>) -> bool {
    now > closes_at
}

string_enum! {
    /// What the developer agency decided on a comment; `not_considered` is only for a comment
    /// outside the subject of the draft.
    Disposition {
        Accepted => "accepted",
        PartiallyAccepted => "partially_accepted",
        Rejected => "rejected",
        NotConsidered => "not_considered",
    }
}

impl Disposition {
    /// Rejecting a comment, or setting it aside, must say why.
    pub fn needs_reason(self) -> bool {
        matches!(self, Disposition::Rejected | Disposition::NotConsidered)
    }
}

/// A numbered clause of a draft, with an anchor that stays with it across versions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clause {
    pub anchor: String,
    /// 1-based position in this version.
    pub number: u32,
    /// The clause's Markdown.
    pub text: String,
}

/// The top-level blocks of a draft that people comment on: each paragraph and each item of a
/// top-level list is a clause; headings and rules only structure the text.
pub fn split_clauses(md: &str) -> Vec<String> {
    let mut clauses = Vec::new();
    let mut depth_list = 0usize;
    let mut depth_block = 0usize;
    let mut start: Option<usize> = None;
    for (event, range) in Parser::new_ext(md, Options::ENABLE_TABLES).into_offset_iter() {
        match event {
            Event::Start(Tag::List(_)) => depth_list += 1,
            Event::End(TagEnd::List(_)) => depth_list -= 1,
            Event::Start(Tag::Item) if depth_list == 1 && start.is_none() => start = Some(range.start),
            Event::End(TagEnd::Item) if depth_list == 1 => {
                if let Some(s) = start.take() {
                    clauses.push(md[s..range.end].trim().to_string());
                }
            }
            Event::Start(Tag::Paragraph | Tag::Table(_) | Tag::BlockQuote(_) | Tag::CodeBlock(_))
                if depth_list == 0 =>
            {
                if depth_block == 0 {
                    start = Some(range.start);
                }
                depth_block += 1;
            }
            Event::End(TagEnd::Paragraph | TagEnd::Table | TagEnd::BlockQuote(_) | TagEnd::CodeBlock)
                if depth_list == 0 =>
            {
                depth_block = depth_block.saturating_sub(1);
                if depth_block == 0
                    && let Some(s) = start.take()
                {
                    clauses.push(md[s..range.end].trim().to_string());
                }
            }
            _ => {}
        }
    }
    clauses.into_iter().map(|c| strip_marker(&c).to_string()).filter(|c| !c.is_empty()).collect()
}

/// A list item's own marker (`1.`, `2)`, `-`) is its position, not its text: renumbering a draft
/// must not make a clause look changed.
fn strip_marker(item: &str) -> &str {
    let digits = item.bytes().take_while(u8::is_ascii_digit).count();
    let rest = if digits > 0 && item[digits..].starts_with(['.', ')']) {
        &item[digits + 1..]
    } else if item.starts_with(['-', '*', '+']) {
        &item[1..]
    } else {
        return item;
    };
    if rest.starts_with([' ', '\t']) { rest.trim_start() } else { item }
}

fn words(s: &str) -> HashSet<String> {
    super::text::words(&fold(s)).map(|(_, w)| w.to_string()).collect()
}

fn similarity(a: &str, b: &str) -> f64 {
    let (a, b) = (words(a), words(b));
    let union = a.union(&b).count();
    if union == 0 { 1.0 } else { a.intersection(&b).count() as f64 / union as f64 }
}

/// Clauses of a revised text, keeping the anchor of each clause that is the same or mostly the
/// same as one of the previous version, so comments stay attached to the clause they were made on.
/// `next_anchor` numbers the anchors never used before.
pub fn anchor_clauses(previous: &[Clause], texts: Vec<String>, next_anchor: &mut u32) -> Vec<Clause> {
    let mut taken: HashSet<&str> = HashSet::new();
    let mut anchors: Vec<Option<String>> = vec![None; texts.len()];
    // Identical clauses first, wherever they moved; then the closest remaining.
    for (i, t) in texts.iter().enumerate() {
        if let Some(p) = previous.iter().find(|p| !taken.contains(p.anchor.as_str()) && fold(&p.text) == fold(t)) {
            taken.insert(&p.anchor);
            anchors[i] = Some(p.anchor.clone());
        }
    }
    for (i, t) in texts.iter().enumerate() {
        if anchors[i].is_some() {
            continue;
        }
        let best = previous
            .iter()
            .filter(|p| !taken.contains(p.anchor.as_str()))
            .map(|p| (similarity(&p.text, t), p))
            .filter(|(s, _)| *s >= 0.5)
            .max_by(|a, b| a.0.total_cmp(&b.0));
        if let Some((_, p)) = best {
            taken.insert(&p.anchor);
            anchors[i] = Some(p.anchor.clone());
        }
    }
    texts
        .into_iter()
        .zip(anchors)
        .enumerate()
        .map(|(i, (text, anchor))| Clause {
            anchor: anchor.unwrap_or_else(|| {
                *next_anchor += 1;
                format!("c{next_anchor}")
            }),
            number: i as u32 + 1,
            text,
        })
        .collect()
}

/// How a clause changed between two versions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClauseChange {
    pub anchor: String,
    /// `unchanged`, `changed`, `added` or `removed`.
    pub status: &'static str,
    pub old: Option<Clause>,
    pub new: Option<Clause>,
}

pub fn diff(old: &[Clause], new: &[Clause]) -> Vec<ClauseChange> {
    let mut out: Vec<ClauseChange> = new
        .iter()
        .map(|n| match old.iter().find(|o| o.anchor == n.anchor) {
            Some(o) if o.text == n.text => ClauseChange {
                anchor: n.anchor.clone(),
                status: "unchanged",
                old: Some(o.clone()),
                new: Some(n.clone()),
            },
            Some(o) => {
                ClauseChange { anchor: n.anchor.clone(), status: "changed", old: Some(o.clone()), new: Some(n.clone()) }
            }
            None => ClauseChange { anchor: n.anchor.clone(), status: "added", old: None, new: Some(n.clone()) },
        })
        .collect();
    for o in old.iter().filter(|o| !new.iter().any(|n| n.anchor == o.anchor)) {
        out.push(ClauseChange { anchor: o.anchor.clone(), status: "removed", old: Some(o.clone()), new: None });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap().and_utc()
    }

    #[test]
    fn status_follows_the_comment_window_and_decisions_wait_for_its_end() {
        let (o, c) = (t("2026-03-02 04:00:00"), t("2026-03-20 13:00:00"));
        assert_eq!(status(t("2026-03-02 03:59:59"), o, c), Status::Upcoming);
        assert_eq!(status(o, o, c), Status::Open);
        assert_eq!(status(c, o, c), Status::Open);
        assert_eq!(status(t("2026-03-20 13:00:01"), o, c), Status::Closed);
        assert!(!may_decide(c, c), "the last second of the window still takes comments");
        assert!(may_decide(t("2026-03-20 13:00:01"), c));
    }

    #[test]
    fn the_window_is_inclusive_to_the_second() {
        let (o, c) = (t("2026-03-02 04:00:00"), t("2026-03-20 13:00:00"));
        assert_eq!(may_comment(t("2026-03-02 03:59:59"), o, c), Err(CommentRefusal::NotOpen));
        assert_eq!(may_comment(o, o, c), Ok(()));
        assert_eq!(may_comment(c, o, c), Ok(()));
        assert_eq!(may_comment(t("2026-03-20 13:00:01"), o, c), Err(CommentRefusal::Closed));
    }

    #[test]
    fn ten_working_days_on_the_calendar() {
        let cal = Calendar::embedded();
        // Opened Mon 16 March 2026 (Almaty): 21-25 March are off, so the 10th working day is 2 April.
        let opens = t("2026-03-16 05:00:00");
        assert_eq!(check_window(&cal, opens, opens, t("2026-04-02 12:00:00"), 10).unwrap(), Ok(()));
        assert_eq!(
            check_window(&cal, opens, opens, t("2026-04-01 12:00:00"), 10).unwrap(),
            Err(WindowError::TooShort { earliest_close: chrono::NaiveDate::from_ymd_opt(2026, 4, 2).unwrap() })
        );
        assert_eq!(check_window(&cal, opens, opens, opens, 10).unwrap(), Err(WindowError::ClosesBeforeOpening));
    }

    #[test]
    fn the_earliest_close_is_the_date_check_window_enforces() {
        let cal = Calendar::embedded();
        let posted = t("2026-11-26 05:00:00");
        // Posted Thursday 26 November 2026: ten working days end on Thursday 10 December; opening
        // on Friday 27 November moves it to Friday 11 December.
        let now = earliest_close(&cal, posted, posted, 10).unwrap();
        assert_eq!(now, chrono::NaiveDate::from_ymd_opt(2026, 12, 10).unwrap());
        let later = earliest_close(&cal, posted, t("2026-11-27 04:00:00"), 10).unwrap();
        assert_eq!(later, chrono::NaiveDate::from_ymd_opt(2026, 12, 11).unwrap());
        assert_eq!(
            check_window(&cal, posted, t("2026-11-27 04:00:00"), t("2026-12-10 13:00:00"), 10).unwrap(),
            Err(WindowError::TooShort { earliest_close: later })
        );
    }

    #[test]
    fn a_window_cannot_be_back_dated() {
        let cal = Calendar::embedded();
        let posted = t("2026-04-15 05:00:00");
        // Opened a month before posting, closing seconds after it: the public would have no time.
        let back = check_window(&cal, posted, t("2026-03-16 05:00:00"), t("2026-04-15 05:00:25"), 10);
        assert_eq!(back.unwrap(), Err(WindowError::OpensBeforePosting));
        // A clock a few minutes behind ours is no back-dating.
        let skew = posted - CLOCK_SKEW;
        assert_eq!(check_window(&cal, posted, skew, t("2026-05-30 12:00:00"), 10).unwrap(), Ok(()));
        assert_eq!(
            check_window(&cal, posted, skew - chrono::Duration::seconds(1), t("2026-05-30 12:00:00"), 10).unwrap(),
            Err(WindowError::OpensBeforePosting)
        );
        // The ten working days run from posting when the window opens (just) before it: posted Wed 15
        // April, opened 4 minutes earlier on the same day: the 10th working day is 29 April.
        let close_early =
            check_window(&cal, posted, posted - chrono::Duration::minutes(4), t("2026-04-27 12:00:00"), 10);
        assert!(matches!(close_early.unwrap(), Err(WindowError::TooShort { .. })));
        // ... and from opening when it opens later.
        let later = t("2026-05-04 05:00:00");
        assert!(matches!(
            check_window(&cal, posted, later, t("2026-05-05 12:00:00"), 10).unwrap(),
            Err(WindowError::TooShort { .. })
        ));
    }

    #[test]
    fn clauses_are_paragraphs_and_top_level_items() {
        let md = "# Қағидалар\n\n## 1. Жалпы ережелер\n\n1. Бірінші тармақ.\n2. Екінші тармақ:\n   - ішкі тармақ\n\nҚорытынды абзац.\n";
        assert_eq!(split_clauses(md), ["Бірінші тармақ.", "Екінші тармақ:\n   - ішкі тармақ", "Қорытынды абзац."]);
        assert_eq!(split_clauses("- бір\n- екі\n\n10) он\n"), ["бір", "екі", "он"]);
    }

    #[test]
    fn anchors_survive_a_revision() {
        let mut next = 0;
        let v1 = anchor_clauses(
            &[],
            vec![
                "Срок оказания услуги пять рабочих дней.".into(),
                "Услуга оказывается бесплатно.".into(),
                "Результат выдаётся в электронной форме.".into(),
            ],
            &mut next,
        );
        assert_eq!(v1.iter().map(|c| c.anchor.as_str()).collect::<Vec<_>>(), ["c1", "c2", "c3"]);
        // A clause inserted at the top, one slightly edited, one removed.
        let v2 = anchor_clauses(
            &v1,
            vec![
                "Новый первый пункт о заявителях.".into(),
                "Срок оказания услуги три рабочих дня.".into(),
                "Результат выдаётся в электронной форме.".into(),
            ],
            &mut next,
        );
        assert_eq!(
            v2.iter().map(|c| (c.anchor.as_str(), c.number)).collect::<Vec<_>>(),
            [("c4", 1), ("c1", 2), ("c3", 3)]
        );
        let d = diff(&v1, &v2);
        let statuses: Vec<(&str, &str)> = d.iter().map(|c| (c.anchor.as_str(), c.status)).collect();
        assert_eq!(statuses, [("c4", "added"), ("c1", "changed"), ("c3", "unchanged"), ("c2", "removed")]);
    }

    #[test]
    fn decisions_that_need_a_reason() {
        assert!(Disposition::Rejected.needs_reason());
        assert!(Disposition::NotConsidered.needs_reason());
        assert!(!Disposition::Accepted.needs_reason());
        assert!(!Disposition::PartiallyAccepted.needs_reason());
    }
}
