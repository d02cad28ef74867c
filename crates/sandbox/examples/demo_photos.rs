//! Generates the buyer-style demo photos in `demo/photos/` (deterministic):
//! catalog products shot off-centre on a table or held in a hand, a little
//! tilted, as a phone would. Each file is named `NN-<category>-<offerId>.jpg`.
//! `cargo run -p zhaohuo-sandbox --example demo_photos -- demo/photos`

use zhaohuo_sandbox::catalog::Catalog;
use zhaohuo_sandbox::perturb::encode_jpeg;
use zhaohuo_sandbox::render::{render, Background, Scene};
use zhaohuo_sandbox::SplitMix;

/// How one demo photo is shot.
struct Shot {
    design: usize,
    background: Background,
    tilt: f32,
    scale: f32,
    center: (f32, f32),
    hand: bool,
}

const fn shot(design: usize, background: Background, tilt: f32, scale: f32, center: (f32, f32), hand: bool) -> Shot {
    Shot { design, background, tilt, scale, center, hand }
}

const SHOTS: [Shot; 10] = [
    shot(4, Background::Wood(11), -6.0, 0.62, (0.42, 0.55), false),
    shot(17, Background::Fabric([210, 205, 196], 3), 5.0, 0.66, (0.56, 0.52), true),
    shot(29, Background::Wood(23), 8.0, 0.55, (0.60, 0.50), false),
    shot(41, Background::Gradient([180, 196, 210], [120, 130, 150]), -4.0, 0.64, (0.45, 0.48), true),
    shot(58, Background::Wood(37), 3.0, 0.58, (0.40, 0.52), false),
    shot(75, Background::Fabric([150, 170, 150], 5), -8.0, 0.70, (0.52, 0.50), true),
    shot(90, Background::Wood(41), 6.0, 0.60, (0.58, 0.54), false),
    shot(135, Background::Gradient([230, 220, 200], [170, 150, 120]), -5.0, 0.62, (0.46, 0.50), false),
    shot(127, Background::Fabric([90, 96, 110], 9), 4.0, 0.66, (0.55, 0.47), true),
    shot(160, Background::Wood(53), -7.0, 0.60, (0.43, 0.53), false),
];

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "demo/photos".into());
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("cannot create {dir}: {e}");
        return;
    }
    let catalog = Catalog::generate();
    for (n, Shot { design, background, tilt, scale, center, hand }) in SHOTS.iter().enumerate() {
        let Some(d) = catalog.designs.get(*design) else { continue };
        let Some(&offer) = catalog.offers_by_design[*design].first() else { continue };
        let scene = Scene {
            background: *background,
            rotation_deg: *tilt,
            scale: *scale,
            center: *center,
            shadow: true,
            hand: *hand,
        };
        let mut picture = render(d, &scene, 800, 600);
        // A phone sensor's grain, so the photo is not a clean drawing.
        let mut rng = SplitMix::new(0xD3_0000 + n as u64);
        for p in picture.pixels_mut() {
            let grain = rng.range(-6.0, 6.0);
            for c in p.0.iter_mut() {
                *c = (f32::from(*c) + grain).clamp(0.0, 255.0) as u8;
            }
        }
        let jpeg = encode_jpeg(&picture, 90);
        let slug = d.category.name_en().to_lowercase().replace(' ', "-");
        let path = format!("{dir}/{:02}-{slug}-{}.jpg", n + 1, catalog.offers[offer].offer_id);
        match std::fs::write(&path, &jpeg) {
            Ok(()) => println!("{path} ({} KB) {} {}", jpeg.len() / 1024, d.primary.en, catalog.offers[offer].title_en),
            Err(e) => eprintln!("cannot write {path}: {e}"),
        }
    }
}
