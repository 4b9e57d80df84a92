//! Reducing a long series to what a plot of a given width can show: for each pixel column the
//! first, lowest, highest and last point, in order. The line drawn through them looks the same
//! as the full series (peaks and dips stay), at a cost that does not grow with the data on
//! screen.

/// Series up to this many points per column are drawn as they are.
pub const POINTS_PER_COLUMN: usize = 4;

/// Points of `points` (x increasing) for a view of `x0..=x1` drawn `columns` wide: all of them
/// when few enough, otherwise first/min/max/last of each column. The nearest point outside each
/// end is kept so lines run to the edges.
pub fn min_max(points: &[[f64; 2]], x0: f64, x1: f64, columns: usize) -> Vec<[f64; 2]> {
    let columns = columns.max(1);
    let start = points.partition_point(|p| p[0] < x0).saturating_sub(1);
    let end = (points.partition_point(|p| p[0] <= x1) + 1).min(points.len());
    let visible = points.get(start..end).unwrap_or(&[]);
    if visible.len() <= columns * POINTS_PER_COLUMN
        || x1.partial_cmp(&x0) != Some(std::cmp::Ordering::Greater)
    {
        return visible.to_vec();
    }
    let scale = columns as f64 / (x1 - x0);
    let column_of = |x: f64| ((x - x0) * scale).floor().clamp(-1.0, columns as f64) as i64;
    let mut out = Vec::with_capacity(columns * POINTS_PER_COLUMN + 4);
    let mut current = i64::MIN;
    // (index, point) of first, min, max, last in the current column
    let mut picks: [(usize, [f64; 2]); 4] = [(0, [0.0; 2]); 4];
    let flush = |picks: &[(usize, [f64; 2]); 4], out: &mut Vec<[f64; 2]>| {
        let mut sorted = *picks;
        sorted.sort_by_key(|(i, _)| *i);
        let mut last_index = usize::MAX;
        for (i, p) in sorted {
            if i != last_index {
                out.push(p);
                last_index = i;
            }
        }
    };
    for (i, p) in visible.iter().enumerate() {
        let c = column_of(p[0]);
        if c != current {
            if current != i64::MIN {
                flush(&picks, &mut out);
            }
            current = c;
            picks = [(i, *p); 4];
            continue;
        }
        if p[1] < picks[1].1[1] {
            picks[1] = (i, *p);
        }
        if p[1] > picks[2].1[1] {
            picks[2] = (i, *p);
        }
        picks[3] = (i, *p);
    }
    if current != i64::MIN {
        flush(&picks, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_series_pass_through() {
        let pts: Vec<[f64; 2]> = (0..10).map(|i| [f64::from(i), 1.0]).collect();
        assert_eq!(min_max(&pts, 0.0, 9.0, 100), pts);
        // only what is in view, plus one point either side
        assert_eq!(min_max(&pts, 3.5, 5.5, 100), pts[3..7].to_vec());
    }

    #[test]
    fn a_million_points_keep_their_peaks_and_dips() {
        let n = 1_000_000;
        let mut pts: Vec<[f64; 2]> = (0..n)
            .map(|i| [i as f64, (i as f64 * 0.001).sin()])
            .collect();
        pts[123_457][1] = 50.0;
        pts[876_543][1] = -50.0;
        let out = min_max(&pts, 0.0, (n - 1) as f64, 1000);
        assert!(out.len() <= 1000 * 4 + 8, "{} points", out.len());
        assert!(out.iter().any(|p| p[1] == 50.0), "the peak is kept");
        assert!(out.iter().any(|p| p[1] == -50.0), "the dip is kept");
        assert!(
            out.windows(2).all(|w| w[0][0] <= w[1][0]),
            "still in x order"
        );
        assert_eq!(out.first(), pts.first());
        assert_eq!(out.last(), pts.last());
    }

    #[test]
    fn degenerate_views_do_not_panic() {
        let pts: Vec<[f64; 2]> = (0..1000).map(|i| [f64::from(i), 0.0]).collect();
        for (a, b, c) in [
            (5.0, 5.0, 10),
            (10.0, 0.0, 10),
            (f64::NAN, 1.0, 10),
            (0.0, 1e300, 0),
            (-1e9, -1e8, 3),
        ] {
            let _ = min_max(&pts, a, b, c);
        }
        assert!(min_max(&[], 0.0, 1.0, 10).is_empty());
    }
}
