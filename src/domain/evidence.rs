//! Evidence files: the photos, documents and recordings a monitor attaches to an observation of a
//! public service (Law "On public services" Art. 29 p.1) and an agency attaches to its answer to
//! an information request (Art. 29 p.2).
//!
//! What a file is gets decided from its bytes (its magic number), never from the name or the
//! `Content-Type` the client sent: both are the client's claim, and a script renamed `photo.jpg` must
//! not be served back to other people's browsers. Only the formats below are accepted; everything
//! else, including SVG (an XML document that can carry scripts), is refused.
//!
//! A photo taken by a phone usually records where it was taken. Publishing that can expose where the
//! monitor lives or works, so the location is removed unless the uploader asks to keep it
//! ([`strip_location`]).
use std::fmt;

use crate::domain::accounts::string_enum;

string_enum! {
    /// What an evidence file is, for people and for choosing how to show it.
    MediaKind {
        Photo => "photo",
        Document => "document",
        Audio => "audio",
    }
}

/// An accepted format: the content type the file is stored and served with, its usual extension,
/// and its kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EvidenceType {
    pub content_type: &'static str,
    pub extension: &'static str,
    pub kind: MediaKind,
    /// The name people know the format by, for messages.
    pub label: &'static str,
}

const fn ty(content_type: &'static str, extension: &'static str, kind: MediaKind, label: &'static str) -> EvidenceType {
    EvidenceType { content_type, extension, kind, label }
}

/// The accepted formats, keyed by the MIME type `infer` detects. `infer` names some formats
/// differently from the registered types browsers expect (`audio/m4a`, `audio/x-wav`, `audio/opus`
/// for an Ogg file); the stored type is the registered one.
///
/// HEIC is not accepted: its location could not be removed here (no well-kept Rust crate edits
/// HEIF metadata), and iPhones convert HEIC to JPEG when a browser uploads a photo.
const ACCEPTED: &[(&str, EvidenceType)] = &[
    ("image/jpeg", ty("image/jpeg", "jpg", MediaKind::Photo, "JPEG")),
    ("image/png", ty("image/png", "png", MediaKind::Photo, "PNG")),
    ("image/webp", ty("image/webp", "webp", MediaKind::Photo, "WebP")),
    ("application/pdf", ty("application/pdf", "pdf", MediaKind::Document, "PDF")),
    ("audio/mpeg", ty("audio/mpeg", "mp3", MediaKind::Audio, "MP3")),
    ("audio/opus", ty("audio/ogg", "opus", MediaKind::Audio, "Opus")),
    ("audio/ogg", ty("audio/ogg", "ogg", MediaKind::Audio, "OGG")),
    ("audio/m4a", ty("audio/mp4", "m4a", MediaKind::Audio, "M4A")),
    ("audio/aac", ty("audio/aac", "aac", MediaKind::Audio, "AAC")),
    ("audio/x-wav", ty("audio/wav", "wav", MediaKind::Audio, "WAV")),
];

/// The usual extension of a stored content type, for download names (`bin` if unknown).
pub fn extension_of(content_type: &str) -> &'static str {
    ACCEPTED.iter().find(|(_, t)| t.content_type == content_type).map(|(_, t)| t.extension).unwrap_or("bin")
}

/// The accepted formats, for messages: "JPEG, PNG, WebP, PDF, MP3, Opus, OGG, M4A, AAC, WAV".
pub fn accepted_labels() -> String {
    ACCEPTED.iter().map(|(_, t)| t.label).collect::<Vec<_>>().join(", ")
}

/// A file whose bytes are not one of the accepted formats; `detected` is what they are
/// (a MIME type), or `unknown`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotAccepted {
    pub detected: String,
}

impl fmt::Display for NotAccepted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not an accepted evidence format: {}", self.detected)
    }
}

impl std::error::Error for NotAccepted {}

/// The format of a file, from its bytes alone.
pub fn sniff(bytes: &[u8]) -> Result<EvidenceType, NotAccepted> {
    let detected = infer::get(bytes).map(|t| t.mime_type());
    if let Some(found) = detected.and_then(|mime| ACCEPTED.iter().find(|(m, _)| *m == mime)) {
        return Ok(found.1);
    }
    let detected = match detected {
        // `infer` has no SVG matcher; naming it tells the uploader why a drawing is refused.
        _ if looks_like_svg(bytes) => "image/svg+xml".to_string(),
        Some(mime) => mime.to_string(),
        None => "unknown".to_string(),
    };
    Err(NotAccepted { detected })
}

fn looks_like_svg(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    head.windows(4).any(|w| w.eq_ignore_ascii_case(b"<svg"))
}

/// A photo after [`strip_location`]: its bytes, and whether a location was found and removed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stripped {
    pub bytes: Vec<u8>,
    pub location_removed: bool,
}

/// A photo whose container cannot be read, so its metadata cannot be checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unreadable {
    pub label: &'static str,
}

/// Removes where a photo was taken: the GPS directory of every EXIF block (the photo's, its
/// thumbnail's and those of the extra images phones append to a JPEG, such as depth maps) and any
/// XMP packet that mentions GPS. Everything else stays: orientation (so the photo is not shown
/// sideways), the time it was taken (often what the evidence is about), camera settings.
///
/// The GPS directory is overwritten with zeros in place rather than the EXIF rewritten: offsets in
/// EXIF (maker notes, thumbnails) and in JPEG multi-picture indexes point across the file, and a
/// change of length would break them. The `img-parts` crate reads the PNG and WebP containers
/// (recomputing PNG checksums); a JPEG is scanned for its APP1 segments, which entropy-coded data
/// cannot imitate (an `FF` there is always followed by `00` or a restart marker). `kamadak-exif`,
/// the most used EXIF reader, then checks the result: a photo in which it still finds a location
/// is refused rather than published.
///
/// Documents and recordings are returned unchanged.
pub fn strip_location(ty: EvidenceType, bytes: Vec<u8>) -> Result<Stripped, Unreadable> {
    let unreadable = Unreadable { label: ty.label };
    let stripped = match ty.extension {
        "jpg" => {
            let mut bytes = bytes;
            let location_removed = strip_jpeg(&mut bytes);
            Stripped { bytes, location_removed }
        }
        "png" => strip_png(bytes).ok_or(unreadable.clone())?,
        "webp" => strip_webp(bytes).ok_or(unreadable.clone())?,
        _ => return Ok(Stripped { bytes, location_removed: false }),
    };
    if has_gps(&stripped.bytes) { Err(unreadable) } else { Ok(stripped) }
}

/// Whether `kamadak-exif` finds any GPS field in the photo's EXIF.
pub fn has_gps(bytes: &[u8]) -> bool {
    match exif::Reader::new().read_from_container(&mut std::io::Cursor::new(bytes)) {
        Ok(exif) => exif.fields().any(|f| f.tag.context() == exif::Context::Gps),
        Err(_) => false,
    }
}

const EXIF_PREFIX: &[u8] = b"Exif\0\0";
const XMP_PREFIX: &[u8] = b"http://ns.adobe.com/xap/1.0/\0";
const XMP_EXTENSION_PREFIX: &[u8] = b"http://ns.adobe.com/xmp/extension/\0";

fn strip_jpeg(bytes: &mut [u8]) -> bool {
    let mut removed = false;
    let mut i = 0;
    while i + 4 <= bytes.len() {
        if bytes[i] != 0xFF || bytes[i + 1] != 0xE1 {
            i += 1;
            continue;
        }
        let len = u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]) as usize;
        let Some(payload) = bytes.get_mut(i + 4..(i + 2 + len).max(i + 4)) else {
            i += 1;
            continue;
        };
        if let Some(tiff) = payload.strip_prefix_mut(EXIF_PREFIX) {
            removed |= blank_gps_or_all(tiff);
        } else if payload.starts_with(XMP_PREFIX) {
            removed |= blank_xmp_with_gps(&mut payload[XMP_PREFIX.len()..]);
        } else if payload.starts_with(XMP_EXTENSION_PREFIX) {
            removed |= blank_xmp_with_gps(&mut payload[XMP_EXTENSION_PREFIX.len()..]);
        }
        // Step into the segment rather than over it: an EXIF thumbnail is a JPEG with its own APP1.
        i += 4;
    }
    removed
}

trait StripPrefixMut {
    fn strip_prefix_mut(&mut self, prefix: &[u8]) -> Option<&mut [u8]>;
}

impl StripPrefixMut for [u8] {
    fn strip_prefix_mut(&mut self, prefix: &[u8]) -> Option<&mut [u8]> {
        if self.starts_with(prefix) { Some(&mut self[prefix.len()..]) } else { None }
    }
}

fn strip_png(bytes: Vec<u8>) -> Option<Stripped> {
    use img_parts::{Bytes, png::PngChunk};
    let mut png = img_parts::png::Png::from_bytes(Bytes::from(bytes)).ok()?;
    let mut removed = false;
    let mut chunks = Vec::with_capacity(png.chunks().len());
    for chunk in png.chunks_mut().drain(..) {
        let kind = chunk.kind();
        if &kind == b"eXIf" {
            let mut data = chunk.contents().to_vec();
            removed |= blank_gps_or_all(&mut data);
            chunks.push(PngChunk::new(kind, Bytes::from(data)));
        } else if &kind == b"iTXt"
            && chunk.contents().starts_with(b"XML:com.adobe.xmp\0")
            && mentions_gps(chunk.contents())
        {
            removed = true;
        } else {
            chunks.push(chunk);
        }
    }
    *png.chunks_mut() = chunks;
    Some(Stripped { bytes: png.encoder().bytes().to_vec(), location_removed: removed })
}

fn strip_webp(bytes: Vec<u8>) -> Option<Stripped> {
    use img_parts::{
        Bytes,
        riff::{RiffChunk, RiffContent},
    };
    let mut webp = img_parts::webp::WebP::from_bytes(Bytes::from(bytes)).ok()?;
    let mut removed = false;
    for chunk in webp.chunks_mut() {
        let id = chunk.id();
        let Some(data) = chunk.content().data() else { continue };
        let mut data = data.to_vec();
        let changed = match &id {
            b"EXIF" => {
                let tiff = if data.starts_with(EXIF_PREFIX) { &mut data[EXIF_PREFIX.len()..] } else { &mut data[..] };
                blank_gps_or_all(tiff)
            }
            b"XMP " => blank_xmp_with_gps(&mut data),
            _ => false,
        };
        if changed {
            removed = true;
            *chunk = RiffChunk::new(id, RiffContent::Data(Bytes::from(data)));
        }
    }
    Some(Stripped { bytes: webp.encoder().bytes().to_vec(), location_removed: removed })
}

fn mentions_gps(xmp: &[u8]) -> bool {
    xmp.windows(3).any(|w| w == b"GPS")
}

/// An XMP packet that mentions GPS becomes an empty one of the same length, padded with the
/// whitespace XMP reserves for editing in place.
fn blank_xmp_with_gps(xmp: &mut [u8]) -> bool {
    if !mentions_gps(xmp) {
        return false;
    }
    const EMPTY: &[u8] = b"<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\
        <x:xmpmeta xmlns:x=\"adobe:ns:meta/\"/>";
    const END: &[u8] = b"<?xpacket end=\"w\"?>";
    xmp.fill(b' ');
    if xmp.len() >= EMPTY.len() + END.len() {
        xmp[..EMPTY.len()].copy_from_slice(EMPTY);
        let at = xmp.len() - END.len();
        xmp[at..].copy_from_slice(END);
    }
    true
}

/// Blanks the GPS directory of a TIFF-structured EXIF block; one that cannot be walked is blanked
/// whole, since a lenient reader might still find a location in it.
fn blank_gps_or_all(tiff: &mut [u8]) -> bool {
    match blank_gps(tiff) {
        Some(removed) => removed,
        None => {
            let had_data = tiff.iter().any(|b| *b != 0);
            tiff.fill(0);
            had_data
        }
    }
}

struct Tiff<'a> {
    data: &'a mut [u8],
    little_endian: bool,
}

impl Tiff<'_> {
    fn u16_at(&self, at: usize) -> Option<u16> {
        let b: [u8; 2] = self.data.get(at..at.checked_add(2)?)?.try_into().ok()?;
        Some(if self.little_endian { u16::from_le_bytes(b) } else { u16::from_be_bytes(b) })
    }

    fn u32_at(&self, at: usize) -> Option<u32> {
        let b: [u8; 4] = self.data.get(at..at.checked_add(4)?)?.try_into().ok()?;
        Some(if self.little_endian { u32::from_le_bytes(b) } else { u32::from_be_bytes(b) })
    }
}

/// The GPSInfo pointer tag (Exif 2.32 §4.6.3): it belongs in IFD0; IFD1 is searched too.
const GPS_INFO_POINTER: u16 = 0x8825;
const IFD_ENTRY_LEN: usize = 12;

/// `None` when the block is not a walkable TIFF structure.
fn blank_gps(data: &mut [u8]) -> Option<bool> {
    let little_endian = match data.get(..4)? {
        b"II*\0" => true,
        b"MM\0*" => false,
        _ => return None,
    };
    let mut t = Tiff { data, little_endian };
    let mut removed = false;
    let mut ifd = t.u32_at(4)? as usize;
    for _ in 0..2 {
        if ifd == 0 {
            break;
        }
        let entries = t.u16_at(ifd)? as usize;
        for i in 0..entries {
            let entry = ifd + 2 + i * IFD_ENTRY_LEN;
            if t.u16_at(entry)? == GPS_INFO_POINTER {
                let gps = t.u32_at(entry + 8)? as usize;
                removed |= blank_ifd(&mut t, gps)?;
            }
        }
        ifd = t.u32_at(ifd + 2 + entries * IFD_ENTRY_LEN)? as usize;
    }
    Some(removed)
}

/// Zeroes an IFD's values stored outside it, then the IFD itself: an IFD of zero entries is a valid,
/// empty one, so readers see no location and nothing else moves.
fn blank_ifd(t: &mut Tiff<'_>, at: usize) -> Option<bool> {
    let entries = t.u16_at(at)? as usize;
    let end = at + 2 + entries * IFD_ENTRY_LEN + 4;
    t.data.get(at..end)?;
    for i in 0..entries {
        let entry = at + 2 + i * IFD_ENTRY_LEN;
        let unit = match t.u16_at(entry + 2)? {
            1 | 2 | 6 | 7 => 1,
            3 | 8 => 2,
            4 | 9 | 11 => 4,
            5 | 10 | 12 => 8,
            _ => 0,
        };
        let size = unit * t.u32_at(entry + 4)? as usize;
        if size > 4 {
            let offset = t.u32_at(entry + 8)? as usize;
            if let Some(value) = offset.checked_add(size).and_then(|e| t.data.get_mut(offset..e)) {
                value.fill(0);
            }
        }
    }
    t.data[at..end].fill(0);
    Some(entries > 0)
}

/// Where an evidence file is kept: the SHA-256 of its stored bytes in lower-case hex. Parsing is the
/// only way to get one, so a key can never name a path outside the store (`../`, `/`, `\`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct StorageKey(String);

impl StorageKey {
    pub fn parse(s: &str) -> Result<Self, &'static str> {
        if s.len() == 64 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
            Ok(Self(s.to_string()))
        } else {
            Err("a storage key is 64 lower-case hexadecimal characters")
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for StorageKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The name the uploader's file had, fit to show and to offer as a download name: the last path
/// component only, without control characters, at most 200 characters; `None` if nothing is left.
pub fn clean_file_name(name: &str) -> Option<String> {
    let last = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let cleaned: String = last.chars().filter(|c| !c.is_control()).take(200).collect();
    let cleaned = cleaned.trim();
    if cleaned.is_empty() || cleaned == "." || cleaned == ".." { None } else { Some(cleaned.to_string()) }
}

#[cfg(test)]
mod tests {
    use exif::{Field, In, Rational, Tag, Value};
    use img_parts::{Bytes, ImageEXIF};

    use super::*;

    const JPEG: &[u8] = include_bytes!("../../tests/fixtures/evidence/tiny.jpg");
    const PNG: &[u8] = include_bytes!("../../tests/fixtures/evidence/tiny.png");
    const WEBP: &[u8] = include_bytes!("../../tests/fixtures/evidence/tiny.webp");

    fn padded(head: &[u8]) -> Vec<u8> {
        let mut v = head.to_vec();
        v.resize(64, 0);
        v
    }

    fn mp3() -> Vec<u8> {
        padded(b"ID3\x04\x00\x00\x00\x00\x00\x00")
    }

    fn ogg(codec: &[u8; 8]) -> Vec<u8> {
        let mut v = padded(b"OggS\x00\x02");
        v[28..36].copy_from_slice(codec);
        v
    }

    fn m4a() -> Vec<u8> {
        padded(b"\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00M4A mp42isom")
    }

    fn wav() -> Vec<u8> {
        padded(b"RIFF\x24\x00\x00\x00WAVEfmt ")
    }

    fn pdf() -> Vec<u8> {
        b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".to_vec()
    }

    #[test]
    fn each_accepted_format_is_recognised_from_its_bytes() {
        let cases: Vec<(Vec<u8>, &str, MediaKind)> = vec![
            (JPEG.to_vec(), "image/jpeg", MediaKind::Photo),
            (PNG.to_vec(), "image/png", MediaKind::Photo),
            (WEBP.to_vec(), "image/webp", MediaKind::Photo),
            (pdf(), "application/pdf", MediaKind::Document),
            (mp3(), "audio/mpeg", MediaKind::Audio),
            (padded(b"\xFF\xFB\x90\x64"), "audio/mpeg", MediaKind::Audio),
            (ogg(b"OpusHead"), "audio/ogg", MediaKind::Audio),
            (ogg(b"\x01vorbis\x00"), "audio/ogg", MediaKind::Audio),
            (m4a(), "audio/mp4", MediaKind::Audio),
            (padded(b"\xFF\xF1\x50\x80"), "audio/aac", MediaKind::Audio),
            (wav(), "audio/wav", MediaKind::Audio),
        ];
        for (bytes, content_type, kind) in cases {
            let t = sniff(&bytes).unwrap_or_else(|e| panic!("{content_type}: {e}"));
            assert_eq!((t.content_type, t.kind), (content_type, kind));
        }
        assert_eq!(sniff(&ogg(b"OpusHead")).unwrap().extension, "opus");
    }

    #[test]
    fn the_bytes_decide_not_the_name_a_png_sent_as_a_pdf_is_a_png() {
        // The client's claim (`evidence.pdf`, `application/pdf`) never reaches `sniff`.
        assert_eq!(sniff(PNG).unwrap().content_type, "image/png");
    }

    #[test]
    fn programs_pages_and_drawings_are_refused_naming_what_they_are() {
        let exe = padded(b"MZ\x90\x00\x03\x00\x00\x00");
        assert_eq!(sniff(&exe).unwrap_err().detected, "application/vnd.microsoft.portable-executable");
        let html = b"<!DOCTYPE html><html><script>alert(1)</script></html>";
        assert_eq!(sniff(html).unwrap_err().detected, "text/html");
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#;
        assert_eq!(sniff(svg).unwrap_err().detected, "image/svg+xml");
        let svg_with_prolog = br#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>"#;
        assert_eq!(sniff(svg_with_prolog).unwrap_err().detected, "image/svg+xml");
        assert_eq!(sniff(b"just some words").unwrap_err().detected, "unknown");
        assert_eq!(sniff(b"").unwrap_err().detected, "unknown");
    }

    #[test]
    fn the_list_of_formats_names_them_for_people() {
        assert_eq!(accepted_labels(), "JPEG, PNG, WebP, PDF, MP3, Opus, OGG, M4A, AAC, WAV");
    }

    fn ascii(s: &str) -> Value {
        Value::Ascii(vec![s.as_bytes().to_vec()])
    }

    fn dms(d: u32, m: u32, s: u32) -> Value {
        Value::Rational(vec![
            Rational { num: d, denom: 1 },
            Rational { num: m, denom: 1 },
            Rational { num: s, denom: 1 },
        ])
    }

    /// EXIF as a phone writes it: orientation and time, and where the photo was taken
    /// (Astana, 51°10'N 71°26'E).
    fn exif_with_gps(little_endian: bool) -> Vec<u8> {
        let field = |tag, value| Field { tag, ifd_num: In::PRIMARY, value };
        let fields = [
            field(Tag::Orientation, Value::Short(vec![6])),
            field(Tag::DateTimeOriginal, ascii("2026:03:14 10:15:00")),
            field(Tag::GPSLatitudeRef, ascii("N")),
            field(Tag::GPSLatitude, dms(51, 10, 0)),
            field(Tag::GPSLongitudeRef, ascii("E")),
            field(Tag::GPSLongitude, dms(71, 26, 0)),
            field(Tag::GPSMapDatum, ascii("WGS-84")),
        ];
        let mut writer = exif::experimental::Writer::new();
        for f in &fields {
            writer.push_field(f);
        }
        let mut out = std::io::Cursor::new(Vec::new());
        writer.write(&mut out, little_endian).unwrap();
        out.into_inner()
    }

    fn jpeg_with_gps(little_endian: bool) -> Vec<u8> {
        let mut jpeg = img_parts::jpeg::Jpeg::from_bytes(Bytes::from_static(JPEG)).unwrap();
        jpeg.set_exif(Some(exif_with_gps(little_endian).into()));
        jpeg.encoder().bytes().to_vec()
    }

    fn read_exif(bytes: &[u8]) -> exif::Exif {
        exif::Reader::new().read_from_container(&mut std::io::Cursor::new(bytes)).unwrap()
    }

    fn photo(ext: &str) -> EvidenceType {
        *ACCEPTED.iter().map(|(_, t)| t).find(|t| t.extension == ext).unwrap()
    }

    #[test]
    fn a_jpeg_loses_its_location_and_keeps_its_orientation_and_time() {
        for little_endian in [true, false] {
            let original = jpeg_with_gps(little_endian);
            assert!(read_exif(&original).get_field(Tag::GPSLatitude, In::PRIMARY).is_some());
            assert!(has_gps(&original));

            let out = strip_location(photo("jpg"), original.clone()).unwrap();
            assert!(out.location_removed);
            assert_eq!(out.bytes.len(), original.len(), "nothing moves");
            let exif = read_exif(&out.bytes);
            assert!(exif.fields().all(|f| f.tag.context() != exif::Context::Gps));
            assert!(!has_gps(&out.bytes));
            assert_eq!(exif.get_field(Tag::Orientation, In::PRIMARY).unwrap().value.get_uint(0), Some(6));
            assert!(exif.get_field(Tag::DateTimeOriginal, In::PRIMARY).is_some());
            // The coordinates' bytes are gone, not merely unreferenced.
            let astana = 51u32.to_le_bytes();
            let lat_le = [astana.as_slice(), &1u32.to_le_bytes()].concat();
            assert!(!little_endian || !out.bytes.windows(8).any(|w| w == lat_le.as_slice()));
            assert_eq!(sniff(&out.bytes).unwrap().content_type, "image/jpeg");
        }
    }

    #[test]
    fn an_image_appended_to_a_jpeg_loses_its_location_too() {
        // Phones append depth maps and previews after the first image, each with its own EXIF.
        let mut file = jpeg_with_gps(true);
        let second_at = file.len();
        file.extend_from_slice(&jpeg_with_gps(false));
        let out = strip_location(photo("jpg"), file).unwrap();
        assert!(!has_gps(&out.bytes[..second_at]));
        assert!(!has_gps(&out.bytes[second_at..]));
    }

    #[test]
    fn a_photo_without_location_is_left_byte_for_byte() {
        let out = strip_location(photo("jpg"), JPEG.to_vec()).unwrap();
        assert_eq!((out.bytes.as_slice(), out.location_removed), (JPEG, false));
    }

    #[test]
    fn xmp_that_mentions_gps_is_emptied() {
        let mut jpeg = img_parts::jpeg::Jpeg::from_bytes(Bytes::from_static(JPEG)).unwrap();
        let xmp = [XMP_PREFIX, br#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description exif:GPSLatitude="51,10.0N" exif:GPSLongitude="71,26.0E"/></rdf:RDF></x:xmpmeta>"#].concat();
        jpeg.segments_mut().insert(1, img_parts::jpeg::JpegSegment::new_with_contents(0xE1, xmp.into()));
        let original = jpeg.encoder().bytes().to_vec();
        let out = strip_location(photo("jpg"), original.clone()).unwrap();
        assert!(out.location_removed);
        assert!(!out.bytes.windows(3).any(|w| w == b"GPS"));
        assert_eq!(out.bytes.len(), original.len());
    }

    #[test]
    fn png_and_webp_exif_lose_their_location() {
        for (ext, bytes) in [("png", PNG), ("webp", WEBP)] {
            let mut img = img_parts::DynImage::from_bytes(Bytes::from_static(bytes)).unwrap().unwrap();
            img.set_exif(Some(exif_with_gps(true).into()));
            let original = img.encoder().bytes().to_vec();
            assert!(has_gps(&original), "{ext} fixture carries GPS");
            let out = strip_location(photo(ext), original).unwrap();
            assert!(out.location_removed, "{ext}");
            assert!(!has_gps(&out.bytes), "{ext}");
            let exif = read_exif(&out.bytes);
            assert_eq!(exif.get_field(Tag::Orientation, In::PRIMARY).unwrap().value.get_uint(0), Some(6), "{ext}");
            assert_eq!(sniff(&out.bytes).unwrap().extension, ext);
        }
    }

    #[test]
    fn an_exif_block_that_cannot_be_walked_is_blanked_whole() {
        let mut block = b"XX*\0garbage 51 10 N".to_vec();
        assert!(blank_gps_or_all(&mut block));
        assert!(block.iter().all(|b| *b == 0));
    }

    #[test]
    fn a_damaged_png_is_unreadable_not_passed_through() {
        let mut damaged = PNG[..20].to_vec();
        damaged.extend_from_slice(b"\xFF\xFF\xFF\xFF");
        assert_eq!(strip_location(photo("png"), damaged).unwrap_err().label, "PNG");
    }

    #[test]
    fn documents_and_recordings_are_not_touched() {
        let out = strip_location(sniff(&pdf()).unwrap(), pdf()).unwrap();
        assert_eq!((out.bytes, out.location_removed), (pdf(), false));
    }

    #[test]
    fn storage_keys_cannot_leave_the_store() {
        let good = "a".repeat(64);
        assert!(StorageKey::parse(&good).is_ok());
        for bad in [
            "../../etc/passwd",
            "",
            "/etc/passwd",
            &"A".repeat(64),
            &format!("{}/", "a".repeat(63)),
            &"a".repeat(65),
            "..\\..\\boot.ini",
        ] {
            assert!(StorageKey::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn file_names_keep_only_their_last_component() {
        assert_eq!(clean_file_name("C:\\Users\\me\\фото 1.jpg").as_deref(), Some("фото 1.jpg"));
        assert_eq!(clean_file_name("../../etc/passwd").as_deref(), Some("passwd"));
        assert_eq!(clean_file_name("a\u{0}b\n.pdf").as_deref(), Some("ab.pdf"));
        assert_eq!(clean_file_name(".."), None);
        assert_eq!(clean_file_name("dir/"), None);
    }
}
