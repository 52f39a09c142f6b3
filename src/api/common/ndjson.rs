//! An NDJSON request body (`application/x-ndjson`), read whole up to its own limit: one JSON
//! document per line, for bulk imports.
use poem::{Request, RequestBody, error::ReadBodyError};
use poem_openapi::{
    ApiExtractor, ApiExtractorType, ExtractParamOptions,
    payload::{ParsePayload, Payload},
    registry::{MetaMediaType, MetaRequest, MetaSchema, MetaSchemaRef},
};

use crate::error::{AppError, Code};

#[derive(Clone, Copy)]
pub struct NdjsonBodyLimit(pub usize);

pub struct Ndjson(pub Vec<u8>);

impl Payload for Ndjson {
    const CONTENT_TYPE: &'static str = "application/x-ndjson";

    fn check_content_type(content_type: &str) -> bool {
        matches!(content_type.parse::<mime::Mime>(), Ok(m) if m.type_() == "application"
            && (m.subtype() == "x-ndjson" || m.subtype() == "ndjson" || m.subtype() == "jsonl" || m.subtype() == "jsonlines"))
    }

    fn schema_ref() -> MetaSchemaRef {
        MetaSchemaRef::Inline(Box::new(MetaSchema::new_with_format("string", "binary")))
    }
}

impl ParsePayload for Ndjson {
    const IS_REQUIRED: bool = true;

    async fn from_request(request: &Request, body: &mut RequestBody) -> poem::Result<Self> {
        let limit = request.data::<NdjsonBodyLimit>().map(|l| l.0).unwrap_or(256 * 1024 * 1024);
        let bytes = body.take()?.into_bytes_limit(limit).await.map_err(|e| match e {
            ReadBodyError::PayloadTooLarge => AppError::new(Code::BodyTooLarge).arg("limit", limit),
            other => AppError::new(Code::MalformedJson).arg("reason", other),
        })?;
        Ok(Ndjson(bytes.to_vec()))
    }
}

impl<'a> ApiExtractor<'a> for Ndjson {
    const TYPES: &'static [ApiExtractorType] = &[ApiExtractorType::RequestObject];
    type ParamType = ();
    type ParamRawType = ();

    fn request_meta() -> Option<MetaRequest> {
        Some(MetaRequest {
            description: Some("One JSON object per line."),
            content: vec![MetaMediaType {
                content_type: <Self as Payload>::CONTENT_TYPE,
                schema: <Self as Payload>::schema_ref(),
            }],
            required: true,
        })
    }

    async fn from_request(
        request: &'a Request,
        body: &mut RequestBody,
        _: ExtractParamOptions<Self::ParamType>,
    ) -> poem::Result<Self> {
        match request.content_type() {
            Some(ct) if <Self as Payload>::check_content_type(ct) => {
                <Self as ParsePayload>::from_request(request, body).await
            }
            Some(ct) => Err(AppError::new(Code::UnsupportedMediaType).arg("content_type", ct).into()),
            None => {
                Err(AppError::new(Code::UnsupportedMediaType).arg("content_type", "a body without Content-Type").into())
            }
        }
    }
}
