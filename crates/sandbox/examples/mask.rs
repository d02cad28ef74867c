//! Writes the descriptor's foreground mask next to each given picture
//! (`NAME.mask.png`), to see what the search takes for the product.

fn main() {
    for path in std::env::args().skip(1) {
        match image::open(&path) {
            Ok(img) => {
                let mask = zhaohuo_sandbox::vision::foreground_mask(&img.to_rgb8());
                if let Err(e) = mask.save(format!("{path}.mask.png")) {
                    eprintln!("{path}: {e}");
                }
            }
            Err(e) => eprintln!("{path}: {e}"),
        }
    }
}
