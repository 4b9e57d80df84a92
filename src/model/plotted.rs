//! The data behind a step's chart, as people download it (Our World in Data's "Download" tab):
//! one row per plotted point — date, series, value, unit, source — in a long CSV whose header
//! comment names each source (title, publisher, URL) and its caveats. One function serves the
//! web export's `data/*.csv` files and the app's "Copy data as CSV" / "Save data as…".
//!
//! "Plotted" means what the step shows: the series the step shows and the viewer has not hidden,
//! each point inside the step's view (as the table view and the generated description read it).
//! Values are the data's own numbers; nothing is interpolated or rounded.

use std::collections::BTreeSet;
use std::fmt::Write;

use super::date::{Date, Precision};
use super::deck::{Scene, Series, Source};
use super::describe::view_days;

/// One plotted point.
#[derive(Clone, Debug, PartialEq)]
pub struct PlottedRow {
    pub date: Date,
    /// How precisely the data gave the date (a year's figure is held at 1 July).
    pub precision: Precision,
    /// Index into the plot's series.
    pub series: usize,
    pub value: f64,
}

impl PlottedRow {
    /// The date as the data file gave it: `2018-07-06`, `2018-07`, `2018-Q3` or `2018`.
    pub fn date_text(&self) -> String {
        date_text(self.date, self.precision)
    }
}

/// A date at its precision, in the ISO-like form data files use.
pub fn date_text(date: Date, precision: Precision) -> String {
    match precision {
        Precision::Day => date.to_string(),
        Precision::Month => format!("{:04}-{:02}", date.year(), date.month()),
        Precision::Quarter => format!("{:04}-Q{}", date.year(), (date.month() + 2) / 3),
        Precision::Year => format!("{:04}", date.year()),
    }
}

/// The shortest text that gives the value back exactly (`3.8`, `12`, `-375.3`).
pub fn value_text(value: f64) -> String {
    format!("{value}")
}

/// The unit of a series: its own, else the plot's.
fn unit_of<'a>(scene: &'a Scene, s: &'a Series) -> &'a str {
    match s.unit.trim() {
        "" => scene.plot.as_ref().map_or("", |p| p.y_unit.trim()),
        u => u,
    }
}

/// The points step `step` of `scene` plots: each series the step shows and `hidden` does not
/// hide (by series index), in legend order, its points inside the step's view in date order.
/// `None` when the scene has no plot or no such step.
pub fn plotted_rows(
    scene: &Scene,
    step: usize,
    hidden: &BTreeSet<usize>,
) -> Option<Vec<PlottedRow>> {
    let plot = scene.plot.as_ref()?;
    let at = scene.steps.get(step)?;
    let (x0, x1) = view_days(plot, at);
    let mut rows = Vec::new();
    for (i, s) in plot.series.iter().enumerate() {
        if !at.series.get(i).copied().unwrap_or(true) || hidden.contains(&i) {
            continue;
        }
        let start = s.points.partition_point(|p| p[0] < x0);
        let end = s.points.partition_point(|p| p[0] <= x1);
        for p in s.points.get(start..end).unwrap_or(&[]) {
            rows.push(PlottedRow {
                date: Date::from_x_days(p[0]),
                precision: s.precision,
                series: i,
                value: p[1],
            });
        }
    }
    Some(rows)
}

/// A field of a CSV record, quoted when it must be.
fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// A line of the header comment: `# ` and the text on one line.
fn comment(out: &mut String, text: &str) {
    let _ = writeln!(out, "# {}", text.replace(['\n', '\r'], " "));
}

/// The long CSV of what step `step` (counted from 0) of `scene` plots, with a header comment:
/// where it comes from (`deck_title`, the scene, the step as counted on screen, from 1), the
/// chart, the dates in view, then each source once with its title, publisher, URL, the series
/// it feeds (and their data files) and their caveats. Then `date,series,value,unit,source`
/// and one row per point. `None` when the scene has no plot or no such step.
pub fn plotted_csv(
    deck_title: &str,
    scene: &Scene,
    step: usize,
    hidden: &BTreeSet<usize>,
) -> Option<String> {
    let plot = scene.plot.as_ref()?;
    let at = scene.steps.get(step)?;
    let rows = plotted_rows(scene, step, hidden)?;
    let mut out = String::new();
    comment(&mut out, deck_title);
    comment(
        &mut out,
        &format!(
            "{} ({}), step {} of {}",
            scene.title,
            scene.date_text(),
            step + 1,
            scene.steps.len()
        ),
    );
    let mut chart = format!("Chart: {}", plot.title.trim());
    if !plot.y_label.trim().is_empty() {
        let _ = write!(chart, "; y axis: {}", plot.y_label.trim());
    }
    comment(&mut out, &chart);
    let (x0, x1) = view_days(plot, at);
    comment(
        &mut out,
        &format!(
            "The points in the chart's view at this step, {} to {}: one row each, the data's own values",
            Date::from_x_days(x0.ceil()),
            Date::from_x_days(x1)
        ),
    );
    // Each source once, in legend order of the series shown.
    let shown: Vec<usize> = (0..plot.series.len())
        .filter(|i| at.series.get(*i).copied().unwrap_or(true) && !hidden.contains(i))
        .collect();
    let mut sources: Vec<&Source> = Vec::new();
    for i in &shown {
        if let Some(s) = plot.series.get(*i)
            && !sources.contains(&&s.source)
        {
            sources.push(&s.source);
        }
    }
    comment(&mut out, "Sources:");
    for source in sources {
        comment(&mut out, &format!("- Title: {}", source.title.trim()));
        comment(
            &mut out,
            &format!("  Publisher: {}", source.publisher.trim()),
        );
        if !source.url.trim().is_empty() {
            comment(&mut out, &format!("  URL: {}", source.url.trim()));
        }
        let of_source: Vec<&crate::model::deck::Series> = shown
            .iter()
            .filter_map(|i| plot.series.get(*i))
            .filter(|s| &s.source == source)
            .collect();
        for s in &of_source {
            comment(
                &mut out,
                &format!("  Series: {} (deck file {})", s.label.trim(), s.file),
            );
        }
        // "Caveat (China): …" when the source's series do not share it, as on screen.
        for c in crate::model::deck::caveat_lines(of_source.iter().copied()) {
            comment(&mut out, &format!("  {}", c.trim()));
        }
    }
    out.push_str("date,series,value,unit,source\n");
    for row in &rows {
        let Some(s) = plot.series.get(row.series) else {
            continue;
        };
        let _ = writeln!(
            out,
            "{},{},{},{},{}",
            field(&row.date_text()),
            field(s.label.trim()),
            value_text(row.value),
            field(unit_of(scene, s)),
            field(&s.source.text())
        );
    }
    Some(out)
}

/// A file name for the CSV of a step: `02-trade-war-begins-s3.csv` (step counted from 1).
pub fn csv_name(scene_number: usize, scene_id: &str, step: usize) -> String {
    format!("{}.csv", step_stem(scene_number, scene_id, step))
}

/// `03-list-3-retaliation-s2`, for every file named after a step (pictures, data): sorts in
/// story order (scene number, then step, both counted from 1); characters other than letters,
/// digits, `-` and `_` become `_`.
pub fn step_stem(scene_number: usize, scene_id: &str, step: usize) -> String {
    let safe: String = scene_id
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{:02}-{safe}-s{}", scene_number + 1, step + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundled() -> super::super::Deck {
        let loaded = super::super::load(&crate::bundled::source());
        loaded.deck.unwrap()
    }

    /// The records of a CSV file of the bundled deck's `data/`, by column name.
    fn records(name: &str) -> Vec<std::collections::HashMap<String, String>> {
        let text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("scenes")
                .join(name),
        )
        .unwrap();
        let mut r = csv::Reader::from_reader(text.as_bytes());
        let headers: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
        r.records()
            .map(|rec| {
                let rec = rec.unwrap();
                headers
                    .iter()
                    .cloned()
                    .zip(rec.iter().map(str::to_owned))
                    .collect()
            })
            .collect()
    }

    /// Splits the CSV into its comment lines and its records (after the header).
    fn parse(csv_text: &str) -> (Vec<&str>, Vec<Vec<String>>) {
        let comments: Vec<&str> = csv_text.lines().filter(|l| l.starts_with("# ")).collect();
        let body: String = csv_text
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| format!("{l}\n"))
            .collect();
        let mut r = csv::Reader::from_reader(body.as_bytes());
        assert_eq!(
            r.headers().unwrap().iter().collect::<Vec<_>>(),
            ["date", "series", "value", "unit", "source"]
        );
        let rows = r
            .records()
            .map(|rec| rec.unwrap().iter().map(str::to_owned).collect())
            .collect();
        (comments, rows)
    }

    #[test]
    fn a_steps_csv_holds_the_tariff_rows_in_view_with_their_source() {
        let deck = bundled();
        let scene = &deck.scenes[deck.scene_index("trade-war-begins").unwrap()];
        let text = plotted_csv(&deck.title, scene, 0, &BTreeSet::new()).unwrap();
        let (comments, rows) = parse(&text);
        // The US series in data/tariffs.csv (not secondary), inside the plot's x range
        // 2016-10-01 to 2018-09-15.
        let expected_us: Vec<(String, f64)> = records("data/tariffs.csv")
            .into_iter()
            .filter(|r| {
                r["imposed_by"] == "United States"
                    && r["series"] == "avg_tariff_trade_weighted"
                    && r["status"] != "secondary"
                    && r["date"].as_str() >= "2016-10-01"
                    && r["date"].as_str() <= "2018-09-15"
            })
            .map(|r| (r["date"].clone(), r["value_pct"].parse().unwrap()))
            .collect();
        let us = "US tariff on Chinese goods (trade-weighted average)";
        let got_us: Vec<(String, f64)> = rows
            .iter()
            .filter(|r| r[1] == us)
            .map(|r| (r[0].clone(), r[2].parse().unwrap()))
            .collect();
        assert_eq!(got_us, expected_us);
        assert!(got_us.len() >= 2, "{got_us:?}");
        for r in rows.iter().filter(|r| r[1] == us) {
            assert_eq!(r[3], "%");
            assert!(r[4].contains("Peterson Institute"), "{}", r[4]);
        }
        // Three series shown, so all three labels appear; each source named once.
        assert!(
            rows.iter()
                .any(|r| r[1].starts_with("China's average, uncertain"))
        );
        let urls: Vec<&&str> = comments.iter().filter(|c| c.contains("URL: ")).collect();
        assert_eq!(urls.len(), 2, "{comments:#?}");
        assert!(
            comments
                .iter()
                .any(|c| c.contains("URL: https://www.piie.com/"))
        );
        assert!(comments.iter().any(|c| c.contains("Caveat: Uncertain")));
        assert!(comments.iter().any(|c| c.contains("step 1 of 4")));
    }

    #[test]
    fn hidden_series_and_annual_dates_follow_the_data() {
        let deck = bundled();
        // A scene of annual data: its dates are years, as in the file.
        let (scene, rows) = deck
            .scenes
            .iter()
            .find_map(|s| {
                let rows = plotted_rows(s, 0, &BTreeSet::new())?;
                rows.iter()
                    .any(|r| r.precision == Precision::Year)
                    .then_some((s, rows))
            })
            .unwrap();
        let text = plotted_csv(&deck.title, scene, 0, &BTreeSet::new()).unwrap();
        let (_, records) = parse(&text);
        assert_eq!(records.len(), rows.len());
        let year = records
            .iter()
            .find(|r| r[0].len() == 4)
            .expect("a year-only date");
        assert!(year[0].parse::<i32>().is_ok(), "{year:?}");
        // Hiding the first series leaves its rows out.
        let first_label = &scene.plot.as_ref().unwrap().series[0].label;
        let hidden: BTreeSet<usize> = [0].into();
        let text = plotted_csv(&deck.title, scene, 0, &hidden).unwrap();
        let (_, fewer) = parse(&text);
        assert!(records.iter().any(|r| &r[1] == first_label));
        assert!(!fewer.iter().any(|r| &r[1] == first_label));
        assert!(fewer.len() < records.len());
    }

    #[test]
    fn fields_with_commas_or_quotes_are_quoted_and_dates_keep_their_precision() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        let (d, p) = Date::parse_partial("2019").unwrap();
        assert_eq!(date_text(d, p), "2019");
        let (d, p) = Date::parse_partial("2019-05").unwrap();
        assert_eq!(date_text(d, p), "2019-05");
        assert_eq!(
            date_text(Date::parse("2018-07-06").unwrap(), Precision::Day),
            "2018-07-06"
        );
        assert_eq!(value_text(-375.3), "-375.3");
        assert_eq!(value_text(12.0), "12");
        assert_eq!(
            csv_name(1, "trade-war-begins", 2),
            "02-trade-war-begins-s3.csv"
        );
    }

    #[test]
    fn a_caveat_names_its_series_when_a_source_s_series_differ() {
        let deck = bundled();
        let scene = &deck.scenes[0];
        let csv = plotted_csv(&deck.title, scene, 0, &BTreeSet::new()).unwrap();
        let plot = scene.plot.as_ref().unwrap();
        for s in &plot.series {
            let line = format!("#   Caveat ({}): {}", s.label, s.caveat);
            assert!(csv.contains(&line), "{line}\n{csv}");
        }
    }
}
