//! Procedural product pictures: each design is drawn as vector shapes (body,
//! pattern, trims, shading) on a chosen background, so the catalog needs no
//! stored images and the benchmark can re-shoot a product on another table.

use image::RgbImage;
use tiny_skia::{
    Color, FillRule, GradientStop, LinearGradient, Mask, Paint, Path, PathBuilder, Pixmap, Point, RadialGradient, Rect,
    SpreadMode, Stroke, Transform,
};

use crate::catalog::{Category, Design, Pattern};
use crate::rng::SplitMix;

/// What the product stands on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Background {
    /// A seller's studio backdrop: near-white with a soft vertical gradient.
    Studio([u8; 3]),
    Solid([u8; 3]),
    Gradient([u8; 3], [u8; 3]),
    /// A wooden table top (grain stripes), seeded.
    Wood(u64),
    /// A patterned cloth (small random speckles), seeded.
    Fabric([u8; 3], u64),
}

/// How the product is placed in the frame.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scene {
    pub background: Background,
    /// Degrees, clockwise.
    pub rotation_deg: f32,
    /// Side of the product's unit box as a fraction of the shorter canvas side.
    pub scale: f32,
    /// Centre of the product as fractions of width and height.
    pub center: (f32, f32),
    pub shadow: bool,
    /// Draw a hand holding the product from the lower right.
    pub hand: bool,
}

/// The backdrops sellers use; an offer's `photo_style` picks one.
pub const STUDIO_TINTS: [[u8; 3]; 4] = [[236, 236, 238], [246, 243, 236], [226, 234, 242], [240, 236, 240]];

impl Scene {
    /// The canonical listing photo: centred, upright, on a studio backdrop.
    pub fn listing(style: u8) -> Scene {
        Scene {
            background: Background::Studio(STUDIO_TINTS[usize::from(style) % STUDIO_TINTS.len()]),
            rotation_deg: 0.0,
            scale: 0.86,
            center: (0.5, 0.5),
            shadow: true,
            hand: false,
        }
    }
}

fn color(rgb: [u8; 3], alpha: u8) -> Color {
    Color::from_rgba8(rgb[0], rgb[1], rgb[2], alpha)
}

fn shade(rgb: [u8; 3], factor: f32) -> [u8; 3] {
    rgb.map(|c| (f32::from(c) * factor).clamp(0.0, 255.0) as u8)
}

fn solid_paint(rgb: [u8; 3], alpha: u8) -> Paint<'static> {
    let mut paint = Paint::default();
    paint.set_color(color(rgb, alpha));
    paint.anti_alias = true;
    paint
}

fn poly(points: &[(f32, f32)]) -> Option<Path> {
    let mut pb = PathBuilder::new();
    let (first, rest) = points.split_first()?;
    pb.move_to(first.0, first.1);
    for p in rest {
        pb.line_to(p.0, p.1);
    }
    pb.close();
    pb.finish()
}

fn push_rrect(pb: &mut PathBuilder, x: f32, y: f32, w: f32, h: f32, r: f32) {
    let r = r.min(w / 2.0).min(h / 2.0);
    pb.move_to(x + r, y);
    pb.line_to(x + w - r, y);
    pb.quad_to(x + w, y, x + w, y + r);
    pb.line_to(x + w, y + h - r);
    pb.quad_to(x + w, y + h, x + w - r, y + h);
    pb.line_to(x + r, y + h);
    pb.quad_to(x, y + h, x, y + h - r);
    pb.line_to(x, y + r);
    pb.quad_to(x, y, x + r, y);
    pb.close();
}

fn rrect(x: f32, y: f32, w: f32, h: f32, r: f32) -> Option<Path> {
    let mut pb = PathBuilder::new();
    push_rrect(&mut pb, x, y, w, h, r);
    pb.finish()
}

fn oval(x: f32, y: f32, w: f32, h: f32) -> Option<Path> {
    Rect::from_xywh(x, y, w, h).and_then(PathBuilder::from_oval)
}

/// A drawn part other than the patterned body.
enum Part {
    Fill(Option<Path>, [u8; 3]),
    Stroke(Option<Path>, [u8; 3], f32),
}

/// The pieces of one product drawing in a 100×100 unit box.
struct Drawing {
    body: Option<Path>,
    behind: Vec<Part>,
    front: Vec<Part>,
}

const DARK: [u8; 3] = [40, 40, 44];
const SILVER: [u8; 3] = [190, 192, 198];
const SOLE: [u8; 3] = [244, 244, 240];

fn drawing(design: &Design) -> Drawing {
    let p = design.primary.rgb;
    let s = design.secondary.rgb;
    match design.category {
        Category::TShirt => {
            let mut pb = PathBuilder::new();
            pb.move_to(38.0, 14.0);
            for (x, y) in [
                (22.0, 18.0),
                (6.0, 33.0),
                (15.0, 45.0),
                (26.0, 38.0),
                (26.0, 88.0),
                (74.0, 88.0),
                (74.0, 38.0),
                (85.0, 45.0),
                (94.0, 33.0),
                (78.0, 18.0),
                (62.0, 14.0),
            ] {
                pb.line_to(x, y);
            }
            pb.quad_to(50.0, 28.0, 38.0, 14.0);
            pb.close();
            let mut collar = PathBuilder::new();
            collar.move_to(38.0, 14.0);
            collar.quad_to(50.0, 28.0, 62.0, 14.0);
            Drawing {
                body: pb.finish(),
                behind: vec![],
                front: vec![Part::Stroke(collar.finish(), shade(p, 0.7), 3.0)],
            }
        }
        Category::Dress => {
            let mut pb = PathBuilder::new();
            pb.move_to(38.0, 12.0);
            pb.line_to(62.0, 12.0);
            pb.quad_to(66.0, 28.0, 62.0, 42.0);
            pb.line_to(84.0, 88.0);
            pb.quad_to(50.0, 97.0, 16.0, 88.0);
            pb.line_to(38.0, 42.0);
            pb.quad_to(34.0, 28.0, 38.0, 12.0);
            pb.close();
            let mut straps = PathBuilder::new();
            straps.move_to(40.0, 13.0);
            straps.line_to(42.0, 3.0);
            straps.move_to(60.0, 13.0);
            straps.line_to(58.0, 3.0);
            Drawing {
                body: pb.finish(),
                behind: vec![Part::Stroke(straps.finish(), shade(p, 0.75), 2.0)],
                front: vec![Part::Fill(rrect(37.0, 40.0, 26.0, 5.0, 1.5), s)],
            }
        }
        Category::Mug => {
            let mut handle = PathBuilder::new();
            if let Some(r) = Rect::from_xywh(60.0, 34.0, 26.0, 32.0) {
                handle.push_oval(r);
            }
            Drawing {
                body: rrect(20.0, 20.0, 48.0, 64.0, 5.0),
                behind: vec![Part::Stroke(handle.finish(), shade(p, 0.8), 6.0)],
                front: vec![Part::Fill(oval(20.0, 17.0, 48.0, 7.0), shade(p, 0.55))],
            }
        }
        Category::ToteBag => {
            let mut handle = PathBuilder::new();
            handle.move_to(32.0, 38.0);
            handle.cubic_to(30.0, 4.0, 70.0, 4.0, 68.0, 38.0);
            Drawing {
                body: poly(&[(20.0, 36.0), (80.0, 36.0), (84.0, 92.0), (16.0, 92.0)]),
                behind: vec![Part::Stroke(handle.finish(), s, 4.5)],
                front: vec![],
            }
        }
        Category::Sneaker => {
            let mut pb = PathBuilder::new();
            pb.move_to(9.0, 72.0);
            pb.line_to(9.0, 58.0);
            pb.quad_to(12.0, 48.0, 28.0, 47.0);
            pb.line_to(44.0, 34.0);
            pb.quad_to(55.0, 26.0, 64.0, 36.0);
            pb.line_to(76.0, 52.0);
            pb.quad_to(93.0, 56.0, 93.0, 72.0);
            pb.close();
            let mut laces = PathBuilder::new();
            for i in 0..4 {
                let t = i as f32;
                laces.move_to(46.0 + 4.0 * t, 40.0 + 3.5 * t);
                laces.line_to(40.0 + 4.0 * t, 47.0 + 3.5 * t);
            }
            Drawing {
                body: pb.finish(),
                behind: vec![],
                front: vec![
                    Part::Fill(rrect(6.0, 70.0, 89.0, 11.0, 5.0), SOLE),
                    Part::Stroke(laces.finish(), s, 2.0),
                    Part::Fill(rrect(6.0, 78.0, 89.0, 3.0, 1.5), shade(s, 0.9)),
                ],
            }
        }
        Category::PhoneCase => {
            let mut lenses = PathBuilder::new();
            lenses.push_circle(41.0, 18.0, 3.2);
            lenses.push_circle(41.0, 26.0, 3.2);
            Drawing {
                body: rrect(28.0, 6.0, 44.0, 88.0, 9.0),
                behind: vec![],
                front: vec![Part::Fill(rrect(33.0, 11.0, 17.0, 21.0, 5.0), DARK), Part::Fill(lenses.finish(), SILVER)],
            }
        }
        Category::PlushBear => {
            let mut pb = PathBuilder::new();
            pb.push_circle(33.0, 16.0, 8.0);
            pb.push_circle(67.0, 16.0, 8.0);
            pb.push_circle(50.0, 30.0, 18.0);
            if let Some(r) = Rect::from_xywh(30.0, 42.0, 40.0, 44.0) {
                pb.push_oval(r);
            }
            pb.push_circle(25.0, 56.0, 9.0);
            pb.push_circle(75.0, 56.0, 9.0);
            pb.push_circle(36.0, 86.0, 10.0);
            pb.push_circle(64.0, 86.0, 10.0);
            let mut eyes = PathBuilder::new();
            eyes.push_circle(43.0, 27.0, 2.4);
            eyes.push_circle(57.0, 27.0, 2.4);
            eyes.push_circle(50.0, 35.0, 2.6);
            Drawing {
                body: pb.finish(),
                behind: vec![],
                front: vec![Part::Fill(oval(42.0, 31.0, 16.0, 10.0), shade(s, 1.0)), Part::Fill(eyes.finish(), DARK)],
            }
        }
        Category::FryingPan => {
            let mut inner = PathBuilder::new();
            inner.push_circle(40.0, 50.0, 23.0);
            Drawing {
                body: PathBuilder::from_circle(40.0, 50.0, 31.0),
                behind: vec![Part::Fill(rrect(62.0, 46.0, 36.0, 8.0, 4.0), s)],
                front: vec![Part::Stroke(inner.finish(), shade(p, 0.6), 2.5)],
            }
        }
        Category::Notebook => {
            let mut rings = PathBuilder::new();
            for i in 0..9 {
                rings.push_circle(24.0, 15.0 + 8.8 * i as f32, 3.0);
            }
            Drawing {
                body: rrect(22.0, 8.0, 58.0, 84.0, 3.0),
                behind: vec![],
                front: vec![
                    Part::Stroke(rings.finish(), SILVER, 1.8),
                    Part::Fill(rrect(38.0, 20.0, 30.0, 13.0, 2.0), [250, 250, 248]),
                ],
            }
        }
        Category::Scrunchie => {
            let mut pb = PathBuilder::new();
            let lobes = 14;
            for i in 0..=lobes * 4 {
                let a = i as f32 / (lobes * 4) as f32 * std::f32::consts::TAU;
                let r = 38.0 + 4.0 * (a * lobes as f32).sin();
                let (x, y) = (50.0 + r * a.cos(), 50.0 + r * a.sin());
                if i == 0 {
                    pb.move_to(x, y);
                } else {
                    pb.line_to(x, y);
                }
            }
            pb.close();
            pb.push_circle(50.0, 50.0, 15.0);
            Drawing { body: pb.finish(), behind: vec![], front: vec![] }
        }
        Category::Cap => {
            let mut pb = PathBuilder::new();
            pb.move_to(14.0, 66.0);
            pb.cubic_to(12.0, 18.0, 74.0, 16.0, 76.0, 66.0);
            pb.close();
            let mut seams = PathBuilder::new();
            seams.move_to(45.0, 30.0);
            seams.quad_to(40.0, 50.0, 44.0, 66.0);
            Drawing {
                body: pb.finish(),
                behind: vec![],
                front: vec![
                    Part::Fill(poly(&[(58.0, 60.0), (95.0, 66.0), (94.0, 72.0), (56.0, 70.0)]), s),
                    Part::Fill(PathBuilder::from_circle(45.0, 29.0, 3.0), s),
                    Part::Stroke(seams.finish(), shade(p, 0.7), 1.2),
                ],
            }
        }
        Category::Backpack => {
            let mut handle = PathBuilder::new();
            handle.move_to(40.0, 20.0);
            handle.cubic_to(40.0, 6.0, 60.0, 6.0, 60.0, 20.0);
            Drawing {
                body: rrect(22.0, 16.0, 56.0, 76.0, 14.0),
                behind: vec![Part::Stroke(handle.finish(), DARK, 3.5)],
                front: vec![
                    Part::Fill(rrect(30.0, 56.0, 40.0, 30.0, 8.0), s),
                    Part::Stroke(poly(&[(32.0, 62.0), (68.0, 62.0)]), DARK, 1.2),
                ],
            }
        }
        Category::WaterBottle => Drawing {
            body: rrect(34.0, 22.0, 32.0, 72.0, 9.0),
            behind: vec![],
            front: vec![
                Part::Fill(rrect(37.0, 5.0, 26.0, 18.0, 4.0), s),
                Part::Fill(rrect(34.0, 22.0, 32.0, 4.0, 1.0), SILVER),
            ],
        },
        Category::Socks => Drawing {
            body: poly(&[
                (32.0, 6.0),
                (58.0, 6.0),
                (58.0, 60.0),
                (84.0, 64.0),
                (92.0, 72.0),
                (90.0, 86.0),
                (80.0, 91.0),
                (44.0, 91.0),
                (34.0, 84.0),
                (32.0, 70.0),
            ]),
            behind: vec![],
            front: vec![
                Part::Fill(rrect(32.0, 6.0, 26.0, 10.0, 1.0), s),
                Part::Fill(
                    poly(&[(80.0, 66.0), (84.0, 64.0), (92.0, 72.0), (90.0, 86.0), (80.0, 91.0), (76.0, 80.0)]),
                    s,
                ),
            ],
        },
    }
}

/// Pattern elements in unit space, painted over the body through its mask.
fn pattern_parts(design: &Design) -> Vec<(Option<Path>, [u8; 3], u8)> {
    let s = design.secondary.rgb;
    let mut out = Vec::new();
    match design.pattern {
        Pattern::Solid => {}
        Pattern::Stripes => {
            let mut pb = PathBuilder::new();
            let mut y = 0.0;
            while y < 100.0 {
                if let Some(r) = Rect::from_xywh(-10.0, y, 120.0, 4.5) {
                    pb.push_rect(r);
                }
                y += 10.0;
            }
            out.push((pb.finish(), s, 255));
        }
        Pattern::Dots => {
            let mut pb = PathBuilder::new();
            for row in 0..10 {
                for col in 0..10 {
                    let offset = if row % 2 == 0 { 0.0 } else { 6.0 };
                    pb.push_circle(col as f32 * 12.0 + offset, row as f32 * 11.0 + 3.0, 3.2);
                }
            }
            out.push((pb.finish(), s, 255));
        }
        Pattern::Check => {
            let mut h = PathBuilder::new();
            let mut v = PathBuilder::new();
            let mut t = 0.0;
            while t < 100.0 {
                if let Some(r) = Rect::from_xywh(-10.0, t, 120.0, 7.0) {
                    h.push_rect(r);
                }
                if let Some(r) = Rect::from_xywh(t, -10.0, 7.0, 120.0) {
                    v.push_rect(r);
                }
                t += 14.0;
            }
            out.push((h.finish(), s, 150));
            out.push((v.finish(), s, 150));
        }
        Pattern::Emblem => {
            let (cx, cy) = emblem_centre(design.category);
            out.push((PathBuilder::from_circle(cx, cy, 13.0), s, 255));
            let mut star = PathBuilder::new();
            for i in 0..10 {
                let a = -std::f32::consts::FRAC_PI_2 + i as f32 * std::f32::consts::PI / 5.0;
                let r = if i % 2 == 0 { 10.0 } else { 4.2 };
                let (x, y) = (cx + r * a.cos(), cy + r * a.sin());
                if i == 0 {
                    star.move_to(x, y);
                } else {
                    star.line_to(x, y);
                }
            }
            star.close();
            out.push((star.finish(), design.primary.rgb, 255));
        }
        Pattern::TwoTone => {
            out.push((Rect::from_xywh(-10.0, 58.0, 120.0, 60.0).map(PathBuilder::from_rect), s, 255));
        }
    }
    out
}

fn emblem_centre(category: Category) -> (f32, f32) {
    match category {
        Category::TShirt => (50.0, 50.0),
        Category::Dress => (50.0, 66.0),
        Category::Mug => (44.0, 52.0),
        Category::ToteBag => (50.0, 64.0),
        Category::Sneaker => (70.0, 60.0),
        Category::PhoneCase => (50.0, 60.0),
        Category::PlushBear => (50.0, 64.0),
        Category::FryingPan => (40.0, 50.0),
        Category::Notebook => (52.0, 60.0),
        Category::Scrunchie => (50.0, 20.0),
        Category::Cap => (45.0, 48.0),
        Category::Backpack => (50.0, 36.0),
        Category::WaterBottle => (50.0, 58.0),
        Category::Socks => (45.0, 38.0),
    }
}

fn paint_part(pixmap: &mut Pixmap, part: &Part, ts: Transform) {
    match part {
        Part::Fill(Some(path), rgb) => {
            pixmap.fill_path(path, &solid_paint(*rgb, 255), FillRule::Winding, ts, None);
            pixmap.stroke_path(
                path,
                &solid_paint(shade(*rgb, 0.7), 255),
                &Stroke { width: 0.8, ..Stroke::default() },
                ts,
                None,
            );
        }
        Part::Stroke(Some(path), rgb, width) => {
            let stroke = Stroke { width: *width, line_cap: tiny_skia::LineCap::Round, ..Stroke::default() };
            pixmap.stroke_path(path, &solid_paint(*rgb, 255), &stroke, ts, None);
        }
        _ => {}
    }
}

fn paint_background(pixmap: &mut Pixmap, background: Background) {
    let (w, h) = (pixmap.width() as f32, pixmap.height() as f32);
    let full = Rect::from_xywh(0.0, 0.0, w, h);
    match background {
        Background::Solid(rgb) => pixmap.fill(color(rgb, 255)),
        Background::Studio(rgb) => {
            pixmap.fill(color(rgb, 255));
            let stops = vec![
                GradientStop::new(0.0, color([255, 255, 255], 90)),
                GradientStop::new(1.0, color(shade(rgb, 0.9), 120)),
            ];
            if let (Some(shader), Some(rect)) = (
                LinearGradient::new(
                    Point::from_xy(0.0, 0.0),
                    Point::from_xy(0.0, h),
                    stops,
                    SpreadMode::Pad,
                    Transform::identity(),
                ),
                full,
            ) {
                let paint = Paint { shader, anti_alias: false, ..Paint::default() };
                pixmap.fill_rect(rect, &paint, Transform::identity(), None);
            }
        }
        Background::Gradient(a, b) => {
            pixmap.fill(color(a, 255));
            let stops = vec![GradientStop::new(0.0, color(a, 255)), GradientStop::new(1.0, color(b, 255))];
            if let (Some(shader), Some(rect)) = (
                LinearGradient::new(
                    Point::from_xy(0.0, 0.0),
                    Point::from_xy(w, h),
                    stops,
                    SpreadMode::Pad,
                    Transform::identity(),
                ),
                full,
            ) {
                let paint = Paint { shader, anti_alias: false, ..Paint::default() };
                pixmap.fill_rect(rect, &paint, Transform::identity(), None);
            }
        }
        Background::Wood(seed) => {
            let mut rng = SplitMix::new(seed);
            let base = [150 + rng.below(50) as u8, 100 + rng.below(30) as u8, 60 + rng.below(20) as u8];
            pixmap.fill(color(base, 255));
            let mut y = 0.0;
            while y < h {
                let band = 2.0 + rng.range(0.0, 9.0);
                let dark = rng.range(0.78, 1.08);
                if let Some(r) = Rect::from_xywh(0.0, y, w, band) {
                    pixmap.fill_rect(r, &solid_paint(shade(base, dark), 140), Transform::identity(), None);
                }
                y += band + rng.range(1.0, 6.0);
            }
        }
        Background::Fabric(rgb, seed) => {
            let mut rng = SplitMix::new(seed);
            pixmap.fill(color(rgb, 255));
            let mut pb = PathBuilder::new();
            for _ in 0..((w * h) / 90.0) as usize {
                pb.push_circle(rng.range(0.0, w), rng.range(0.0, h), rng.range(0.6, 1.8));
            }
            if let Some(path) = pb.finish() {
                pixmap.fill_path(
                    &path,
                    &solid_paint(shade(rgb, 0.8), 160),
                    FillRule::Winding,
                    Transform::identity(),
                    None,
                );
            }
        }
    }
}

/// Draws `design` into a new RGB image of `width`×`height` as `scene` says.
pub fn render(design: &Design, scene: &Scene, width: u32, height: u32) -> RgbImage {
    let (w, h) = (width.max(8), height.max(8));
    let Some(mut pixmap) = Pixmap::new(w, h) else {
        return RgbImage::new(w, h);
    };
    paint_background(&mut pixmap, scene.background);

    let side = scene.scale * w.min(h) as f32;
    let (cx, cy) = (scene.center.0 * w as f32, scene.center.1 * h as f32);
    let ts = Transform::from_translate(cx, cy)
        .pre_concat(Transform::from_rotate(scene.rotation_deg))
        .pre_scale(side / 100.0, side / 100.0)
        .pre_translate(-50.0, -50.0);

    if scene.shadow {
        let stops = vec![
            GradientStop::new(0.0, Color::from_rgba8(0, 0, 0, 70)),
            GradientStop::new(1.0, Color::from_rgba8(0, 0, 0, 0)),
        ];
        let shadow_ts = ts.pre_translate(50.0, 95.0).pre_scale(1.0, 0.12);
        if let (Some(shader), Some(path)) = (
            RadialGradient::new(
                Point::from_xy(0.0, 0.0),
                Point::from_xy(0.0, 0.0),
                46.0,
                stops,
                SpreadMode::Pad,
                Transform::identity(),
            ),
            PathBuilder::from_circle(0.0, 0.0, 46.0),
        ) {
            let paint = Paint { shader, anti_alias: true, ..Paint::default() };
            pixmap.fill_path(&path, &paint, FillRule::Winding, shadow_ts, None);
        }
    }

    let parts = drawing(design);
    for part in &parts.behind {
        paint_part(&mut pixmap, part, ts);
    }
    if let Some(body) = &parts.body {
        let p = design.primary.rgb;
        pixmap.fill_path(body, &solid_paint(p, 255), FillRule::EvenOdd, ts, None);
        if let Some(mut mask) = Mask::new(w, h) {
            mask.fill_path(body, FillRule::EvenOdd, true, ts);
            for (path, rgb, alpha) in pattern_parts(design) {
                if let Some(path) = path {
                    pixmap.fill_path(&path, &solid_paint(rgb, alpha), FillRule::Winding, ts, Some(&mask));
                }
            }
            // Soft light from the top left gives the flat shapes some volume.
            let stops = vec![
                GradientStop::new(0.0, Color::from_rgba8(255, 255, 255, 60)),
                GradientStop::new(1.0, Color::from_rgba8(0, 0, 0, 60)),
            ];
            if let (Some(shader), Some(rect)) = (
                LinearGradient::new(
                    Point::from_xy(15.0, 5.0),
                    Point::from_xy(85.0, 95.0),
                    stops,
                    SpreadMode::Pad,
                    Transform::identity(),
                ),
                Rect::from_xywh(-5.0, -5.0, 110.0, 110.0),
            ) {
                let paint = Paint { shader, anti_alias: true, ..Paint::default() };
                pixmap.fill_rect(rect, &paint, ts, Some(&mask));
            }
        }
        let outline = Stroke { width: 1.1, ..Stroke::default() };
        pixmap.stroke_path(body, &solid_paint(shade(p, 0.62), 255), &outline, ts, None);
    }
    for part in &parts.front {
        paint_part(&mut pixmap, part, ts);
    }
    if scene.hand {
        draw_hand(&mut pixmap, ts);
    }
    pixmap_to_rgb(&pixmap)
}

/// A hand gripping the product's lower right corner, as in a phone snapshot.
fn draw_hand(pixmap: &mut Pixmap, ts: Transform) {
    let skin = [233, 188, 158];
    let mut pb = PathBuilder::new();
    if let Some(r) = Rect::from_xywh(78.0, 78.0, 40.0, 44.0) {
        pb.push_oval(r);
    }
    for i in 0..3 {
        push_rrect(&mut pb, 70.0 + 3.0 * i as f32, 70.0 + 7.0 * i as f32, 22.0, 7.0, 3.5);
    }
    if let Some(path) = pb.finish() {
        pixmap.fill_path(&path, &solid_paint(skin, 255), FillRule::Winding, ts, None);
        pixmap.stroke_path(
            &path,
            &solid_paint(shade(skin, 0.8), 255),
            &Stroke { width: 0.8, ..Stroke::default() },
            ts,
            None,
        );
    }
}

fn pixmap_to_rgb(pixmap: &Pixmap) -> RgbImage {
    let mut out = RgbImage::new(pixmap.width(), pixmap.height());
    for (dst, src) in out.pixels_mut().zip(pixmap.pixels()) {
        let c = src.demultiply();
        *dst = image::Rgb([c.red(), c.green(), c.blue()]);
    }
    out
}
