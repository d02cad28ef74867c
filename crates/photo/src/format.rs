//! Content sniffing: what a file really is, whatever it is named.

use serde::{Deserialize, Serialize};

/// What the bytes turned out to be. Only some of these decode; the rest exist so that
/// the error can tell the buyer what they dropped ("heic", "pdf", "text").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DetectedFormat {
    Jpeg,
    Png,
    Webp,
    Gif,
    Bmp,
    Tiff,
    /// Raw RGBA pixels handed over with their size (clipboard).
    RawRgba,
    Heic,
    Avif,
    JpegXl,
    Jpeg2000,
    Ico,
    Psd,
    Svg,
    Pdf,
    PostScript,
    Html,
    Video,
    Zip,
    Text,
    Unknown,
}

impl DetectedFormat {
    /// Short lowercase name, as shown in errors and the CLI.
    pub fn name(self) -> &'static str {
        match self {
            DetectedFormat::Jpeg => "jpeg",
            DetectedFormat::Png => "png",
            DetectedFormat::Webp => "webp",
            DetectedFormat::Gif => "gif",
            DetectedFormat::Bmp => "bmp",
            DetectedFormat::Tiff => "tiff",
            DetectedFormat::RawRgba => "raw rgba",
            DetectedFormat::Heic => "heic",
            DetectedFormat::Avif => "avif",
            DetectedFormat::JpegXl => "jpeg xl",
            DetectedFormat::Jpeg2000 => "jpeg 2000",
            DetectedFormat::Ico => "ico",
            DetectedFormat::Psd => "psd",
            DetectedFormat::Svg => "svg",
            DetectedFormat::Pdf => "pdf",
            DetectedFormat::PostScript => "postscript",
            DetectedFormat::Html => "html",
            DetectedFormat::Video => "video",
            DetectedFormat::Zip => "zip",
            DetectedFormat::Text => "text",
            DetectedFormat::Unknown => "unknown",
        }
    }

    /// Whether the pipeline can decode it.
    pub fn is_supported(self) -> bool {
        matches!(
            self,
            DetectedFormat::Jpeg
                | DetectedFormat::Png
                | DetectedFormat::Webp
                | DetectedFormat::Gif
                | DetectedFormat::Bmp
                | DetectedFormat::Tiff
                | DetectedFormat::RawRgba
        )
    }

    pub(crate) fn image_format(self) -> Option<image::ImageFormat> {
        match self {
            DetectedFormat::Jpeg => Some(image::ImageFormat::Jpeg),
            DetectedFormat::Png => Some(image::ImageFormat::Png),
            DetectedFormat::Webp => Some(image::ImageFormat::WebP),
            DetectedFormat::Gif => Some(image::ImageFormat::Gif),
            DetectedFormat::Bmp => Some(image::ImageFormat::Bmp),
            DetectedFormat::Tiff => Some(image::ImageFormat::Tiff),
            _ => None,
        }
    }
}

impl std::fmt::Display for DetectedFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Identify the format from the first bytes (never from a file name).
pub fn detect_format(bytes: &[u8]) -> DetectedFormat {
    let starts = |magic: &[u8]| bytes.starts_with(magic);
    if starts(&[0xFF, 0xD8, 0xFF]) {
        return DetectedFormat::Jpeg;
    }
    if starts(b"\x89PNG\r\n\x1a\n") {
        return DetectedFormat::Png;
    }
    if starts(b"GIF87a") || starts(b"GIF89a") {
        return DetectedFormat::Gif;
    }
    if bytes.len() >= 12 && starts(b"RIFF") && &bytes[8..12] == b"WEBP" {
        return DetectedFormat::Webp;
    }
    if starts(b"II*\0") || starts(b"MM\0*") || starts(b"II+\0") || starts(b"MM\0+") {
        return DetectedFormat::Tiff;
    }
    if is_bmp(bytes) {
        return DetectedFormat::Bmp;
    }
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        return match &bytes[8..12] {
            b"heic" | b"heix" | b"hevc" | b"hevx" | b"heim" | b"heis" | b"mif1" | b"msf1" => DetectedFormat::Heic,
            b"avif" | b"avis" => DetectedFormat::Avif,
            _ => DetectedFormat::Video,
        };
    }
    if starts(&[0xFF, 0x0A]) || starts(b"\0\0\0\x0CJXL \r\n\x87\n") {
        return DetectedFormat::JpegXl;
    }
    if starts(b"\0\0\0\x0CjP  \r\n\x87\n") || starts(&[0xFF, 0x4F, 0xFF, 0x51]) {
        return DetectedFormat::Jpeg2000;
    }
    if starts(&[0, 0, 1, 0]) && bytes.len() >= 6 {
        return DetectedFormat::Ico;
    }
    if starts(b"8BPS") {
        return DetectedFormat::Psd;
    }
    if starts(b"%PDF-") {
        return DetectedFormat::Pdf;
    }
    if starts(b"%!PS") {
        return DetectedFormat::PostScript;
    }
    if starts(b"PK\x03\x04") {
        return DetectedFormat::Zip;
    }
    if starts(&[0x1A, 0x45, 0xDF, 0xA3]) {
        return DetectedFormat::Video;
    }
    if let Some(text) = leading_text(bytes) {
        let lower = text.to_ascii_lowercase();
        let trimmed = lower.trim_start();
        if trimmed.starts_with('<') && lower.contains("<svg") {
            return DetectedFormat::Svg;
        }
        if trimmed.starts_with("<!doctype html") || trimmed.starts_with("<html") {
            return DetectedFormat::Html;
        }
        return DetectedFormat::Text;
    }
    DetectedFormat::Unknown
}

fn is_bmp(bytes: &[u8]) -> bool {
    if bytes.len() < 18 || !bytes.starts_with(b"BM") {
        return false;
    }
    let dib_header_len = u32::from_le_bytes([bytes[14], bytes[15], bytes[16], bytes[17]]);
    matches!(dib_header_len, 12 | 16 | 40 | 52 | 56 | 64 | 108 | 124)
}

/// The start of the file as text, when it reads as UTF-8 without binary control bytes.
fn leading_text(bytes: &[u8]) -> Option<String> {
    if bytes.is_empty() {
        return None;
    }
    let head = &bytes[..bytes.len().min(4096)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let text = match std::str::from_utf8(head) {
        Ok(text) => text,
        // A multi-byte character cut at the 4096-byte mark is still text.
        Err(err) if err.error_len().is_none() && err.valid_up_to() + 4 > head.len() => {
            std::str::from_utf8(&head[..err.valid_up_to()]).ok()?
        }
        Err(_) => return None,
    };
    let binary = text.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0C'));
    if binary || text.is_empty() {
        return None;
    }
    Some(text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_by_content() {
        assert_eq!(detect_format(b"\xFF\xD8\xFF\xE0rest"), DetectedFormat::Jpeg);
        assert_eq!(detect_format(b"\0\0\0\x18ftypheic\0\0\0\0"), DetectedFormat::Heic);
        assert_eq!(detect_format(b"\0\0\0\x1cftypavif\0\0\0\0"), DetectedFormat::Avif);
        assert_eq!(detect_format(b"\0\0\0\x1cftypisom\0\0\0\0"), DetectedFormat::Video);
        assert_eq!(
            detect_format(b"<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
            DetectedFormat::Svg
        );
        assert_eq!(detect_format(b"%PDF-1.7\n"), DetectedFormat::Pdf);
        assert_eq!(detect_format("货号 A-1024, 颜色: 红\n".as_bytes()), DetectedFormat::Text);
        assert_eq!(detect_format(b"BMxx"), DetectedFormat::Text);
        assert_eq!(detect_format(&[0x00, 0x9F, 0x13, 0x77, 0x01]), DetectedFormat::Unknown);
        assert_eq!(detect_format(b""), DetectedFormat::Unknown);
    }
}
