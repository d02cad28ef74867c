//! `zhaohuo prepare`: run exactly the photo preparation a search would, so a buyer can
//! see (and send to support) what an API received and why it may have refused it.

use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use zhaohuo_photo::{CropBox, ImageFormat, ImageSpec, PhotoSource};

#[derive(clap::Args)]
pub struct Args {
    /// The photo (JPEG, PNG, WebP, GIF, BMP, TIFF; detected by content). `-` reads stdin.
    photo: PathBuf,
    /// Crop in the photo's displayed (EXIF-turned) pixels: X,Y,W,H.
    #[arg(long, value_parser = parse_crop)]
    crop: Option<CropBox>,
    /// Longest side of the result in pixels.
    #[arg(long, default_value_t = ImageSpec::default().max_side)]
    max_side: u32,
    /// Byte limit of the encoded result (quality, then size, steps down to fit).
    #[arg(long, default_value_t = ImageSpec::default().max_bytes)]
    max_bytes: u64,
    /// Starting JPEG quality, 1–100.
    #[arg(long, default_value_t = ImageSpec::default().quality)]
    quality: u8,
    /// Centre the photo on a white square.
    #[arg(long)]
    pad: bool,
    /// Encode PNG instead of JPEG.
    #[arg(long)]
    png: bool,
    /// Where to write the result (`-` for stdout). Default: PHOTO's name + `.prepared.jpg`.
    #[arg(long, conflicts_with = "base64")]
    out: Option<PathBuf>,
    /// Print the base64 an API would receive instead of writing a file.
    #[arg(long)]
    base64: bool,
    /// Also write the history thumbnail here.
    #[arg(long)]
    thumbnail: Option<PathBuf>,
    /// Print the suggested subject crop (X,Y,W,H) and exit.
    #[arg(long, conflicts_with_all = ["crop", "out", "base64"])]
    suggest_crop: bool,
}

/// Why `--crop` could not be read.
#[derive(Debug, PartialEq, thiserror::Error)]
pub(crate) enum CropArgError {
    #[error("expected X,Y,W,H, got {0:?}")]
    Shape(String),
    #[error("{0:?} is not a whole number of pixels")]
    Number(String),
}

pub(crate) fn parse_crop(text: &str) -> Result<CropBox, CropArgError> {
    let parts: Vec<&str> = text.split(',').map(str::trim).collect();
    let [x, y, width, height] = parts.as_slice() else {
        return Err(CropArgError::Shape(text.to_string()));
    };
    let num = |s: &str| s.parse::<u32>().map_err(|_| CropArgError::Number(s.to_string()));
    Ok(CropBox { x: num(x)?, y: num(y)?, width: num(width)?, height: num(height)? })
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let bytes = read_input(&args.photo)?;
    let source = PhotoSource::Encoded(&bytes);
    let with_hint = |err: zhaohuo_photo::PhotoError| {
        use zhaohuo_types::ErrorKind as _;
        let hint = err.hint().map(|h| format!("\n  hint: {h}")).unwrap_or_default();
        anyhow::anyhow!("{err} [{}]{hint}", err.kind())
    };

    if args.suggest_crop {
        let b = zhaohuo_photo::suggest_subject(source).map_err(with_hint)?;
        println!("{},{},{},{}", b.x, b.y, b.width, b.height);
        return Ok(());
    }

    let spec = ImageSpec {
        max_side: args.max_side,
        pad_to_square: args.pad,
        format: if args.png { ImageFormat::Png } else { ImageFormat::Jpeg },
        quality: args.quality,
        max_bytes: args.max_bytes,
        ..ImageSpec::default()
    };
    let prepared = zhaohuo_photo::prepare(source, args.crop, &spec).map_err(with_hint)?;

    let crop = prepared.crop;
    eprintln!(
        "input:  {} {}x{} (after EXIF orientation), crop {},{},{},{}",
        prepared.detected_format,
        prepared.oriented_width,
        prepared.oriented_height,
        crop.x,
        crop.y,
        crop.width,
        crop.height
    );
    let quality = prepared.quality.map(|q| format!(", quality {q}")).unwrap_or_default();
    eprintln!(
        "output: {} {}x{}{quality}, {} bytes (limit {}), base64 {} chars",
        prepared.format.extension(),
        prepared.width,
        prepared.height,
        prepared.bytes.len(),
        spec.max_bytes,
        prepared.base64.len()
    );
    eprintln!("sha256: {}  phash: {:016x}", prepared.sha256_hex, prepared.phash);

    if let Some(path) = &args.thumbnail {
        std::fs::write(path, &prepared.thumbnail_jpeg).with_context(|| format!("writing {}", path.display()))?;
    }
    if args.base64 {
        println!("{}", prepared.base64);
        return Ok(());
    }
    let out = args.out.unwrap_or_else(|| default_output(&args.photo, prepared.format.extension()));
    if out == Path::new("-") {
        std::io::stdout().lock().write_all(&prepared.bytes).context("writing to stdout")?;
    } else {
        std::fs::write(&out, &prepared.bytes).with_context(|| format!("writing {}", out.display()))?;
        eprintln!("wrote:  {}", out.display());
    }
    Ok(())
}

fn read_input(path: &Path) -> anyhow::Result<Vec<u8>> {
    if path == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::stdin().lock().read_to_end(&mut bytes).context("reading stdin")?;
        return Ok(bytes);
    }
    std::fs::read(path).with_context(|| format!("reading {}", path.display()))
}

fn default_output(photo: &Path, extension: &str) -> PathBuf {
    let stem = photo
        .file_stem()
        .filter(|s| *s != "-")
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "photo".into());
    PathBuf::from(format!("{stem}.prepared.{extension}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_crop_boxes() {
        assert_eq!(parse_crop("10, 20,300,400"), Ok(CropBox { x: 10, y: 20, width: 300, height: 400 }));
        assert!(parse_crop("10,20,300").is_err());
        assert!(parse_crop("10,20,-3,400").is_err());
    }

    fn args(photo: PathBuf, out: Option<PathBuf>) -> Args {
        Args {
            photo,
            crop: None,
            max_side: 800,
            max_bytes: 500_000,
            quality: 85,
            pad: false,
            png: false,
            out,
            base64: false,
            thumbnail: None,
            suggest_crop: false,
        }
    }

    /// A real run: a generated 1200×900 JPEG in, the prepared JPEG file out.
    #[test]
    fn writes_the_prepared_photo_and_reports_typed_errors() {
        let dir = std::env::temp_dir().join(format!("zhaohuo-prepare-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
        let pixels: Vec<u8> =
            (0..1200u32 * 900).flat_map(|i| [(i % 251) as u8, (i / 1200 % 256) as u8, 90, 255]).collect();
        let input = zhaohuo_photo::prepare(
            PhotoSource::Rgba { width: 1200, height: 900, pixels: &pixels },
            None,
            &ImageSpec { max_side: 1200, max_bytes: 5_000_000, ..ImageSpec::default() },
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let photo = dir.join("input.bin");
        std::fs::write(&photo, &input.bytes).unwrap_or_else(|e| panic!("{e}"));

        let out = dir.join("out.jpg");
        let mut a = args(photo.clone(), Some(out.clone()));
        a.pad = true;
        a.crop = Some(CropBox { x: 100, y: 100, width: 600, height: 300 });
        run(a).unwrap_or_else(|e| panic!("{e:#}"));
        let written = std::fs::read(&out).unwrap_or_else(|e| panic!("{e}"));
        assert!(written.starts_with(&[0xFF, 0xD8]));
        let info = zhaohuo_photo::inspect(PhotoSource::Encoded(&written)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((info.width, info.height), (600, 600));

        let text = dir.join("notes.jpg");
        std::fs::write(&text, "not a photo\n").unwrap_or_else(|e| panic!("{e}"));
        let err = run(args(text, Some(dir.join("never.jpg")))).err().map(|e| format!("{e:#}"));
        assert!(
            err.as_deref().is_some_and(|e| e.contains("photo.unsupported_format") && e.contains("hint")),
            "{err:?}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn default_output_sits_in_the_working_directory() {
        assert_eq!(
            default_output(Path::new("/tmp/IMG_0042.HEIC.jpg"), "jpg"),
            PathBuf::from("IMG_0042.HEIC.prepared.jpg")
        );
        assert_eq!(default_output(Path::new("-"), "png"), PathBuf::from("photo.prepared.png"));
    }
}
