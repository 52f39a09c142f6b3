//! A JSON request body parsed with `serde_path_to_error`, so that a missing or mistyped field comes
//! back as a 422 with a JSON pointer to it (poem-openapi's own `Json` reports only a sentence),
//! and a body over the configured limit is a 413 even when it arrives without a Content-Length.
use poem::{Request, RequestBody, error::ReadBodyError};
use poem_openapi::{
    ApiExtractor, ApiExtractorType, ExtractParamOptions,
    payload::{ParsePayload, Payload},
    registry::{MetaMediaType, MetaRequest, MetaSchemaRef, Registry},
    types::Type,
};
use serde::de::DeserializeOwned;

use crate::error::{AppError, Code, FieldError};

/// The largest JSON body this request may carry, set by the app from `Config`.
#[derive(Clone, Copy)]
pub struct JsonBodyLimit(pub usize);

pub struct Body<T>(pub T);

impl<T: Type> Payload for Body<T> {
    const CONTENT_TYPE: &'static str = "application/json";

    fn check_content_type(content_type: &str) -> bool {
        matches!(content_type.parse::<mime::Mime>(), Ok(m) if m.type_() == "application"
            && (m.subtype() == "json" || m.suffix().is_some_and(|s| s == "json")))
    }

    fn schema_ref() -> MetaSchemaRef {
        T::schema_ref()
    }

    fn register(registry: &mut Registry) {
        T::register(registry);
    }
}

fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for seg in path.iter() {
        out.push('/');
        match seg {
            Segment::Seq { index } => out.push_str(&index.to_string()),
            Segment::Map { key } => out.push_str(&key.replace('~', "~0").replace('/', "~1")),
            Segment::Enum { variant } => out.push_str(variant),
            Segment::Unknown => out.push('?'),
        }
    }
    out
}

fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(AppError::new(Code::MalformedJson).arg("reason", "the body is empty"));
    }
    with_pointer(&mut serde_json::Deserializer::from_slice(bytes))
}

/// Deserialize from text or from an already parsed `Value`, turning serde's complaint into our
/// problem with a pointer to the field.
fn with_pointer<'de, T: DeserializeOwned, D>(de: D) -> Result<T, AppError>
where
    D: serde::Deserializer<'de, Error = serde_json::Error>,
{
    serde_path_to_error::deserialize(de).map_err(|e| {
        let mut pointer = pointer_of(e.path());
        let inner = e.into_inner();
        match inner.classify() {
            serde_json::error::Category::Syntax
            | serde_json::error::Category::Eof
            | serde_json::error::Category::Io => AppError::new(Code::MalformedJson).arg("reason", inner),
            serde_json::error::Category::Data => {
                let msg = inner.to_string();
                // serde reports a missing field at its parent object: name it in the pointer.
                let field = if let Some(name) = msg.strip_prefix("missing field `").and_then(|r| r.split('`').next()) {
                    if pointer == "/?" {
                        pointer.clear();
                    }
                    pointer.push('/');
                    pointer.push_str(name);
                    FieldError::new(pointer, "required")
                } else {
                    let reason = msg.split(" at line ").next().unwrap_or(&msg).to_string();
                    FieldError::new(pointer, "wrong_type").arg("reason", reason)
                };
                AppError::fields(Code::InvalidBody, vec![field])
            }
        }
    })
}

/// A body whose strings hold a control character is refused before any field is read, with a
/// pointer to the first: no such text may reach a service (PostgreSQL refuses NUL mid-write).
/// A body that is not JSON at all is left for the parser to describe.
pub fn refuse_controls(bytes: &[u8]) -> Result<(), AppError> {
    use crate::domain::text::{control_pointer, json_may_hold_control};
    if !json_may_hold_control(bytes) {
        return Ok(());
    }
    match serde_json::from_slice::<serde_json::Value>(bytes).ok().as_ref().and_then(control_pointer) {
        Some(pointer) => Err(AppError::validation(vec![FieldError::new(pointer, "control_character")])),
        None => Ok(()),
    }
}

/// The schemas a body type refers to, registered once per type rather than once per request.
fn registry_of<T: Type + 'static>() -> std::sync::Arc<Registry> {
    use std::{
        any::TypeId,
        collections::HashMap,
        sync::{Arc, LazyLock, Mutex},
    };
    static REGISTRIES: LazyLock<Mutex<HashMap<TypeId, Arc<Registry>>>> = LazyLock::new(Default::default);
    let mut cache = REGISTRIES.lock().unwrap_or_else(|p| p.into_inner());
    cache
        .entry(TypeId::of::<T>())
        .or_insert_with(|| {
            let mut registry = Registry::new();
            T::register(&mut registry);
            Arc::new(registry)
        })
        .clone()
}

/// Parse a body: straight from the bytes when it holds no array, else once into a `Value` that is
/// checked for arrays where objects belong and then deserialized.
fn parse_body<T: Type + DeserializeOwned + 'static>(bytes: &[u8]) -> Result<T, AppError> {
    // Most bodies hold no array at all and go straight to serde.
    if !bytes.contains(&b'[') {
        return parse_json(bytes);
    }
    let value = match serde_json::from_slice::<serde_json::Value>(bytes) {
        Ok(v) => v,
        Err(_) => return parse_json(bytes), // broken JSON: reported with its position
    };
    check_object_expected::<T>(&value)?;
    with_pointer(value)
}

/// serde reads a struct from a JSON array too (`[null, null]` fills the first two fields), so a
/// body whose schema is an object is refused when it is an array, at any depth (`"figures": [...]`
/// where the spec promises an object): the spec's schemas, not serde, say what is an object.
fn check_object_expected<T: Type + 'static>(value: &serde_json::Value) -> Result<(), AppError> {
    let registry = registry_of::<T>();
    let mut pointer = String::new();
    match array_where_object(value, &T::schema_ref(), &registry, &mut pointer, 0) {
        Some(at) => {
            let field = FieldError::new(at, "wrong_type").arg("reason", "expected a JSON object, not an array");
            Err(AppError::fields(Code::InvalidBody, vec![field]))
        }
        None => Ok(()),
    }
}

/// The pointer of the first array sent where `schema` promises an object, if any.
fn array_where_object(
    value: &serde_json::Value,
    schema: &MetaSchemaRef,
    registry: &Registry,
    pointer: &mut String,
    depth: usize,
) -> Option<String> {
    use serde_json::Value;
    // Schemas of this API nest a few levels; a bound keeps a recursive type from looping.
    if depth > 32 {
        return None;
    }
    let schema = match schema {
        MetaSchemaRef::Reference(name) => registry.schemas.get(name)?,
        MetaSchemaRef::Inline(s) => s.as_ref(),
    };
    // A nullable reference is written as `allOf: [$ref]`; flattened parts as several.
    for part in schema.all_of.iter().chain(&schema.any_of).chain(&schema.one_of) {
        if let Some(at) = array_where_object(value, part, registry, pointer, depth + 1) {
            return Some(at);
        }
    }
    match value {
        Value::Array(_) if schema.ty == "object" => Some(pointer.clone()),
        Value::Array(items) => {
            let item_schema = schema.items.as_deref()?;
            items.iter().enumerate().find_map(|(i, item)| {
                let len = pointer.len();
                pointer.push_str(&format!("/{i}"));
                let found = array_where_object(item, item_schema, registry, pointer, depth + 1);
                pointer.truncate(len);
                found
            })
        }
        Value::Object(fields) => schema.properties.iter().find_map(|(name, prop)| {
            let v = fields.get(*name)?;
            let len = pointer.len();
            pointer.push('/');
            pointer.push_str(name);
            let found = array_where_object(v, prop, registry, pointer, depth + 1);
            pointer.truncate(len);
            found
        }),
        _ => None,
    }
}

impl<T: Type + DeserializeOwned + Send + 'static> ParsePayload for Body<T> {
    const IS_REQUIRED: bool = true;

    async fn from_request(request: &Request, body: &mut RequestBody) -> poem::Result<Self> {
        let limit = request.data::<JsonBodyLimit>().map(|l| l.0).unwrap_or(1024 * 1024);
        let bytes = body.take()?.into_bytes_limit(limit).await.map_err(|e| match e {
            ReadBodyError::PayloadTooLarge => AppError::new(Code::BodyTooLarge).arg("limit", limit),
            other => AppError::new(Code::MalformedJson).arg("reason", other),
        })?;
        refuse_controls(&bytes)?;
        Ok(Body(parse_body(&bytes)?))
    }
}

impl<'a, T: Type + DeserializeOwned + Send + 'static> ApiExtractor<'a> for Body<T> {
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
            Some(ct) => Err(AppError::new(Code::UnsupportedMediaType).arg("content_type", ct).into()),
            None => {
                Err(AppError::new(Code::UnsupportedMediaType).arg("content_type", "a body without Content-Type").into())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, poem_openapi::Object, Debug)]
    #[allow(dead_code)]
    struct Inner {
        n: u32,
    }
    #[derive(serde::Deserialize, poem_openapi::Object, Debug)]
    #[allow(dead_code)]
    struct Outer {
        name: String,
        items: Vec<Inner>,
        #[serde(default)]
        #[oai(nullable)]
        extra: Option<Inner>,
    }

    #[test]
    fn a_missing_field_points_at_itself() {
        let e = parse_json::<Outer>(br#"{"items": []}"#).unwrap_err();
        assert_eq!(e.code, Code::InvalidBody);
        assert_eq!(e.fields[0].pointer, "/name");
        assert_eq!(e.fields[0].code, "required");
    }

    #[test]
    fn a_wrong_type_deep_inside_points_at_it() {
        let e = parse_json::<Outer>(br#"{"name": "x", "items": [{"n": 1}, {"n": "two"}]}"#).unwrap_err();
        assert_eq!(e.fields[0].pointer, "/items/1/n");
        assert_eq!(e.fields[0].code, "wrong_type");
    }

    #[test]
    fn an_array_is_not_an_object_at_any_depth() {
        let at = |body: &[u8]| parse_body::<Outer>(body).err().map(|e| (e.code, e.fields[0].pointer.clone()));
        assert_eq!(at(b" [null, null]"), Some((Code::InvalidBody, String::new())));
        assert_eq!(at(br#"{"name": "x", "items": [{"n": 1}, [2]]}"#), Some((Code::InvalidBody, "/items/1".into())));
        assert_eq!(at(br#"{"name": "x", "items": [], "extra": [null]}"#), Some((Code::InvalidBody, "/extra".into())));
        assert_eq!(at(br#"{"name": "x", "items": [{"n": 1}], "extra": {"n": 2}}"#), None);
        assert_eq!(at(br#"{"name": "x", "items": [], "extra": null}"#), None);
        assert_eq!(parse_body::<Vec<i32>>(b"[1]").unwrap(), vec![1]);
        // Read through the parsed value, a deep type error still points at itself.
        assert_eq!(at(br#"{"name": "x", "items": [{"n": "two"}]}"#), Some((Code::InvalidBody, "/items/0/n".into())));
        assert_eq!(at(br#"{"items": []}"#), Some((Code::InvalidBody, "/name".into())));
        assert_eq!(parse_body::<Outer>(br#"{"items": [}"#).unwrap_err().code, Code::MalformedJson);
    }

    #[test]
    fn broken_json_is_malformed_not_invalid() {
        assert_eq!(parse_json::<Outer>(br#"{"name": "#).unwrap_err().code, Code::MalformedJson);
        assert_eq!(parse_json::<Outer>(b"  ").unwrap_err().code, Code::MalformedJson);
    }
}
