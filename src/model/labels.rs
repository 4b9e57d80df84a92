//! Where the plot's labels go: one solver for event labels, callouts and span labels, in screen
//! coordinates, fed with measured text sizes. Each label tries candidate positions around what
//! it names (a point, a vertical line, a band), highest priority first; a position is allowed
//! when it stays inside the plot and covers no label placed before it, and the allowed one that
//! is nearest and covers the fewest data lines wins. A label that moves away from what it names
//! gets a leader line; one with no allowed position collapses into a numbered marker, listed
//! with its text in a key. Plain arithmetic, no egui, deterministic: the same input always gives
//! the same layout.

/// A point on screen (points, y down).
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Point {
    pub x: f32,
    pub y: f32,
}

impl Point {
    pub fn new(x: f32, y: f32) -> Point {
        Point { x, y }
    }
}

/// An axis-aligned rectangle on screen, `min` top left.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Rect {
    pub min: Point,
    pub max: Point,
}

impl Rect {
    pub fn from_min_size(min: Point, w: f32, h: f32) -> Rect {
        Rect {
            min,
            max: Point::new(min.x + w, min.y + h),
        }
    }

    pub fn from_min_max(x0: f32, y0: f32, x1: f32, y1: f32) -> Rect {
        Rect {
            min: Point::new(x0, y0),
            max: Point::new(x1, y1),
        }
    }

    pub fn width(&self) -> f32 {
        self.max.x - self.min.x
    }

    pub fn height(&self) -> f32 {
        self.max.y - self.min.y
    }

    pub fn center(&self) -> Point {
        Point::new(
            (self.min.x + self.max.x) / 2.0,
            (self.min.y + self.max.y) / 2.0,
        )
    }

    pub fn expand(&self, by: f32) -> Rect {
        Rect::from_min_max(
            self.min.x - by,
            self.min.y - by,
            self.max.x + by,
            self.max.y + by,
        )
    }

    /// The two share area (touching edges do not count).
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.min.x < other.max.x
            && other.min.x < self.max.x
            && self.min.y < other.max.y
            && other.min.y < self.max.y
    }

    /// `inner` lies entirely inside `self` (edges included).
    pub fn contains_rect(&self, inner: &Rect) -> bool {
        inner.min.x >= self.min.x
            && inner.max.x <= self.max.x
            && inner.min.y >= self.min.y
            && inner.max.y <= self.max.y
    }

    pub fn contains(&self, p: Point) -> bool {
        p.x >= self.min.x && p.x <= self.max.x && p.y >= self.min.y && p.y <= self.max.y
    }

    /// The point of the rectangle (edge or inside) nearest to `p`.
    pub fn nearest(&self, p: Point) -> Point {
        Point::new(
            p.x.clamp(self.min.x, self.max.x),
            p.y.clamp(self.min.y, self.max.y),
        )
    }
}

/// What a label names.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Target {
    /// A data point (a callout).
    Point(Point),
    /// A vertical line across the plot at `x` (an event).
    VLine { x: f32 },
    /// A band between two x positions (a span).
    Band { x0: f32, x1: f32 },
}

/// One label to place.
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    /// The caller's name for it (an annotation index).
    pub id: usize,
    pub target: Target,
    /// The measured size of its text, points.
    pub size: (f32, f32),
    /// Lower goes first: 0, 1, 2 for the callouts, events and spans the current step reveals,
    /// [`EARLIER`] and up for those of earlier steps.
    pub priority: u8,
    /// A label that says again what the plot says elsewhere (a series' name at the end of its
    /// line; the legend has it too): placed only right by its target, over little data, and
    /// otherwise left out, never a numbered marker.
    pub optional: bool,
}

/// Everything the solver looks at.
#[derive(Clone, Debug, Default)]
pub struct Input {
    /// The plot's data area: no label crosses it.
    pub plot: Rect,
    pub labels: Vec<Label>,
    /// The data lines on screen, which labels avoid covering.
    pub lines: Vec<Vec<Point>>,
    /// The event lines and the cursor (x on screen): labels keep off them as off the data,
    /// except each event label off its own line.
    pub vlines: Vec<f32>,
    /// Places no label may cover (the callouts' rings).
    pub keep_out: Vec<Rect>,
    /// The size of a numbered marker ("12" in its badge).
    pub marker_size: (f32, f32),
}

/// A label where it goes.
#[derive(Clone, Debug, PartialEq)]
pub struct Placed {
    pub id: usize,
    pub rect: Rect,
    /// The point of its target it names: the data point, the point of the event line or the
    /// span level with the label.
    pub anchor: Point,
    /// From the label's edge to `anchor`, when the label sits away from it.
    pub leader: Option<(Point, Point)>,
    /// `Some(n)`: collapsed into marker `n` (1-based), its text listed in the key.
    pub marker: Option<usize>,
}

/// The solved layout.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Layout {
    pub plot: Rect,
    /// Labels and markers, in the order they were placed (priority).
    pub placed: Vec<Placed>,
    /// Labels with no room even for a marker: (number, id), listed in the key only.
    pub unplaced: Vec<(usize, usize)>,
}

impl Layout {
    /// The collapsed labels' ids by marker number, for the key.
    pub fn key(&self) -> Vec<(usize, usize)> {
        let mut key: Vec<(usize, usize)> = self
            .placed
            .iter()
            .filter_map(|p| p.marker.map(|n| (n, p.id)))
            .chain(self.unplaced.iter().copied())
            .collect();
        key.sort_unstable();
        key
    }
}

/// Gap between a label and what it names, points.
pub const GAP: f32 = 5.0;
/// Gap between a callout's label and its point: clear of the ring drawn round it.
const POINT_GAP: f32 = 10.0;
/// A label within this distance of its anchor needs no leader, points.
pub const NEAR: f32 = 12.0;
/// Room kept between two labels, points.
const PAD: f32 = 2.0;
/// Priorities from this one up are labels an earlier step showed.
pub const EARLIER: u8 = 3;
/// Data-line cells an earlier step's label may cover before it collapses into a marker.
const EARLIER_MAX_CELLS: u32 = 2;
/// Side of an occupancy cell, points.
const CELL: f32 = 6.0;
/// Cost of covering one cell a data line runs through, in points of distance.
const LINE_COST: f32 = 14.0;

/// Which cells of the plot the data lines run through, as a summed-area table, so the number
/// of covered cells under any rectangle is four lookups.
struct Occupancy {
    origin: Point,
    cols: usize,
    rows: usize,
    sums: Vec<u32>,
}

impl Occupancy {
    fn new(plot: Rect, lines: &[Vec<Point>]) -> Occupancy {
        let cols = ((plot.width() / CELL).ceil().max(1.0) as usize).min(2048);
        let rows = ((plot.height() / CELL).ceil().max(1.0) as usize).min(2048);
        let mut hit = vec![false; cols * rows];
        let mut mark = |p: Point| {
            let c = ((p.x - plot.min.x) / CELL).floor();
            let r = ((p.y - plot.min.y) / CELL).floor();
            if c >= 0.0
                && r >= 0.0
                && (c as usize) < cols
                && (r as usize) < rows
                && let Some(h) = hit.get_mut(r as usize * cols + c as usize)
            {
                *h = true;
            }
        };
        for line in lines {
            if let [only] = line.as_slice() {
                mark(*only);
            }
            for pair in line.windows(2) {
                let (a, b) = (pair[0], pair[1]);
                if !(a.x.is_finite() && a.y.is_finite() && b.x.is_finite() && b.y.is_finite()) {
                    continue;
                }
                // Clip to the plot (grown by a cell) before sampling, so a segment running far
                // outside costs nothing.
                let Some((a, b)) = clip(a, b, plot.expand(CELL)) else {
                    continue;
                };
                let len = ((b.x - a.x).powi(2) + (b.y - a.y).powi(2)).sqrt();
                let n = (len / (CELL * 0.5)).ceil().max(1.0) as usize;
                for k in 0..=n {
                    let t = k as f32 / n as f32;
                    mark(Point::new(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t));
                }
            }
        }
        let w = cols + 1;
        let mut sums = vec![0u32; w * (rows + 1)];
        for r in 0..rows {
            let mut row = 0u32;
            for c in 0..cols {
                row += u32::from(hit[r * cols + c]);
                sums[(r + 1) * w + c + 1] = sums[r * w + c + 1] + row;
            }
        }
        Occupancy {
            origin: plot.min,
            cols,
            rows,
            sums,
        }
    }

    /// Covered cells under `r`.
    fn count(&self, r: &Rect) -> u32 {
        let cell = |v: f32, o: f32, n: usize| (((v - o) / CELL).round().max(0.0) as usize).min(n);
        let c0 = cell(r.min.x, self.origin.x, self.cols);
        let c1 = cell(r.max.x, self.origin.x, self.cols);
        let r0 = cell(r.min.y, self.origin.y, self.rows);
        let r1 = cell(r.max.y, self.origin.y, self.rows);
        if c1 <= c0 || r1 <= r0 {
            return 0;
        }
        let w = self.cols + 1;
        let at = |r: usize, c: usize| self.sums.get(r * w + c).copied().unwrap_or(0);
        (at(r1, c1) + at(r0, c0)).saturating_sub(at(r0, c1) + at(r1, c0))
    }
}

/// The part of segment `a`–`b` inside `r` (Liang–Barsky).
fn clip(a: Point, b: Point, r: Rect) -> Option<(Point, Point)> {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let mut t0 = 0.0_f32;
    let mut t1 = 1.0_f32;
    for (p, q) in [
        (-dx, a.x - r.min.x),
        (dx, r.max.x - a.x),
        (-dy, a.y - r.min.y),
        (dy, r.max.y - a.y),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    (t0 <= t1).then(|| {
        (
            Point::new(a.x + dx * t0, a.y + dy * t0),
            Point::new(a.x + dx * t1, a.y + dy * t1),
        )
    })
}

/// Whether segment `a`–`b` runs through `r`.
fn segment_hits(a: Point, b: Point, r: &Rect) -> bool {
    clip(a, b, *r).is_some_and(|(p, q)| {
        // Only a real passage counts, not a touch at the end point.
        (p.x - q.x).abs() + (p.y - q.y).abs() > 0.5
    })
}

/// Whether segments `a`–`b` and `c`–`d` cross (sharing an end point does not count).
fn segments_cross(a: Point, b: Point, c: Point, d: Point) -> bool {
    let side = |p: Point, q: Point, r: Point| (q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x);
    let (d1, d2) = (side(c, d, a), side(c, d, b));
    let (d3, d4) = (side(a, b, c), side(a, b, d));
    d1 * d2 < 0.0 && d3 * d4 < 0.0
}

/// Where a label of size `w`×`h` may go for `target`, each with how far it strays from the
/// ideal place (points, plus a small preference order).
fn candidates(target: Target, (w, h): (f32, f32), plot: Rect, out: &mut Vec<(Rect, f32)>) {
    out.clear();
    match target {
        Target::Point(p) => {
            // Around the point first (right above, as text reads), then further out, with a
            // leader.
            let dirs: [(f32, f32); 8] = [
                (1.0, -1.0),
                (-1.0, -1.0),
                (1.0, 1.0),
                (-1.0, 1.0),
                (1.0, 0.0),
                (-1.0, 0.0),
                (0.0, -1.0),
                (0.0, 1.0),
            ];
            for ring in 0..10 {
                let d = POINT_GAP + ring as f32 * h * 0.9;
                for (k, (dx, dy)) in dirs.iter().enumerate() {
                    let x = match *dx {
                        v if v > 0.0 => p.x + d,
                        v if v < 0.0 => p.x - d - w,
                        _ => p.x - w / 2.0,
                    };
                    let y = match *dy {
                        v if v > 0.0 => p.y + d,
                        v if v < 0.0 => p.y - d - h,
                        _ => p.y - h / 2.0,
                    };
                    let r = Rect::from_min_size(Point::new(x, y), w, h);
                    out.push((r, d + k as f32 * 0.5 + if ring > 0 { 10.0 } else { 0.0 }));
                }
            }
        }
        Target::VLine { x } => {
            // Beside the line, from the top down, right side first; then slid sideways with a
            // leader.
            let rows = ((plot.height() - h - 2.0 * GAP) / (h * 0.5))
                .floor()
                .max(0.0) as usize;
            for shift in 0..4 {
                let dx = shift as f32 * (w * 0.5 + GAP);
                for row in 0..=rows {
                    let y = plot.min.y + GAP + row as f32 * h * 0.5;
                    let down = y - plot.min.y;
                    for (side, left) in [false, true].into_iter().enumerate() {
                        let x0 = if left { x - GAP - w - dx } else { x + GAP + dx };
                        let r = Rect::from_min_size(Point::new(x0, y), w, h);
                        out.push((r, down * 0.6 + side as f32 * 4.0 + dx * 1.5));
                    }
                }
            }
        }
        Target::Band { x0, x1 } => {
            let mid = (x0 + x1) / 2.0;
            let rows = ((plot.height() - h - 2.0 * GAP) / (h * 0.5))
                .floor()
                .max(0.0) as usize;
            for shift in [0.0, -0.5, 0.5, -1.0, 1.0] {
                let dx = shift * w.max(x1 - x0);
                for row in 0..=rows {
                    let y = plot.min.y + GAP + row as f32 * h * 0.5;
                    let r = Rect::from_min_size(Point::new(mid - w / 2.0 + dx, y), w, h);
                    out.push((r, (y - plot.min.y) * 0.6 + dx.abs() * 1.5));
                }
            }
            // Pulled inside the plot when the band runs past an edge.
            for row in 0..=rows {
                let y = plot.min.y + GAP + row as f32 * h * 0.5;
                for x in [plot.min.x + GAP, plot.max.x - GAP - w] {
                    let r = Rect::from_min_size(Point::new(x, y), w, h);
                    out.push((r, (y - plot.min.y) * 0.6 + (x - mid).abs()));
                }
            }
        }
    }
}

/// The point of `target` that a label at `r` names.
fn anchor_of(target: Target, r: &Rect, plot: Rect) -> Point {
    let c = r.center();
    match target {
        Target::Point(p) => p,
        Target::VLine { x } => Point::new(x, c.y.clamp(plot.min.y, plot.max.y)),
        Target::Band { x0, x1 } => Point::new(
            c.x.clamp(x0.min(x1), x0.max(x1)),
            c.y.clamp(plot.min.y, plot.max.y),
        ),
    }
}

/// The leader from `r` to `anchor`, when `r` is not right beside it.
fn leader_of(r: &Rect, anchor: Point) -> Option<(Point, Point)> {
    if r.expand(NEAR).contains(anchor) {
        None
    } else {
        Some((r.nearest(anchor), anchor))
    }
}

/// Lays out `input`'s labels. Deterministic: ties go to the earlier candidate.
pub fn solve(input: &Input) -> Layout {
    let plot = input.plot;
    let inside = plot.expand(-1.0);
    let occupancy = Occupancy::new(plot, &input.lines);
    let mut order: Vec<usize> = (0..input.labels.len()).collect();
    order.sort_by_key(|&i| input.labels.get(i).map_or(u8::MAX, |l| l.priority));
    // Rects no label may cover: the callouts' rings, then each label placed.
    let mut taken: Vec<Rect> = input.keep_out.clone();
    let rings = taken.len();
    let mut leaders: Vec<(Point, Point)> = Vec::new();
    let mut placed = Vec::with_capacity(order.len());
    let mut markers = 0usize;
    let mut unplaced = Vec::new();
    let mut cands = Vec::new();
    for i in order {
        let Some(label) = input.labels.get(i) else {
            continue;
        };
        // The best free place for a box of `size` by this label's target, covering at most
        // `max_cells` cells of data lines.
        let mut place = |size: (f32, f32), max_cells: u32| {
            best_place(
                label.target,
                size,
                plot,
                inside,
                &occupancy,
                &taken,
                rings,
                &leaders,
                &input.vlines,
                max_cells,
                &mut cands,
            )
        };
        // What an earlier step showed becomes a marker rather than cover the data.
        let best = place(
            label.size,
            if label.priority >= EARLIER || label.optional {
                EARLIER_MAX_CELLS
            } else {
                u32::MAX
            },
        );
        // No room: a numbered marker instead, as near as it fits.
        let marker_place = if best.is_none() && !label.optional {
            place(input.marker_size, u32::MAX)
        } else {
            None
        };
        if label.optional {
            // By its target or not at all.
            let near = best.filter(|r| leader_of(r, anchor_of(label.target, r, plot)).is_none());
            if let Some(rect) = near {
                taken.push(rect.expand(PAD));
                placed.push(Placed {
                    id: label.id,
                    rect,
                    anchor: anchor_of(label.target, &rect, plot),
                    leader: None,
                    marker: None,
                });
            }
            continue;
        }
        let (rect, marker) = match best {
            Some(r) => (r, None),
            None => {
                let m = marker_place;
                markers += 1;
                let Some(r) = m else {
                    unplaced.push((markers, label.id));
                    continue;
                };
                (r, Some(markers))
            }
        };
        let anchor = anchor_of(label.target, &rect, plot);
        let leader = leader_of(&rect, anchor);
        taken.push(rect.expand(PAD));
        if let Some(l) = leader {
            leaders.push(l);
        }
        placed.push(Placed {
            id: label.id,
            rect,
            anchor,
            leader,
            marker,
        });
    }
    Layout {
        plot,
        placed,
        unplaced,
    }
}

#[allow(clippy::too_many_arguments)]
fn best_place(
    target: Target,
    size: (f32, f32),
    plot: Rect,
    inside: Rect,
    occupancy: &Occupancy,
    taken: &[Rect],
    rings: usize,
    leaders: &[(Point, Point)],
    vlines: &[f32],
    max_cells: u32,
    cands: &mut Vec<(Rect, f32)>,
) -> Option<Rect> {
    let labels = taken.get(rings..).unwrap_or(&[]);
    candidates(target, size, plot, cands);
    let mut best: Option<(Rect, f32)> = None;
    for &(r, stray) in cands.iter() {
        if best.is_some_and(|(_, c)| stray >= c) {
            continue;
        }
        if !inside.contains_rect(&r) || taken.iter().any(|t| t.overlaps(&r)) {
            continue;
        }
        if leaders.iter().any(|(a, b)| segment_hits(*a, *b, &r)) {
            continue;
        }
        let anchor = anchor_of(target, &r, plot);
        if let Some((a, b)) = leader_of(&r, anchor) {
            // A leader does not run through a label placed before.
            if labels.iter().any(|t| segment_hits(a, b, &t.expand(-PAD))) {
                continue;
            }
            // Nor crosses another leader.
            if leaders.iter().any(|(c, d)| segments_cross(a, b, *c, *d)) {
                continue;
            }
        }
        let own = match target {
            Target::VLine { x } => Some(x),
            _ => None,
        };
        let rows = (r.height() / CELL).ceil() as u32;
        let crossed = vlines
            .iter()
            .filter(|&&x| own != Some(x) && x > r.min.x && x < r.max.x)
            .count() as u32;
        let cells = occupancy.count(&r) + crossed * rows;
        if cells > max_cells {
            continue;
        }
        let cost = stray + LINE_COST * cells as f32;
        if best.is_none_or(|(_, c)| cost < c) {
            best = Some((r, cost));
        }
    }
    best.map(|(r, _)| r)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plot() -> Rect {
        Rect::from_min_max(0.0, 0.0, 800.0, 400.0)
    }

    fn callout(id: usize, x: f32, y: f32, priority: u8) -> Label {
        Label {
            id,
            target: Target::Point(Point::new(x, y)),
            size: (120.0, 20.0),
            priority,
            optional: false,
        }
    }

    fn check(layout: &Layout) {
        for (i, a) in layout.placed.iter().enumerate() {
            assert!(layout.plot.contains_rect(&a.rect), "{a:?} leaves the plot");
            for b in &layout.placed[i + 1..] {
                assert!(!a.rect.overlaps(&b.rect), "{a:?} overlaps {b:?}");
            }
            if let Some((_, end)) = a.leader {
                assert_eq!(end, a.anchor);
            } else {
                assert!(a.rect.expand(NEAR).contains(a.anchor), "{a:?}");
            }
        }
    }

    #[test]
    fn a_lone_callout_sits_right_above_its_point() {
        let input = Input {
            plot: plot(),
            labels: vec![callout(0, 400.0, 200.0, 0)],
            marker_size: (20.0, 20.0),
            ..Input::default()
        };
        let l = solve(&input);
        let p = &l.placed[0];
        assert_eq!(p.rect.min, Point::new(410.0, 170.0));
        assert_eq!(p.leader, None);
        check(&l);
    }

    #[test]
    fn callouts_on_one_point_move_apart_with_leaders() {
        let labels = (0..6).map(|i| callout(i, 400.0, 200.0, 0)).collect();
        let input = Input {
            plot: plot(),
            labels,
            marker_size: (20.0, 20.0),
            ..Input::default()
        };
        let l = solve(&input);
        assert_eq!(l.placed.len(), 6);
        assert!(l.placed.iter().any(|p| p.leader.is_some()));
        check(&l);
    }

    #[test]
    fn labels_near_the_edge_stay_inside() {
        let labels = vec![
            callout(0, 795.0, 5.0, 0),
            Label {
                id: 1,
                target: Target::VLine { x: 790.0 },
                size: (300.0, 20.0),
                priority: 1,
                optional: false,
            },
            Label {
                id: 2,
                target: Target::Band {
                    x0: -100.0,
                    x1: 50.0,
                },
                size: (200.0, 20.0),
                priority: 2,
                optional: false,
            },
        ];
        let l = solve(&Input {
            plot: plot(),
            labels,
            marker_size: (20.0, 20.0),
            ..Input::default()
        });
        assert_eq!(l.placed.len(), 3);
        let event = l.placed.iter().find(|p| p.id == 1).unwrap();
        assert!(
            event.rect.max.x <= 790.0,
            "{event:?} hangs left of its line"
        );
        check(&l);
    }

    #[test]
    fn labels_avoid_data_lines() {
        // A horizontal line just above the point: the label goes below it.
        let input = Input {
            plot: plot(),
            labels: vec![callout(0, 400.0, 200.0, 0)],
            lines: vec![vec![Point::new(0.0, 185.0), Point::new(800.0, 185.0)]],
            marker_size: (20.0, 20.0),
            ..Input::default()
        };
        let l = solve(&input);
        let r = l.placed[0].rect;
        assert!(r.min.y > 185.0 || r.max.y < 185.0, "{r:?} covers the line");
        check(&l);
    }

    #[test]
    fn what_does_not_fit_collapses_to_numbered_markers_lowest_priority_first() {
        let small = Rect::from_min_max(0.0, 0.0, 300.0, 120.0);
        let labels = (0..10)
            .map(|i| Label {
                priority: if i == 9 { 0 } else { 1 },
                optional: false,
                ..callout(i, 150.0, 60.0, 0)
            })
            .collect();
        let l = solve(&Input {
            plot: small,
            labels,
            marker_size: (16.0, 16.0),
            ..Input::default()
        });
        check(&l);
        let first = &l.placed[0];
        assert_eq!((first.id, first.marker), (9, None), "priority 0 goes first");
        let key = l.key();
        assert!(!key.is_empty(), "{l:#?}");
        let numbers: Vec<usize> = key.iter().map(|(n, _)| *n).collect();
        assert_eq!(numbers, (1..=key.len()).collect::<Vec<_>>());
        // Every label is on the plot or in the key.
        let mut ids: Vec<usize> = l.placed.iter().map(|p| p.id).collect();
        ids.extend(l.unplaced.iter().map(|(_, id)| *id));
        ids.sort_unstable();
        assert_eq!(ids, (0..10).collect::<Vec<_>>());
    }

    #[test]
    fn the_same_input_gives_the_same_layout() {
        let labels: Vec<Label> = (0..12)
            .map(|i| {
                callout(
                    i,
                    100.0 + (i % 4) as f32 * 150.0,
                    100.0 + (i / 4) as f32 * 90.0,
                    (i % 3) as u8,
                )
            })
            .collect();
        let input = Input {
            plot: plot(),
            labels,
            lines: vec![
                (0..80)
                    .map(|i| Point::new(i as f32 * 10.0, 200.0 + (i as f32 * 0.3).sin() * 80.0))
                    .collect(),
            ],
            marker_size: (20.0, 20.0),
            ..Input::default()
        };
        let a = solve(&input);
        let b = solve(&input.clone());
        assert_eq!(a, b);
        check(&a);
    }

    #[test]
    fn leaders_never_cross() {
        assert!(segments_cross(
            Point::new(0.0, 0.0),
            Point::new(10.0, 10.0),
            Point::new(0.0, 10.0),
            Point::new(10.0, 0.0)
        ));
        assert!(!segments_cross(
            Point::new(0.0, 0.0),
            Point::new(10.0, 0.0),
            Point::new(0.0, 5.0),
            Point::new(10.0, 5.0)
        ));
        let labels = (0..8)
            .map(|i| {
                callout(
                    i,
                    300.0 + (i % 2) as f32 * 30.0,
                    200.0 + (i / 2) as f32 * 8.0,
                    0,
                )
            })
            .collect();
        let l = solve(&Input {
            plot: plot(),
            labels,
            marker_size: (20.0, 20.0),
            ..Input::default()
        });
        check(&l);
        let leaders: Vec<_> = l.placed.iter().filter_map(|p| p.leader).collect();
        for (i, (a, b)) in leaders.iter().enumerate() {
            for (c, d) in &leaders[i + 1..] {
                assert!(
                    !segments_cross(*a, *b, *c, *d),
                    "{a:?}-{b:?} crosses {c:?}-{d:?}"
                );
            }
        }
    }

    #[test]
    fn occupancy_counts_cells_under_a_rect() {
        let o = Occupancy::new(
            plot(),
            &[vec![Point::new(0.0, 100.0), Point::new(800.0, 100.0)]],
        );
        assert_eq!(o.count(&Rect::from_min_max(0.0, 0.0, 60.0, 60.0)), 0);
        assert_eq!(o.count(&Rect::from_min_max(0.0, 90.0, 60.0, 120.0)), 10);
    }

    #[test]
    fn an_optional_label_sits_by_its_target_or_is_left_out() {
        let plot = Rect::from_min_max(0.0, 0.0, 400.0, 200.0);
        let end = |id: usize, x: f32, y: f32| Label {
            id,
            target: Target::Point(Point::new(x, y)),
            size: (80.0, 20.0),
            priority: 3,
            optional: true,
        };
        // Room by the line's end: placed there, with no leader and no marker.
        let input = Input {
            plot,
            labels: vec![end(7, 390.0, 100.0)],
            marker_size: (20.0, 20.0),
            ..Default::default()
        };
        let layout = solve(&input);
        assert_eq!(layout.placed.len(), 1);
        let p = &layout.placed[0];
        assert!(p.leader.is_none() && p.marker.is_none(), "{p:?}");
        assert!(p.rect.min.x >= 0.0 && p.rect.max.x <= 400.0);
        // Its place taken by a callout's label: left out, not a marker, nothing unplaced.
        let mut crowded = input.clone();
        crowded.keep_out = vec![Rect::from_min_max(200.0, 0.0, 400.0, 200.0)];
        let layout = solve(&crowded);
        assert!(layout.placed.is_empty(), "{:?}", layout.placed);
        assert!(layout.unplaced.is_empty());
    }
}
