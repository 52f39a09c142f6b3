use poem::Request;
use poem_openapi::{Object, OpenApi, param::Path, payload::Json};

use super::ApiTags;
use super::common::examples as ex;
use crate::{
    error::{AppError, Code},
    i18n::{self, Lang},
};

#[derive(Default)]
pub struct ProblemsApi;

/// An entry of the error catalogue.
#[derive(Object)]
#[oai(example)]
pub struct ProblemType {
    pub code: String,
    pub status: u16,
    /// In the client's language.
    pub title: String,
    /// The detail's template, with `{placeholders}`.
    pub detail: String,
}

fn entry(code: Code, lang: Lang) -> ProblemType {
    let c = code.as_str();
    ProblemType {
        code: c.to_string(),
        status: code.status().as_u16(),
        title: i18n::text(lang, &format!("errors.{c}.title")),
        detail: i18n::text(lang, &format!("errors.{c}.detail")),
    }
}

#[OpenApi(tag = "ApiTags::Problems")]
impl ProblemsApi {
    /// The error catalogue
    ///
    /// Every `code` this API answers with, its status, and its text in the language of `Accept-Language`.
    #[oai(path = "/problems", method = "get")]
    async fn list(&self, req: &Request) -> Result<Json<Vec<ProblemType>>, AppError> {
        let lang = req.data::<Lang>().copied().unwrap_or(Lang::En);
        Ok(Json(Code::ALL.iter().map(|c| entry(*c, lang)).collect()))
    }

    /// One error code
    #[oai(path = "/problems/:code", method = "get")]
    async fn get(
        &self,
        req: &Request,
        #[oai(example = "ex::problem_code")] code: Path<String>,
    ) -> Result<Json<ProblemType>, AppError> {
        let lang = req.data::<Lang>().copied().unwrap_or(Lang::En);
        Code::ALL
            .iter()
            .find(|c| c.as_str() == code.0)
            .map(|c| Json(entry(*c, lang)))
            .ok_or_else(|| AppError::not_found("problem type", &code.0))
    }
}

mod examples;
