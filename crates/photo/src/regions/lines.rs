//! Full-resolution layout analysis: screens separate their parts with lines of one
//! exact colour (page background, gaps in a grid, margins), so the picture is cut
//! recursively along such lines (a page-layout "XY cut") into blocks. A photograph
//! never holds such a line except in a backdrop's gradient, whose neighbouring lines
//! differ by a level or two; those are not cuts.

use super::Rect;

/// Consecutive uniform lines closer than this (sum over channels) are one gradient.
const GRADUAL: u32 = 16;
/// Blocks deeper than this are not cut again.
const MAX_DEPTH: u32 = 14;
/// Safety bound on the blocks one picture yields.
const MAX_BLOCKS: usize = 4000;

/// Packed RGB pixels with prefix counts of colour changes along rows and columns,
/// so "is this line segment one exact colour" costs two lookups.
pub struct Lines<'a> {
    pub width: usize,
    pub height: usize,
    pub data: &'a [u8],
    /// `row[y * width + x]`: changes between neighbours left of `x` in row `y`.
    row: Vec<u16>,
    /// `col[y * width + x]`: changes between neighbours above `y` in column `x`.
    col: Vec<u16>,
}

impl<'a> Lines<'a> {
    pub fn new(width: usize, height: usize, data: &'a [u8]) -> Lines<'a> {
        let mut row = vec![0u16; width * height];
        let mut col = vec![0u16; width * height];
        let differs = |a: &[u8], b: &[u8]| u16::from((a[0] ^ b[0]) | (a[1] ^ b[1]) | (a[2] ^ b[2]) != 0);
        for y in 0..height {
            let line = &data[y * width * 3..(y + 1) * width * 3];
            let mut count = 0u16;
            let r = &mut row[y * width..(y + 1) * width];
            for (x, pair) in line.windows(6).step_by(3).enumerate() {
                count += differs(&pair[..3], &pair[3..]);
                r[x + 1] = count;
            }
            if y + 1 < height {
                let next = &data[(y + 1) * width * 3..(y + 2) * width * 3];
                let (above, below) = col.split_at_mut((y + 1) * width);
                let above = &above[y * width..];
                for (x, (a, b)) in line.chunks_exact(3).zip(next.chunks_exact(3)).enumerate() {
                    below[x] = above[x] + differs(a, b);
                }
            }
        }
        Lines { width, height, data, row, col }
    }

    fn px(&self, x: usize, y: usize) -> [u8; 3] {
        let i = (y * self.width + x) * 3;
        [self.data[i], self.data[i + 1], self.data[i + 2]]
    }

    /// Row `y` between `x0..x1` is one exact colour.
    fn row_uniform(&self, y: usize, x0: usize, x1: usize) -> bool {
        x1 <= x0 + 1 || self.row[y * self.width + x1 - 1] == self.row[y * self.width + x0]
    }

    /// Column `x` between `y0..y1` is one exact colour.
    fn col_uniform(&self, x: usize, y0: usize, y1: usize) -> bool {
        y1 <= y0 + 1 || self.col[(y1 - 1) * self.width + x] == self.col[y0 * self.width + x]
    }

    /// The median colour of a line segment (sampled).
    fn median(&self, horizontal: bool, at: usize, from: usize, to: usize) -> [u8; 3] {
        let step = ((to - from) / 128).max(1);
        let mut channels: [Vec<u8>; 3] = Default::default();
        for i in (from..to).step_by(step) {
            let p = if horizontal { self.px(i, at) } else { self.px(at, i) };
            for k in 0..3 {
                channels[k].push(p[k]);
            }
        }
        channels.map(|mut c| {
            c.sort_unstable();
            c.get(c.len() / 2).copied().unwrap_or(0)
        })
    }

    /// Share of a line's pixels (sampled) a little, but not exactly, like `c`:
    /// a backdrop row with JPEG noise is mostly that; a row of text on the page
    /// (mostly exactly the page) or an anti-aliased edge (far or exact) is not.
    fn near_share(&self, horizontal: bool, at: usize, from: usize, to: usize, c: [u8; 3]) -> f32 {
        let step = ((to - from) / 128).max(1);
        let (mut near, mut n) = (0u32, 0u32);
        let mut seen: Vec<[u8; 3]> = Vec::new();
        for i in (from..to).step_by(step) {
            let p = if horizontal { self.px(i, at) } else { self.px(at, i) };
            let d: u32 = (0..3).map(|k| u32::from(p[k].abs_diff(c[k]))).sum();
            if d > 0 && d <= GRADUAL {
                near += 1;
                if seen.len() < 3 && !seen.contains(&p) {
                    seen.push(p);
                }
            }
            n += 1;
        }
        // Noise takes several values; an anti-aliased straight edge one or two.
        if seen.len() < 3 {
            return 0.0;
        }
        near as f32 / n.max(1) as f32
    }

    /// Which lines across `r` (rows when `horizontal`) separate parts: one exact
    /// colour (a few pixels at either end aside: anti-aliased or rounded corners),
    /// and not part of a gradient: neither a uniform neighbour of a slightly
    /// different colour, nor between two busy lines of noise around its colour (a
    /// backdrop row left uniform amid JPEG noise).
    fn separators(&self, r: Rect, horizontal: bool) -> Vec<Option<[u8; 3]>> {
        let (n, span) = if horizontal { (r.height(), r.width()) } else { (r.width(), r.height()) };
        let m = (span / 16).min(3);
        let (from, to) = if horizontal { (r.x0 + m, r.x1 - m) } else { (r.y0 + m, r.y1 - m) };
        let start = if horizontal { r.y0 } else { r.x0 };
        let colour = |i: usize| -> Option<[u8; 3]> {
            if horizontal {
                self.row_uniform(start + i, from, to).then(|| self.px(from, start + i))
            } else {
                self.col_uniform(start + i, from, to).then(|| self.px(start + i, from))
            }
        };
        let colours: Vec<Option<[u8; 3]>> = (0..n).map(colour).collect();
        let step = |a: [u8; 3], b: [u8; 3]| -> u32 { (0..3).map(|k| u32::from(a[k].abs_diff(b[k]))).sum() };
        // A busy neighbour line (outside the chain) of noise around the chain's colour.
        let gradual_beside = |i: Option<usize>, c: [u8; 3]| match i {
            Some(i) if i < n => self.near_share(horizontal, start + i, from, to, c) >= 0.5,
            _ => false,
        };
        let mut out = vec![None; n];
        let mut i = 0;
        while i < n {
            let Some(first) = colours[i] else {
                i += 1;
                continue;
            };
            // A chain of uniform lines, each within GRADUAL of the previous one.
            let mut j = i + 1;
            let mut one_colour = true;
            let mut prev = first;
            while j < n {
                let Some(c) = colours[j] else { break };
                let d = step(c, prev);
                if d > GRADUAL {
                    break;
                }
                one_colour &= d == 0;
                prev = c;
                j += 1;
            }
            let in_gradient = gradual_beside(i.checked_sub(1), first) && gradual_beside(Some(j), first);
            if one_colour && !in_gradient {
                out[i..j].iter_mut().for_each(|s| *s = Some(first));
            }
            i = j;
        }
        out
    }

    /// Cuts the whole picture into blocks that hold no separating line; returns them.
    /// Also says whether lines of the page ran both ways (a screen's margins and
    /// gaps do; a striped table top or a floor's boards run one way only).
    ///
    /// `by_colour` off cuts along any separating line (finer: every tile of a grid
    /// of cards); on, a block is cut only along the colours described below.
    pub fn blocks(&self, by_colour: bool) -> (Vec<Rect>, bool) {
        let mut leaves = Vec::new();
        let (mut row_px, mut col_px) = (0usize, 0usize);
        // Each block carries the colours its parent was cut along (none: any colour
        // cuts). A block is cut only along lines of those colours or of its own
        // margins: a photo cut out of a white page is not cut along a band of its
        // backdrop or a stripe of its table, a card's white padding still cuts it.
        let whole = Rect { x0: 0, y0: 0, x1: self.width, y1: self.height };
        let mut stack: Vec<(Rect, u32, Vec<[u8; 3]>)> = vec![(whole, 0, Vec::new())];
        while let Some((r, depth, mut allowed)) = stack.pop() {
            if leaves.len() + stack.len() > MAX_BLOCKS {
                leaves.push(r);
                continue;
            }
            let (trimmed, margins) = self.trim(r);
            row_px += (r.height() - trimmed.height()) * r.width();
            col_px += (r.width() - trimmed.width()) * r.height();
            let r = trimmed;
            if r.width() < 4 || r.height() < 4 {
                continue;
            }
            if depth >= MAX_DEPTH {
                leaves.push(r);
                continue;
            }
            let any = !by_colour || allowed.is_empty();
            for c in margins {
                remember(&mut allowed, c);
            }
            // A panel with rounded corners has no uniform margin line, but its
            // bottom edge is mostly its own colour (a card's white padding).
            if r.height() > 8 {
                let m = self.median(true, r.y1 - 1, r.x0, r.x1);
                let exact = (r.x0..r.x1).filter(|&x| self.px(x, r.y1 - 1) == m).count();
                if exact * 10 >= r.width() * 9 {
                    remember(&mut allowed, m);
                }
            }
            let keep = |s: Option<[u8; 3]>| s.filter(|c| any || allowed.iter().any(|a| close(*a, *c)));
            let row_sep: Vec<Option<[u8; 3]>> = self.separators(r, true).into_iter().map(keep).collect();
            let col_sep: Vec<Option<[u8; 3]>> = self.separators(r, false).into_iter().map(keep).collect();
            let rows = runs(&row_sep);
            let cols = runs(&col_sep);
            if rows.len() <= 1 && cols.len() <= 1 {
                leaves.push(r);
                continue;
            }
            let (sep, horizontal) = if rows.len() >= cols.len() { (&row_sep, true) } else { (&col_sep, false) };
            let mut inherited = allowed.clone();
            for c in sep.iter().flatten() {
                remember(&mut inherited, *c);
            }
            let used = sep.iter().flatten().count();
            if horizontal {
                row_px += used * r.width();
                for (a, b) in rows {
                    stack.push((Rect { y0: r.y0 + a, y1: r.y0 + b, ..r }, depth + 1, inherited.clone()));
                }
            } else {
                col_px += used * r.height();
                for (a, b) in cols {
                    stack.push((Rect { x0: r.x0 + a, x1: r.x0 + b, ..r }, depth + 1, inherited.clone()));
                }
            }
        }
        let area = self.width * self.height;
        (leaves, row_px * 500 >= area && col_px * 500 >= area)
    }

    /// Drops separating lines from the edges of `r` and says their colours; rows
    /// and columns are judged across the untrimmed block, so a backdrop row inside
    /// a picture that sits in a wider margin is not mistaken for margin.
    fn trim(&self, r: Rect) -> (Rect, Vec<[u8; 3]>) {
        let rows = self.separators(r, true);
        let cols = self.separators(r, false);
        let top = rows.iter().take_while(|s| s.is_some()).count();
        let bottom = rows.iter().rev().take_while(|s| s.is_some()).count();
        let left = cols.iter().take_while(|s| s.is_some()).count();
        let right = cols.iter().rev().take_while(|s| s.is_some()).count();
        if top == rows.len() || left == cols.len() {
            return (Rect { x0: r.x0, y0: r.y0, x1: r.x0, y1: r.y0 }, Vec::new());
        }
        let mut margins = Vec::new();
        for c in rows[..top]
            .iter()
            .chain(&rows[rows.len() - bottom..])
            .chain(&cols[..left])
            .chain(&cols[cols.len() - right..])
            .flatten()
        {
            remember(&mut margins, *c);
        }
        (Rect { x0: r.x0 + left, y0: r.y0 + top, x1: r.x1 - right, y1: r.y1 - bottom }, margins)
    }
}

/// Two separator colours are the same page colour.
fn close(a: [u8; 3], b: [u8; 3]) -> bool {
    (0..3).all(|k| a[k].abs_diff(b[k]) <= 2)
}

fn remember(colours: &mut Vec<[u8; 3]>, c: [u8; 3]) {
    if colours.len() < 16 && !colours.iter().any(|a| close(*a, c)) {
        colours.push(c);
    }
}

/// Maximal runs of non-separating lines, as `(start, end)` offsets.
fn runs(separator: &[Option<[u8; 3]>]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, s) in separator.iter().enumerate() {
        match (s.is_some(), start) {
            (false, None) => start = Some(i),
            (true, Some(a)) => {
                out.push((a, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(a) = start {
        out.push((a, separator.len()));
    }
    out
}
