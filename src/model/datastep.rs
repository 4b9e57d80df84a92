//! The editor's data step ("Add series from CSV…"): what a CSV file looks like to the loader
//! (its detected separator, note lines, columns and what each column holds), the distinct values
//! a filter can pick, and the series block written into a scene. Plain functions over text: the
//! state reads the file and the dialog draws what these return.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::date::Precision;
use super::dateshape::{self, Cell};
use super::file::{PlotFile, SceneFile, SeriesFile, SeriesKind, SourceFile};
use super::numbers::{self, Num};
use super::source::{DeckSource, ReadError, Stamp};
use super::table::{CsvFile, FileOptions};

/// Rows shown in the dialog's table.
pub const PREVIEW_ROWS: usize = 8;
/// Rows looked at to tell what a column holds.
const KIND_SAMPLE: usize = 200;
/// Distinct values offered for a filter, per column.
pub const DISTINCT_MAX: usize = 300;

/// What a column holds, judged from its first values as the loader reads them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnKind {
    /// Dates of one shape the loader reads, at this precision.
    Dates(Precision),
    /// `03/04/2019`: day/month or month/day, which no value decides; needs `x_format`.
    AmbiguousDates,
    Numbers,
    Text,
    /// Nothing but missing-value markers.
    Empty,
}

impl ColumnKind {
    pub fn describe(self) -> &'static str {
        match self {
            ColumnKind::Dates(Precision::Day) => "dates (days)",
            ColumnKind::Dates(Precision::Month) => "dates (months)",
            ColumnKind::Dates(Precision::Quarter) => "dates (quarters)",
            ColumnKind::Dates(Precision::Year) => "years",
            ColumnKind::AmbiguousDates => "dates, day/month or month/day?",
            ColumnKind::Numbers => "numbers",
            ColumnKind::Text => "text",
            ColumnKind::Empty => "empty",
        }
    }

    pub fn is_date(self) -> bool {
        matches!(self, ColumnKind::Dates(_) | ColumnKind::AmbiguousDates)
    }
}

/// A CSV file as the data step shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct CsvPreview {
    /// The detected field separator.
    pub delimiter: u8,
    /// Note lines above the header (detected).
    pub skipped_lines: usize,
    pub headers: Vec<String>,
    /// The first [`PREVIEW_ROWS`] records.
    pub rows: Vec<Vec<String>>,
    /// What each column holds.
    pub kinds: Vec<ColumnKind>,
    /// Each text column's distinct values, in first-seen order (at most [`DISTINCT_MAX`]);
    /// empty for date and number columns.
    pub distinct: Vec<Vec<String>>,
    /// Records after the header.
    pub total_rows: usize,
    /// Header cells that are dates (`1960`, `2019-Q1`): a wide table has one column per date.
    pub date_headers: usize,
}

impl CsvPreview {
    /// The separator as a person names it.
    pub fn delimiter_name(&self) -> &'static str {
        match self.delimiter {
            b',' => "comma",
            b';' => "semicolon",
            b'\t' => "tab",
            b'|' => "vertical bar",
            _ => "other",
        }
    }

    /// The column a series most likely takes its dates from: the first date column.
    pub fn guess_x(&self) -> Option<usize> {
        self.kinds.iter().position(|k| k.is_date())
    }

    /// Whether the file looks wide (World Bank layout): several header cells are dates.
    pub fn looks_wide(&self) -> bool {
        self.date_headers >= 3
    }

    /// The column it most likely takes its values from: the last number column that is not x.
    pub fn guess_y(&self, x: Option<usize>) -> Option<usize> {
        (0..self.kinds.len())
            .rev()
            .find(|&i| Some(i) != x && self.kinds.get(i) == Some(&ColumnKind::Numbers))
    }
}

/// Reads `text` as the loader does (separator, byte-order mark, note lines) and looks at its
/// columns. `Err` is the loader's own reason.
pub fn preview(text: String) -> Result<CsvPreview, String> {
    let file = CsvFile::open(text, &FileOptions::default()).map_err(|(e, _)| e.message)?;
    let width = file.headers.len();
    let mut rows = Vec::new();
    let mut samples: Vec<Vec<String>> = vec![Vec::new(); width];
    let mut distinct: Vec<Vec<String>> = vec![Vec::new(); width];
    let mut kinds: Vec<ColumnKind> = Vec::new();
    let mut total_rows = 0;
    for rec in file.records() {
        total_rows += 1;
        if total_rows <= KIND_SAMPLE {
            for (i, cell) in rec.iter().enumerate().take(width) {
                if let Some(s) = samples.get_mut(i) {
                    s.push(cell.clone());
                }
            }
            if total_rows == KIND_SAMPLE {
                kinds = samples.iter().map(|s| column_kind(s)).collect();
            }
        }
        // Once the kinds are known, only text columns keep their values.
        for (i, cell) in rec.iter().enumerate().take(width) {
            let text_col = kinds.get(i).is_none_or(|k| *k == ColumnKind::Text);
            if let Some(d) = distinct.get_mut(i)
                && text_col
                && d.len() < DISTINCT_MAX
                && !cell.is_empty()
                && !d.contains(cell)
            {
                d.push(cell.clone());
            }
        }
        if rows.len() < PREVIEW_ROWS {
            rows.push(rec);
        }
    }
    if kinds.len() != width {
        kinds = samples.iter().map(|s| column_kind(s)).collect();
    }
    for (d, k) in distinct.iter_mut().zip(&kinds) {
        if *k != ColumnKind::Text {
            d.clear();
        }
    }
    Ok(CsvPreview {
        delimiter: file.delimiter,
        skipped_lines: file.skipped_lines,
        headers: file.headers.clone(),
        rows,
        kinds,
        distinct,
        total_rows,
        date_headers: file
            .headers
            .iter()
            .filter(|h| matches!(dateshape::detect(h), Cell::Known(..)))
            .count(),
    })
}

/// What a column's cells hold: dates when every value is a date the loader reads (of one
/// precision), numbers when every value is a number; missing-value markers do not count.
pub fn column_kind(cells: &[String]) -> ColumnKind {
    let values: Vec<&str> = cells
        .iter()
        .map(|c| c.trim())
        .filter(|c| !numbers::DEFAULT_MISSING.contains(c))
        .collect();
    if values.is_empty() {
        return ColumnKind::Empty;
    }
    let numeric = values.iter().all(|v| {
        matches!(
            numbers::parse(v, None, numbers::DEFAULT_MISSING),
            Num::Value(_) | Num::Either { .. }
        )
    });
    let mut precision = None;
    let mut ambiguous = false;
    let mut decided = false;
    let dates = values.iter().all(|v| match dateshape::detect(v) {
        Cell::Known(_, p) => {
            let same = precision.is_none_or(|q| q == p);
            precision = Some(p);
            same
        }
        Cell::DayMonth { a, b, .. } => {
            ambiguous = true;
            decided |= a > 12 || b > 12;
            true
        }
        _ => false,
    });
    // Years are numbers too: a column of four-digit whole numbers is years.
    if dates && ambiguous && precision.is_none() {
        return if decided {
            ColumnKind::Dates(Precision::Day)
        } else {
            ColumnKind::AmbiguousDates
        };
    }
    if dates
        && !ambiguous
        && let Some(p) = precision
    {
        return ColumnKind::Dates(p);
    }
    if numeric {
        ColumnKind::Numbers
    } else {
        ColumnKind::Text
    }
}

/// What the author chose in the data step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    /// The CSV file relative to the deck folder, `data/gdp.csv`.
    pub file: String,
    pub x: String,
    pub y: String,
    /// Keep only the rows where this column holds this value.
    pub filter: Option<(String, String)>,
    /// `"%d/%m/%Y"` when the x column is day/month or month/day.
    pub x_format: Option<String>,
    /// A wide table: dates from the header, values from the one row the filter selects (`x`
    /// and `y` are empty).
    pub wide: bool,
}

/// A short id from a label: lower case letters, digits and `-`.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_owned();
    if out.is_empty() {
        "series".to_owned()
    } else {
        out
    }
}

/// The series block for `choice`, with an id not among `taken` and a source to fill in.
pub fn series_for(choice: &Choice, taken: &[String]) -> SeriesFile {
    let label = match (&choice.filter, choice.wide) {
        (Some((_, value)), true) => value.clone(),
        (Some((_, value)), false) => format!("{value}: {}", choice.y),
        (None, _) => choice.y.clone(),
    };
    let base = slug(&label);
    let id = std::iter::once(base.clone())
        .chain((2..).map(|k| format!("{base}-{k}")))
        .find(|id| !taken.contains(id))
        .unwrap_or(base);
    SeriesFile {
        id,
        label,
        file: choice.file.clone(),
        x: choice.x.clone(),
        y: choice.y.clone(),
        filter: choice.filter.iter().cloned().collect::<BTreeMap<_, _>>(),
        exclude: BTreeMap::new(),
        unit: String::new(),
        color: None,
        kind: SeriesKind::Line,
        source: Some(SourceFile {
            title: String::new(),
            publisher: String::new(),
            url: String::new(),
        }),
        caveat: String::new(),
        x_format: choice.x_format.clone(),
        wide: choice.wide,
        delimiter: None,
        decimal: None,
        skip_rows: None,
        missing: None,
    }
}

/// The scene text with the chosen series added to its plot (a plot is made when the scene has
/// none). Returns the new text and the series' id; `Err` when the scene does not parse.
pub fn add_series(scene_text: &str, choice: &Choice) -> Result<(String, String), String> {
    let mut scene: SceneFile = super::codec::parse(scene_text)
        .map_err(|e| format!("the scene does not parse ({e}): fix it before adding a series"))?;
    let taken: Vec<String> = scene
        .plot
        .iter()
        .flat_map(|p| p.series.iter().map(|s| s.id.clone()))
        .collect();
    let series = series_for(choice, &taken);
    let id = series.id.clone();
    match scene.plot.as_mut() {
        Some(plot) => plot.series.push(series),
        None => {
            scene.plot = Some(PlotFile {
                title: String::new(),
                y_label: choice.y.clone(),
                y_unit: String::new(),
                measure_note: String::new(),
                y_scale: Default::default(),
                x_range: None,
                y_range: None,
                series: vec![series],
                annotations: Vec::new(),
                description: String::new(),
            })
        }
    }
    let text = super::codec::to_canonical(&scene).map_err(|e| e.to_string())?;
    Ok((text, id))
}

/// The CSV files of the deck's `data/` folder, as deck-relative names, sorted.
pub fn csv_files(deck_dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(deck_dir.join("data"))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().is_file())
        .filter_map(|e| e.file_name().to_str().map(str::to_owned))
        .filter(|n| n.to_ascii_lowercase().ends_with(".csv"))
        .map(|n| format!("data/{n}"))
        .collect();
    names.sort();
    names
}

/// Where a file copied in from elsewhere goes: `data/<its name>`, or `Err` with why not.
pub fn copy_target(from: &Path, deck_dir: &Path) -> Result<(String, PathBuf), String> {
    let name = from
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| format!("{} is not a file name", from.display()))?;
    if !name.to_ascii_lowercase().ends_with(".csv") {
        return Err(format!("{name} is not a .csv file"));
    }
    if !from.is_file() {
        return Err(format!("no file at {}", from.display()));
    }
    let rel = format!("data/{name}");
    let to = deck_dir.join(&rel);
    if to.exists() {
        return Err(format!(
            "{rel} already exists in the deck: pick it from the list"
        ));
    }
    Ok((rel, to))
}

/// A deck source with one file's text replaced: the deck as it would be with the data step's
/// series, for the stage to preview while the dialog is open.
pub struct Replaced<'a> {
    pub inner: &'a dyn DeckSource,
    pub name: &'a str,
    pub text: &'a str,
}

impl DeckSource for Replaced<'_> {
    fn read(&self, name: &str, limit_bytes: u64) -> Result<Vec<u8>, ReadError> {
        if name.trim_start_matches("./") == self.name {
            if self.text.len() as u64 > limit_bytes {
                return Err(ReadError::TooLarge(limit_bytes));
            }
            return Ok(self.text.as_bytes().to_vec());
        }
        self.inner.read(name, limit_bytes)
    }
    fn display_path(&self, name: &str) -> PathBuf {
        self.inner.display_path(name)
    }
    fn dir(&self) -> Option<&Path> {
        self.inner.dir()
    }
    fn stamp(&self, name: &str) -> Option<Stamp> {
        if name.trim_start_matches("./") == self.name {
            None
        } else {
            self.inner.stamp(name)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn a_preview_shows_what_the_loader_detects() {
        let text = "\u{feff}\"Data Source\",\"WDI\",\n\nDatum;Land;Wert\n03/04/2019;DE;1.234,5\n04/04/2019;FR;..\n05/04/2019;DE;2,5\n";
        let p = preview(text.to_owned()).unwrap();
        assert_eq!(p.delimiter, b';');
        assert_eq!(p.delimiter_name(), "semicolon");
        assert_eq!(p.headers, strings(&["Datum", "Land", "Wert"]));
        assert_eq!(p.total_rows, 3);
        assert_eq!(p.rows[1], strings(&["04/04/2019", "FR", ".."]));
        assert_eq!(
            p.kinds,
            vec![
                ColumnKind::AmbiguousDates,
                ColumnKind::Text,
                ColumnKind::Numbers
            ]
        );
        assert_eq!(p.distinct[1], strings(&["DE", "FR"]));
        assert!(p.distinct[2].is_empty());
        assert_eq!(p.guess_x(), Some(0));
        assert_eq!(p.guess_y(Some(0)), Some(2));
    }

    #[test]
    fn column_kinds() {
        let k = |v: &[&str]| column_kind(&strings(v));
        assert_eq!(
            k(&["Jan 1 2000", "Feb 1 2000"]),
            ColumnKind::Dates(Precision::Day)
        );
        assert_eq!(
            k(&["2019-Q1", "2019Q2"]),
            ColumnKind::Dates(Precision::Quarter)
        );
        assert_eq!(k(&["1960", "1961"]), ColumnKind::Dates(Precision::Year));
        assert_eq!(
            k(&["13/04/2019", "03/04/2019"]),
            ColumnKind::Dates(Precision::Day)
        );
        assert_eq!(k(&["1,234.5", "12.5%", "NA"]), ColumnKind::Numbers);
        assert_eq!(k(&["..", ""]), ColumnKind::Empty);
        assert_eq!(k(&["China", "1.5"]), ColumnKind::Text);
    }

    #[test]
    fn the_series_block_has_a_fresh_id_and_a_source_to_fill_in() {
        let scene = r#"(id: "s", date: "2020-01-01", title: "T", era: "e", excerpts: [],
            plot: (y_label: "Y", series: [(id: "cn-value", label: "x", file: "data/a.csv",
            x: "d", y: "v", kind: Line, source: (title: "a", publisher: "b"))]))"#;
        let choice = Choice {
            file: "data/t.csv".into(),
            x: "date".into(),
            y: "value".into(),
            filter: Some(("who".into(), "CN".into())),
            x_format: None,
            wide: false,
        };
        let (text, id) = add_series(scene, &choice).unwrap();
        assert_eq!(id, "cn-value-2");
        let parsed: SceneFile = crate::model::codec::parse(&text).unwrap();
        let plot = parsed.plot.unwrap();
        assert_eq!(plot.series.len(), 2);
        let s = &plot.series[1];
        assert_eq!(
            (s.file.as_str(), s.x.as_str(), s.y.as_str()),
            ("data/t.csv", "date", "value")
        );
        assert_eq!(s.filter.get("who").map(String::as_str), Some("CN"));
        assert_eq!(s.label, "CN: value");
        assert_eq!(s.source.as_ref().map(|s| s.title.as_str()), Some(""));
        // a scene without a plot gets one
        let bare = r#"(id: "s", date: "2020-01-01", title: "T", era: "e", excerpts: [])"#;
        let (text, id) = add_series(bare, &choice).unwrap();
        assert_eq!(id, "cn-value");
        let parsed: SceneFile = crate::model::codec::parse(&text).unwrap();
        assert_eq!(parsed.plot.unwrap().y_label, "value");
        assert!(add_series("(", &choice).is_err());
    }

    #[test]
    fn a_world_bank_table_is_seen_as_wide_and_written_as_such() {
        let text = "\"Data Source\",\"World Development Indicators\",\n\n\"Country Name\",\"Country Code\",\"Indicator Name\",\"1960\",\"1961\",\"1962\",\n\"China\",\"CHN\",\"GDP\",\"59.7\",\"50.1\",\"47.2\",\n\"Chile\",\"CHL\",\"GDP\",\"4.1\",\"4.3\",\"..\",\n";
        let p = preview(text.to_owned()).unwrap();
        assert_eq!(p.skipped_lines, 2);
        assert_eq!(p.date_headers, 3);
        assert!(p.looks_wide());
        assert_eq!(p.distinct[1], strings(&["CHN", "CHL"]));
        let choice = Choice {
            file: "data/gdp.csv".into(),
            x: String::new(),
            y: String::new(),
            filter: Some(("Country Code".into(), "CHN".into())),
            x_format: None,
            wide: true,
        };
        let s = series_for(&choice, &[]);
        assert!(s.wide);
        assert_eq!((s.id.as_str(), s.label.as_str()), ("chn", "CHN"));
        assert_eq!((s.x.as_str(), s.y.as_str()), ("", ""));
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("GDP (current US$)"), "gdp-current-us");
        assert_eq!(slug("***"), "series");
    }
}
