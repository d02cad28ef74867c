//! Writes a grid of catalog pictures to a PNG, to eyeball the drawings.
//! `cargo run -p zhaohuo-sandbox --example contact_sheet -- out.png`

use zhaohuo_sandbox::catalog::Catalog;
use zhaohuo_sandbox::render::{render, Scene};

fn main() {
    let out = std::env::args().nth(1).unwrap_or_else(|| "contact_sheet.png".into());
    let catalog = Catalog::generate();
    let cell = 128u32;
    let cols = 14u32;
    let rows = 4u32;
    let mut sheet = image::RgbImage::new(cell * cols, cell * rows);
    for row in 0..rows {
        for col in 0..cols {
            let idx = (col * 12 + row * 3) as usize;
            if let Some(d) = catalog.designs.get(idx) {
                let img = render(d, &Scene::listing(row as u8), cell, cell);
                image::imageops::replace(&mut sheet, &img, i64::from(col * cell), i64::from(row * cell));
            }
        }
    }
    if let Err(e) = sheet.save(&out) {
        eprintln!("cannot write {out}: {e}");
    }
}
