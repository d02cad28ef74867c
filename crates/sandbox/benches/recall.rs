//! Recall and latency of the sandbox's same-item search on perturbed catalog
//! pictures (crop 70–95 %, rotation ±10°, scale 0.3–1.5, JPEG q40–90, other
//! background, brightness ±20 %).
//! `cargo bench -p zhaohuo-sandbox --bench recall [-- QUERIES_PER_DESIGN]`

use std::time::Instant;

use zhaohuo_sandbox::perturb::Perturbation;
use zhaohuo_sandbox::search::{Index, Mode};
use zhaohuo_sandbox::SplitMix;

fn main() {
    let per_design: usize = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(3);
    let started = Instant::now();
    let index = Index::build();
    println!(
        "index: {} designs, {} offers, built in {:.0} ms",
        index.catalog.designs.len(),
        index.catalog.offers.len(),
        started.elapsed().as_secs_f64() * 1e3
    );

    // Weight sets to compare: ZH_WEIGHTS="c,l,s,t,a;c,l,s,t,a".
    let mut weight_sets = vec![zhaohuo_sandbox::vision::WEIGHTS];
    if let Ok(spec) = std::env::var("ZH_WEIGHTS") {
        for set in spec.split(';') {
            let v: Vec<f32> = set.split(',').filter_map(|x| x.trim().parse().ok()).collect();
            if v.len() == 5 {
                weight_sets.push(zhaohuo_sandbox::vision::Weights {
                    colour: v[0],
                    layout: v[1],
                    shape: v[2],
                    texture: v[3],
                    aspect: v[4],
                });
            }
        }
    }
    let mut tuning_hits = vec![(0usize, 0usize); weight_sets.len()];
    let mut rng = SplitMix::new(0xBE7C_4A11);
    let (mut at1, mut at5, mut total) = (0usize, 0usize, 0usize);
    let mut latencies = Vec::new();
    let mut miss_by_background = std::collections::BTreeMap::new();
    let mut true_distances: Vec<f32> = Vec::new();
    let mut wrong_distances: Vec<f32> = Vec::new();
    let mut confusions = Vec::new();
    for design in &index.catalog.designs {
        for _ in 0..per_design {
            let mut p = Perturbation::random(&mut rng);
            // Ablations for tuning: ZH_NO=shadow,crop,bg,rot,jpeg,scale,light
            if let Ok(no) = std::env::var("ZH_NO") {
                for what in no.split(',') {
                    match what {
                        "shadow" => p.scene.shadow = false,
                        "crop" => p.crop = (0.0, 0.0, 1.0, 1.0),
                        "bg" => p.scene.background = zhaohuo_sandbox::render::Background::Studio([236, 236, 238]),
                        "rot" => p.scene.rotation_deg = 0.0,
                        "jpeg" => p.jpeg_quality = 95,
                        "scale" => p.rescale = 1.0,
                        "light" => p.brightness = 1.0,
                        _ => {}
                    }
                }
            }
            let jpeg = p.apply(design, 640);
            let t = Instant::now();
            let Ok(decoded) = image::load_from_memory(&jpeg) else { continue };
            let outcome = index.search(&decoded.to_rgb8(), Mode::SameItem);
            latencies.push(t.elapsed().as_secs_f64() * 1e3);
            total += 1;
            let hit_design = |k: usize| outcome.hits.get(k).map(|h| index.catalog.offers[h.offer].design);
            if hit_design(0) == Some(design.index) {
                at1 += 1;
            } else if let Some(got) = hit_design(0) {
                confusions.push((design.index, got));
                let kind = format!("{:?}", p.scene.background).split('(').next().unwrap_or("").to_owned();
                *miss_by_background.entry(kind).or_insert(0usize) += 1;
                if let Ok(dir) = std::env::var("ZH_DUMP") {
                    let _ = std::fs::write(format!("{dir}/miss-{}-{}.jpg", design.index, confusions.len()), &jpeg);
                }
            }
            if (0..5).any(|k| hit_design(k) == Some(design.index)) {
                at5 += 1;
            }
            let query = zhaohuo_sandbox::vision::describe(&decoded.to_rgb8());
            if std::env::var("ZH_EXPLAIN").is_ok() {
                if let Some(got) = hit_design(0).filter(|g| *g != design.index) {
                    let fmt =
                        |b: Option<[f32; 5]>| b.map(|b| b.map(|x| format!("{x:.3}")).join(" ")).unwrap_or_default();
                    let d = &index.catalog.designs[got];
                    println!(
                        "  {:?} {} {:?} -> {:?} {} {:?}\n     true [{}]\n     got  [{}]",
                        design.category,
                        design.primary.en,
                        design.pattern,
                        d.category,
                        d.primary.en,
                        d.pattern,
                        fmt(index.explain(&query, design.index)),
                        fmt(index.explain(&query, got))
                    );
                }
            }
            let ranked = index.rank_designs(&query);
            if let Some(true_d) = ranked.iter().find(|r| r.0 == design.index).map(|r| r.1) {
                true_distances.push(true_d);
            }
            if let Some(wrong_d) = ranked.iter().find(|r| r.0 != design.index).map(|r| r.1) {
                wrong_distances.push(wrong_d);
            }
            for (k, weights) in weight_sets.iter().enumerate() {
                let ranked = index.rank_designs_with(&query, weights);
                if ranked.first().map(|r| r.0) == Some(design.index) {
                    tuning_hits[k].0 += 1;
                }
                if ranked.iter().take(5).any(|r| r.0 == design.index) {
                    tuning_hits[k].1 += 1;
                }
            }
        }
    }
    latencies.sort_by(|a, b| a.total_cmp(b));
    let pct = |q: f64| latencies.get(((latencies.len() as f64 - 1.0) * q) as usize).copied().unwrap_or(0.0);
    println!("queries: {total}");
    println!("recall@1: {:.3}", at1 as f64 / total.max(1) as f64);
    println!("recall@5: {:.3}", at5 as f64 / total.max(1) as f64);
    for (weights, (d1, d5)) in weight_sets.iter().zip(&tuning_hits) {
        println!(
            "design-level recall@1 {:.3} recall@5 {:.3} with {weights:?}",
            *d1 as f64 / total.max(1) as f64,
            *d5 as f64 / total.max(1) as f64
        );
    }
    println!(
        "search latency (decode + describe + rank) ms: p50 {:.2}, p95 {:.2}, max {:.2}",
        pct(0.5),
        pct(0.95),
        pct(1.0)
    );
    for (name, list) in [("true design", &mut true_distances), ("best other design", &mut wrong_distances)] {
        list.sort_by(|a, b| a.total_cmp(b));
        let q = |f: f64| list.get(((list.len() as f64 - 1.0) * f) as usize).copied().unwrap_or(0.0);
        println!("distance to {name}: p10 {:.3} p50 {:.3} p90 {:.3}", q(0.1), q(0.5), q(0.9));
    }
    println!("misses by background: {miss_by_background:?}");
    for (want, got) in confusions.iter().take(12) {
        let (a, b) = (&index.catalog.designs[*want], &index.catalog.designs[*got]);
        println!(
            "  miss: {:?} {} {:?} -> {:?} {} {:?}",
            a.category, a.primary.en, a.pattern, b.category, b.primary.en, b.pattern
        );
    }
}
