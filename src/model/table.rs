//! CSV data files as people download them. A file's text is read once; its dialect (delimiter,
//! BOM, metadata lines before the header) is detected from its first records in memory; each
//! series then streams over the records once, keeping only the rows its filter selects, parsed
//! to dates and numbers. A bad value is reported where it stands, once per column and kind of
//! problem, with a count.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};

use super::date::{Date, Precision};
use super::dateshape::{self, Cell, Order};
use super::limits;
use super::locate::Span;
use super::numbers::{self, Decimal, Num};

/// How a file is split into fields and where its header is: shared by every series of the
/// file, so part of the key its parsed header is kept under.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct FileOptions {
    /// The field separator; detected when `None`.
    pub delimiter: Option<u8>,
    /// Lines before the header; metadata lines are detected when `None`.
    pub skip_rows: Option<usize>,
}

/// How one series reads its cells.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct ReadOptions {
    /// strftime-style shape of the dates (`%d/%m/%Y`); detected when `None`.
    pub x_format: Option<String>,
    /// The decimal mark; detected per column when `None`.
    pub decimal: Option<Decimal>,
    /// Cells that are gaps; [`numbers::DEFAULT_MISSING`] when `None`.
    pub missing: Option<Vec<String>>,
}

/// Which cells make the series.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// One row per date: x and y are columns.
    Long { x: usize, y: usize },
    /// One row per series, one column per date (World Bank): x from the header, y from the one
    /// row the filter selects.
    Wide,
}

/// A problem with a place in the CSV text.
#[derive(Debug, Clone, PartialEq)]
pub struct TableError {
    pub span: Span,
    pub message: String,
    /// What to change, with `{series}` where the series' id belongs.
    pub suggestion: Option<String>,
    /// A problem of the file itself (not of one series' cells): reported once per file.
    pub structural: bool,
}

impl TableError {
    fn new(span: Span, message: impl Into<String>) -> TableError {
        TableError {
            span,
            message: message.into(),
            suggestion: None,
            structural: false,
        }
    }
}

/// One series' points, in date order.
#[derive(Debug, Clone, PartialEq)]
pub struct Extracted {
    pub points: Vec<(Date, f64)>,
    pub precision: Precision,
}

/// A CSV file's text, dialect and header.
#[derive(Debug)]
pub struct CsvFile {
    text: String,
    pub delimiter: u8,
    /// Byte offset and line of the header record.
    header_at: (usize, usize),
    /// Lines skipped before the header (declared or detected metadata).
    pub skipped_lines: usize,
    pub headers: Vec<String>,
    /// Set once the file's own problems (ragged rows, too many rows) were reported.
    structure_reported: AtomicBool,
}

/// What `open` finds out about a file.
struct Dialect {
    delimiter: u8,
    header_at: (usize, usize),
    headers: Vec<String>,
}

/// Records looked at to detect the delimiter and the header.
const SAMPLE_RECORDS: usize = 40;
/// Bytes looked at for the same.
const SAMPLE_BYTES: usize = 64 * 1024;

fn reader(bytes: &[u8], delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(bytes)
}

/// The first byte at or after `offset` that does not end a line.
fn skip_line_ends(bytes: &[u8], offset: usize) -> usize {
    let rest = bytes.get(offset..).unwrap_or_default();
    offset
        + rest
            .iter()
            .take_while(|b| matches!(b, b'\n' | b'\r'))
            .count()
}

/// Field counts and positions of the first records of `bytes`.
fn sample(bytes: &[u8], delimiter: u8) -> Vec<(usize, u64, u64)> {
    let cut = bytes.len() > SAMPLE_BYTES;
    let part = bytes.get(..SAMPLE_BYTES).unwrap_or(bytes);
    let mut r = reader(part, delimiter);
    let mut rec = csv::ByteRecord::new();
    let mut out = Vec::new();
    while out.len() < SAMPLE_RECORDS {
        match r.read_byte_record(&mut rec) {
            Ok(true) => {
                if rec.len() == 1 && rec.get(0).is_some_and(|f| f.trim_ascii().is_empty()) {
                    continue;
                }
                let pos = rec.position().map_or((0, 1), |p| (p.byte(), p.line()));
                // The reader's position may include blank lines before the record.
                let start = skip_line_ends(bytes, pos.0 as usize);
                let blank = bytes.get(pos.0 as usize..start).unwrap_or_default();
                let lines = blank.iter().filter(|b| **b == b'\n').count() as u64;
                out.push((rec.len(), start as u64, pos.1 + lines));
            }
            _ => break,
        }
    }
    if cut && out.len() < SAMPLE_RECORDS {
        out.pop(); // may be cut in the middle
    }
    out
}

/// The field count most records of the sample have (ties: the larger).
fn modal(counts: &[(usize, u64, u64)]) -> usize {
    let mut tally: BTreeMap<usize, usize> = BTreeMap::new();
    for (n, _, _) in counts {
        *tally.entry(*n).or_default() += 1;
    }
    tally
        .iter()
        .max_by_key(|(n, c)| (**c, **n))
        .map_or(1, |(n, _)| *n)
}

/// Index of the header record in the sample: leading records with fewer fields than most are
/// metadata (`"Data Source","World Development Indicators",`).
fn header_index(counts: &[(usize, u64, u64)]) -> usize {
    let m = modal(counts);
    counts.iter().position(|(n, _, _)| *n >= m).unwrap_or(0)
}

impl CsvFile {
    /// Detects the dialect and reads the header of `text` (the whole file, read once).
    pub fn open(text: String, options: &FileOptions) -> Result<CsvFile, (TableError, String)> {
        match Self::open_inner(&text, options) {
            Ok(Dialect {
                delimiter,
                header_at,
                headers,
            }) => Ok(CsvFile {
                text,
                delimiter,
                header_at,
                skipped_lines: header_at.1.saturating_sub(1),
                headers,
                structure_reported: AtomicBool::new(false),
            }),
            Err(e) => Err((e, text)),
        }
    }

    fn open_inner(text: &str, options: &FileOptions) -> Result<Dialect, TableError> {
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let bytes = text.as_bytes();
        let at = |offset: usize| Span::at_offset(text, offset);
        // Declared skipped lines.
        let (skip_offset, skip_lines) = match options.skip_rows {
            Some(n) if n > 0 => {
                let mut offset = bom;
                for _ in 0..n {
                    match bytes
                        .get(offset..)
                        .and_then(|b| b.iter().position(|c| *c == b'\n'))
                    {
                        Some(i) => offset += i + 1,
                        None => {
                            return Err(TableError::new(
                                at(offset),
                                format!("skip_rows is {n}, but the file has fewer lines"),
                            ));
                        }
                    }
                }
                (offset, n)
            }
            _ => (bom, 0),
        };
        let after_skip = bytes.get(skip_offset..).unwrap_or_default();
        let delimiter = match options.delimiter {
            Some(d) => d,
            None => detect_delimiter(after_skip).map_err(|m| {
                let mut e = TableError::new(at(skip_offset), m);
                e.suggestion = Some("add delimiter: \";\" (or \",\") to its series".into());
                e.structural = true;
                e
            })?,
        };
        let counts = sample(after_skip, delimiter);
        if counts.is_empty() {
            return Err(TableError::new(at(0), "empty CSV file"));
        }
        let first = if options.skip_rows.is_some() {
            0
        } else {
            header_index(&counts)
        };
        let (_, byte, line) = counts.get(first).copied().unwrap_or((0, 0, 1));
        let header_offset = skip_offset + byte as usize;
        let header_line = skip_lines + line as usize;
        let mut r = reader(bytes.get(header_offset..).unwrap_or_default(), delimiter);
        let mut rec = csv::ByteRecord::new();
        let headers: Vec<String> = match r.read_byte_record(&mut rec) {
            Ok(true) => rec
                .iter()
                .map(|f| String::from_utf8_lossy(f).trim().to_owned())
                .collect(),
            _ => Vec::new(),
        };
        if headers.iter().all(String::is_empty) {
            return Err(TableError::new(at(header_offset), "missing header row"));
        }
        Ok(Dialect {
            delimiter,
            header_at: (header_offset, header_line),
            headers,
        })
    }

    /// A reader at the first record after the header, and a record to read into.
    fn body(&self) -> (csv::Reader<&[u8]>, csv::ByteRecord) {
        let mut r = reader(
            self.text
                .as_bytes()
                .get(self.header_at.0..)
                .unwrap_or_default(),
            self.delimiter,
        );
        let mut rec = csv::ByteRecord::new();
        let _ = r.read_byte_record(&mut rec); // the header
        (r, rec)
    }

    /// The records after the header, each field trimmed, blank lines left out (the editor's
    /// data step shows them as a table). Stops at the first malformed record.
    pub fn records(&self) -> impl Iterator<Item = Vec<String>> + '_ {
        let (mut r, mut rec) = self.body();
        std::iter::from_fn(move || {
            loop {
                match r.read_byte_record(&mut rec) {
                    Ok(true) => {}
                    _ => return None,
                }
                if rec.len() == 1 && rec.get(0).is_some_and(|f| f.trim_ascii().is_empty()) {
                    continue;
                }
                return Some(
                    rec.iter()
                        .map(|f| String::from_utf8_lossy(f).trim().to_owned())
                        .collect(),
                );
            }
        })
    }

    /// The file's text (for showing the line of a problem).
    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn column(&self, name: &str) -> Option<usize> {
        self.headers.iter().position(|h| h == name)
    }

    /// Where field `field` of the record at byte `offset` starts, and how wide it is.
    pub fn field_span(&self, offset: usize, field: usize) -> Span {
        let text = &self.text;
        let offset = offset.min(text.len());
        let before = text.as_bytes().get(..offset).unwrap_or_default();
        let line_start = before
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |i| i + 1);
        let base_line = 1 + before.iter().filter(|b| **b == b'\n').count();
        let mut col = 1 + text
            .get(line_start..offset)
            .map_or(0, |t| t.chars().count());
        let base = Span {
            line: base_line,
            col,
            offset,
            len_chars: 1,
        };
        let delim = char::from(self.delimiter);
        let mut index = 0;
        let mut start = (base.line, col, offset);
        let mut len = 0usize;
        let mut in_quotes = false;
        let mut line = base.line;
        for (i, c) in text.get(offset..).unwrap_or("").char_indices() {
            if !in_quotes && (c == '\n' || c == '\r') {
                break;
            }
            if c == '"' {
                in_quotes = !in_quotes;
            } else if c == delim && !in_quotes {
                if index == field {
                    break;
                }
                index += 1;
                col += 1;
                start = (line, col, offset + i + 1);
                len = 0;
                continue;
            }
            if c == '\n' {
                line += 1;
                col = 1;
            } else {
                col += 1;
            }
            if index == field {
                len += 1;
            }
        }
        Span {
            line: start.0,
            col: start.1,
            offset: start.2,
            len_chars: len.max(1),
        }
    }

    /// Whether the line before byte `offset` is blank.
    fn after_blank_line(&self, offset: usize) -> bool {
        let before = self.text.as_bytes().get(..offset).unwrap_or_default();
        let before = before.strip_suffix(b"\n").unwrap_or(before);
        let before = before.strip_suffix(b"\r").unwrap_or(before);
        let line_start = before
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |i| i + 1);
        before
            .get(line_start..)
            .is_some_and(|l| l.trim_ascii().is_empty())
    }

    /// Where header cell `i` stands.
    pub fn header_span(&self, i: usize) -> Span {
        self.field_span(self.header_at.0, i)
    }

    /// The points of one series: rows that match every `filter` pair and no `exclude` pair.
    /// Cells that are missing-value markers are gaps. Unknown column names are the caller's to
    /// check (they belong to the scene file).
    pub fn extract(
        &self,
        layout: Layout,
        filter: &[(usize, &str)],
        exclude: &[(usize, &str)],
        options: &ReadOptions,
    ) -> Result<Extracted, Vec<TableError>> {
        let default_missing: Vec<&str>;
        let missing: Vec<&str> = match &options.missing {
            Some(list) => list.iter().map(|s| s.trim()).collect(),
            None => {
                default_missing = numbers::DEFAULT_MISSING.to_vec();
                default_missing
            }
        };
        let mut scan = Scan::new(self, options, &missing);
        let (mut r, mut rec) = self.body();
        let width = self.headers.len();
        let mut rows = 0usize;
        // One-field lines after a blank line at the end (notes such as "Data from database:
        // ...") are not rows; before more data they are.
        let mut notes: Vec<(usize, usize)> = Vec::new();
        // A wide series reads one row: the first two are kept (to name them if there are
        // more), the rest only counted.
        let mut wide_rows: Vec<(csv::ByteRecord, usize)> = Vec::new();
        let mut wide_count = 0usize;
        let field = |rec: &csv::ByteRecord, i: usize| -> String {
            rec.get(i)
                .map(|f| String::from_utf8_lossy(f).trim().to_owned())
                .unwrap_or_default()
        };
        loop {
            match r.read_byte_record(&mut rec) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    let offset = e
                        .position()
                        .map_or(self.text.len(), |p| self.header_at.0 + p.byte() as usize);
                    scan.structural(
                        Kind::Malformed,
                        offset,
                        0,
                        short_csv_error(&e),
                        String::new(),
                    );
                    break;
                }
            }
            let offset = skip_line_ends(
                self.text.as_bytes(),
                self.header_at.0 + rec.position().map_or(0, |p| p.byte() as usize),
            );
            if rec.len() == 1 && rec.get(0).is_some_and(|f| f.trim_ascii().is_empty()) {
                continue; // blank line
            }
            rows += 1;
            if rows > limits::CSV_ROWS {
                scan.structural(
                    Kind::TooManyRows,
                    offset,
                    0,
                    format!("more than {} rows (the limit)", limits::CSV_ROWS),
                    String::new(),
                );
                break;
            }
            if rec.len() == 1 && width > 1 && (!notes.is_empty() || self.after_blank_line(offset)) {
                notes.push((offset, 1));
                continue;
            }
            for (offset, n) in notes.drain(..) {
                scan.ragged(offset, n, width);
            }
            if rec.len() != width {
                scan.ragged(offset, rec.len(), width);
                continue;
            }
            let matches =
                |c: usize, v: &str| rec.get(c).map(<[u8]>::trim_ascii) == Some(v.trim().as_bytes());
            if !filter.iter().all(|&(c, v)| matches(c, v))
                || exclude.iter().any(|&(c, v)| matches(c, v))
            {
                continue;
            }
            match layout {
                Layout::Long { x, y } => {
                    let y_text = field(&rec, y);
                    let x_text = field(&rec, x);
                    scan.cell(&x_text, &y_text, (offset, x), (offset, y), x, y);
                }
                Layout::Wide => {
                    wide_count += 1;
                    if wide_rows.len() < 2 {
                        wide_rows.push((rec.clone(), offset));
                    }
                }
            }
        }
        if let Layout::Wide = layout {
            self.wide(&mut scan, &wide_rows, wide_count);
        }
        scan.finish()
    }

    /// A wide series: x from the header cells that are dates, y from the one selected row.
    fn wide(&self, scan: &mut Scan, rows: &[(csv::ByteRecord, usize)], count: usize) {
        let date_columns: Vec<usize> = (0..self.headers.len())
            .filter(|&i| {
                let h = self.headers.get(i).map_or("", String::as_str);
                !matches!(scan.read_date(h), Cell::Unknown)
            })
            .collect();
        let Some(&first_col) = date_columns.first() else {
            scan.problem(
                Kind::WideNoDates,
                (self.header_at.0, 0),
                "",
                "no column of the header is a date: a wide series takes its x from the header"
                    .into(),
            );
            return;
        };
        let last_col = date_columns.last().copied().unwrap_or(first_col);
        scan.wide_range = Some(format!(
            "{} to {}",
            self.headers.get(first_col).map_or("", String::as_str),
            self.headers.get(last_col).map_or("", String::as_str)
        ));
        match rows {
            [] => {}
            [(rec, offset)] => {
                for &c in &date_columns {
                    let x_text = self.headers.get(c).cloned().unwrap_or_default();
                    let y_text = rec
                        .get(c)
                        .map(|f| String::from_utf8_lossy(f).trim().to_owned())
                        .unwrap_or_default();
                    scan.cell(
                        &x_text,
                        &y_text,
                        (self.header_at.0, c),
                        (*offset, c),
                        first_col,
                        first_col,
                    );
                }
            }
            [(_, a), (_, b), ..] => {
                let line = |o: usize| Span::at_offset(&self.text, o).line;
                scan.problem(
                    Kind::WideRows,
                    (*b, 0),
                    "",
                    format!(
                        "the filter selects {} rows (lines {} and {}{}): a wide series reads one row",
                        count,
                        line(*a),
                        line(*b),
                        if count > 2 { ", ..." } else { "" }
                    ),
                );
            }
        }
    }
}

/// Picks the delimiter among `,`, `;`, tab and `|`: the one that splits the first records
/// into the same number of fields (more than one), header first.
fn detect_delimiter(bytes: &[u8]) -> Result<u8, String> {
    let mut fits: Vec<(u8, bool)> = Vec::new();
    for d in [b',', b';', b'\t', b'|'] {
        if !bytes.get(..SAMPLE_BYTES).unwrap_or(bytes).contains(&d) {
            continue;
        }
        let counts = sample(bytes, d);
        let m = modal(&counts);
        let h = header_index(&counts);
        let after = counts.get(h..).unwrap_or_default();
        let same = after.iter().filter(|(n, _, _)| *n == m).count();
        if m >= 2 && same * 5 >= after.len() * 4 {
            fits.push((d, h == 0));
        }
    }
    let at_top: Vec<u8> = fits.iter().filter(|f| f.1).map(|f| f.0).collect();
    match (at_top.as_slice(), fits.first()) {
        ([d], _) => Ok(*d),
        ([], Some((d, _))) if fits.len() == 1 => Ok(*d),
        ([], None) => Ok(b','),
        _ => {
            let names: Vec<String> = fits
                .iter()
                .map(|(d, _)| format!("\"{}\"", char::from(*d).escape_default()))
                .collect();
            Err(format!(
                "cannot tell which character separates the fields ({})",
                names.join(" or ")
            ))
        }
    }
}

/// Kinds of problem, each reported once per column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    BadDate,
    NoSuchDay,
    Ambiguous,
    MixedOrder,
    MixedPrecision,
    NotNumber,
    NotFinite,
    MixedDecimal,
    OutOfOrder,
    Duplicate,
    TooManyPoints,
    WideNoDates,
    WideRows,
    Ragged,
    TooManyRows,
    Malformed,
}

/// A field: the byte offset of its record and its index.
type Place = (usize, usize);

/// One kind of problem in one column: how many, and the first.
struct Group {
    kind: Kind,
    column: usize,
    count: usize,
    first: Place,
    /// The first offending text.
    value: String,
    /// The message of the first, used when it is the only one.
    single: String,
}

/// One row's cells, read but not yet decided (day/month order, decimal mark).
struct Entry {
    x: Cell,
    y: Num,
    x_at: Place,
    y_at: Place,
}

/// The state of one series' pass over the file.
struct Scan<'f> {
    file: &'f CsvFile,
    options: &'f ReadOptions,
    missing: &'f [&'f str],
    entries: Vec<Entry>,
    groups: Vec<Group>,
    /// First cell showing a decimal comma, and a decimal point.
    comma_seen: Option<(Place, String)>,
    point_seen: Option<(Place, String)>,
    x_col: usize,
    y_col: usize,
    /// `1960 to 2023`: the columns a wide series reads.
    wide_range: Option<String>,
}

impl<'f> Scan<'f> {
    fn new(file: &'f CsvFile, options: &'f ReadOptions, missing: &'f [&'f str]) -> Scan<'f> {
        Scan {
            file,
            options,
            missing,
            entries: Vec::new(),
            groups: Vec::new(),
            comma_seen: None,
            point_seen: None,
            x_col: 0,
            y_col: 0,
            wide_range: None,
        }
    }

    fn read_date(&self, text: &str) -> Cell {
        match &self.options.x_format {
            Some(f) => dateshape::parse_with(f, text),
            None => dateshape::detect(text),
        }
    }

    fn problem(&mut self, kind: Kind, at: Place, value: &str, single: String) {
        self.problem_in(kind, at.1, at, value, single);
    }

    /// Like `problem`, grouped under `column` rather than the place's own field.
    fn problem_in(&mut self, kind: Kind, column: usize, at: Place, value: &str, single: String) {
        if let Some(g) = self
            .groups
            .iter_mut()
            .find(|g| g.kind == kind && g.column == column)
        {
            g.count += 1;
            return;
        }
        self.groups.push(Group {
            kind,
            column,
            count: 1,
            first: at,
            value: value.to_owned(),
            single,
        });
    }

    fn structural(&mut self, kind: Kind, offset: usize, field: usize, single: String, v: String) {
        self.problem(kind, (offset, field), &v, single);
    }

    fn ragged(&mut self, offset: usize, n: usize, width: usize) {
        self.structural(
            Kind::Ragged,
            offset,
            0,
            format!("row has {n} fields but the header has {width}"),
            format!("{n} {}", if n == 1 { "field" } else { "fields" }),
        );
    }

    /// What a group of problems is in: a column, or a wide series' date columns.
    fn group_name(&self, c: usize) -> String {
        match &self.wide_range {
            Some(range) => range.clone(),
            None => self.name(c).to_owned(),
        }
    }

    fn name(&self, c: usize) -> &str {
        self.file.headers.get(c).map_or("?", String::as_str)
    }

    /// Reads one row's x and y cells.
    fn cell(&mut self, x_text: &str, y_text: &str, x_at: Place, y_at: Place, xc: usize, yc: usize) {
        self.x_col = xc;
        self.y_col = yc;
        let y = numbers::parse(y_text, self.options.decimal, self.missing);
        let y_name = self.name(y_at.1).to_owned();
        match y {
            Num::Missing => return,
            Num::NotNumber => self.problem_in(
                Kind::NotNumber,
                yc,
                y_at,
                y_text,
                format!("non-numeric value \"{y_text}\" in column {y_name}"),
            ),
            Num::NotFinite => self.problem_in(
                Kind::NotFinite,
                yc,
                y_at,
                y_text,
                format!("\"{y_text}\" in column {y_name} is not a finite number"),
            ),
            Num::Value(_) if self.options.decimal.is_none() => match numbers::evidence(y_text, y) {
                Some(Decimal::Comma) if self.comma_seen.is_none() => {
                    self.comma_seen = Some((y_at, y_text.to_owned()));
                }
                Some(Decimal::Point) if self.point_seen.is_none() => {
                    self.point_seen = Some((y_at, y_text.to_owned()));
                }
                _ => {}
            },
            Num::Value(_) | Num::Either { .. } => {}
        }
        let x = self.read_date(x_text);
        let x_name = self.name(x_at.1).to_owned();
        match x {
            Cell::Unknown => {
                let single = match &self.options.x_format {
                    Some(f) => {
                        format!("\"{x_text}\" in column {x_name} does not match x_format \"{f}\"")
                    }
                    None => format!("malformed date \"{x_text}\" in column {x_name}"),
                };
                self.problem_in(Kind::BadDate, xc, x_at, x_text, single);
            }
            Cell::NoSuchDay => self.problem_in(
                Kind::NoSuchDay,
                xc,
                x_at,
                x_text,
                format!("no such date \"{x_text}\" in column {x_name}"),
            ),
            Cell::Known(..) | Cell::DayMonth { .. } => {}
        }
        if matches!(x, Cell::Known(..) | Cell::DayMonth { .. }) {
            self.entries.push(Entry { x, y, x_at, y_at });
        }
    }

    /// Decides the column-wide questions, orders the points and turns groups into errors.
    fn finish(mut self) -> Result<Extracted, Vec<TableError>> {
        let (xc, yc) = (self.x_col, self.y_col);
        // Day/month or month/day: decided by any value over 12.
        let mut dm: Option<Place> = None;
        let mut md: Option<Place> = None;
        let mut slashed = 0usize;
        let mut first_slashed: Option<(Place, Cell)> = None;
        for e in &self.entries {
            if let Cell::DayMonth { a, b, .. } = e.x {
                slashed += 1;
                first_slashed.get_or_insert((e.x_at, e.x));
                if a > 12 && dm.is_none() {
                    dm = Some(e.x_at);
                }
                if b > 12 && md.is_none() {
                    md = Some(e.x_at);
                }
            }
        }
        let order = match (dm, md) {
            (Some(_), None) => Some(Order::DayMonth),
            (None, Some(_)) => Some(Order::MonthDay),
            (Some(a), Some(b)) => {
                // The order the column shows second contradicts the first.
                let (later, kind) = if a < b {
                    (b, "month/day")
                } else {
                    (a, "day/month")
                };
                let text = self.cell_text(later);
                self.problem(Kind::MixedOrder, later, &text, kind.to_owned());
                None
            }
            (None, None) => match first_slashed {
                None => Some(Order::DayMonth),
                Some((at, cell)) => {
                    let unambiguous = self
                        .entries
                        .iter()
                        .all(|e| !matches!(e.x, Cell::DayMonth { a, b, .. } if a != b));
                    if unambiguous {
                        Some(Order::DayMonth)
                    } else {
                        let text = self.cell_text(at);
                        self.problem(Kind::Ambiguous, at, &text, String::new());
                        if let Some(g) = self.groups.last_mut() {
                            g.count = slashed;
                            g.single = match cell {
                                Cell::DayMonth { sep, .. } => char::from(sep).to_string(),
                                _ => "/".into(),
                            };
                        }
                        None
                    }
                }
            },
        };
        // Decimal mark of `1,234`-like cells.
        let comma = match (&self.comma_seen, &self.point_seen) {
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (Some((at, v)), Some(_)) => {
                let (at, v) = (*at, v.clone());
                self.problem_in(Kind::MixedDecimal, yc, at, &v, String::new());
                false
            }
            (None, None) => self.file.delimiter == b';',
        };
        let mut points: Vec<(Date, f64)> = Vec::new();
        let mut precision: Option<Precision> = None;
        let mut last: Option<Date> = None;
        let entries = std::mem::take(&mut self.entries);
        for e in &entries {
            let x_name = self.name(e.x_at.1).to_owned();
            let Some((date, p)) = order.and_then(|o| e.x.resolve(o)) else {
                if order.is_some() {
                    let text = self.cell_text(e.x_at);
                    self.problem_in(
                        Kind::NoSuchDay,
                        xc,
                        e.x_at,
                        &text,
                        format!("no such date \"{text}\" in column {x_name}"),
                    );
                }
                continue;
            };
            if precision.is_some_and(|q| q != p) {
                let text = self.cell_text(e.x_at);
                self.problem_in(
                    Kind::MixedPrecision,
                    xc,
                    e.x_at,
                    &text,
                    format!("\"{text}\" in column {x_name} mixes date precisions in one series"),
                );
            }
            precision = Some(p);
            if let Some(prev) = last {
                if date < prev {
                    self.problem_in(
                        Kind::OutOfOrder,
                        xc,
                        e.x_at,
                        &format!("{date} after {prev}"),
                        format!("{date} in column {x_name} is out of order (after {prev})"),
                    );
                } else if date == prev {
                    self.problem_in(
                        Kind::Duplicate,
                        xc,
                        e.x_at,
                        &date.to_string(),
                        format!("duplicate date {date} in column {x_name}"),
                    );
                }
            }
            last = Some(date);
            let value = match e.y {
                Num::Value(v) => v,
                Num::Either { point, comma: c } => {
                    if comma {
                        c
                    } else {
                        point
                    }
                }
                _ => continue,
            };
            if points.len() >= limits::SERIES_POINTS {
                self.problem_in(
                    Kind::TooManyPoints,
                    yc,
                    e.y_at,
                    "",
                    format!(
                        "more than {} points in one series (the limit)",
                        limits::SERIES_POINTS
                    ),
                );
                break;
            }
            points.push((date, value));
        }
        if self.groups.is_empty() {
            return Ok(Extracted {
                points,
                precision: precision.unwrap_or_default(),
            });
        }
        let report_structure = !self.file.structure_reported.swap(true, Ordering::Relaxed);
        let mut errors: Vec<TableError> = self
            .groups
            .iter()
            .filter(|g| report_structure || !is_structural(g.kind))
            .map(|g| self.error(g))
            .collect();
        errors.sort_by_key(|e| (e.span.line, e.span.col));
        Err(errors)
    }

    /// The text of a field, as written.
    fn cell_text(&self, at: Place) -> String {
        let span = self.file.field_span(at.0, at.1);
        let raw = self
            .file
            .text
            .get(span.offset..)
            .unwrap_or("")
            .chars()
            .take(span.len_chars)
            .collect::<String>();
        raw.trim().trim_matches('"').trim().to_owned()
    }

    fn error(&self, g: &Group) -> TableError {
        let span = self.file.field_span(g.first.0, g.first.1);
        let c = self.group_name(g.column);
        let n = g.count;
        let v = &g.value;
        let x_format = "x_format: \"%d/%m/%Y\" (or \"%m/%d/%Y\") to series {series}";
        let (message, suggestion) = match g.kind {
            Kind::Ambiguous => (
                format!(
                    "{n} {} in column \"{c}\" could be day/month or month/day (first: \"{v}\")",
                    if n == 1 { "value" } else { "values" }
                ),
                Some(format!(
                    "add x_format: \"%d{s}%m{s}%Y\" (or \"%m{s}%d{s}%Y\") to series {{series}}",
                    s = g.single
                )),
            ),
            Kind::MixedOrder => (
                format!(
                    "values in column \"{c}\" are day/month in some rows and month/day in others (first {}: \"{v}\")",
                    g.single
                ),
                Some(format!("add {x_format}")),
            ),
            Kind::MixedDecimal => (
                format!(
                    "values in column \"{c}\" use both \",\" and \".\" as the decimal mark (first with \",\": \"{v}\")"
                ),
                Some("add decimal: \",\" (or \".\") to series {series}".into()),
            ),
            _ if n == 1 => (g.single.clone(), self.suggestion(g.kind, v)),
            Kind::BadDate => match &self.options.x_format {
                Some(f) => (
                    format!(
                        "{n} values in column \"{c}\" do not match x_format \"{f}\" (first: \"{v}\")"
                    ),
                    None,
                ),
                None => (
                    format!(
                        "{n} values in column \"{c}\" are not dates in a known shape (first: \"{v}\")"
                    ),
                    self.suggestion(g.kind, v),
                ),
            },
            Kind::NoSuchDay => (
                format!(
                    "{n} values in column \"{c}\" are dates that do not exist (first: \"{v}\")"
                ),
                None,
            ),
            Kind::MixedPrecision => (
                format!(
                    "{n} values in column \"{c}\" mix date precisions in one series (first: \"{v}\")"
                ),
                None,
            ),
            Kind::NotNumber => (
                format!("{n} non-numeric values in column \"{c}\" (first: \"{v}\")"),
                self.suggestion(g.kind, v),
            ),
            Kind::NotFinite => (
                format!("{n} values in column \"{c}\" are not finite numbers (first: \"{v}\")"),
                None,
            ),
            Kind::OutOfOrder => (
                format!("{n} dates in column \"{c}\" are out of order (first: {v})"),
                None,
            ),
            Kind::Duplicate => (
                format!("{n} duplicate dates in column \"{c}\" (first: {v})"),
                None,
            ),
            Kind::Ragged => (
                format!(
                    "{n} rows have a different number of fields than the header's {} (first: {v})",
                    self.file.headers.len()
                ),
                None,
            ),
            Kind::TooManyPoints
            | Kind::WideNoDates
            | Kind::WideRows
            | Kind::TooManyRows
            | Kind::Malformed => (g.single.clone(), None),
        };
        TableError {
            span,
            message,
            suggestion,
            structural: is_structural(g.kind),
        }
    }

    fn suggestion(&self, kind: Kind, value: &str) -> Option<String> {
        match kind {
            Kind::BadDate if self.options.x_format.is_none() => Some(
                "give the dates' shape with x_format (strftime-style, e.g. x_format: \"%d.%m.%Y\") in series {series}"
                    .into(),
            ),
            // `n.a.`, `--`, `missing`: a marker of its own, not a number gone wrong.
            Kind::NotNumber if !value.bytes().any(|b| b.is_ascii_digit()) => Some(
                "list any missing-value marker in missing: [..] of series {series}".into(),
            ),
            _ => None,
        }
    }
}

fn is_structural(kind: Kind) -> bool {
    matches!(kind, Kind::Ragged | Kind::TooManyRows | Kind::Malformed)
}

/// Resolves filter pairs to column indexes; `Err` names the first unknown column.
pub fn resolve_columns<'a>(
    file: &CsvFile,
    pairs: &'a BTreeMap<String, String>,
) -> Result<Vec<(usize, &'a str)>, &'a str> {
    pairs
        .iter()
        .map(|(c, v)| file.column(c).map(|i| (i, v.as_str())).ok_or(c.as_str()))
        .collect()
}

fn short_csv_error(e: &csv::Error) -> String {
    let text = e.to_string();
    let short = text
        .split(':')
        .next_back()
        .unwrap_or(&text)
        .trim()
        .to_owned();
    format!("malformed CSV: {short}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(text: &str) -> CsvFile {
        CsvFile::open(text.to_owned(), &FileOptions::default())
            .map_err(|(e, _)| e)
            .unwrap()
    }

    fn long(t: &CsvFile, x: &str, y: &str) -> Layout {
        Layout::Long {
            x: t.column(x).unwrap(),
            y: t.column(y).unwrap(),
        }
    }

    const CSV: &str = "date,who,value\n2018-01-01,US,3.1\n2018-07-06,\"China, PRC\",7.2\n2019-01-01,US,\n2020-01-01,US,12\n";

    #[test]
    fn finds_field_positions_on_demand() {
        let t = open(CSV);
        assert_eq!(t.headers, ["date", "who", "value"]);
        let offset = CSV.find("2018-07-06").unwrap();
        let at = |i| {
            let s = t.field_span(offset, i);
            (s.line, s.col, s.len_chars)
        };
        assert_eq!(at(0), (3, 1, 10));
        assert_eq!(at(1), (3, 12, 12));
        assert_eq!(at(2), (3, 25, 3));
    }

    #[test]
    fn extracts_filtered_points_with_gaps() {
        let t = open(CSV);
        let o = ReadOptions::default();
        let e = t
            .extract(long(&t, "date", "value"), &[(1, "US")], &[], &o)
            .unwrap();
        assert_eq!(e.points.len(), 2);
        assert_eq!(e.points[1].1, 12.0);
        let e = t
            .extract(long(&t, "date", "value"), &[], &[(1, "US")], &o)
            .unwrap();
        assert_eq!(e.points, vec![(Date::parse("2018-07-06").unwrap(), 7.2)]);
    }

    #[test]
    fn reports_each_kind_of_bad_value_once_per_column() {
        let t = open("year,v\n2001,1\n2003,x\n2002,NaN\n2004,inf\n2005,zz\n2004,1\n");
        let errs = t
            .extract(long(&t, "year", "v"), &[], &[], &ReadOptions::default())
            .unwrap_err();
        let got: Vec<(usize, usize, &str)> = errs
            .iter()
            .map(|e| (e.span.line, e.span.col, e.message.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (3, 6, "2 non-numeric values in column \"v\" (first: \"x\")"),
                (
                    4,
                    1,
                    "2 dates in column \"year\" are out of order (first: 2002-07-01 after 2003-07-01)"
                ),
                (
                    4,
                    6,
                    "2 values in column \"v\" are not finite numbers (first: \"NaN\")"
                ),
            ]
        );
        assert!(errs.iter().all(|e| !e.structural));
    }

    #[test]
    fn detects_the_delimiter_and_metadata_lines() {
        let t = open("a;b\n1;2,5\n2;3,5\n");
        assert_eq!(
            (t.delimiter, t.headers.clone()),
            (b';', vec!["a".into(), "b".into()])
        );
        let t = open("Title of the table\n\"Note: values in %\"\nx,y,z\n1,2,3\n2,3,4\n");
        assert_eq!((t.delimiter, t.skipped_lines), (b',', 2));
        assert_eq!(t.headers, ["x", "y", "z"]);
        let t = open("x\ty\n1\t2\n");
        assert_eq!(t.delimiter, b'\t');
        let (e, _) = CsvFile::open("a;b,c\n1;2,3\n".into(), &FileOptions::default()).unwrap_err();
        assert_eq!(
            e.message,
            "cannot tell which character separates the fields (\",\" or \";\")"
        );
        let declared = FileOptions {
            delimiter: Some(b';'),
            skip_rows: None,
        };
        let t = CsvFile::open("a;b,c\n1;2,3\n".into(), &declared).unwrap();
        assert_eq!(t.headers, ["a", "b,c"]);
    }

    #[test]
    fn contradictions_within_a_column_are_one_problem() {
        let t = open("d,v\n13/01/2019,1\n14/01/2019,2\n01/15/2019,3\n01/16/2019,4\n");
        let errs = t
            .extract(long(&t, "d", "v"), &[], &[], &ReadOptions::default())
            .unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!((errs[0].span.line, errs[0].span.col), (4, 1));
        assert_eq!(
            errs[0].message,
            "values in column \"d\" are day/month in some rows and month/day in others (first month/day: \"01/15/2019\")"
        );
        let t = open("d;v\n2019;1,5\n2020;2.25\n");
        let errs = t
            .extract(long(&t, "d", "v"), &[], &[], &ReadOptions::default())
            .unwrap_err();
        assert_eq!(
            errs.iter().map(|e| e.message.as_str()).collect::<Vec<_>>(),
            [
                "values in column \"v\" use both \",\" and \".\" as the decimal mark (first with \",\": \"1,5\")"
            ]
        );
        // `1,234` alone follows the file's convention: a decimal comma in a `;` file.
        let t = open("d;v\n2019;1,234\n2020;2,000\n");
        let e = t
            .extract(long(&t, "d", "v"), &[], &[], &ReadOptions::default())
            .unwrap();
        assert_eq!(
            e.points.iter().map(|p| p.1).collect::<Vec<_>>(),
            [1.234, 2.0]
        );
    }

    #[test]
    fn ragged_rows_are_one_problem_and_trailing_notes_are_not_rows() {
        let t = open("a,b\n2001,1\n2002\n2003,1,2\n2004,1\n");
        let errs = t
            .extract(long(&t, "a", "b"), &[], &[], &ReadOptions::default())
            .unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!((errs[0].span.line, errs[0].span.col), (3, 1));
        assert_eq!(
            errs[0].message,
            "2 rows have a different number of fields than the header's 2 (first: 1 field)"
        );
        assert!(errs[0].structural);
        // A second series of the same file does not report the file's problems again.
        let again = t
            .extract(long(&t, "a", "b"), &[], &[], &ReadOptions::default())
            .unwrap_err();
        assert!(again.is_empty());
        let t = open("a,b\n2001,1\n2002,2\n\nData from database: WDI\nLast Updated: 07/01/2024\n");
        let e = t
            .extract(long(&t, "a", "b"), &[], &[], &ReadOptions::default())
            .unwrap();
        assert_eq!(e.points.len(), 2);
        assert!(CsvFile::open(String::new(), &FileOptions::default()).is_err());
    }
}
