//! A deterministic corpus of what buyers paste, with the truth known: shop pages
//! (desktop and phone), chats, marketplace grids, product photos on textured
//! backgrounds and two products side by side. Product pictures are the demo
//! catalog's own (`zhaohuo_sandbox::render`), saved as JPEG as a shop serves them;
//! everything around them (bars, search boxes, text, buttons, bubbles, stickers,
//! watermarks) is drawn flat with anti-aliasing, as a screen capture is.
//!
//! Used by `tests/regions.rs` and `benches/regions.rs` (included by path, so the
//! other test binaries do not compile it).

// Drawing primitives take a rectangle, a radius, a colour and a stroke as plain
// numbers, like the canvas calls they stand for; a struct per call would hide that.
#![allow(clippy::too_many_arguments)]
#![allow(dead_code, clippy::unwrap_used)]

use image::RgbImage;
use tiny_skia::{Color, FillRule, Paint, PathBuilder, Pixmap, PixmapPaint, Rect, Stroke, Transform};
use zhaohuo_sandbox::catalog::{Catalog, Design};
use zhaohuo_sandbox::perturb::{encode_jpeg, random_background};
use zhaohuo_sandbox::render::{render, Background, Scene};
use zhaohuo_sandbox::SplitMix;

/// What kind of picture a corpus entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    ShopDesktop,
    ShopPhone,
    Chat,
    Grid,
    Textured,
    SideBySide,
}

impl Kind {
    pub const ALL: [Kind; 6] =
        [Kind::ShopDesktop, Kind::ShopPhone, Kind::Chat, Kind::Grid, Kind::Textured, Kind::SideBySide];

    pub fn name(self) -> &'static str {
        match self {
            Kind::ShopDesktop => "shop page, desktop",
            Kind::ShopPhone => "shop page, phone",
            Kind::Chat => "chat",
            Kind::Grid => "grid",
            Kind::Textured => "photo, textured bg",
            Kind::SideBySide => "two side by side",
        }
    }

    /// One product the buyer means (the suggested crop should be it).
    pub fn is_single(self) -> bool {
        matches!(self, Kind::ShopDesktop | Kind::ShopPhone | Kind::Textured)
    }
}

/// A box `(x, y, width, height)` in pixels.
pub type Boxed = (u32, u32, u32, u32);

/// One generated picture and where its products are.
pub struct Screen {
    pub kind: Kind,
    pub image: RgbImage,
    /// Every product picture (or product) in it; `truths[0]` is the one meant.
    pub truths: Vec<Boxed>,
    /// Index of the catalog design of each truth.
    pub designs: Vec<usize>,
}

/// Intersection over union of two boxes.
pub fn iou(a: Boxed, b: Boxed) -> f64 {
    let x0 = a.0.max(b.0);
    let y0 = a.1.max(b.1);
    let x1 = (a.0 + a.2).min(b.0 + b.2);
    let y1 = (a.1 + a.3).min(b.1 + b.3);
    if x1 <= x0 || y1 <= y0 {
        return 0.0;
    }
    let inter = f64::from(x1 - x0) * f64::from(y1 - y0);
    let union = f64::from(a.2) * f64::from(a.3) + f64::from(b.2) * f64::from(b.3) - inter;
    inter / union
}

/// The catalog is generated once per process (it is the same every time).
pub fn catalog() -> &'static Catalog {
    static CATALOG: std::sync::OnceLock<Catalog> = std::sync::OnceLock::new();
    CATALOG.get_or_init(Catalog::generate)
}

/// Entry `index` of `kind`'s corpus: the same picture for the same arguments.
pub fn generate(kind: Kind, index: u64) -> Screen {
    let seed = 0x5C4E_E000 ^ ((kind as u64) << 40) ^ index.wrapping_mul(0x9E37_79B9);
    let mut rng = SplitMix::new(seed);
    match kind {
        Kind::ShopDesktop => {
            let (w, h) = pick(&mut rng, &[(1920, 1080), (1366, 768), (1440, 900), (1536, 864), (1280, 800)]);
            shop_desktop(&mut rng, w, h)
        }
        Kind::ShopPhone => {
            let (w, h) = pick(&mut rng, &[(1080, 2400), (1080, 1920), (720, 1600), (1170, 2532)]);
            shop_phone(&mut rng, w, h)
        }
        Kind::Chat => {
            if rng.chance(0.6) {
                let (w, h) = pick(&mut rng, &[(1080, 2400), (1080, 1920), (720, 1600)]);
                chat_phone(&mut rng, w, h)
            } else {
                let (w, h) = pick(&mut rng, &[(1920, 1080), (1366, 768), (1440, 900)]);
                chat_desktop(&mut rng, w, h)
            }
        }
        Kind::Grid => {
            if rng.chance(0.6) {
                let (w, h) = pick(&mut rng, &[(1920, 1080), (1366, 768), (1440, 900)]);
                grid(&mut rng, w, h, false)
            } else {
                let (w, h) = pick(&mut rng, &[(1080, 2400), (1080, 1920)]);
                grid(&mut rng, w, h, true)
            }
        }
        Kind::Textured => {
            let (w, h) = pick(&mut rng, &[(1280, 960), (1024, 1024), (960, 1280), (1600, 1200)]);
            textured(&mut rng, w, h)
        }
        Kind::SideBySide => {
            let (w, h) = pick(&mut rng, &[(1920, 1080), (1366, 768), (1080, 2400)]);
            side_by_side(&mut rng, w, h)
        }
    }
}

/// A desktop shop page (1920×1080) or a phone one (1080×2400), for timing.
pub fn timing_screen(phone: bool, index: u64) -> RgbImage {
    let mut rng = SplitMix::new(0x7111_0000 + index);
    if phone {
        shop_phone(&mut rng, 1080, 2400).image
    } else {
        shop_desktop(&mut rng, 1920, 1080).image
    }
}

fn pick<T: Copy>(rng: &mut SplitMix, options: &[T]) -> T {
    options[rng.below(options.len() as u64) as usize]
}

fn rgb(c: [u8; 3]) -> Color {
    Color::from_rgba8(c[0], c[1], c[2], 255)
}

fn paint(c: [u8; 3], alpha: u8) -> Paint<'static> {
    let mut p = Paint::default();
    p.set_color(Color::from_rgba8(c[0], c[1], c[2], alpha));
    p.anti_alias = true;
    p
}

/// A page being drawn.
struct Canvas {
    pixmap: Pixmap,
}

impl Canvas {
    fn new(w: u32, h: u32, bg: [u8; 3]) -> Canvas {
        let mut pixmap = Pixmap::new(w, h).unwrap();
        pixmap.fill(rgb(bg));
        Canvas { pixmap }
    }

    fn w(&self) -> f32 {
        self.pixmap.width() as f32
    }

    fn h(&self) -> f32 {
        self.pixmap.height() as f32
    }

    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, c: [u8; 3]) {
        if let Some(r) = Rect::from_xywh(x, y, w, h) {
            let mut p = paint(c, 255);
            p.anti_alias = false;
            self.pixmap.fill_rect(r, &p, Transform::identity(), None);
        }
    }

    fn round_rect(&mut self, x: f32, y: f32, w: f32, h: f32, r: f32, c: [u8; 3], alpha: u8) {
        if let Some(path) = round_rect_path(x, y, w, h, r) {
            self.pixmap.fill_path(&path, &paint(c, alpha), FillRule::Winding, Transform::identity(), None);
        }
    }

    fn outline(&mut self, x: f32, y: f32, w: f32, h: f32, r: f32, c: [u8; 3], width: f32) {
        if let Some(path) = round_rect_path(x, y, w, h, r) {
            let stroke = Stroke { width, ..Stroke::default() };
            self.pixmap.stroke_path(&path, &paint(c, 255), &stroke, Transform::identity(), None);
        }
    }

    fn circle(&mut self, cx: f32, cy: f32, r: f32, c: [u8; 3], alpha: u8) {
        if let Some(path) = PathBuilder::from_circle(cx, cy, r) {
            self.pixmap.fill_path(&path, &paint(c, alpha), FillRule::Winding, Transform::identity(), None);
        }
    }

    /// Text-like strokes: glyphs of a few thin lines each, words split by spaces.
    /// Returns the width drawn.
    fn text(&mut self, rng: &mut SplitMix, x: f32, y: f32, size: f32, max_w: f32, c: [u8; 3], alpha: u8) -> f32 {
        let mut pb = PathBuilder::new();
        let glyph = size * 0.8;
        let mut cx = x;
        let target = max_w * rng.range(0.55, 1.0);
        while cx + glyph <= x + target {
            if rng.chance(0.12) {
                cx += glyph * 0.5;
                continue;
            }
            for _ in 0..(2 + rng.below(3)) {
                let (x0, y0) = (cx + rng.range(0.0, glyph), y + rng.range(0.0, size));
                match rng.below(3) {
                    0 => {
                        pb.move_to(x0, y + rng.range(0.0, size * 0.3));
                        pb.line_to(x0, y + rng.range(size * 0.6, size));
                    }
                    1 => {
                        pb.move_to(cx + rng.range(0.0, glyph * 0.3), y0);
                        pb.line_to(cx + rng.range(glyph * 0.6, glyph), y0);
                    }
                    _ => {
                        pb.move_to(x0, y0);
                        pb.line_to(cx + rng.range(0.0, glyph), y + rng.range(0.0, size));
                    }
                }
            }
            cx += glyph * 1.12;
        }
        if let Some(path) = pb.finish() {
            let stroke = Stroke { width: (size / 9.0).max(1.1), ..Stroke::default() };
            self.pixmap.stroke_path(&path, &paint(c, alpha), &stroke, Transform::identity(), None);
        }
        cx - x
    }

    /// Several lines of text; returns the height used.
    fn paragraph(&mut self, rng: &mut SplitMix, x: f32, y: f32, size: f32, w: f32, lines: u32, c: [u8; 3]) -> f32 {
        for i in 0..lines {
            self.text(rng, x, y + i as f32 * size * 1.5, size, w, c, 255);
        }
        lines as f32 * size * 1.5
    }

    fn image(&mut self, img: &RgbImage, x: i32, y: i32) {
        let mut data = Vec::with_capacity(img.as_raw().len() / 3 * 4);
        for p in img.pixels() {
            data.extend_from_slice(&[p[0], p[1], p[2], 255]);
        }
        let size = tiny_skia::IntSize::from_wh(img.width(), img.height()).unwrap();
        let src = Pixmap::from_vec(data, size).unwrap();
        self.pixmap.draw_pixmap(x, y, src.as_ref(), &PixmapPaint::default(), Transform::identity(), None);
    }

    /// A product picture as a shop shows it: rendered, saved as JPEG, placed.
    /// Returns its box.
    fn product(&mut self, rng: &mut SplitMix, design: &Design, x: f32, y: f32, w: f32, h: f32) -> Boxed {
        let (xi, yi, wi, hi) = (x.round() as i32, y.round() as i32, w.round() as u32, h.round() as u32);
        let picture = product_picture(rng, design, wi, hi);
        self.image(&picture, xi, yi);
        (xi as u32, yi as u32, wi, hi)
    }

    /// A sticker or badge half over a corner of `b`.
    fn sticker(&mut self, rng: &mut SplitMix, b: Boxed) {
        let side = (b.2.min(b.3) as f32 * rng.range(0.12, 0.2)).max(30.0);
        let colour = pick(rng, &[[230, 30, 30], [255, 80, 0], [250, 200, 20], [20, 160, 80]]);
        let (x, y) = if rng.chance(0.5) {
            (b.0 as f32 + side * 0.1, b.1 as f32 + side * 0.1)
        } else {
            (b.0 as f32 + b.2 as f32 - side * 1.5, b.1 as f32 + side * 0.1)
        };
        if rng.chance(0.5) {
            self.circle(x + side / 2.0, y + side / 2.0, side / 2.0, colour, 255);
        } else {
            self.round_rect(x, y, side * 1.4, side * 0.7, 6.0, colour, 255);
        }
        self.text(rng, x + side * 0.2, y + side * 0.2, side * 0.25, side * 0.8, [255, 255, 255], 255);
    }

    /// A shop's semi-transparent watermark across `b`.
    fn watermark(&mut self, rng: &mut SplitMix, b: Boxed) {
        let size = b.3 as f32 * rng.range(0.05, 0.09);
        let y = b.1 as f32 + b.3 as f32 * rng.range(0.3, 0.7);
        let c = if rng.chance(0.5) { [255, 255, 255] } else { [120, 120, 120] };
        self.text(rng, b.0 as f32 + b.2 as f32 * 0.15, y, size, b.2 as f32 * 0.7, c, 110);
    }

    fn finish(self) -> RgbImage {
        let (w, h) = (self.pixmap.width(), self.pixmap.height());
        let mut out = Vec::with_capacity((w * h * 3) as usize);
        for p in self.pixmap.pixels() {
            let c = p.demultiply();
            out.extend_from_slice(&[c.red(), c.green(), c.blue()]);
        }
        RgbImage::from_raw(w, h, out).unwrap()
    }
}

fn round_rect_path(x: f32, y: f32, w: f32, h: f32, r: f32) -> Option<tiny_skia::Path> {
    let r = r.min(w / 2.0).min(h / 2.0).max(0.0);
    let mut pb = PathBuilder::new();
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
    pb.finish()
}

fn random_design<'a>(rng: &mut SplitMix) -> &'a Design {
    let designs = &catalog().designs;
    &designs[rng.below(designs.len() as u64) as usize]
}

/// A listing picture: mostly the studio shot, sometimes on a table or cloth; JPEG.
fn product_picture(rng: &mut SplitMix, design: &Design, w: u32, h: u32) -> RgbImage {
    let mut scene = Scene::listing(rng.below(4) as u8);
    if rng.chance(0.3) {
        scene.background = random_background(rng);
        scene.scale = rng.range(0.6, 0.8);
    }
    let picture = render(design, &scene, w.max(8), h.max(8));
    let jpeg = encode_jpeg(&picture, 70 + rng.below(25) as u8);
    image::load_from_memory(&jpeg).unwrap().to_rgb8()
}

const WHITE: [u8; 3] = [255, 255, 255];
const TEXT: [u8; 3] = [34, 34, 34];
const GREY_TEXT: [u8; 3] = [153, 153, 153];
const PRICE: [u8; 3] = [255, 68, 0];

fn accent(rng: &mut SplitMix) -> [u8; 3] {
    pick(rng, &[[255, 80, 0], [230, 0, 18], [255, 120, 30], [30, 110, 230], [20, 20, 20]])
}

/// Browser tabs and the address bar.
fn browser_chrome(c: &mut Canvas, rng: &mut SplitMix) -> f32 {
    let w = c.w();
    c.rect(0.0, 0.0, w, 40.0, [222, 225, 230]);
    c.round_rect(12.0, 6.0, 240.0, 34.0, 8.0, WHITE, 255);
    c.text(rng, 24.0, 16.0, 12.0, 180.0, TEXT, 255);
    c.rect(0.0, 40.0, w, 44.0, WHITE);
    c.round_rect(120.0, 46.0, w - 300.0, 32.0, 16.0, [241, 243, 244], 255);
    c.text(rng, 140.0, 55.0, 13.0, 500.0, TEXT, 255);
    c.rect(0.0, 84.0, w, 1.0, [218, 220, 224]);
    85.0
}

/// A site header with logo and search box; returns its bottom.
fn site_header(c: &mut Canvas, rng: &mut SplitMix, top: f32, accent: [u8; 3]) -> f32 {
    let w = c.w();
    let filled = rng.chance(0.5);
    let h = 90.0;
    let bar = if filled { accent } else { WHITE };
    c.rect(0.0, top, w, h, bar);
    let logo = if filled { WHITE } else { accent };
    c.text(rng, w * 0.08, top + 28.0, 34.0, 150.0, logo, 255);
    let (sx, sw) = (w * 0.25, w * 0.45);
    c.round_rect(sx, top + 22.0, sw, 46.0, 23.0, WHITE, 255);
    c.outline(sx, top + 22.0, sw, 46.0, 23.0, if filled { WHITE } else { accent }, 2.0);
    c.text(rng, sx + 24.0, top + 37.0, 15.0, sw * 0.5, GREY_TEXT, 255);
    c.round_rect(sx + sw - 110.0, top + 25.0, 106.0, 40.0, 20.0, if filled { [40, 40, 40] } else { accent }, 255);
    c.text(rng, sx + sw - 85.0, top + 37.0, 16.0, 60.0, WHITE, 255);
    c.text(rng, w * 0.78, top + 38.0, 14.0, w * 0.15, if filled { WHITE } else { TEXT }, 255);
    if !filled {
        c.rect(0.0, top + h - 1.0, w, 1.0, [230, 230, 230]);
    }
    // A row of category links.
    let nav = top + h;
    let mut x = w * 0.08;
    while x < w * 0.85 {
        x += c.text(rng, x, nav + 14.0, 14.0, 90.0, TEXT, 255) + 30.0;
    }
    nav + 44.0
}

fn shop_desktop(rng: &mut SplitMix, w: u32, h: u32) -> Screen {
    let bg = pick(rng, &[WHITE, [245, 245, 245], [250, 250, 250]]);
    let mut c = Canvas::new(w, h, bg);
    let accent = accent(rng);
    let mut top = if rng.chance(0.5) { browser_chrome(&mut c, rng) } else { 0.0 };
    top = site_header(&mut c, rng, top, accent);
    let (wf, hf) = (c.w(), c.h());
    if rng.chance(0.3) {
        // A promotion banner: a gradient with big text.
        let bh = hf * 0.1;
        let a = pick(rng, &[[255, 90, 60], [250, 180, 40], [90, 60, 220]]);
        let b = pick(rng, &[[255, 30, 90], [255, 120, 0], [40, 160, 255]]);
        let band = render(
            random_design(rng),
            &Scene { background: Background::Gradient(a, b), scale: 0.0, shadow: false, ..Scene::listing(0) },
            (wf * 0.84) as u32,
            bh as u32,
        );
        c.image(&band, (wf * 0.08) as i32, (top + 10.0) as i32);
        c.text(rng, wf * 0.15, top + 10.0 + bh * 0.3, bh * 0.35, wf * 0.4, WHITE, 255);
        top += bh + 20.0;
    }
    let left = wf * rng.range(0.06, 0.16);
    let thumbs_left = rng.chance(0.5);
    let side = ((hf - top - 30.0) * rng.range(0.8, 1.0)).min(wf * 0.38);
    let thumb = (side / 6.0).min(80.0);
    let photo_x = if thumbs_left { left + thumb + 16.0 } else { left };
    let design = random_design(rng);
    let main = c.product(rng, design, photo_x, top + 16.0, side, side);
    if rng.chance(0.4) {
        c.sticker(rng, main);
    }
    if rng.chance(0.4) {
        c.watermark(rng, main);
    }
    // Thumbnails of the same product: beside the photo or under it when room is left.
    for i in 0..5 {
        let (tx, ty) = if thumbs_left {
            (left, top + 16.0 + i as f32 * (thumb + 10.0))
        } else {
            (left + i as f32 * (thumb + 10.0), top + 26.0 + side)
        };
        if ty + thumb < hf - 4.0 {
            c.product(rng, design, tx, ty, thumb, thumb);
            if i == 0 {
                c.outline(tx, ty, thumb, thumb, 0.0, accent, 2.0);
            }
        }
    }
    // Title, price panel, options and buttons beside the photo.
    let x = photo_x + side + wf * 0.03;
    let tw = (wf - x - wf * 0.06).max(200.0);
    let mut y = top + 20.0;
    y += c.paragraph(rng, x, y, 22.0, tw, 2, TEXT) + 10.0;
    y += c.paragraph(rng, x, y, 13.0, tw * 0.6, 1, GREY_TEXT) + 10.0;
    c.rect(x, y, tw, 90.0, [255, 242, 232]);
    c.text(rng, x + 16.0, y + 14.0, 13.0, 60.0, GREY_TEXT, 255);
    c.text(rng, x + 16.0, y + 40.0, 34.0, 200.0, PRICE, 255);
    y += 110.0;
    for _ in 0..3 {
        c.text(rng, x, y + 8.0, 13.0, 60.0, GREY_TEXT, 255);
        let mut ox = x + 90.0;
        for _ in 0..(2 + rng.below(3)) {
            c.outline(ox, y, 90.0, 32.0, 3.0, [200, 200, 200], 1.0);
            c.text(rng, ox + 10.0, y + 10.0, 13.0, 70.0, TEXT, 255);
            ox += 100.0;
        }
        y += 48.0;
    }
    if y + 60.0 < hf {
        c.round_rect(x, y + 10.0, 170.0, 50.0, 25.0, [255, 160, 0], 255);
        c.text(rng, x + 40.0, y + 26.0, 18.0, 100.0, WHITE, 255);
        c.round_rect(x + 190.0, y + 10.0, 170.0, 50.0, 25.0, accent, 255);
        c.text(rng, x + 230.0, y + 26.0, 18.0, 100.0, WHITE, 255);
    }
    Screen { kind: Kind::ShopDesktop, image: c.finish(), truths: vec![main], designs: vec![design.index] }
}

/// The phone's status bar (time, icons); returns its bottom.
fn status_bar(c: &mut Canvas, rng: &mut SplitMix, bg: [u8; 3], fg: [u8; 3]) -> f32 {
    let (w, h) = (c.w(), c.h() * 0.03);
    c.rect(0.0, 0.0, w, h, bg);
    c.text(rng, w * 0.06, h * 0.3, h * 0.4, w * 0.12, fg, 255);
    for i in 0..3 {
        c.round_rect(w * 0.78 + i as f32 * w * 0.05, h * 0.32, w * 0.035, h * 0.36, 3.0, fg, 255);
    }
    h
}

/// The navigation bar at the bottom: a gesture line or three buttons; returns its top.
fn nav_bar(c: &mut Canvas, bg: [u8; 3]) -> f32 {
    let (w, h) = (c.w(), c.h());
    let nh = h * 0.035;
    let top = h - nh;
    c.rect(0.0, top, w, nh, bg);
    c.round_rect(w * 0.35, top + nh * 0.45, w * 0.3, nh * 0.12, 6.0, [30, 30, 30], 255);
    top
}

fn shop_phone(rng: &mut SplitMix, w: u32, h: u32) -> Screen {
    let mut c = Canvas::new(w, h, WHITE);
    let (wf, hf) = (c.w(), c.h());
    let u = wf / 1080.0;
    let accent = accent(rng);
    let mut top = status_bar(&mut c, rng, WHITE, TEXT);
    // App header: back, search box, share.
    let hh = 130.0 * u;
    c.text(rng, 30.0 * u, top + hh * 0.35, 40.0 * u, 40.0 * u, TEXT, 255);
    c.round_rect(110.0 * u, top + hh * 0.2, wf - 260.0 * u, hh * 0.6, hh * 0.3, [242, 242, 242], 255);
    c.text(rng, 150.0 * u, top + hh * 0.4, 32.0 * u, wf * 0.4, GREY_TEXT, 255);
    c.circle(wf - 80.0 * u, top + hh * 0.5, 26.0 * u, TEXT, 255);
    top += hh;
    let ph = wf * pick(rng, &[1.0, 1.0, 1.25, 0.75]);
    let design = random_design(rng);
    let main = c.product(rng, design, 0.0, top, wf, ph);
    c.round_rect(wf - 150.0 * u, top + ph - 80.0 * u, 110.0 * u, 50.0 * u, 25.0 * u, [0, 0, 0], 110);
    c.text(rng, wf - 125.0 * u, top + ph - 68.0 * u, 26.0 * u, 60.0 * u, WHITE, 255);
    if rng.chance(0.4) {
        c.sticker(rng, main);
    }
    if rng.chance(0.4) {
        c.watermark(rng, main);
    }
    let mut y = top + ph + 30.0 * u;
    c.text(rng, 40.0 * u, y, 60.0 * u, 300.0 * u, PRICE, 255);
    c.text(rng, wf * 0.6, y + 20.0 * u, 28.0 * u, 250.0 * u, GREY_TEXT, 255);
    y += 100.0 * u;
    y += c.paragraph(rng, 40.0 * u, y, 40.0 * u, wf - 80.0 * u, 2, TEXT) + 20.0 * u;
    c.rect(30.0 * u, y, wf - 60.0 * u, 90.0 * u, [255, 240, 230]);
    c.text(rng, 60.0 * u, y + 28.0 * u, 32.0 * u, wf * 0.6, PRICE, 255);
    y += 120.0 * u;
    c.rect(0.0, y, wf, 20.0 * u, [244, 244, 244]);
    y += 40.0 * u;
    while y < hf * 0.85 {
        c.text(rng, 40.0 * u, y, 30.0 * u, 120.0 * u, GREY_TEXT, 255);
        c.text(rng, 200.0 * u, y, 30.0 * u, wf * 0.6, TEXT, 255);
        y += 80.0 * u;
    }
    // Bottom action bar and navigation.
    let nav = nav_bar(&mut c, WHITE);
    let bar = nav - 140.0 * u;
    c.rect(0.0, bar, wf, 140.0 * u, WHITE);
    c.rect(0.0, bar, wf, 1.0, [225, 225, 225]);
    for i in 0..3 {
        c.circle(60.0 * u + i as f32 * 110.0 * u, bar + 55.0 * u, 24.0 * u, [90, 90, 90], 255);
    }
    c.round_rect(wf * 0.38, bar + 25.0 * u, wf * 0.29, 90.0 * u, 45.0 * u, [255, 170, 0], 255);
    c.round_rect(wf * 0.68, bar + 25.0 * u, wf * 0.29, 90.0 * u, 45.0 * u, accent, 255);
    c.text(rng, wf * 0.45, bar + 55.0 * u, 30.0 * u, 150.0 * u, WHITE, 255);
    c.text(rng, wf * 0.75, bar + 55.0 * u, 30.0 * u, 150.0 * u, WHITE, 255);
    Screen { kind: Kind::ShopPhone, image: c.finish(), truths: vec![main], designs: vec![design.index] }
}

/// A small avatar: a face-like blob on a colour.
fn avatar(c: &mut Canvas, rng: &mut SplitMix, x: f32, y: f32, side: f32) {
    let design = random_design(rng);
    let picture =
        render(design, &Scene { background: random_background(rng), ..Scene::listing(0) }, side as u32, side as u32);
    c.image(&picture, x as i32, y as i32);
}

fn chat_phone(rng: &mut SplitMix, w: u32, h: u32) -> Screen {
    let bg = [237, 237, 237];
    let mut c = Canvas::new(w, h, bg);
    let wf = c.w();
    let u = wf / 1080.0;
    let mut y = status_bar(&mut c, rng, bg, TEXT);
    c.text(rng, 30.0 * u, y + 45.0 * u, 40.0 * u, 40.0 * u, TEXT, 255);
    c.text(rng, wf * 0.38, y + 45.0 * u, 40.0 * u, wf * 0.25, TEXT, 255);
    y += 140.0 * u;
    c.rect(0.0, y - 1.0, wf, 1.0, [215, 215, 215]);
    let nav = nav_bar(&mut c, [247, 247, 247]);
    let input_top = nav - 150.0 * u;
    c.rect(0.0, input_top, wf, 150.0 * u, [247, 247, 247]);
    c.round_rect(130.0 * u, input_top + 30.0 * u, wf - 380.0 * u, 90.0 * u, 10.0 * u, WHITE, 255);
    for x in [40.0, wf / u - 220.0, wf / u - 110.0] {
        c.outline(x * u, input_top + 40.0 * u, 70.0 * u, 70.0 * u, 35.0 * u, TEXT, 3.0 * u);
    }
    let av = 110.0 * u;
    let pictures = if rng.chance(0.3) { 2 } else { 1 };
    let total = 4 + rng.below(4) as usize;
    let picture_at: Vec<usize> = (0..pictures).map(|i| (total - 1 - i * 2).min(total - 1)).collect();
    let mut truths = Vec::new();
    let mut designs = Vec::new();
    y += 30.0 * u;
    for m in 0..total {
        if y > input_top - 200.0 * u {
            break;
        }
        if rng.chance(0.3) {
            c.text(rng, wf * 0.4, y, 26.0 * u, wf * 0.2, [170, 170, 170], 255);
            y += 70.0 * u;
        }
        let mine = rng.chance(0.5);
        let ax = if mine { wf - 30.0 * u - av } else { 30.0 * u };
        avatar(&mut c, rng, ax, y, av);
        if picture_at.contains(&m) {
            let pw = wf * rng.range(0.35, 0.5);
            let ph = (pw * rng.range(0.75, 1.4)).min(input_top - y - 40.0 * u);
            if ph < 200.0 * u {
                break;
            }
            let px = if mine { ax - 25.0 * u - pw } else { ax + av + 25.0 * u };
            let design = random_design(rng);
            truths.push(c.product(rng, design, px, y, pw, ph));
            designs.push(design.index);
            y += ph + 40.0 * u;
        } else {
            let lines = 1 + rng.below(3) as u32;
            let bw = wf * rng.range(0.3, 0.62);
            let bh = lines as f32 * 60.0 * u + 50.0 * u;
            let bx = if mine { ax - 25.0 * u - bw } else { ax + av + 25.0 * u };
            let colour = if mine { [149, 236, 105] } else { WHITE };
            c.round_rect(bx, y, bw, bh, 12.0 * u, colour, 255);
            for l in 0..lines {
                c.text(rng, bx + 30.0 * u, y + 30.0 * u + l as f32 * 60.0 * u, 38.0 * u, bw - 60.0 * u, TEXT, 255);
            }
            y += bh.max(av) + 40.0 * u;
        }
    }
    if truths.is_empty() {
        // Always one picture: the last message.
        let pw = wf * 0.45;
        let ph = (input_top - y - 40.0 * u).clamp(200.0 * u, pw * 1.2);
        let y0 = (input_top - ph - 30.0 * u).min(y);
        c.rect(0.0, y0 - 10.0 * u, wf, input_top - y0 + 10.0 * u, bg);
        let design = random_design(rng);
        avatar(&mut c, rng, 30.0 * u, y0, av);
        truths.push(c.product(rng, design, 30.0 * u + av + 25.0 * u, y0, pw, ph));
        designs.push(design.index);
    }
    truths.reverse();
    designs.reverse();
    Screen { kind: Kind::Chat, image: c.finish(), truths, designs }
}

fn chat_desktop(rng: &mut SplitMix, w: u32, h: u32) -> Screen {
    let mut c = Canvas::new(w, h, [245, 245, 245]);
    let (wf, hf) = (c.w(), c.h());
    // Left: the dark icon rail and the contact list.
    c.rect(0.0, 0.0, 60.0, hf, [46, 46, 46]);
    for i in 0..6 {
        c.round_rect(16.0, 80.0 + i as f32 * 60.0, 28.0, 28.0, 6.0, [150, 150, 150], 255);
    }
    let list_w = 250.0;
    c.rect(60.0, 0.0, list_w, hf, [230, 230, 230]);
    c.round_rect(72.0, 20.0, list_w - 24.0, 28.0, 4.0, [218, 218, 218], 255);
    let mut y = 64.0;
    while y + 64.0 < hf {
        avatar(&mut c, rng, 72.0, y + 10.0, 42.0);
        c.text(rng, 124.0, y + 14.0, 13.0, 110.0, TEXT, 255);
        c.text(rng, 124.0, y + 36.0, 11.0, 140.0, GREY_TEXT, 255);
        y += 64.0;
    }
    let x0 = 60.0 + list_w;
    c.rect(x0, 0.0, 1.0, hf, [214, 214, 214]);
    c.text(rng, x0 + 24.0, 22.0, 17.0, 160.0, TEXT, 255);
    c.rect(x0, 62.0, wf - x0, 1.0, [214, 214, 214]);
    let input_top = hf - 160.0;
    c.rect(x0, input_top, wf - x0, 1.0, [214, 214, 214]);
    for i in 0..5 {
        c.outline(x0 + 20.0 + i as f32 * 36.0, input_top + 12.0, 22.0, 22.0, 4.0, [110, 110, 110], 1.5);
    }
    c.round_rect(wf - 120.0, hf - 48.0, 90.0, 32.0, 4.0, [233, 233, 233], 255);
    let av = 36.0;
    let mut truths = Vec::new();
    let mut designs = Vec::new();
    let chat_w = wf - x0;
    let mut y = 84.0;
    let picture_slot = rng.below(3) as usize;
    let mut m = 0;
    loop {
        if rng.chance(0.25) && y + 40.0 < input_top {
            c.text(rng, x0 + chat_w * 0.45, y, 11.0, 60.0, [170, 170, 170], 255);
            y += 30.0;
        }
        let mine = rng.chance(0.5);
        let ax = if mine { wf - 30.0 - av } else { x0 + 30.0 };
        if m == picture_slot {
            let pw = (chat_w * rng.range(0.22, 0.32)).min(360.0);
            let ph = pw * rng.range(0.75, 1.3);
            if y + ph > input_top - 20.0 {
                y = (input_top - 20.0 - ph).max(84.0);
                c.rect(x0 + 1.0, y - 10.0, chat_w - 1.0, input_top - y + 9.0, [245, 245, 245]);
            }
            avatar(&mut c, rng, ax, y, av);
            let px = if mine { ax - 12.0 - pw } else { ax + av + 12.0 };
            let design = random_design(rng);
            truths.push(c.product(rng, design, px, y, pw, ph));
            designs.push(design.index);
            y += ph + 24.0;
        } else {
            let lines = 1 + rng.below(3) as u32;
            let bw = chat_w * rng.range(0.2, 0.5);
            let bh = lines as f32 * 22.0 + 18.0;
            if y + bh > input_top - 10.0 {
                if truths.is_empty() {
                    m = picture_slot;
                    continue;
                }
                break;
            }
            avatar(&mut c, rng, ax, y, av);
            let bx = if mine { ax - 12.0 - bw } else { ax + av + 12.0 };
            c.round_rect(bx, y, bw, bh, 4.0, if mine { [149, 236, 105] } else { WHITE }, 255);
            for l in 0..lines {
                c.text(rng, bx + 12.0, y + 10.0 + l as f32 * 22.0, 13.0, bw - 24.0, TEXT, 255);
            }
            y += bh.max(av) + 20.0;
        }
        m += 1;
        if !truths.is_empty() && y > input_top - 60.0 {
            break;
        }
    }
    Screen { kind: Kind::Chat, image: c.finish(), truths, designs }
}

fn grid(rng: &mut SplitMix, w: u32, h: u32, phone: bool) -> Screen {
    let card = rng.chance(0.5);
    let bg = if card { [242, 242, 242] } else { WHITE };
    let mut c = Canvas::new(w, h, bg);
    let (wf, hf) = (c.w(), c.h());
    let u = if phone { wf / 1080.0 } else { 1.0 };
    let accent = accent(rng);
    let top = if phone {
        let y = status_bar(&mut c, rng, WHITE, TEXT);
        c.rect(0.0, y, wf, 140.0 * u, WHITE);
        c.round_rect(40.0 * u, y + 25.0 * u, wf - 80.0 * u, 90.0 * u, 45.0 * u, [242, 242, 242], 255);
        c.text(rng, 90.0 * u, y + 55.0 * u, 32.0 * u, wf * 0.4, GREY_TEXT, 255);
        y + 160.0 * u
    } else {
        let top = if rng.chance(0.4) { browser_chrome(&mut c, rng) } else { 0.0 };
        site_header(&mut c, rng, top, accent) + 10.0
    };
    let bottom = if phone { nav_bar(&mut c, WHITE) } else { hf };
    let wanted = 4 + rng.below(17) as usize;
    let cols = if phone { 2 + usize::from(rng.chance(0.3)) } else { (3 + rng.below(4) as usize).min(wanted) };
    let gap = rng.range(8.0, 24.0) * u.max(1.0);
    let margin = if phone { gap } else { wf * rng.range(0.05, 0.12) };
    let text_h = if card { 110.0 } else { 90.0 } * u;
    let mut tile = (wf - 2.0 * margin - (cols - 1) as f32 * gap) / cols as f32;
    let rows_wanted = wanted.div_ceil(cols);
    let fits = |tile: f32| ((bottom - top) / (tile + text_h + gap)).floor() as usize;
    while fits(tile) < rows_wanted.min(2) && tile > 120.0 {
        tile *= 0.9;
    }
    let rows = fits(tile).clamp(1, rows_wanted);
    let count = wanted.min(rows * cols);
    let left = (wf - (cols as f32 * tile + (cols - 1) as f32 * gap)) / 2.0;
    let mut truths = Vec::new();
    let mut designs = Vec::new();
    for i in 0..count {
        let (r, col) = (i / cols, i % cols);
        let x = left + col as f32 * (tile + gap);
        let y = top + r as f32 * (tile + text_h + gap);
        if card {
            c.round_rect(x, y, tile, tile + text_h, 8.0 * u, WHITE, 255);
        }
        let design = random_design(rng);
        let b = c.product(rng, design, x, y, tile, tile);
        if rng.chance(0.15) {
            c.sticker(rng, b);
        }
        truths.push(b);
        designs.push(design.index);
        let pad = if card { 12.0 * u } else { 0.0 };
        let size = if phone { 30.0 * u } else { 13.0 };
        c.text(rng, x + pad, y + tile + 10.0 * u, size, tile - 2.0 * pad, TEXT, 255);
        c.text(rng, x + pad, y + tile + 10.0 * u + size * 1.5, size * 1.3, tile * 0.4, PRICE, 255);
    }
    Screen { kind: Kind::Grid, image: c.finish(), truths, designs }
}

/// Bounding box of the product alone: where two renders on opposite backgrounds agree.
fn product_box(design: &Design, scene: &Scene, w: u32, h: u32) -> Boxed {
    let on = |rgb| render(design, &Scene { background: Background::Solid(rgb), shadow: false, ..*scene }, w, h);
    let (a, b) = (on([0, 0, 0]), on([255, 255, 255]));
    let (mut x0, mut y0, mut x1, mut y1) = (w, h, 0, 0);
    for (x, y, pa) in a.enumerate_pixels() {
        let pb = b.get_pixel(x, y);
        if (0..3).all(|c| pa[c].abs_diff(pb[c]) < 128) {
            x0 = x0.min(x);
            y0 = y0.min(y);
            x1 = x1.max(x + 1);
            y1 = y1.max(y + 1);
        }
    }
    (x0, y0, x1.saturating_sub(x0), y1.saturating_sub(y0))
}

fn textured(rng: &mut SplitMix, w: u32, h: u32) -> Screen {
    let design = random_design(rng);
    let background = loop {
        let b = random_background(rng);
        // A background of the product's own colour hides it from anyone.
        let close = |c: [u8; 3]| (0..3).map(|i| c[i].abs_diff(design.primary.rgb[i]) as u32).sum::<u32>() < 90;
        match b {
            Background::Solid(c) | Background::Fabric(c, _) if close(c) => continue,
            _ => break b,
        }
    };
    let scene = Scene {
        background,
        rotation_deg: rng.range(-8.0, 8.0),
        scale: rng.range(0.45, 0.8),
        center: (rng.range(0.42, 0.58), rng.range(0.42, 0.58)),
        shadow: rng.chance(0.5),
        hand: false,
    };
    let truth = product_box(design, &scene, w, h);
    let picture = render(design, &scene, w, h);
    let jpeg = encode_jpeg(&picture, 60 + rng.below(33) as u8);
    let image = image::load_from_memory(&jpeg).unwrap().to_rgb8();
    Screen { kind: Kind::Textured, image, truths: vec![truth], designs: vec![design.index] }
}

fn side_by_side(rng: &mut SplitMix, w: u32, h: u32) -> Screen {
    let phone = h > w;
    let mut c = Canvas::new(w, h, WHITE);
    let (wf, hf) = (c.w(), c.h());
    let u = if phone { wf / 1080.0 } else { 1.0 };
    let top = if phone {
        status_bar(&mut c, rng, WHITE, TEXT) + 200.0 * u
    } else {
        let accent = accent(rng);
        site_header(&mut c, rng, 0.0, accent) + 20.0
    };
    let gap = if phone { 24.0 * u } else { wf * 0.04 };
    let side = ((wf - 3.0 * gap) / 2.0).min(hf - top - 160.0 * u);
    let left = (wf - 2.0 * side - gap) / 2.0;
    let mut truths = Vec::new();
    let mut designs = Vec::new();
    for i in 0..2 {
        let x = left + i as f32 * (side + gap);
        let design = random_design(rng);
        truths.push(c.product(rng, design, x, top, side, side));
        designs.push(design.index);
        let size = if phone { 36.0 * u } else { 18.0 };
        c.paragraph(rng, x, top + side + 20.0 * u, size, side, 2, TEXT);
        c.text(rng, x, top + side + 20.0 * u + size * 3.2, size * 1.4, side * 0.4, PRICE, 255);
    }
    if phone {
        nav_bar(&mut c, WHITE);
    }
    Screen { kind: Kind::SideBySide, image: c.finish(), truths, designs }
}
