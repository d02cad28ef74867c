//! Photo pipeline benchmark: ours vs the Pillow code from the write-up vs the
//! `djpeg -scale` floor, on generated camera-like photos. Prints medians, peak memory,
//! ratios, and PSNR against a full-resolution Lanczos downscale.
//!
//! Run everything with `bench/photo/run.sh`; by hand:
//!   cargo bench -p zhaohuo-photo --bench pipeline -- [--dir DIR] [--runs N] [--pillow SCRIPT] [--cli BIN]
//!   (child mode) pipeline once FILE jpeg|png  → peak RSS of one prepare, JSON
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use zhaohuo_photo::{prepare, ImageFormat, ImageSpec, PhotoSource};

/// What the Pillow reference does: fit 800×800, pad on white, JPEG quality 80.
fn pillow_like_spec(format: ImageFormat) -> ImageSpec {
    ImageSpec { max_side: 800, pad_to_square: true, format, quality: 80, max_bytes: 50_000_000, ..ImageSpec::default() }
}

struct Options {
    dir: PathBuf,
    runs: usize,
    pillow: Option<PathBuf>,
    python: String,
    cli: Option<PathBuf>,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("once") {
        once(&args[1..]);
        return;
    }
    let mut options = Options {
        dir: PathBuf::from(std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".into())).join("photo-bench"),
        runs: 15,
        pillow: None,
        python: "python3".into(),
        cli: None,
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--dir" => options.dir = PathBuf::from(it.next().unwrap()),
            "--runs" => options.runs = it.next().unwrap().parse().unwrap(),
            "--pillow" => options.pillow = Some(PathBuf::from(it.next().unwrap())),
            "--python" => options.python = it.next().unwrap().clone(),
            "--cli" => options.cli = Some(PathBuf::from(it.next().unwrap())),
            "--bench" => {} // passed by `cargo bench`
            other => eprintln!("ignoring argument {other:?}"),
        }
    }
    std::fs::create_dir_all(&options.dir).unwrap();
    run(&options);
}

/// Child mode: one prepare, then this process's peak RSS.
fn once(args: &[String]) {
    let path = &args[0];
    let format = if args.get(1).map(String::as_str) == Some("png") { ImageFormat::Png } else { ImageFormat::Jpeg };
    let baseline = proc_status_kb("VmRSS:");
    let bytes = std::fs::read(path).unwrap();
    let out = prepare(PhotoSource::Encoded(&bytes), None, &pillow_like_spec(format)).unwrap();
    println!(
        "{{\"peak_rss_kb\": {}, \"baseline_rss_kb\": {baseline}, \"base64_len\": {}}}",
        proc_status_kb("VmHWM:"),
        out.base64.len()
    );
}

fn proc_status_kb(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

struct Case {
    label: &'static str,
    file: PathBuf,
    /// DCT scale (eighths) djpeg needs for ≥ 800 px; `None` for non-JPEG.
    floor_eighths: Option<usize>,
    runs: usize,
}

fn run(options: &Options) {
    let jpeg_12mp = ensure_fixture(&options.dir, "camera_4000x3000.jpg", || camera_jpeg(4000, 3000));
    let jpeg_48mp = ensure_fixture(&options.dir, "camera_8000x6000.jpg", || camera_jpeg(8000, 6000));
    let png_rgba = ensure_fixture(&options.dir, "cutout_4000x3000_rgba.png", || cutout_png(4000, 3000));
    let webp = options.dir.join("camera_4000x3000.webp");
    if !webp.exists() {
        if let Some(script) = &options.pillow {
            let status = Command::new(&options.python)
                .arg(script)
                .args(["make-webp", jpeg_12mp.to_str().unwrap(), webp.to_str().unwrap()])
                .status();
            if !matches!(status, Ok(s) if s.success()) {
                eprintln!("could not make the WebP fixture (is Pillow installed?)");
            }
        }
    }

    let mut cases = vec![
        Case { label: "JPEG 4000x3000", file: jpeg_12mp.clone(), floor_eighths: Some(2), runs: options.runs },
        Case { label: "JPEG 8000x6000", file: jpeg_48mp.clone(), floor_eighths: Some(1), runs: options.runs },
        Case {
            label: "PNG RGBA 4000x3000",
            file: png_rgba.clone(),
            floor_eighths: None,
            runs: options.runs.div_ceil(3).max(3),
        },
    ];
    if webp.exists() {
        cases.push(Case {
            label: "WebP 4000x3000",
            file: webp.clone(),
            floor_eighths: None,
            runs: options.runs.div_ceil(2).max(3),
        });
    }

    println!("photo pipeline benchmark — medians of N interleaved runs, same machine, same run");
    println!("load average at start: {}", load_average());
    println!(
        "ours: read file + zhaohuo_photo::prepare(max_side 800, pad, JPEG q80) incl. base64, SHA-256, pHash, thumbnail"
    );
    println!("pillow: the write-up's preprocess_image() (thumbnail LANCZOS, paste on 800x800 white, JPEG q80 / PNG optimize for .png)");
    println!("floor: djpeg -scale n/8 (smallest scale giving >= 800 px) -outfile /dev/null, whole process");
    println!();
    println!(
        "| {:<20} | {:>6} | {:>9} | {:>9} | {:>10} | {:>10} | {:>8} | {:>9} | {:>8} | {:>8} |",
        "input", "MB", "ours ms", "ours MB", "Pillow ms", "Pillow MB", "×Pillow", "floor ms", "/floor", "PSNR dB"
    );
    println!("|{}|", ["-"; 10].join("|"));
    let mut checks: Vec<(String, bool)> = Vec::new();
    let mut mins: Vec<String> = Vec::new();
    let mut pillow_server = options.pillow.as_ref().and_then(|script| PillowServer::start(&options.python, script));
    for case in &cases {
        let size_mb = std::fs::metadata(&case.file).map(|m| m.len() as f64 / 1e6).unwrap_or(0.0);
        // Interleave ours / Pillow / djpeg run by run, so all three see the same machine load.
        let mut ours_samples = Vec::new();
        let mut pillow_samples = Vec::new();
        let mut floor_samples = Vec::new();
        for round in 0..=case.runs {
            let ours = time_ms(|| {
                let bytes = std::fs::read(&case.file).unwrap();
                prepare(PhotoSource::Encoded(&bytes), None, &pillow_like_spec(ImageFormat::Jpeg)).unwrap();
            });
            let pillow = pillow_server.as_mut().and_then(|server| server.run(&case.file));
            let floor = case.floor_eighths.map(|n| {
                time_ms(|| {
                    let status = Command::new("djpeg")
                        .args(["-scale", &format!("{n}/8"), "-outfile", "/dev/null"])
                        .arg(&case.file)
                        .status()
                        .unwrap();
                    assert!(status.success());
                })
            });
            if round == 0 {
                continue; // warm-up: page cache, lazy initialisation
            }
            ours_samples.push(ours);
            pillow_samples.extend(pillow);
            floor_samples.extend(floor);
        }
        let minimum = |v: &[f64]| v.iter().copied().reduce(f64::min);
        mins.push(format!(
            "{}: ours {} ms, Pillow {} ms, floor {} ms ({} runs)",
            case.label,
            fmt_opt(minimum(&ours_samples), 1),
            fmt_opt(minimum(&pillow_samples), 1),
            fmt_opt(minimum(&floor_samples), 1),
            case.runs
        ));
        let ours = median(&mut ours_samples).unwrap_or(f64::NAN);
        let pillow_ms = median(&mut pillow_samples);
        let floor = median(&mut floor_samples);
        let ours_peak =
            child_peak_mb(Command::new(std::env::current_exe().unwrap()).arg("once").arg(&case.file).arg("jpeg"));
        let pillow_peak = options
            .pillow
            .as_ref()
            .and_then(|script| child_peak_mb(Command::new(&options.python).arg(script).arg("once").arg(&case.file)));
        let psnr = case.floor_eighths.map(|_| psnr_vs_full_lanczos(&case.file));
        let speedup = pillow_ms.map(|p| p / ours);
        println!(
            "| {:<20} | {:>6.1} | {:>9.1} | {:>9} | {:>10} | {:>10} | {:>8} | {:>9} | {:>8} | {:>8} |",
            case.label,
            size_mb,
            ours,
            fmt_opt(ours_peak, 1),
            fmt_opt(pillow_ms, 1),
            fmt_opt(pillow_peak, 1),
            fmt_opt(speedup, 2),
            fmt_opt(floor, 1),
            fmt_opt(floor.map(|f| ours / f), 2),
            fmt_opt(psnr, 1),
        );
        match case.label {
            "JPEG 4000x3000" => {
                if let Some(s) = speedup {
                    checks.push((format!("4000x3000: >= 2x faster than Pillow ({s:.2}x)"), s >= 2.0));
                }
                if let Some(f) = floor {
                    checks.push((format!("4000x3000: <= 1.3x the djpeg floor ({:.2}x)", ours / f), ours / f <= 1.3));
                }
                if let Some(p) = ours_peak {
                    checks.push((format!("4000x3000: peak memory <= 40 MB ({p:.1} MB)"), p <= 40.0));
                }
            }
            "JPEG 8000x6000" => {
                if let Some(s) = speedup {
                    checks.push((format!("8000x6000: >= 1.5x faster than Pillow ({s:.2}x)"), s >= 1.5));
                }
            }
            label => {
                if let Some(s) = speedup {
                    checks.push((format!("{label}: not slower than Pillow ({s:.2}x)"), s >= 1.0));
                }
            }
        }
        if let Some(p) = psnr {
            checks.push((format!("{}: PSNR vs full-res Lanczos >= 35 dB ({p:.1} dB)", case.label), p >= 35.0));
        }
    }
    println!();
    println!("fastest single runs (less sensitive to other load on the machine):");
    for line in &mins {
        println!("  {line}");
    }
    println!("ours MB / Pillow MB: peak RSS of a child process doing one prepare (Python's includes its interpreter, see below).");

    // PNG output for the PNG input, as the Pillow code does for .png paths.
    let png_out = median_ms(options.runs.div_ceil(3).max(3), || {
        let bytes = std::fs::read(&png_rgba).unwrap();
        prepare(PhotoSource::Encoded(&bytes), None, &pillow_like_spec(ImageFormat::Png)).unwrap();
    });
    println!("PNG RGBA 4000x3000 with PNG output (what the Pillow code writes for .png): ours {png_out:.1} ms");

    if let Some(script) = &options.pillow {
        if let Some(base) = pillow_baseline_mb(&options.python, script, &jpeg_12mp) {
            println!("Pillow baseline (interpreter + PIL, before the photo): {base:.1} MB");
        }
    }
    let own = child_json(Command::new(std::env::current_exe().unwrap()).arg("once").arg(&jpeg_12mp).arg("jpeg"));
    if let Some(base) = own.as_ref().and_then(|j| json_number(j, "baseline_rss_kb")) {
        println!("ours baseline (bench binary, before the photo): {:.1} MB", base / 1024.0);
    }

    // In-process floor: libjpeg-turbo decoding alone at 1/4, no process start.
    let jpeg_bytes = std::fs::read(&jpeg_12mp).unwrap();
    let turbo_floor = median_ms(options.runs, || {
        let mut d = turbojpeg::Decompressor::new().unwrap();
        d.set_scaling_factor(turbojpeg::ScalingFactor::ONE_QUARTER).unwrap();
        let h = d.read_header(&jpeg_bytes).unwrap().scaled(turbojpeg::ScalingFactor::ONE_QUARTER);
        let mut img = turbojpeg::Image {
            pixels: vec![0u8; h.width * h.height * 3],
            width: h.width,
            pitch: h.width * 3,
            height: h.height,
            format: turbojpeg::PixelFormat::RGB,
        };
        d.decompress(&jpeg_bytes, img.as_deref_mut()).unwrap();
    });
    println!("in-process floor, libjpeg-turbo 3 decode of 4000x3000 at 1/4: {turbo_floor:.1} ms");

    if let Some(cli) = &options.cli {
        // Alternate the in-process call and the whole `zhaohuo prepare` process.
        let mut inside = Vec::new();
        let mut whole = Vec::new();
        for round in 0..=options.runs {
            let a = time_ms(|| {
                let bytes = std::fs::read(&jpeg_12mp).unwrap();
                prepare(PhotoSource::Encoded(&bytes), None, &pillow_like_spec(ImageFormat::Jpeg)).unwrap();
            });
            let b = time_ms(|| {
                let out = Command::new(cli)
                    .args(["prepare", "--pad", "--quality", "80", "--max-bytes", "50000000", "--out", "/dev/null"])
                    .arg(&jpeg_12mp)
                    .output()
                    .unwrap();
                assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            });
            if round > 0 {
                inside.push(a);
                whole.push(b);
            }
        }
        let (inside, whole) = (median(&mut inside).unwrap_or(f64::NAN), median(&mut whole).unwrap_or(f64::NAN));
        let delta = whole - inside;
        println!(
            "`zhaohuo prepare` whole process on 4000x3000: {whole:.1} ms vs {inside:.1} ms in-process ({delta:+.1} ms)"
        );
        checks.push((format!("`zhaohuo prepare` within 10 ms of in-process ({delta:+.1} ms)"), delta <= 10.0));
    }

    println!();
    let mut all = true;
    for (what, ok) in &checks {
        all &= ok;
        println!("{} {what}", if *ok { "PASS" } else { "FAIL" });
    }
    println!("{}", if all { "all targets met" } else { "some targets missed" });
    println!("load average at end: {}", load_average());
}

/// Other processes skew wall times on a 2-core machine; print the load with the numbers.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}

fn fmt_opt(v: Option<f64>, decimals: usize) -> String {
    v.map(|v| format!("{v:.decimals$}")).unwrap_or_else(|| "-".into())
}

fn time_ms(f: impl FnOnce()) -> f64 {
    let start = Instant::now();
    f();
    start.elapsed().as_secs_f64() * 1000.0
}

fn median(samples: &mut [f64]) -> Option<f64> {
    if samples.is_empty() {
        return None;
    }
    samples.sort_by(f64::total_cmp);
    Some(samples[samples.len() / 2])
}

/// A long-lived `pillow_ref.py serve` process: one photo path in, one timing out.
struct PillowServer {
    child: std::process::Child,
    stdout: std::io::BufReader<std::process::ChildStdout>,
}

impl PillowServer {
    fn start(python: &str, script: &Path) -> Option<PillowServer> {
        let mut child = Command::new(python)
            .arg(script)
            .arg("serve")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .ok()?;
        let stdout = std::io::BufReader::new(child.stdout.take()?);
        Some(PillowServer { child, stdout })
    }

    fn run(&mut self, file: &Path) -> Option<f64> {
        use std::io::{BufRead as _, Write as _};
        let stdin = self.child.stdin.as_mut()?;
        writeln!(stdin, "{}", file.display()).ok()?;
        stdin.flush().ok()?;
        let mut line = String::new();
        self.stdout.read_line(&mut line).ok()?;
        line.trim().parse().ok()
    }
}

impl Drop for PillowServer {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.wait();
    }
}

fn median_ms(runs: usize, mut f: impl FnMut()) -> f64 {
    f(); // warm-up: page cache, lazy init
    let mut samples: Vec<f64> = (0..runs.max(1))
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

fn child_json(cmd: &mut Command) -> Option<String> {
    let out = cmd.output().ok()?;
    if !out.status.success() {
        eprintln!("child failed: {}", String::from_utf8_lossy(&out.stderr));
        return None;
    }
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn child_peak_mb(cmd: &mut Command) -> Option<f64> {
    child_json(cmd).and_then(|j| json_number(&j, "peak_rss_kb")).map(|kb| kb / 1024.0)
}

fn json_number(json: &str, key: &str) -> Option<f64> {
    let value: serde_json::Value = serde_json::from_str(json.trim()).ok()?;
    value.get(key)?.as_f64()
}

fn pillow_baseline_mb(python: &str, script: &Path, file: &Path) -> Option<f64> {
    child_json(Command::new(python).arg(script).arg("once").arg(file))
        .and_then(|j| json_number(&j, "baseline_rss_kb"))
        .map(|kb| kb / 1024.0)
}

/// PSNR of our resized pixels (PNG output, so no JPEG loss) against a full-resolution
/// decode downscaled with Lanczos3 — what the reduced DCT decode costs in quality.
fn psnr_vs_full_lanczos(file: &Path) -> f64 {
    use fast_image_resize as fir;
    let bytes = std::fs::read(file).unwrap();
    let spec = ImageSpec { pad_to_square: false, ..pillow_like_spec(ImageFormat::Png) };
    let ours = prepare(PhotoSource::Encoded(&bytes), None, &spec).unwrap();
    let ours = image::load_from_memory(&ours.bytes).unwrap().to_rgb8();

    let full = turbojpeg::decompress(&bytes, turbojpeg::PixelFormat::RGB).unwrap();
    let src =
        fir::images::ImageRef::new(full.width as u32, full.height as u32, &full.pixels, fir::PixelType::U8x3).unwrap();
    let mut dst = fir::images::Image::new(ours.width(), ours.height(), fir::PixelType::U8x3);
    fir::Resizer::new()
        .resize(
            &src,
            &mut dst,
            &fir::ResizeOptions::new().resize_alg(fir::ResizeAlg::Convolution(fir::FilterType::Lanczos3)),
        )
        .unwrap();
    let mse = ours.as_raw().iter().zip(dst.buffer()).map(|(&a, &b)| (f64::from(a) - f64::from(b)).powi(2)).sum::<f64>()
        / ours.as_raw().len() as f64;
    10.0 * (255.0f64 * 255.0 / mse.max(1e-12)).log10()
}

fn ensure_fixture(dir: &Path, name: &str, make: impl FnOnce() -> Vec<u8>) -> PathBuf {
    let path = dir.join(name);
    if !path.exists() {
        eprintln!("generating {}", path.display());
        std::fs::write(&path, make()).unwrap();
    }
    path
}

/// Deterministic lattice noise in [0, 1).
fn lattice(seed: u32, x: i64, y: i64) -> f32 {
    let mut h = (x as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ (y as u64).wrapping_mul(0xC2B2_AE3D_27D4_EB4F)
        ^ u64::from(seed);
    h ^= h >> 31;
    h = h.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    h ^= h >> 29;
    (h >> 40) as f32 / (1u64 << 24) as f32
}

fn value_noise(seed: u32, x: f32, y: f32, cell: f32) -> f32 {
    let fx = x / cell;
    let fy = y / cell;
    let (ix, iy) = (fx.floor(), fy.floor());
    let (tx, ty) = (fx - ix, fy - iy);
    let (sx, sy) = (tx * tx * (3.0 - 2.0 * tx), ty * ty * (3.0 - 2.0 * ty));
    let (ix, iy) = (ix as i64, iy as i64);
    let a = lattice(seed, ix, iy);
    let b = lattice(seed, ix + 1, iy);
    let c = lattice(seed, ix, iy + 1);
    let d = lattice(seed, ix + 1, iy + 1);
    let top = a + (b - a) * sx;
    let bottom = c + (d - c) * sx;
    top + (bottom - top) * sy
}

/// Camera-like RGB: multi-octave luminance detail, slow colour variation, sensor noise;
/// encoded at quality 92 4:2:0 like a phone camera.
fn camera_rgb(width: u32, height: u32) -> Vec<u8> {
    let scale = width as f32 / 4000.0;
    let mut out = Vec::with_capacity(width as usize * height as usize * 3);
    for y in 0..height {
        for x in 0..width {
            let (xf, yf) = (x as f32, y as f32);
            let mut luma = 0.0;
            let mut amp = 1.0;
            let mut total = 0.0;
            let mut cell = 1024.0 * scale;
            while cell >= 2.0 {
                luma += amp * value_noise(7, xf, yf, cell);
                total += amp;
                amp *= 0.78;
                cell /= 2.0;
            }
            luma /= total;
            let warm = value_noise(11, xf, yf, 700.0 * scale) - 0.5;
            let tint = value_noise(13, xf, yf, 300.0 * scale) - 0.5;
            let grain = lattice(17, i64::from(x), i64::from(y)) - 0.5;
            // Hard-edged "objects" so there are edges as well as texture.
            let object = if value_noise(19, xf, yf, 180.0 * scale) > 0.6 { 45.0 } else { 0.0 };
            let l = 255.0 * (0.1 + 0.75 * luma) + object + 16.0 * grain;
            out.push((l + 90.0 * warm).clamp(0.0, 255.0) as u8);
            out.push((l + 40.0 * tint).clamp(0.0, 255.0) as u8);
            out.push((l - 90.0 * warm - 20.0 * tint).clamp(0.0, 255.0) as u8);
        }
    }
    out
}

fn camera_jpeg(width: u32, height: u32) -> Vec<u8> {
    let pixels = camera_rgb(width, height);
    let mut c = turbojpeg::Compressor::new().unwrap();
    c.set_quality(92).unwrap();
    c.set_subsamp(turbojpeg::Subsamp::Sub2x2).unwrap();
    c.compress_to_vec(turbojpeg::Image {
        pixels: pixels.as_slice(),
        width: width as usize,
        pitch: width as usize * 3,
        height: height as usize,
        format: turbojpeg::PixelFormat::RGB,
    })
    .unwrap()
}

/// A product cut-out: the camera texture inside a soft-edged ellipse, transparent around it.
fn cutout_png(width: u32, height: u32) -> Vec<u8> {
    use image::ImageEncoder as _;
    let rgb = camera_rgb(width, height);
    let (cx, cy) = (width as f32 / 2.0, height as f32 / 2.0);
    let mut rgba = Vec::with_capacity(width as usize * height as usize * 4);
    for (i, px) in rgb.chunks_exact(3).enumerate() {
        let x = (i % width as usize) as f32;
        let y = (i / width as usize) as f32;
        let d = ((x - cx) / (0.4 * width as f32)).hypot((y - cy) / (0.4 * height as f32));
        let alpha = ((1.0 - d) * 40.0).clamp(0.0, 1.0);
        rgba.extend_from_slice(px);
        rgba.push((alpha * 255.0) as u8);
    }
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(&rgba, width, height, image::ExtendedColorType::Rgba8)
        .unwrap();
    out
}
