//! Agencies' measures on published conclusions as open data (Law Art. 29 p.4). Answering is under
//! the conclusion, in `conclusions.rs`.
use poem::{Request, web::Data};
use poem_openapi::{OpenApi, param::Path, param::Query, payload::Json};

use super::{
    ApiTags,
    common::{examples as ex, lang_of},
    conclusions::{MeasureView, measure_view},
};
use crate::{error::AppError, http, service::measures, service::pagination::PageRequest, state::AppState};

#[derive(Default)]
pub struct MeasuresApi;

#[OpenApi(tag = "ApiTags::Conclusions")]
impl MeasuresApi {
    /// Agencies' measures on every published conclusion (open data)
    ///
    /// Every answer of an addressed agency on an item, ordered by id; the latest answer of an
    /// agency on an item counts. Filter by conclusion, agency and status.
    #[oai(path = "/measures", method = "get")]
    async fn all_measures(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(example = "ex::conclusion")] conclusion: Query<Option<i64>>,
        #[oai(example = "ex::agency")] agency: Query<Option<i64>>,
        /// `accepted`, `in_progress`, `done` or `rejected`.
        #[oai(example = "ex::measure_status")]
        status: Query<Option<String>>,
        #[oai(example = "ex::limit", validator(minimum(value = "1"), maximum(value = "100")))] limit: Query<
            Option<u64>,
        >,
        #[oai(example = "ex::cursor")] cursor: Query<Option<String>>,
    ) -> Result<Json<super::views::Page<MeasureView>>, AppError> {
        let ctx = http::ctx(&state, req);
        let page = PageRequest::parse(limit.0, cursor.0.as_deref())?;
        let f = measures::MeasureFilter { conclusion_id: conclusion.0, agency_id: agency.0, status: status.0 };
        let (rows, next) = measures::list_measures(&ctx, f, page).await?;
        let lang = lang_of(req);
        Ok(Json(super::views::Page {
            items: rows.into_iter().map(|m| measure_view(m, lang)).collect(),
            next_cursor: next,
        }))
    }

    /// One measure
    #[oai(path = "/measures/:id", method = "get")]
    async fn one_measure(
        &self,
        state: Data<&AppState>,
        req: &Request,
        #[oai(example = "ex::measure_id")] id: Path<i64>,
    ) -> Result<Json<MeasureView>, AppError> {
        let ctx = http::ctx(&state, req);
        Ok(Json(measure_view(measures::public_measure(&ctx, id.0).await?, lang_of(req))))
    }
}
