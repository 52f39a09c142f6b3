//! One error catalogue: a stable snake_case code, its HTTP status, and its text in
//! `content/i18n/*.toml` under `errors.<code>`. Every refusal leaves the service as
//! RFC 9457 `application/problem+json`, rendered in the client's language by `http::problem`.
use poem::http::StatusCode;
use poem_openapi::{
    ApiResponse, Object,
    registry::{MetaMediaType, MetaResponse, MetaResponses, Registry},
    types::Type,
};

macro_rules! catalogue {
    ($($variant:ident => ($code:literal, $status:literal)),* $(,)?) => {
        /// Stable machine codes; clients may branch on them, so a code is never renamed.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Code { $($variant),* }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code),* }
            }

            pub fn status(self) -> StatusCode {
                match self {
                    $(Code::$variant => StatusCode::from_u16($status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)),*
                }
            }
        }
    };
}

catalogue! {
    MalformedJson => ("malformed_json", 400),
    InvalidParameter => ("invalid_parameter", 400),
    Unauthorized => ("unauthorized", 401),
    InvalidToken => ("invalid_token", 401),
    TokenExpired => ("token_expired", 401),
    TokenRevoked => ("token_revoked", 401),
    InvalidCredentials => ("invalid_credentials", 401),
    Forbidden => ("forbidden", 403),
    InsufficientScope => ("insufficient_scope", 403),
    NotOrganizationAdmin => ("not_organization_admin", 403),
    InvitationNotForYou => ("invitation_not_for_you", 403),
    AnonymousComment => ("anonymous_comment", 403),
    NotCampaignMember => ("not_campaign_member", 403),
    NotCampaignOwner => ("not_campaign_owner", 403),
    NotFound => ("not_found", 404),
    ResourceNotFound => ("resource_not_found", 404),
    MethodNotAllowed => ("method_not_allowed", 405),
    EmailTaken => ("email_taken", 409),
    BinTaken => ("bin_taken", 409),
    AlreadyMember => ("already_member", 409),
    InvitationNotPending => ("invitation_not_pending", 409),
    LastOrganizationAdmin => ("last_organization_admin", 409),
    AgencyCodeTaken => ("agency_code_taken", 409),
    ServiceCodeTaken => ("service_code_taken", 409),
    AgencyReferenced => ("agency_referenced", 409),
    LastAdmin => ("last_admin", 409),
    IllegalTransition => ("illegal_transition", 409),
    AlreadyExtended => ("already_extended", 409),
    PublishedCheckRequired => ("published_check_required", 409),
    PublishedCheckStale => ("published_check_stale", 409),
    RequestNotEditable => ("request_not_editable", 409),
    DiscussionClosed => ("discussion_closed", 409),
    DiscussionNotOpen => ("discussion_not_open", 409),
    DiscussionStillOpen => ("discussion_still_open", 409),
    DispositionsMissing => ("dispositions_missing", 409),
    NoticeAlreadyPublished => ("notice_already_published", 409),
    AlreadyHidden => ("already_hidden", 409),
    NotHidden => ("not_hidden", 409),
    Withdrawn => ("withdrawn", 410),
    CampaignTransitionNotAllowed => ("campaign_transition_not_allowed", 409),
    CampaignReadOnly => ("campaign_read_only", 409),
    CampaignNotActive => ("campaign_not_active", 409),
    SurveyNotOpen => ("survey_not_open", 403),
    SurveyLimitReached => ("survey_limit_reached", 429),
    QuestionnaireFrozen => ("questionnaire_frozen", 409),
    Conflict => ("conflict", 409),
    BodyTooLarge => ("body_too_large", 413),
    UnsupportedMediaType => ("unsupported_media_type", 415),
    InvalidBody => ("invalid_body", 422),
    ValidationFailed => ("validation_failed", 422),
    DateOutOfRange => ("date_out_of_range", 422),
    AddresseeNotAllowed => ("addressee_not_allowed", 422),
    TooManyLoginAttempts => ("too_many_login_attempts", 429),
    Internal => ("internal", 500),
    SearchUnavailable => ("search_unavailable", 503),
    FileTooLarge => ("file_too_large", 413),
    UnsupportedFileType => ("unsupported_file_type", 415),
    DamagedFile => ("damaged_file", 422),
    MalformedMultipart => ("malformed_multipart", 400),
    MultipartRequired => ("multipart_required", 415),
    RateLimited => ("rate_limited", 429),
    ConclusionNotDraft => ("conclusion_not_draft", 409),
    ConclusionNotSubmitted => ("conclusion_not_submitted", 409),
    ConclusionNotPublished => ("conclusion_not_published", 409),
    CampaignNotConcludable => ("campaign_not_concludable", 409),
    NotAddressedAgency => ("not_addressed_agency", 403),
    AnswerNotEditable => ("answer_not_editable", 409),
    CsrfFailed => ("csrf_failed", 403),
}

/// One invalid field: a JSON pointer into the request body (or `parameter` for a query or path
/// parameter), a stable code and placeholders for its message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub pointer: String,
    pub code: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl FieldError {
    pub fn new(pointer: impl Into<String>, code: &'static str) -> Self {
        Self { pointer: pointer.into(), code, args: Vec::new() }
    }

    pub fn arg(mut self, name: &'static str, value: impl ToString) -> Self {
        self.args.push((name, value.to_string()));
        self
    }
}

#[derive(Debug)]
pub struct AppError {
    pub code: Code,
    pub args: Vec<(&'static str, String)>,
    pub fields: Vec<FieldError>,
    pub retry_after_secs: Option<u64>,
    /// What went wrong inside, for the log only; never shown to a client.
    pub source: Option<anyhow::Error>,
}

impl AppError {
    pub fn new(code: Code) -> Self {
        Self { code, args: Vec::new(), fields: Vec::new(), retry_after_secs: None, source: None }
    }

    pub fn arg(mut self, name: &'static str, value: impl ToString) -> Self {
        self.args.push((name, value.to_string()));
        self
    }

    pub fn fields(code: Code, fields: Vec<FieldError>) -> Self {
        Self { fields, ..Self::new(code) }
    }

    pub fn validation(fields: Vec<FieldError>) -> Self {
        Self::fields(Code::ValidationFailed, fields)
    }

    pub fn not_found(entity: &str, id: impl ToString) -> Self {
        Self::new(Code::ResourceNotFound).arg("entity", entity).arg("id", id)
    }

    /// A query or path parameter that cannot be used, named in `errors[]`.
    pub fn invalid_parameter(name: &str, reason: &str) -> Self {
        Self::fields(
            Code::InvalidParameter,
            vec![FieldError::new("", "wrong_type").arg("parameter", name).arg("reason", reason)],
        )
        .arg("name", name)
        .arg("reason", reason)
    }

    pub fn forbidden(why: &str) -> Self {
        Self::new(Code::Forbidden).arg("why", why)
    }

    pub fn internal(source: impl Into<anyhow::Error>) -> Self {
        Self { source: Some(source.into()), ..Self::new(Code::Internal) }
    }

    pub fn retry_after(mut self, secs: u64) -> Self {
        self.retry_after_secs = Some(secs);
        self
    }

    pub fn status(&self) -> StatusCode {
        self.code.status()
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.code.as_str())?;
        if let Some(src) = &self.source {
            write!(f, ": {src:#}")?;
        }
        Ok(())
    }
}

impl std::error::Error for AppError {}

impl poem::error::ResponseError for AppError {
    fn status(&self) -> StatusCode {
        self.code.status()
    }
}

/// Database failures are internal, except a unique-constraint violation, which means the client
/// tried to create something that exists: a 409 the caller may refine with a specific code.
impl From<sea_orm::DbErr> for AppError {
    fn from(e: sea_orm::DbErr) -> Self {
        if let Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) = e.sql_err() {
            let mut err = AppError::new(Code::Conflict);
            err.source = Some(e.into());
            return err;
        }
        AppError::internal(e)
    }
}

impl From<sea_orm::TransactionError<AppError>> for AppError {
    fn from(e: sea_orm::TransactionError<AppError>) -> Self {
        match e {
            sea_orm::TransactionError::Connection(e) => e.into(),
            sea_orm::TransactionError::Transaction(e) => e,
        }
    }
}

pub type AppResult<T> = Result<T, AppError>;

/// An item of `errors[]` in a problem document.
#[derive(Object, Clone, Debug)]
#[oai(example)]
pub struct ProblemField {
    /// JSON pointer (RFC 6901) to the offending field of the request body, e.g. `/iin`.
    #[oai(skip_serializing_if_is_none)]
    pub pointer: Option<String>,
    /// Name of the offending query or path parameter.
    #[oai(skip_serializing_if_is_none)]
    pub parameter: Option<String>,
    /// Stable code of what is wrong with the field.
    pub code: String,
    /// What is wrong and what to do, in the client's language.
    pub message: String,
}

/// RFC 9457 problem details, with a stable `code` for programs and text for people.
#[derive(Object, Clone, Debug)]
#[oai(example)]
pub struct Problem {
    /// URI of the problem type; `GET` it for the catalogue entry.
    #[oai(rename = "type")]
    pub type_: String,
    /// Short summary in the client's language (`Accept-Language`: kk, ru, en).
    pub title: String,
    /// HTTP status code.
    pub status: u16,
    /// What happened and what to do instead, in the client's language.
    pub detail: String,
    /// Stable machine code, e.g. `validation_failed`.
    pub code: String,
    /// The request id (also in the `X-Request-Id` header) to quote when asking for help.
    #[oai(skip_serializing_if_is_none)]
    pub request_id: Option<String>,
    /// One entry per invalid field or parameter.
    pub errors: Vec<ProblemField>,
}

const DOCUMENTED: &[(u16, &str)] = &[
    (400, "The request is malformed: invalid JSON or an unparsable parameter."),
    (401, "No valid bearer token, or wrong credentials."),
    (403, "The caller may not do this."),
    (404, "No such resource."),
    (409, "The request conflicts with the current state."),
    (410, "A moderator withdrew the record from public view; `detail` gives the reason."),
    (413, "The request body is larger than allowed."),
    (415, "The request body's media type is not supported."),
    (422, "The request is well-formed but its content is invalid; see `errors`."),
    (429, "Too many attempts or requests; retry after the `Retry-After` seconds."),
    (500, "An internal error; quote the request id."),
    (503, "A part of the service (the search engine) is unavailable for now; retry later."),
];

/// In the spec every operation lists the problem responses it may give.
impl ApiResponse for AppError {
    fn meta() -> MetaResponses {
        MetaResponses {
            responses: DOCUMENTED
                .iter()
                .map(|(status, description)| MetaResponse {
                    description,
                    status: Some(*status),
                    status_range: None,
                    content: vec![MetaMediaType {
                        content_type: "application/problem+json",
                        schema: Problem::schema_ref(),
                    }],
                    headers: vec![],
                })
                .collect(),
        }
    }

    fn register(registry: &mut Registry) {
        Problem::register(registry);
    }
}
