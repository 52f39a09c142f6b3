//! What an officer's page needs beside the commands of `requests`: which of the agency's actions
//! the request's state allows this caller, and what an extension would set before it is made.
use super::*;

/// The agency's events the law allows on this request now, for this caller: none unless the
/// caller is an officer of the addressed agency; otherwise those the state machine accepts
/// (an extension only while none was made).
#[tracing::instrument(skip_all, fields(request = r.id))]
pub fn agency_events(caller: Option<&Caller>, r: &info_request::Model) -> Vec<Event> {
    let Some(caller) = caller else { return Vec::new() };
    if require_addressee_officer(caller, r).is_err() {
        return Vec::new();
    }
    [Event::Answer, Event::AnswerPartially, Event::Refuse, Event::Forward, Event::Extend]
        .into_iter()
        .filter(|e| state_of(r).apply(*e, r.extended).is_ok())
        .collect()
}

/// The due date an extension by `days` (the rule's most when `None`) would set, and the rule it
/// is counted under, refused exactly as `extend` would refuse it; nothing is written.
#[tracing::instrument(skip_all, fields(account = caller.id(), request = id))]
pub async fn extension_preview(
    ctx: &Ctx,
    caller: &Caller,
    cal: &Calendar,
    id: i64,
    a: &AgencyAction,
) -> AppResult<(NaiveDate, DeadlineRule)> {
    let r = find(&ctx.db, id).await?;
    require_addressee_officer(caller, &r)?;
    let (_, due, _) = plan_extension(cal, &r, a)?;
    Ok((due, rule_of(&r)?))
}
