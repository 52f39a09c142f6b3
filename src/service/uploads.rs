//! The store of evidence files, shared by monitoring observations and answers to information
//! requests. A file is checked ([`crate::domain::evidence`]), its location removed unless kept, and
//! written under the upload directory named by the SHA-256 of the stored bytes: the same evidence
//! uploaded twice is kept once, and a file's name proves its content has not changed since.
//!
//! There is no table here: [`store`] returns the file's metadata and the caller keeps it in its own
//! row (an observation's, an answer's), in the same transaction as the rest of its command.
//!
//! Layout: `<upload_dir>/<first two hex digits>/<sha256>`, so no directory grows past a few
//! thousand entries; files being written wait in `<upload_dir>/.tmp/` and are renamed into place,
//! so a crash leaves at most a stray file there, never a half file under a final name.
use std::{
    fs,
    io::{self, Write},
    path::{Path, PathBuf},
};

use sha2::{Digest, Sha256};

use crate::{
    config::Config,
    domain::evidence::{self, MediaKind, NotAccepted, StorageKey, Unreadable},
    error::{AppError, AppResult, Code, FieldError},
};

/// A stored evidence file, as the caller records it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredFile {
    /// Where the file is: give it to [`open`] or [`path`]. Equal to `sha256`.
    pub storage_key: String,
    /// SHA-256 (lower-case hex) of the stored bytes.
    pub sha256: String,
    /// SHA-256 of the bytes as uploaded, before the location was removed: whoever holds the original
    /// can prove it is the file this evidence came from. Equal to `sha256` when nothing was removed.
    pub original_sha256: String,
    /// The content type decided from the bytes, e.g. `image/jpeg`; never the client's claim.
    pub content_type: &'static str,
    /// The usual extension of that type, without the dot, for download names.
    pub extension: &'static str,
    pub media_kind: MediaKind,
    pub size_bytes: u64,
    /// Whether a location (EXIF GPS, XMP) was found in the photo and removed.
    pub location_stripped: bool,
    /// The uploader's file name, last path component only, fit to show; `None` if there was none.
    pub original_name: Option<String>,
}

/// The limit as people read it in messages: "20" for 20 MiB, "0.5" for 512 KiB.
#[tracing::instrument(skip_all)]
pub fn limit_in_mib(limit_bytes: usize) -> String {
    let mib = limit_bytes as f64 / (1024.0 * 1024.0);
    if mib.fract() == 0.0 { format!("{mib:.0}") } else { format!("{mib:.1}") }
}

#[tracing::instrument(skip_all)]
pub fn file_too_large(limit_bytes: usize) -> AppError {
    AppError::new(Code::FileTooLarge).arg("limit_mib", limit_in_mib(limit_bytes)).arg("limit", limit_bytes)
}

impl From<NotAccepted> for AppError {
    fn from(e: NotAccepted) -> Self {
        AppError::new(Code::UnsupportedFileType).arg("detected", e.detected).arg("allowed", evidence::accepted_labels())
    }
}

impl From<Unreadable> for AppError {
    fn from(e: Unreadable) -> Self {
        AppError::new(Code::DamagedFile).arg("format", e.label)
    }
}

/// Checks, cleans and keeps an evidence file. `keep_location` is the uploader's explicit wish to
/// publish where a photo was taken; without it the location is removed.
#[tracing::instrument(skip(config, bytes, original_name), fields(size = bytes.len()))]
pub async fn store(
    config: &Config,
    bytes: Vec<u8>,
    original_name: Option<&str>,
    keep_location: bool,
) -> AppResult<StoredFile> {
    let limit = config.upload_max_bytes;
    if bytes.len() > limit {
        return Err(file_too_large(limit));
    }
    if bytes.is_empty() {
        return Err(AppError::fields(Code::InvalidBody, vec![FieldError::new("/file", "file_empty")]));
    }
    let dir = config.upload_dir.clone();
    let original_name = original_name.and_then(evidence::clean_file_name);
    // Hashing and scanning 20 MiB, and writing it with fsync, would stall the async workers.
    let stored = tokio::task::spawn_blocking(move || store_blocking(&dir, bytes, original_name, keep_location))
        .await
        .map_err(AppError::internal)??;
    tracing::info!(
        storage_key = %stored.storage_key,
        content_type = stored.content_type,
        location_stripped = stored.location_stripped,
        "evidence stored"
    );
    Ok(stored)
}

fn hex_sha256(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn store_blocking(
    dir: &Path,
    bytes: Vec<u8>,
    original_name: Option<String>,
    keep_location: bool,
) -> AppResult<StoredFile> {
    let ty = evidence::sniff(&bytes)?;
    let original_sha256 = hex_sha256(&bytes);
    let (bytes, location_stripped) = if keep_location {
        (bytes, false)
    } else {
        let s = evidence::strip_location(ty, bytes)?;
        (s.bytes, s.location_removed)
    };
    let sha256 = if location_stripped { hex_sha256(&bytes) } else { original_sha256.clone() };
    let key = StorageKey::parse(&sha256).map_err(|e| AppError::internal(anyhow::anyhow!(e)))?;
    write_once(dir, &key, &bytes).map_err(|e| {
        AppError::internal(anyhow::Error::new(e).context(format!("storing {key} under {}", dir.display())))
    })?;
    Ok(StoredFile {
        storage_key: key.to_string(),
        sha256,
        original_sha256,
        content_type: ty.content_type,
        extension: ty.extension,
        media_kind: ty.kind,
        size_bytes: bytes.len() as u64,
        location_stripped,
        original_name,
    })
}

/// Where the file of `key` lives (it may not exist): for serving it with range requests.
#[tracing::instrument(skip_all)]
pub fn path(config: &Config, key: &StorageKey) -> PathBuf {
    path_in(&config.upload_dir, key)
}

fn path_in(dir: &Path, key: &StorageKey) -> PathBuf {
    dir.join(&key.as_str()[..2]).join(key.as_str())
}

const TEMP_DIR: &str = ".tmp";

/// Writes the file unless it is already there (same key, same bytes), by temp file and rename.
fn write_once(dir: &Path, key: &StorageKey, bytes: &[u8]) -> io::Result<()> {
    let target = path_in(dir, key);
    if target.is_file() {
        return Ok(());
    }
    let temp_dir = dir.join(TEMP_DIR);
    fs::create_dir_all(&temp_dir)?;
    let parent = target.parent().unwrap_or(dir);
    fs::create_dir_all(parent)?;
    let temp = temp_dir.join(format!("{}.part", uuid::Uuid::new_v4()));
    let written = (|| {
        let mut f = fs::OpenOptions::new().write(true).create_new(true).open(&temp)?;
        f.write_all(bytes)?;
        // Durable before it gets its final name: a crash after the rename must not leave a name
        // pointing at missing data.
        f.sync_all()?;
        // Two uploads of the same file may race here; both rename identical bytes into place.
        fs::rename(&temp, &target)
    })();
    if let Err(e) = written {
        let _ = fs::remove_file(&temp);
        return Err(e);
    }
    // The rename itself is durable once the directory is synced (POSIX); best effort elsewhere.
    if let Ok(d) = fs::File::open(parent) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Opens a stored file for reading, e.g. to serve a download. A key that is not a storage key is a
/// 400 and never touches the file system; a key with no file is a 404.
#[tracing::instrument(skip_all)]
pub async fn open(config: &Config, storage_key: &str) -> AppResult<tokio::fs::File> {
    let key = StorageKey::parse(storage_key).map_err(|reason| AppError::invalid_parameter("storage_key", reason))?;
    match tokio::fs::File::open(path(config, &key)).await {
        Ok(f) => Ok(f),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Err(AppError::not_found("file", key)),
        Err(e) => Err(AppError::internal(anyhow::Error::new(e).context(format!("opening {key}")))),
    }
}

#[cfg(test)]
mod tests {
    use tokio::io::AsyncReadExt;

    use super::*;

    const JPEG: &[u8] = include_bytes!("../../tests/fixtures/evidence/tiny.jpg");
    const PNG: &[u8] = include_bytes!("../../tests/fixtures/evidence/tiny.png");

    struct Store {
        config: Config,
        _dir: tempfile::TempDir,
    }

    fn store_with_limit(limit: usize) -> Store {
        let dir = tempfile::tempdir().unwrap();
        let config = Config { upload_dir: dir.path().join("uploads"), upload_max_bytes: limit, ..Config::default() };
        Store { config, _dir: dir }
    }

    fn files_under(dir: &Path) -> Vec<PathBuf> {
        let mut out = Vec::new();
        if let Ok(entries) = fs::read_dir(dir) {
            for e in entries.flatten() {
                let p = e.path();
                if p.is_dir() { out.extend(files_under(&p)) } else { out.push(p) }
            }
        }
        out
    }

    /// A file of exactly `len` bytes that sniffs as a PDF.
    fn pdf_of_len(len: usize) -> Vec<u8> {
        let mut v = b"%PDF-1.4\n".to_vec();
        v.resize(len, b' ');
        v
    }

    #[tokio::test]
    async fn a_file_is_stored_under_its_sha256_and_reads_back() {
        let s = store_with_limit(1024);
        let stored = store(&s.config, PNG.to_vec(), Some("evidence.pdf"), false).await.unwrap();
        let expected = hex::encode(Sha256::digest(PNG));
        assert_eq!(stored.sha256, expected);
        assert_eq!(stored.original_sha256, expected);
        assert_eq!(stored.storage_key, expected);
        // The bytes decide, not the name the client gave it.
        assert_eq!((stored.content_type, stored.extension, stored.media_kind), ("image/png", "png", MediaKind::Photo));
        assert_eq!(stored.size_bytes, PNG.len() as u64);
        assert_eq!(stored.original_name.as_deref(), Some("evidence.pdf"));
        assert!(!stored.location_stripped);

        let mut back = Vec::new();
        open(&s.config, &stored.storage_key).await.unwrap().read_to_end(&mut back).await.unwrap();
        assert_eq!(back, PNG);
        let on_disk = path(&s.config, &StorageKey::parse(&expected).unwrap());
        assert!(on_disk.starts_with(s.config.upload_dir.join(&expected[..2])));
    }

    #[tokio::test]
    async fn the_same_file_twice_is_kept_once() {
        let s = store_with_limit(1024);
        let a = store(&s.config, JPEG.to_vec(), Some("a.jpg"), false).await.unwrap();
        let b = store(&s.config, JPEG.to_vec(), Some("b.jpg"), false).await.unwrap();
        assert_eq!(a.storage_key, b.storage_key);
        let files = files_under(&s.config.upload_dir);
        assert_eq!(files.len(), 1, "{files:?}");
    }

    #[tokio::test]
    async fn writing_leaves_no_temporary_file_behind() {
        let s = store_with_limit(1024);
        store(&s.config, JPEG.to_vec(), None, false).await.unwrap();
        store(&s.config, PNG.to_vec(), None, false).await.unwrap();
        assert!(files_under(&s.config.upload_dir.join(TEMP_DIR)).is_empty());
        assert!(files_under(&s.config.upload_dir).iter().all(|p| p.extension().is_none()));
    }

    #[tokio::test]
    async fn the_limit_is_inclusive() {
        let s = store_with_limit(100);
        let at = store(&s.config, pdf_of_len(100), None, false).await.unwrap();
        assert_eq!(at.size_bytes, 100);
        let over = store(&s.config, pdf_of_len(101), None, false).await.unwrap_err();
        assert_eq!(over.code, Code::FileTooLarge);
        assert_eq!(over.status().as_u16(), 413);
    }

    #[test]
    fn the_limit_reads_in_mib() {
        assert_eq!(limit_in_mib(20 * 1024 * 1024), "20");
        assert_eq!(limit_in_mib(512 * 1024), "0.5");
        assert!(file_too_large(20_971_520).args.contains(&("limit_mib", "20".to_string())));
    }

    #[tokio::test]
    async fn programs_pages_and_drawings_are_refused_with_415() {
        let s = store_with_limit(1024);
        for (bytes, detected) in [
            (
                b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xFF\xFF\x00\x00".to_vec(),
                "application/vnd.microsoft.portable-executable",
            ),
            (b"<html><body><script>alert(1)</script></body></html>".to_vec(), "text/html"),
            (br#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>"#.to_vec(), "image/svg+xml"),
        ] {
            let e = store(&s.config, bytes, Some("photo.jpg"), false).await.unwrap_err();
            assert_eq!(e.code, Code::UnsupportedFileType);
            assert_eq!(e.status().as_u16(), 415);
            assert!(e.args.contains(&("detected", detected.to_string())), "{:?}", e.args);
            assert!(e.args.iter().any(|(k, v)| *k == "allowed" && v.contains("JPEG")));
        }
        assert!(files_under(&s.config.upload_dir).is_empty());
    }

    #[tokio::test]
    async fn an_empty_file_is_a_422_on_the_file_field() {
        let s = store_with_limit(1024);
        let e = store(&s.config, Vec::new(), None, false).await.unwrap_err();
        assert_eq!(
            (e.code, e.fields[0].pointer.as_str(), e.fields[0].code),
            (Code::InvalidBody, "/file", "file_empty")
        );
    }

    #[tokio::test]
    async fn keys_that_could_leave_the_store_are_refused_before_any_file_is_touched() {
        let s = store_with_limit(1024);
        for key in ["../../etc/passwd", "/etc/passwd", "..", "", &format!("../{}", "a".repeat(61))] {
            let e = open(&s.config, key).await.unwrap_err();
            assert_eq!(e.code, Code::InvalidParameter, "{key:?}");
        }
        let missing = open(&s.config, &"0".repeat(64)).await.unwrap_err();
        assert_eq!(missing.code, Code::ResourceNotFound);
    }

    fn jpeg_with_gps() -> Vec<u8> {
        use exif::{Field, In, Rational, Tag, Value};
        use img_parts::ImageEXIF;
        let fields = [
            Field { tag: Tag::Orientation, ifd_num: In::PRIMARY, value: Value::Short(vec![3]) },
            Field { tag: Tag::GPSLatitudeRef, ifd_num: In::PRIMARY, value: Value::Ascii(vec![b"N".to_vec()]) },
            Field {
                tag: Tag::GPSLatitude,
                ifd_num: In::PRIMARY,
                value: Value::Rational(vec![Rational { num: 43, denom: 1 }, Rational { num: 15, denom: 1 }]),
            },
        ];
        let mut w = exif::experimental::Writer::new();
        fields.iter().for_each(|f| w.push_field(f));
        let mut out = std::io::Cursor::new(Vec::new());
        w.write(&mut out, false).unwrap();
        let mut jpeg = img_parts::jpeg::Jpeg::from_bytes(img_parts::Bytes::from_static(JPEG)).unwrap();
        jpeg.set_exif(Some(out.into_inner().into()));
        jpeg.encoder().bytes().to_vec()
    }

    #[tokio::test]
    async fn a_photo_is_stored_without_its_location_unless_the_uploader_keeps_it() {
        let s = store_with_limit(4096);
        let original = jpeg_with_gps();
        let stripped = store(&s.config, original.clone(), Some("IMG_0001.jpg"), false).await.unwrap();
        assert!(stripped.location_stripped);
        assert_eq!(stripped.original_sha256, hex::encode(Sha256::digest(&original)));
        assert_ne!(stripped.sha256, stripped.original_sha256);
        let on_disk = fs::read(path(&s.config, &StorageKey::parse(&stripped.storage_key).unwrap())).unwrap();
        assert_eq!(hex::encode(Sha256::digest(&on_disk)), stripped.sha256);
        assert!(!evidence::has_gps(&on_disk));

        let kept = store(&s.config, original.clone(), Some("IMG_0001.jpg"), true).await.unwrap();
        assert!(!kept.location_stripped);
        assert_eq!(kept.sha256, kept.original_sha256);
        let on_disk = fs::read(path(&s.config, &StorageKey::parse(&kept.storage_key).unwrap())).unwrap();
        assert_eq!(on_disk, original);
        assert!(evidence::has_gps(&on_disk));
    }
}
