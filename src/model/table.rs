//! CSV data files: read once per deck load, with every field's `line:column` kept so that a bad
//! value is reported where it stands.

use std::collections::BTreeMap;

use super::date::{Date, Precision};
use super::limits;
use super::locate::{LineIndex, Span};

/// Bad values reported per series before the rest are skipped.
pub const MAX_ERRORS: usize = 50;

/// A CSV file's header and rows, with positions.
#[derive(Debug, Clone)]
pub struct Table {
    pub headers: Vec<String>,
    pub header_spans: Vec<Span>,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone)]
pub struct Row {
    pub fields: Vec<String>,
    /// Where each field starts.
    pub spans: Vec<Span>,
}

/// A problem with a place in the CSV text.
#[derive(Debug, Clone, PartialEq)]
pub struct TableError {
    pub span: Span,
    pub message: String,
}

impl TableError {
    fn new(span: Span, message: impl Into<String>) -> TableError {
        TableError {
            span,
            message: message.into(),
        }
    }
}

/// One series' points, in date order.
#[derive(Debug, Clone, PartialEq)]
pub struct Extracted {
    pub points: Vec<(Date, f64)>,
    pub precision: Precision,
}

impl Table {
    /// Parses CSV text with a header row. Stops at the first malformed record.
    pub fn parse(text: &str) -> Result<Table, TableError> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut headers = Vec::new();
        let mut header_spans = Vec::new();
        let mut rows = Vec::new();
        let mut record = csv::StringRecord::new();
        let lines = LineIndex::new(text);
        loop {
            let at = reader.position().clone();
            match reader.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => {
                    let offset = e
                        .position()
                        .map(|p| p.byte() as usize)
                        .unwrap_or(at.byte() as usize);
                    let message = match e.kind() {
                        csv::ErrorKind::Utf8 { .. } => "invalid UTF-8".to_owned(),
                        _ => format!("malformed CSV: {}", short_csv_error(&e)),
                    };
                    return Err(TableError::new(lines.span(offset), message));
                }
            }
            let start = record
                .position()
                .map(|p| p.byte() as usize)
                .unwrap_or(at.byte() as usize);
            let spans = field_spans(text, lines.span(start), record.len());
            let fields: Vec<String> = record.iter().map(str::to_owned).collect();
            if headers.is_empty() {
                if fields.iter().all(|f| f.trim().is_empty()) {
                    return Err(TableError::new(lines.span(start), "missing header row"));
                }
                headers = fields.iter().map(|f| f.trim().to_owned()).collect();
                header_spans = spans;
                continue;
            }
            if fields.len() == 1 && fields[0].trim().is_empty() {
                continue; // blank line
            }
            if fields.len() != headers.len() {
                return Err(TableError::new(
                    lines.span(start),
                    format!(
                        "row has {} fields but the header has {}",
                        fields.len(),
                        headers.len()
                    ),
                ));
            }
            if rows.len() >= limits::CSV_ROWS {
                return Err(TableError::new(
                    lines.span(start),
                    format!("more than {} rows (the limit)", limits::CSV_ROWS),
                ));
            }
            rows.push(Row { fields, spans });
        }
        if headers.is_empty() {
            return Err(TableError::new(Span::at_offset(text, 0), "empty CSV file"));
        }
        Ok(Table {
            headers,
            header_spans,
            rows,
        })
    }

    pub fn column(&self, name: &str) -> Option<usize> {
        self.headers.iter().position(|h| h == name)
    }

    /// The points of one series: rows that match every `filter` pair and no `exclude` pair,
    /// x from column `x`, y from column `y`. Empty y cells are gaps. Reports every bad value.
    /// Unknown column names are the caller's to check (they belong to the scene file).
    pub fn extract(
        &self,
        x: usize,
        y: usize,
        filter: &[(usize, &str)],
        exclude: &[(usize, &str)],
    ) -> Result<Extracted, Vec<TableError>> {
        let mut points: Vec<(Date, f64)> = Vec::new();
        let mut errors = Vec::new();
        let mut precision: Option<Precision> = None;
        let mut last: Option<(Date, Span)> = None;
        fn field(row: &Row, i: usize) -> &str {
            row.fields.get(i).map(|s| s.trim()).unwrap_or("")
        }
        let x_name = self.headers.get(x).map(String::as_str).unwrap_or("?");
        let y_name = self.headers.get(y).map(String::as_str).unwrap_or("?");
        let span = |row: &Row, i: usize| row.spans.get(i).copied().unwrap_or_default();
        for row in &self.rows {
            if !filter.iter().all(|&(c, v)| field(row, c) == v)
                || exclude.iter().any(|&(c, v)| field(row, c) == v)
            {
                continue;
            }
            let y_text = field(row, y);
            if y_text.is_empty() {
                continue;
            }
            let x_text = field(row, x);
            let date = match Date::parse_partial(x_text) {
                Ok((date, p)) => {
                    if precision.is_some_and(|q| q != p) {
                        errors.push(TableError::new(
                            span(row, x),
                            format!("\"{x_text}\" in column {x_name} mixes date precisions in one series"),
                        ));
                    }
                    precision = Some(p);
                    Some(date)
                }
                Err(e) => {
                    errors.push(TableError::new(
                        span(row, x),
                        format!("{e} in column {x_name}"),
                    ));
                    None
                }
            };
            let value = match y_text.parse::<f64>() {
                Ok(v) if v.is_finite() => Some(v),
                Ok(_) => {
                    errors.push(TableError::new(
                        span(row, y),
                        format!("\"{y_text}\" in column {y_name} is not a finite number"),
                    ));
                    None
                }
                Err(_) => {
                    errors.push(TableError::new(
                        span(row, y),
                        format!("non-numeric value \"{y_text}\" in column {y_name}"),
                    ));
                    None
                }
            };
            if errors.len() >= MAX_ERRORS {
                break;
            }
            if let Some(date) = date {
                if let Some((prev, _)) = last {
                    if date < prev {
                        errors.push(TableError::new(
                            span(row, x),
                            format!("{date} in column {x_name} is out of order (after {prev})"),
                        ));
                    } else if date == prev {
                        errors.push(TableError::new(
                            span(row, x),
                            format!("duplicate date {date} in column {x_name}"),
                        ));
                    }
                }
                last = Some((date, span(row, x)));
                if let Some(value) = value {
                    if points.len() >= limits::SERIES_POINTS {
                        errors.push(TableError::new(
                            span(row, y),
                            format!(
                                "more than {} points in one series (the limit)",
                                limits::SERIES_POINTS
                            ),
                        ));
                        break;
                    }
                    points.push((date, value));
                }
            }
        }
        errors.sort_by_key(|e| (e.span.line, e.span.col));
        if errors.is_empty() {
            Ok(Extracted {
                points,
                precision: precision.unwrap_or_default(),
            })
        } else {
            Err(errors)
        }
    }
}

/// Resolves filter pairs to column indexes; `Err` names the first unknown column.
pub fn resolve_columns<'a>(
    table: &Table,
    pairs: &'a BTreeMap<String, String>,
) -> Result<Vec<(usize, &'a str)>, &'a str> {
    pairs
        .iter()
        .map(|(c, v)| table.column(c).map(|i| (i, v.as_str())).ok_or(c.as_str()))
        .collect()
}

fn short_csv_error(e: &csv::Error) -> String {
    let text = e.to_string();
    text.split(':')
        .next_back()
        .unwrap_or(&text)
        .trim()
        .to_owned()
}

/// Where each of `count` fields of the record starting at `first` begins.
fn field_spans(text: &str, first: Span, count: usize) -> Vec<Span> {
    let start = first.offset;
    let mut spans = Vec::with_capacity(count);
    let (mut line, mut col) = (first.line, first.col);
    let mut field_start = (line, col, start);
    let mut in_quotes = false;
    let mut field_len = 0usize;
    let tail = text.get(start..).unwrap_or("");
    for (i, c) in tail.char_indices() {
        if spans.len() + 1 >= count && !in_quotes && (c == '\n' || c == '\r') {
            break;
        }
        match c {
            '"' => in_quotes = !in_quotes,
            ',' if !in_quotes => {
                spans.push(Span {
                    line: field_start.0,
                    col: field_start.1,
                    offset: field_start.2,
                    len_chars: field_len.max(1),
                });
                field_start = (line, col + 1, start + i + 1);
                field_len = 0;
                col += 1;
                continue;
            }
            '\n' if !in_quotes => break,
            _ => {}
        }
        if c == '\n' {
            line += 1;
            col = 1;
        } else {
            col += 1;
        }
        field_len += 1;
    }
    spans.push(Span {
        line: field_start.0,
        col: field_start.1,
        offset: field_start.2,
        len_chars: field_len.max(1),
    });
    while spans.len() < count {
        spans.push(*spans.last().unwrap_or(&first));
    }
    spans.truncate(count.max(1));
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    const CSV: &str = "date,who,value\n2018-01-01,US,3.1\n2018-07-06,\"China, PRC\",7.2\n2019-01-01,US,\n2020-01-01,US,12\n";

    #[test]
    fn keeps_field_positions() {
        let t = Table::parse(CSV).unwrap();
        assert_eq!(t.headers, ["date", "who", "value"]);
        let r = &t.rows[1];
        assert_eq!((r.spans[0].line, r.spans[0].col), (3, 1));
        assert_eq!((r.spans[1].line, r.spans[1].col), (3, 12));
        assert_eq!((r.spans[2].line, r.spans[2].col), (3, 25));
        assert_eq!(r.fields[1], "China, PRC");
    }

    #[test]
    fn extracts_filtered_points_with_gaps() {
        let t = Table::parse(CSV).unwrap();
        let e = t.extract(0, 2, &[(1, "US")], &[]).unwrap();
        assert_eq!(e.points.len(), 2);
        assert_eq!(e.points[1].1, 12.0);
        let e = t.extract(0, 2, &[], &[(1, "US")]).unwrap();
        assert_eq!(e.points, vec![(Date::parse("2018-07-06").unwrap(), 7.2)]);
    }

    #[test]
    fn reports_every_bad_value_where_it_stands() {
        let t = Table::parse("year,v\n2001,1\n2003,x\n2002,NaN\n2004,inf\n").unwrap();
        let errs = t.extract(0, 1, &[], &[]).unwrap_err();
        let got: Vec<(usize, usize, &str)> = errs
            .iter()
            .map(|e| (e.span.line, e.span.col, e.message.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (3, 6, "non-numeric value \"x\" in column v"),
                (
                    4,
                    1,
                    "2002-07-01 in column year is out of order (after 2003-07-01)"
                ),
                (4, 6, "\"NaN\" in column v is not a finite number"),
                (5, 6, "\"inf\" in column v is not a finite number"),
            ]
        );
    }

    #[test]
    fn ragged_rows_and_empty_files_are_errors() {
        let e = Table::parse("a,b\n1,2\n3\n").unwrap_err();
        assert_eq!((e.span.line, e.span.col), (3, 1));
        assert!(Table::parse("").is_err());
    }
}
