//! Evidence uploads over HTTP: a `multipart/form-data` body read with the size limit enforced
//! while it arrives, for the operations that attach files (observations, answers to requests).
//!
//! poem-openapi's own multipart extractor spools every file part to a temporary file before the
//! handler runs, however large. [`UploadForm`] caps the body first: a declared `Content-Length` over
//! the cap is refused before a byte is read, and a body that keeps coming is cut off at the cap.
//! The cap is the file limit plus [`FORM_OVERHEAD`] for part headers and the other fields;
//! [`EvidenceUpload::read`] then holds the file itself to the exact limit.
//!
//! ```text
//! #[oai(path = "/observations/:id/evidence", method = "post")]
//! async fn add_evidence(&self, req: &Request, auth: BearerAuth, id: Path<i64>, form: UploadForm<EvidenceUpload>)
//!     -> Result<AddEvidenceResponse, AppError> {
//!     let (ctx, caller) = common::caller(&self.state, req, &auth, Scope::Write).await?;
//!     let file = form.0.read(ctx.config.upload_max_bytes).await?;
//!     let stored = service::uploads::store(&ctx.config, file.bytes, file.file_name.as_deref(), file.keep_location).await?;
//!     ...
//! }
//! ```
use std::{
    pin::Pin,
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
    task::{Context, Poll},
};

use poem::{Request, RequestBody, http::header};
use poem_openapi::{
    ApiExtractor, ApiExtractorType, ExtractParamOptions, Multipart,
    payload::{ParsePayload, Payload},
    registry::{MetaMediaType, MetaRequest, MetaSchemaRef, Registry},
    types::multipart::Upload,
};
use tokio::io::{AsyncRead, AsyncReadExt, ReadBuf};

use crate::{
    error::{AppError, AppResult, Code, FieldError},
    service::uploads::file_too_large,
};

/// The largest evidence file this request may carry, set by the app from `Config`.
#[derive(Clone, Copy)]
pub struct UploadLimit(pub usize);

/// Room in a form for the part headers, boundaries and the small fields next to the file.
pub const FORM_OVERHEAD: usize = 64 * 1024;

/// An evidence file with what the uploader said about it.
#[derive(Multipart, Debug)]
pub struct EvidenceUpload {
    /// The photo (JPEG, PNG, WebP), document (PDF) or recording (MP3, OGG/Opus, M4A/AAC, WAV). Its
    /// type is decided from its content; the file name and the part's Content-Type are not trusted.
    pub file: Upload,
    /// Publish where a photo was taken. By default the location (EXIF GPS, XMP) is removed.
    pub keep_location: Option<bool>,
    /// What the file shows, in a sentence.
    pub caption: Option<String>,
}

/// An [`EvidenceUpload`] read into memory, within the limit.
#[derive(Debug)]
pub struct EvidenceFile {
    pub bytes: Vec<u8>,
    /// The file name the client sent; only for display (see `domain::evidence::clean_file_name`).
    pub file_name: Option<String>,
    pub keep_location: bool,
    pub caption: Option<String>,
}

impl EvidenceUpload {
    /// The file's bytes, refused with `413 file_too_large` above `limit` bytes.
    pub async fn read(self, limit: usize) -> AppResult<EvidenceFile> {
        // The file name is cleaned of control characters where it is kept; the caption is text
        // the person wrote, refused like any other.
        if self.caption.as_deref().is_some_and(crate::domain::text::has_forbidden_control) {
            return Err(AppError::validation(vec![FieldError::new("/caption", "control_character")]));
        }
        let file_name = self.file.file_name().map(str::to_string);
        Ok(EvidenceFile {
            bytes: read_upload(self.file, limit).await?,
            file_name,
            keep_location: self.keep_location.unwrap_or(false),
            caption: self.caption,
        })
    }
}

/// Reads an uploaded part, at most `limit` bytes of it.
pub async fn read_upload(upload: Upload, limit: usize) -> AppResult<Vec<u8>> {
    if upload.size() > limit {
        return Err(file_too_large(limit));
    }
    let mut bytes = Vec::with_capacity(upload.size());
    // `take` guards against a spooled file that grew after it was measured.
    upload
        .into_async_read()
        .take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .await
        .map_err(|e| AppError::internal(anyhow::Error::new(e).context("reading an uploaded file")))?;
    if bytes.len() > limit {
        return Err(file_too_large(limit));
    }
    Ok(bytes)
}

/// A multipart form `T` (e.g. [`EvidenceUpload`]) whose body is capped at the upload limit while it
/// is read, and whose refusals are our problem documents.
pub struct UploadForm<T>(pub T);

impl<T: Payload> Payload for UploadForm<T> {
    const CONTENT_TYPE: &'static str = T::CONTENT_TYPE;

    fn check_content_type(content_type: &str) -> bool {
        T::check_content_type(content_type)
    }

    fn schema_ref() -> MetaSchemaRef {
        T::schema_ref()
    }

    fn register(registry: &mut Registry) {
        T::register(registry);
    }
}

impl<T: Payload + ParsePayload + Send> ParsePayload for UploadForm<T> {
    const IS_REQUIRED: bool = true;

    async fn from_request(request: &Request, body: &mut RequestBody) -> poem::Result<Self> {
        let limit = request.data::<UploadLimit>().map(|l| l.0).unwrap_or(20 * 1024 * 1024);
        let cap = limit.saturating_add(FORM_OVERHEAD);
        let declared = request.header(header::CONTENT_LENGTH).and_then(|v| v.trim().parse::<u64>().ok());
        if declared.is_some_and(|n| n > cap as u64) {
            return Err(file_too_large(limit).into());
        }
        let tripped = Arc::new(AtomicBool::new(false));
        let capped = Capped { inner: body.take()?.into_async_read(), left: cap as u64, tripped: tripped.clone() };
        let mut capped_body = RequestBody::new(poem::Body::from_async_read(capped));
        match T::from_request(request, &mut capped_body).await {
            Ok(form) => Ok(UploadForm(form)),
            Err(_) if tripped.load(Ordering::Relaxed) => Err(file_too_large(limit).into()),
            Err(e) => Err(form_error(e).into()),
        }
    }
}

impl<'a, T: Payload + ParsePayload + Send> ApiExtractor<'a> for UploadForm<T> {
    const TYPES: &'static [ApiExtractorType] = &[ApiExtractorType::RequestObject];
    type ParamType = ();
    type ParamRawType = ();

    fn register(registry: &mut Registry) {
        <Self as Payload>::register(registry);
    }

    fn request_meta() -> Option<MetaRequest> {
        Some(MetaRequest {
            description: None,
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
        _param_opts: ExtractParamOptions<Self::ParamType>,
    ) -> poem::Result<Self> {
        match request.content_type() {
            Some(ct) if <Self as Payload>::check_content_type(ct) => {
                <Self as ParsePayload>::from_request(request, body).await
            }
            other => Err(AppError::new(Code::MultipartRequired)
                .arg("content_type", other.unwrap_or("a body without Content-Type"))
                .into()),
        }
    }
}

/// poem-openapi reports a form's problems as sentences; a missing or unparsable field becomes a
/// 422 pointing at it, like a JSON body's, and anything else a 400.
fn form_error(e: poem::Error) -> AppError {
    if e.is::<AppError>() {
        return e.downcast::<AppError>().unwrap_or_else(|e| AppError::internal(anyhow::anyhow!("{e}")));
    }
    if let Some(p) = e.downcast_ref::<poem_openapi::error::ParseMultipartError>() {
        let field_named = |rest: &str| rest.split('`').next().map(|name| format!("/{name}"));
        if let Some(pointer) =
            p.reason.strip_prefix("field `").filter(|r| r.ends_with("is required")).and_then(field_named)
        {
            return AppError::fields(Code::InvalidBody, vec![FieldError::new(pointer, "required")]);
        }
        // A part that could not be read to its end (`io: ...`) is a broken form, not a wrong value.
        if let Some(rest) = p.reason.strip_prefix("failed to parse field `")
            && !p.reason.contains("io: ")
            && let (Some(pointer), Some((_, reason))) = (field_named(rest), rest.split_once("`: "))
        {
            return AppError::fields(
                Code::InvalidBody,
                vec![FieldError::new(pointer, "wrong_type").arg("reason", reason)],
            );
        }
        return AppError::new(Code::MalformedMultipart).arg("reason", &p.reason);
    }
    AppError::new(Code::MalformedMultipart).arg("reason", e)
}

/// Passes a body through until more than `left` bytes have come, then fails and says so.
struct Capped<R> {
    inner: R,
    left: u64,
    tripped: Arc<AtomicBool>,
}

impl<R: AsyncRead + Unpin> AsyncRead for Capped<R> {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        match Pin::new(&mut self.inner).poll_read(cx, buf) {
            Poll::Ready(Ok(())) => {
                let n = (buf.filled().len() - before) as u64;
                if n > self.left {
                    self.tripped.store(true, Ordering::Relaxed);
                    return Poll::Ready(Err(std::io::Error::other("the upload is larger than allowed")));
                }
                self.left -= n;
                Poll::Ready(Ok(()))
            }
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use poem::{
        EndpointExt, Route,
        test::{TestClient, TestForm, TestFormField},
    };
    use poem_openapi::{OpenApi, OpenApiService, payload::PlainText};
    use serde_json::Value;

    use super::*;
    use crate::domain::evidence;

    const PNG: &[u8] = include_bytes!("../../../tests/fixtures/evidence/tiny.png");

    struct Probe;

    /// A stand-in for the operations that will take evidence: it reads the form as they will and
    /// answers with the sniffed type.
    #[OpenApi]
    impl Probe {
        #[oai(path = "/upload", method = "post")]
        async fn upload(&self, req: &Request, form: UploadForm<EvidenceUpload>) -> Result<PlainText<String>, AppError> {
            let limit = req.data::<UploadLimit>().map(|l| l.0).unwrap_or(0);
            let file = form.0.read(limit).await?;
            let ty = evidence::sniff(&file.bytes)?;
            Ok(PlainText(format!("{} {} {}", ty.content_type, file.bytes.len(), file.keep_location)))
        }
    }

    fn client(limit: usize) -> TestClient<impl poem::Endpoint> {
        let api = OpenApiService::new(Probe, "probe", "1");
        TestClient::new(
            Route::new()
                .nest("/", api)
                .data(UploadLimit(limit))
                .with(crate::http::edge::Edge::new(&serde_json::Value::Null)),
        )
    }

    fn file(bytes: &[u8], name: &str, content_type: &str) -> TestFormField {
        TestFormField::bytes(bytes.to_vec()).name("file").filename(name).content_type(content_type)
    }

    async fn problem(resp: poem::test::TestResponse) -> (u16, Value) {
        let status = resp.0.status().as_u16();
        let body: Value = serde_json::from_str(&resp.0.into_body().into_string().await.unwrap()).unwrap();
        (status, body)
    }

    #[tokio::test]
    async fn a_png_sent_as_a_pdf_is_read_as_a_png() {
        let resp = client(1024)
            .post("/upload")
            .multipart(
                TestForm::new().field(file(PNG, "evidence.pdf", "application/pdf")).text("keep_location", "true"),
            )
            .send()
            .await;
        resp.assert_status_is_ok();
        resp.assert_text(format!("image/png {} true", PNG.len())).await;
    }

    #[tokio::test]
    async fn a_file_at_the_limit_passes_and_one_byte_more_is_413() {
        let mut pdf = b"%PDF-1.4\n".to_vec();
        pdf.resize(300, b' ');
        let resp =
            client(300).post("/upload").multipart(TestForm::new().field(file(&pdf, "a.pdf", "x/y"))).send().await;
        resp.assert_status_is_ok();
        pdf.push(b' ');
        let resp =
            client(300).post("/upload").multipart(TestForm::new().field(file(&pdf, "a.pdf", "x/y"))).send().await;
        let (status, body) = problem(resp).await;
        assert_eq!((status, body["code"].as_str()), (413, Some("file_too_large")));
        assert!(body["detail"].as_str().unwrap().contains("MiB"), "{body}");
    }

    #[tokio::test]
    async fn a_body_far_over_the_limit_is_cut_off_while_it_arrives() {
        // A multipart body sent as a stream has no Content-Length: the cap stops it.
        let big = vec![b'a'; 4 * FORM_OVERHEAD];
        let resp = client(10).post("/upload").multipart(TestForm::new().field(file(&big, "a.pdf", "x/y"))).send().await;
        let (status, body) = problem(resp).await;
        assert_eq!((status, body["code"].as_str()), (413, Some("file_too_large")));
    }

    #[tokio::test]
    async fn a_declared_length_over_the_limit_is_refused_before_reading() {
        let resp = client(10)
            .post("/upload")
            .header("content-type", "multipart/form-data; boundary=X")
            .header("content-length", (10 + FORM_OVERHEAD + 1).to_string())
            .body(vec![b'-'; 10 + FORM_OVERHEAD + 1])
            .send()
            .await;
        let (status, body) = problem(resp).await;
        assert_eq!((status, body["code"].as_str()), (413, Some("file_too_large")));
    }

    #[tokio::test]
    async fn a_page_or_a_drawing_is_415_naming_what_was_found() {
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#;
        let resp =
            client(1024).post("/upload").multipart(TestForm::new().field(file(svg, "a.png", "image/png"))).send().await;
        let (status, body) = problem(resp).await;
        assert_eq!((status, body["code"].as_str()), (415, Some("unsupported_file_type")));
        assert!(body["detail"].as_str().unwrap().contains("image/svg+xml"), "{body}");
        assert!(body["detail"].as_str().unwrap().contains("JPEG, PNG"), "{body}");
    }

    #[tokio::test]
    async fn a_form_without_a_file_is_422_pointing_at_it() {
        let resp =
            client(1024).post("/upload").multipart(TestForm::new().text("caption", "queue at 9:00")).send().await;
        let (status, body) = problem(resp).await;
        assert_eq!((status, body["code"].as_str()), (422, Some("invalid_body")));
        assert_eq!(body["errors"][0]["pointer"], "/file");
        assert_eq!(body["errors"][0]["code"], "required");
    }

    #[tokio::test]
    async fn a_field_of_the_wrong_type_is_422_pointing_at_it() {
        let form = TestForm::new().field(file(PNG, "a.png", "image/png")).text("keep_location", "perhaps");
        let (status, body) = problem(client(1024).post("/upload").multipart(form).send().await).await;
        assert_eq!((status, body["errors"][0]["pointer"].as_str()), (422, Some("/keep_location")));
    }

    #[tokio::test]
    async fn json_instead_of_a_form_is_415_saying_what_to_send() {
        let resp = client(1024).post("/upload").header("content-type", "application/json").body("{}").send().await;
        let (status, body) = problem(resp).await;
        assert_eq!((status, body["code"].as_str()), (415, Some("multipart_required")));
        assert!(body["detail"].as_str().unwrap().contains("multipart/form-data"), "{body}");
    }

    #[tokio::test]
    async fn a_broken_form_is_400() {
        let resp = client(1024)
            .post("/upload")
            .header("content-type", "multipart/form-data; boundary=X")
            .body("--X\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nunterminated")
            .send()
            .await;
        let (status, body) = problem(resp).await;
        assert_eq!((status, body["code"].as_str()), (400, Some("malformed_multipart")), "{body}");
    }
}
