//! The examples' shared story: the records they talk about, small helpers to write them, and one
//! example per parameter meaning, shared by every operation that takes it. The story: an NGO
//! monitors how the Akimat of Astana registers births, asks it for information, and publishes a
//! conclusion. Agencies, services and KATO codes are the real ones of `content/`; people and the
//! NGO are made up (their IIN and BIN pass the check digit but belong to nobody we know of).
use chrono::{DateTime, NaiveDate, Utc};

use crate::service::pagination::encode_cursor;

// The records the examples talk about.
pub const MINJUST: i64 = 12;
pub const ASDGS: i64 = 27;
pub const GOVCORP: i64 = 41;
pub const AKIMAT_AKMOLA: i64 = 203;
pub const AKIMAT_ASTANA: i64 = 214;
pub const AKIMAT_BURABAY: i64 = 231;
pub const SERVICE: i64 = 31;
pub const ORGANIZATION: i64 = 5;
pub const ACCOUNT: i64 = 305;
pub const OFFICER: i64 = 311;
pub const CAMPAIGN: i64 = 8;
pub const OBSERVATION: i64 = 153;
pub const EVIDENCE: i64 = 401;
pub const SURVEY_RESPONSE: i64 = 640;
pub const REQUEST: i64 = 57;
pub const REQUEST_FILE: i64 = 88;
pub const REPORT: i64 = 44;
pub const DISCUSSION: i64 = 19;
pub const COMMENT: i64 = 240;
pub const CONCLUSION: i64 = 6;
pub const MEASURE: i64 = 23;
pub const EVENT: i64 = 1042;
pub const INVITATION: i64 = 12;
pub const TOKEN: i64 = 77;
pub const NOTIFICATION: i64 = 90;
pub const WEBHOOK: i64 = 3;
pub const ASTANA_KATO: &str = "710000000";
/// Fictional, with a valid check digit (see `domain::identity`).
pub const IIN: &str = "900514401235";
pub const BIN: &str = "210340012344";
pub const PERSON: &str = "Асель Мысалова";
pub const OFFICER_NAME: &str = "Ержан Мысалов";
pub const OFFICER_IIN: &str = "850312300459";
pub const NGO: &str = "ОФ «Адал қызмет»";

pub fn at(rfc3339: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(rfc3339).map(|d| d.to_utc()).unwrap_or_default()
}

pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

pub fn s(text: &str) -> String {
    text.to_string()
}

pub fn api(path: &str) -> String {
    format!("/api/v1{path}")
}

// Parameters. One function per meaning, shared by every operation that takes it; the ids point at
// the records of the schema examples below.

pub fn account_id() -> i64 {
    ACCOUNT
}

pub fn agency_id() -> i64 {
    AKIMAT_ASTANA
}

pub fn service_id() -> i64 {
    SERVICE
}

pub fn organization_id() -> i64 {
    ORGANIZATION
}

pub fn invitation_id() -> i64 {
    INVITATION
}

pub fn token_id() -> i64 {
    TOKEN
}

pub fn notification_id() -> i64 {
    NOTIFICATION
}

pub fn webhook_id() -> i64 {
    WEBHOOK
}

pub fn report_id() -> i64 {
    REPORT
}

pub fn campaign_id() -> i64 {
    CAMPAIGN
}

pub fn request_id() -> i64 {
    REQUEST
}

pub fn discussion_id() -> i64 {
    DISCUSSION
}

pub fn conclusion_id() -> i64 {
    CONCLUSION
}

pub fn comment_id() -> i64 {
    COMMENT
}

pub fn evidence_id() -> i64 {
    EVIDENCE
}

pub fn file_id() -> i64 {
    REQUEST_FILE
}

pub fn measure_id() -> i64 {
    MEASURE
}

pub fn observation_id() -> i64 {
    OBSERVATION
}

pub fn revision_number() -> i32 {
    2
}

pub fn revision_from() -> i32 {
    1
}

pub fn revision_to() -> i32 {
    2
}

pub fn diff_context() -> Option<u32> {
    Some(3)
}

pub fn limit() -> Option<u64> {
    Some(20)
}

pub fn cursor() -> Option<String> {
    Some(encode_cursor(OBSERVATION - 1))
}

pub fn offset() -> Option<u64> {
    Some(20)
}

pub fn agency() -> Option<i64> {
    Some(AKIMAT_ASTANA)
}

pub fn parent_agency() -> Option<i64> {
    Some(AKIMAT_AKMOLA)
}

pub fn approving_body() -> Option<i64> {
    Some(MINJUST)
}

pub fn agency_kind() -> Option<String> {
    Some("district_akimat".into())
}

pub fn agency_code() -> Option<String> {
    Some("MINJUST".into())
}

pub fn agency_q() -> Option<String> {
    Some("әділет".into())
}

pub fn region() -> Option<String> {
    Some(ASTANA_KATO.into())
}

pub fn active() -> Option<bool> {
    Some(true)
}

pub fn service() -> Option<i64> {
    Some(SERVICE)
}

pub fn service_q() -> Option<String> {
    Some("регистрация рождения".into())
}

pub fn service_channel() -> Option<String> {
    Some("egov_portal".into())
}

pub fn service_form() -> Option<String> {
    Some("electronic".into())
}

pub fn service_recipient() -> Option<String> {
    Some("individuals".into())
}

pub fn paid() -> Option<bool> {
    Some(false)
}

pub fn account_q() -> Option<String> {
    Some("example.kz".into())
}

pub fn account_role() -> Option<String> {
    Some("agency_officer".into())
}

pub fn actor() -> Option<i64> {
    Some(ACCOUNT)
}

pub fn audit_action() -> Option<String> {
    Some("account.register".into())
}

pub fn audit_entity_type() -> Option<String> {
    Some("organization".into())
}

pub fn audit_entity_id() -> Option<String> {
    Some(ORGANIZATION.to_string())
}

pub fn organization() -> Option<i64> {
    Some(ORGANIZATION)
}

pub fn organization_q() -> Option<String> {
    Some("Адал қызмет".into())
}

pub fn calendar_year() -> i32 {
    2026
}

pub fn transfer_id() -> i64 {
    1
}

pub fn transfers_year() -> Option<i32> {
    Some(2026)
}

pub fn day_from() -> NaiveDate {
    day(2026, 3, 2)
}

pub fn day_to() -> NaiveDate {
    day(2026, 3, 31)
}

pub fn working_days() -> Option<u32> {
    Some(15)
}

pub fn calendar_days() -> Option<u32> {
    Some(30)
}

pub fn period_from() -> Option<NaiveDate> {
    Some(day(2026, 3, 1))
}

pub fn period_to() -> Option<NaiveDate> {
    Some(day(2026, 5, 31))
}

pub fn campaign() -> Option<i64> {
    Some(CAMPAIGN)
}

pub fn campaign_state() -> Option<String> {
    Some("active".into())
}

pub fn campaign_basis() -> Option<String> {
    Some("own_initiative".into())
}

pub fn observation_channel() -> Option<String> {
    Some("state_corporation".into())
}

pub fn outcome() -> Option<String> {
    Some("refused".into())
}

pub fn violation() -> Option<String> {
    Some("deadline_breached".into())
}

pub fn statistics_by() -> Option<String> {
    Some("region".into())
}

pub fn request_state() -> Option<String> {
    Some("answered".into())
}

pub fn overdue() -> Option<bool> {
    Some(true)
}

pub fn due_within_days() -> Option<u32> {
    Some(5)
}

pub fn conclusion() -> Option<i64> {
    Some(CONCLUSION)
}

pub fn conclusion_state() -> Option<String> {
    Some("published".into())
}

pub fn measure_status() -> Option<String> {
    Some("in_progress".into())
}

pub fn lang() -> Option<String> {
    Some("kk".into())
}

pub fn language() -> Option<String> {
    Some("ru".into())
}

pub fn discussion() -> Option<i64> {
    Some(DISCUSSION)
}

pub fn discussion_status() -> Option<String> {
    Some("open".into())
}

pub fn comment_decision() -> Option<String> {
    Some("partially_accepted".into())
}

pub fn report_year() -> Option<i32> {
    Some(2025)
}

pub fn demo() -> Option<bool> {
    Some(false)
}

pub fn search_q() -> Option<String> {
    Some("мемлекеттік қызмет көрсету мерзімі".into())
}

pub fn document_kind() -> Option<String> {
    Some("report".into())
}

pub fn search_sort() -> Option<String> {
    Some("newest".into())
}

pub fn year_from() -> Option<i32> {
    Some(2023)
}

pub fn year_to() -> Option<i32> {
    Some(2025)
}

pub fn unread() -> Option<bool> {
    Some(true)
}

pub fn delivery_outcome() -> Option<String> {
    Some(s("failed"))
}

pub fn delivery_event() -> Option<i64> {
    Some(EVENT)
}

pub fn event_after() -> Option<i64> {
    Some(EVENT - 1)
}

pub fn event_entity() -> Option<String> {
    Some("report,info_request".into())
}

pub fn problem_code() -> String {
    "validation_failed".into()
}

pub const REPORT_TITLE_RU: &str = "Отчет акимата города Астаны об оказании государственных услуг за 2025 год";

pub const PROPOSAL_MD: &str = "Укажите, сколько из 412 380 услуг оказано с нарушением срока, по видам услуг.";

pub const REPLACEMENT: &str = "В 2025 году акиматом оказано 412 380 государственных услуг, из них 91 % в электронной \
                           форме; с нарушением срока — 1 204 (0,3 %).";
