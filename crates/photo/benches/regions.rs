//! Region-finder benchmark on the generated corpus (`tests/common/screens.rs`): per
//! kind, how often the suggested crop is the product (IoU ≥ 0.8 with the truth), how
//! often each true product picture is among the candidates, and how long finding the
//! candidates takes for 1920×1080 and 1080×2400 screenshots. Prints a table.
//!
//!   cargo bench -p zhaohuo-photo --bench regions -- [--per-kind N] [--runs N] [--kind PREFIX] [--verbose] [--dump DIR]
#![allow(clippy::unwrap_used)]

#[path = "../tests/common/screens.rs"]
mod screens;

use std::path::PathBuf;
use std::time::Instant;

use screens::{generate, iou, timing_screen, Boxed, Kind};
use zhaohuo_photo::regions::{candidates, Candidate};

/// A true box counts as found when a candidate overlaps it this much.
const MATCH_IOU: f64 = 0.8;

fn boxed(c: &Candidate) -> Boxed {
    (c.rect.x, c.rect.y, c.rect.width, c.rect.height)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut per_kind = 40u64;
    let mut runs = 15usize;
    let mut verbose = false;
    let mut dump: Option<PathBuf> = None;
    let mut only: Option<String> = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--per-kind" => per_kind = it.next().unwrap().parse().unwrap(),
            "--runs" => runs = it.next().unwrap().parse().unwrap(),
            "--verbose" => verbose = true,
            "--dump" => dump = Some(PathBuf::from(it.next().unwrap())),
            "--kind" => only = Some(it.next().unwrap().clone()),
            _ => {} // `--bench` from cargo
        }
    }
    if let Some(dir) = &dump {
        std::fs::create_dir_all(dir).unwrap();
    }

    println!("{:<22} {:>5} {:>16} {:>16} {:>12}", "kind", "n", "suggested ok", "truth in cands", "median ms");
    for kind in Kind::ALL.into_iter().filter(|k| only.as_ref().is_none_or(|o| k.name().starts_with(o.as_str()))) {
        let (mut suggested_ok, mut truths, mut truths_found) = (0u32, 0u32, 0u32);
        let mut times = Vec::new();
        for i in 0..per_kind {
            let screen = generate(kind, i);
            let start = Instant::now();
            let found = candidates(&screen.image);
            times.push(start.elapsed().as_secs_f64() * 1000.0);
            let best = found.first().map(boxed);
            // The one meant: the only product, or either of two side by side.
            let meant: &[Boxed] = if kind == Kind::SideBySide { &screen.truths } else { &screen.truths[..1] };
            let best_iou = best.map_or(0.0, |b| meant.iter().map(|t| iou(b, *t)).fold(0.0, f64::max));
            suggested_ok += u32::from(best_iou >= MATCH_IOU);
            for t in &screen.truths {
                truths += 1;
                truths_found += u32::from(found.iter().any(|c| iou(boxed(c), *t) >= MATCH_IOU));
            }
            if verbose && (best_iou < MATCH_IOU || kind == Kind::Grid || kind == Kind::Chat) {
                println!(
                    "  {} #{i} {}x{}: best {:?} iou {best_iou:.2}, truths {:?}, {} candidates {:?}",
                    kind.name(),
                    screen.image.width(),
                    screen.image.height(),
                    best,
                    screen.truths,
                    found.len(),
                    found.iter().take(6).map(|c| (boxed(c), (c.score * 100.0).round() / 100.0)).collect::<Vec<_>>()
                );
            }
            if let Some(dir) = &dump {
                save_with_boxes(dir, kind, i, &screen.image, &screen.truths, &found);
            }
        }
        times.sort_by(f64::total_cmp);
        println!(
            "{:<22} {:>5} {:>15.0}% {:>15.0}% {:>12.1}",
            kind.name(),
            per_kind,
            100.0 * f64::from(suggested_ok) / per_kind as f64,
            100.0 * f64::from(truths_found) / f64::from(truths.max(1)),
            times[times.len() / 2]
        );
    }

    println!();
    for (phone, label) in [(false, "1920×1080 shop page"), (true, "1080×2400 shop page")] {
        let screens: Vec<_> = (0..4).map(|i| timing_screen(phone, i)).collect();
        let _ = candidates(&screens[0]);
        let mut times = Vec::new();
        for r in 0..runs {
            let image = &screens[r % screens.len()];
            let start = Instant::now();
            std::hint::black_box(candidates(std::hint::black_box(image)));
            times.push(start.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(f64::total_cmp);
        println!(
            "candidates for a {label}: median {:.1} ms (min {:.1}, max {:.1}, {runs} runs)",
            times[runs / 2],
            times[0],
            times[runs - 1]
        );
    }
}

/// Truths in green, the suggested crop in red, other candidates in blue.
fn save_with_boxes(
    dir: &std::path::Path,
    kind: Kind,
    i: u64,
    image: &image::RgbImage,
    truths: &[Boxed],
    found: &[Candidate],
) {
    let mut img = image.clone();
    let mut frame = |b: Boxed, colour: [u8; 3], width: u32| {
        let (w, h) = img.dimensions();
        for t in 0..width {
            for x in b.0..(b.0 + b.2).min(w) {
                for y in [b.1 + t, (b.1 + b.3).saturating_sub(1 + t)] {
                    if y < h {
                        img.put_pixel(x, y, image::Rgb(colour));
                    }
                }
            }
            for y in b.1..(b.1 + b.3).min(h) {
                for x in [b.0 + t, (b.0 + b.2).saturating_sub(1 + t)] {
                    if x < w {
                        img.put_pixel(x, y, image::Rgb(colour));
                    }
                }
            }
        }
    };
    for t in truths {
        frame(*t, [0, 200, 0], 5);
    }
    for (k, c) in found.iter().enumerate().rev() {
        frame(boxed(c), if k == 0 { [255, 0, 0] } else { [0, 80, 255] }, if k == 0 { 3 } else { 2 });
    }
    let name = format!("{}-{i:02}.png", kind.name().replace([' ', ','], "_"));
    img.save(dir.join(name)).unwrap();
}
