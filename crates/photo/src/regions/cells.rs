//! Per-cell colour statistics of a picture: the model of a photo's background and
//! what differs from it (the subject finder works on these, not on pixels).

/// Statistics of one cell.
#[derive(Debug, Clone, Copy, Default)]
pub struct Cell {
    /// Mean colour.
    pub mean: [f32; 3],
    /// Standard deviation of luma (texture).
    pub spread: f32,
}

/// A grid of cells over a picture.
pub struct Cells {
    /// Side of a cell in pixels.
    pub size: usize,
    pub cols: usize,
    pub rows: usize,
    pub cells: Vec<Cell>,
}

impl Cells {
    /// Statistics over cells of `size` pixels of a packed RGB picture.
    pub fn measure(width: usize, height: usize, data: &[u8], size: usize) -> Cells {
        let cols = width.div_ceil(size);
        let rows = height.div_ceil(size);
        let mut sums = vec![[0u64; 3]; cols * rows];
        let mut luma = vec![(0u64, 0u64); cols * rows];
        for y in 0..height {
            let row = &data[y * width * 3..(y + 1) * width * 3];
            let cell_row = (y / size) * cols;
            for (x, p) in row.chunks_exact(3).enumerate() {
                let k = cell_row + x / size;
                for c in 0..3 {
                    sums[k][c] += u64::from(p[c]);
                }
                let l = (u64::from(p[0]) * 77 + u64::from(p[1]) * 150 + u64::from(p[2]) * 29) >> 8;
                luma[k].0 += l;
                luma[k].1 += l * l;
            }
        }
        let cells = (0..cols * rows)
            .map(|k| {
                let (cx, cy) = (k % cols, k / cols);
                let w = (width - cx * size).min(size);
                let h = (height - cy * size).min(size);
                let n = (w * h).max(1) as f32;
                let mean_l = luma[k].0 as f32 / n;
                let var = (luma[k].1 as f32 / n - mean_l * mean_l).max(0.0);
                Cell { mean: sums[k].map(|s| s as f32 / n), spread: var.sqrt() }
            })
            .collect();
        Cells { size, cols, rows, cells }
    }
}
