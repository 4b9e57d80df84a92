//! The table view of a step's plot (issue 15): the series the viewer sees, in the step's view,
//! as one wide table — a date column, then one column per visible series with its unit in the
//! header. Cells are the data's own values (a series with no point on a date has an empty
//! cell: nothing is interpolated). Copied as tab-separated text, which spreadsheets paste
//! into cells.

use std::collections::BTreeSet;

use super::date::Date;
use super::deck::Scene;
use super::describe::view_days;

/// One step's plotted series as rows of dates.
#[derive(Clone, Debug, PartialEq)]
pub struct WideTable {
    /// `Date`, then each column's series label with its unit: `US tariff (%)`.
    pub header: Vec<String>,
    /// One row per date any shown series has a point on, in date order.
    pub rows: Vec<WideRow>,
}

/// A date and each column's value on it.
#[derive(Clone, Debug, PartialEq)]
pub struct WideRow {
    pub date: Date,
    pub values: Vec<Option<f64>>,
}

impl WideRow {
    /// The row's cells as text: the ISO date, then each value (empty where there is none).
    pub fn cells(&self) -> Vec<String> {
        std::iter::once(self.date.to_string())
            .chain(
                self.values
                    .iter()
                    .map(|v| v.map(value_text).unwrap_or_default()),
            )
            .collect()
    }
}

impl WideTable {
    /// Tab-separated text with a header line, for the clipboard.
    pub fn to_tsv(&self) -> String {
        let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
        let mut text = self
            .header
            .iter()
            .map(|h| clean(h))
            .collect::<Vec<_>>()
            .join("\t");
        text.push('\n');
        for row in &self.rows {
            text.push_str(&row.cells().join("\t"));
            text.push('\n');
        }
        text
    }

    /// What a screen reader reads for row `i`: `Row 3 of 40: 2018-07-06; US tariff (%): 3.8`.
    pub fn row_text(&self, i: usize) -> String {
        let Some(row) = self.rows.get(i) else {
            return "No rows".to_owned();
        };
        let cells = row.cells();
        let mut parts = Vec::new();
        for (k, (h, c)) in self.header.iter().zip(&cells).enumerate() {
            if k == 0 {
                parts.push(c.clone());
            } else if c.is_empty() {
                parts.push(format!("{h}: no value"));
            } else {
                parts.push(format!("{h}: {c}"));
            }
        }
        format!("Row {} of {}: {}", i + 1, self.rows.len(), parts.join("; "))
    }
}

/// The shortest text that gives the value back exactly (`3.8`, `12`, `0.125`).
fn value_text(v: f64) -> String {
    format!("{v}")
}

/// The table of step `step` of `scene`: series the step shows and the viewer has not hidden
/// (`hidden`, by series index), points inside the step's view. `None` when the scene has no
/// plot or no such step.
pub fn wide_table(scene: &Scene, step: usize, hidden: &BTreeSet<usize>) -> Option<WideTable> {
    let plot = scene.plot.as_ref()?;
    let at = scene.steps.get(step)?;
    let (x0, x1) = view_days(plot, at);
    let shown: Vec<&super::deck::Series> = plot
        .series
        .iter()
        .enumerate()
        .filter(|(i, _)| at.series.get(*i).copied().unwrap_or(true) && !hidden.contains(i))
        .map(|(_, s)| s)
        .collect();
    let mut header = vec!["Date".to_owned()];
    for s in &shown {
        let unit = if s.unit.trim().is_empty() {
            plot.y_unit.trim()
        } else {
            s.unit.trim()
        };
        header.push(if unit.is_empty() {
            s.label.clone()
        } else {
            format!("{} ({unit})", s.label)
        });
    }
    // Every date in view, in order; each series' value on it (the first point of equals).
    let mut days: Vec<f64> = shown
        .iter()
        .flat_map(|s| {
            let start = s.points.partition_point(|p| p[0] < x0);
            let end = s.points.partition_point(|p| p[0] <= x1);
            s.points.get(start..end).unwrap_or(&[]).iter().map(|p| p[0])
        })
        .collect();
    days.sort_by(f64::total_cmp);
    days.dedup();
    let rows = days
        .into_iter()
        .map(|d| WideRow {
            date: Date::from_x_days(d),
            values: shown
                .iter()
                .map(|s| {
                    let i = s.points.partition_point(|p| p[0] < d);
                    s.points.get(i).filter(|p| p[0] == d).map(|p| p[1])
                })
                .collect(),
        })
        .collect();
    Some(WideTable { header, rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundled() -> super::super::Deck {
        #[allow(clippy::unwrap_used)]
        crate::model::load(&crate::bundled::source()).deck.unwrap()
    }

    #[test]
    fn every_cell_is_a_point_of_its_series_and_every_point_in_view_has_a_cell() {
        let deck = bundled();
        let mut tables = 0;
        for scene in &deck.scenes {
            let Some(plot) = &scene.plot else { continue };
            for (k, step) in scene.steps.iter().enumerate() {
                let Some(t) = wide_table(scene, k, &BTreeSet::new()) else {
                    panic!("{} has a plot", scene.id)
                };
                tables += 1;
                let shown: Vec<_> = plot
                    .series
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| step.series.get(*i).copied().unwrap_or(true))
                    .map(|(_, s)| s)
                    .collect();
                assert_eq!(t.header.len(), shown.len() + 1, "{}#{k}", scene.id);
                let (x0, x1) = view_days(plot, step);
                for (c, s) in shown.iter().enumerate() {
                    assert!(t.header[c + 1].starts_with(&s.label));
                    let in_view: Vec<&[f64; 2]> = s
                        .points
                        .iter()
                        .filter(|p| p[0] >= x0 && p[0] <= x1)
                        .collect();
                    let cells: Vec<(f64, f64)> = t
                        .rows
                        .iter()
                        .filter_map(|r| r.values[c].map(|v| (r.date.x_days(), v)))
                        .collect();
                    assert_eq!(cells.len(), in_view.len(), "{}#{k} {}", scene.id, s.id);
                    for (cell, p) in cells.iter().zip(in_view) {
                        assert_eq!(*cell, (p[0], p[1]));
                    }
                }
                assert!(t.rows.windows(2).all(|w| w[0].date < w[1].date));
            }
        }
        assert!(tables >= 5, "{tables}");
    }

    #[test]
    fn hidden_series_leave_the_table_and_tsv_has_one_line_per_row() {
        let deck = bundled();
        let scene = deck
            .scenes
            .iter()
            .find(|s| s.plot.as_ref().is_some_and(|p| p.series.len() >= 2))
            .unwrap_or_else(|| panic!("a scene with two series"));
        let all = wide_table(scene, 0, &BTreeSet::new()).unwrap_or_else(|| panic!("plot"));
        let one = wide_table(scene, 0, &BTreeSet::from([0])).unwrap_or_else(|| panic!("plot"));
        assert_eq!(one.header.len() + 1, all.header.len());
        assert_eq!(one.header[1], all.header[2]);
        let tsv = all.to_tsv();
        assert_eq!(tsv.lines().count(), all.rows.len() + 1);
        assert_eq!(
            tsv.lines().next().map(|l| l.split('\t').count()),
            Some(all.header.len())
        );
        let first = &all.rows[0];
        assert_eq!(
            tsv.lines().nth(1).map(str::to_owned),
            Some(first.cells().join("\t"))
        );
        assert!(all.row_text(0).starts_with(&format!(
            "Row 1 of {}: {}",
            all.rows.len(),
            first.date
        )));
    }
}
