//! Numbers as spreadsheets and statistics offices write them: `1,234.5`, `1.234,5`, `12.5%`,
//! `$1,200`, `1 234,5`, and missing-value markers (`..`, `NA`, `.`) that are gaps, not errors.
//!
//! When the decimal mark is not declared, a cell says which it is when it can (`1,5`, `2.25`,
//! `1,234.5`); a cell that could be either (`1,234`: a thousand or one point two) is kept with
//! both readings and decided by its column.

/// The mark between the whole part and the fraction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Decimal {
    /// `1,234.5`
    Point,
    /// `1.234,5`
    Comma,
}

/// What one cell of a number column says.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Num {
    Value(f64),
    /// `1,234` or `1.234` with no declared decimal mark: the value if the point is the decimal
    /// mark, and if the comma is.
    Either {
        point: f64,
        comma: f64,
    },
    /// A missing-value marker: a gap in the series.
    Missing,
    /// Infinite or NaN.
    NotFinite,
    NotNumber,
}

/// The missing-value markers used when a series declares none.
pub const DEFAULT_MISSING: &[&str] = &["", ".", "..", "NA", "N/A", "n/a", "-"];

const CURRENCY: &[char] = &['$', '€', '£', '¥'];

fn finite(v: f64) -> Num {
    if v.is_finite() {
        Num::Value(v)
    } else {
        Num::NotFinite
    }
}

/// `1,234,567`: one to three digits, then groups of exactly three after each separator.
fn grouped(digits: &str, sep: char) -> bool {
    let mut groups = digits.split(sep);
    let first = groups.next().unwrap_or("");
    let ok_first = (1..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_digit())
        && !first.starts_with('0');
    let mut rest = 0;
    for g in groups {
        if g.len() != 3 || !g.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
        rest += 1;
    }
    ok_first && rest > 0
}

/// `body` with `thousands` separators (checked) and `decimal` as the decimal mark, as a number.
fn with_marks(body: &str, decimal: char, thousands: char) -> Option<f64> {
    let (whole, fraction) = match body.rsplit_once(decimal) {
        Some((w, f)) => (w, Some(f)),
        None => (body, None),
    };
    if fraction.is_some_and(|f| f.contains(thousands) || f.contains(decimal)) {
        return None;
    }
    let whole_plain: String = if whole.contains(thousands) {
        if !grouped(whole, thousands) {
            return None;
        }
        whole.chars().filter(|c| *c != thousands).collect()
    } else {
        whole.to_owned()
    };
    if whole_plain.is_empty() && fraction.is_none_or(str::is_empty) {
        return None;
    }
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !digits(&whole_plain) || !fraction.is_none_or(digits) {
        return None;
    }
    let text = match fraction {
        Some(f) => format!("{whole_plain}.{f}"),
        None => whole_plain,
    };
    text.parse().ok()
}

/// Reads one cell. `missing` lists the markers of a gap (compared after trimming).
pub fn parse(cell: &str, decimal: Option<Decimal>, missing: &[&str]) -> Num {
    let t = cell.trim();
    if missing.contains(&t) {
        return Num::Missing;
    }
    // The common case, plain `12.5` or `-3e4`, costs one parse. With a declared comma or no
    // declared mark, `1.234` must not be read as one point two three four here.
    let dot_thousands_possible =
        decimal != Some(Decimal::Point) && grouped(t.trim_start_matches(['-', '+']), '.');
    if decimal != Some(Decimal::Comma)
        && !dot_thousands_possible
        && let Ok(v) = t.parse::<f64>()
    {
        return finite(v);
    }
    // Sign, currency, percent and blanks between digit groups.
    let mut body = t;
    let mut negative = false;
    if let Some(rest) = body.strip_prefix('-') {
        negative = true;
        body = rest;
    } else if let Some(rest) = body.strip_prefix('+') {
        body = rest;
    }
    body = body.trim_start_matches(CURRENCY).trim_start();
    if !negative && let Some(rest) = body.strip_prefix('-') {
        negative = true;
        body = rest;
    }
    body = body.strip_suffix('%').unwrap_or(body).trim_end();
    let body: String = body
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\''))
        .collect();
    if body.is_empty() {
        return Num::NotNumber;
    }
    let sign = if negative { -1.0 } else { 1.0 };
    let read = |decimal: char, thousands: char| with_marks(&body, decimal, thousands);
    let num = match decimal {
        Some(Decimal::Point) => read('.', ',').map(|v| Num::Value(sign * v)),
        Some(Decimal::Comma) => read(',', '.').map(|v| Num::Value(sign * v)),
        None => {
            let (dot, comma) = (body.contains('.'), body.contains(','));
            let single = |c: char| body.matches(c).count() == 1;
            let either = || match (read('.', ','), read(',', '.')) {
                (Some(p), Some(c)) => Some(Num::Either {
                    point: sign * p,
                    comma: sign * c,
                }),
                _ => None,
            };
            let value = |v: Option<f64>| v.map(|v| Num::Value(sign * v));
            match (dot, comma) {
                // The last mark is the decimal one: `1,234.5`, `1.234,5`.
                (true, true) if body.rfind('.') > body.rfind(',') => value(read('.', ',')),
                (true, true) => value(read(',', '.')),
                (false, true) if !single(',') => value(read('.', ',')),
                (false, true) if grouped(&body, ',') => either(),
                (false, true) => value(read(',', '.')),
                (true, false) if !single('.') => value(read(',', '.')),
                (true, false) if grouped(&body, '.') => either(),
                _ => value(read('.', ',')),
            }
        }
    };
    match num {
        Some(Num::Value(v)) => finite(v),
        Some(n) => n,
        None => Num::NotNumber,
    }
}

/// Which decimal mark a cell read with no declared mark shows, if any.
pub fn evidence(cell: &str, num: Num) -> Option<Decimal> {
    if !matches!(num, Num::Value(_)) {
        return None;
    }
    let (dot, comma) = (cell.rfind('.'), cell.rfind(','));
    match (dot, comma) {
        (Some(d), Some(c)) if d > c => Some(Decimal::Point),
        (Some(_), Some(_)) => Some(Decimal::Comma),
        (Some(_), None) if cell.matches('.').count() == 1 => Some(Decimal::Point),
        (None, Some(_)) if cell.matches(',').count() == 1 => Some(Decimal::Comma),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(cell: &str, decimal: Option<Decimal>) -> Num {
        parse(cell, decimal, DEFAULT_MISSING)
    }

    #[test]
    fn plain_numbers_and_markers() {
        assert_eq!(v("12.5", None), Num::Value(12.5));
        assert_eq!(v(" -3e2 ", None), Num::Value(-300.0));
        assert_eq!(v("12", Some(Decimal::Comma)), Num::Value(12.0));
        for gap in ["", " ", ".", "..", "NA", "N/A", "n/a", "-"] {
            assert_eq!(v(gap, None), Num::Missing, "{gap:?}");
        }
        assert_eq!(parse("..", None, &["x"]), Num::NotNumber);
        assert_eq!(v("NaN", None), Num::NotFinite);
        assert_eq!(v("inf", None), Num::NotFinite);
        for bad in ["x", "12 %x", "1,2,3", "1.2.3", "--1", "$", "1,23.4"] {
            assert_eq!(v(bad, None), Num::NotNumber, "{bad}");
        }
    }

    #[test]
    fn separators_percent_and_currency() {
        let cases = [
            ("1,234.5", None, 1234.5),
            ("1.234,5", None, 1234.5),
            ("1,234,567", None, 1_234_567.0),
            ("1.234.567", None, 1_234_567.0),
            ("12.5%", None, 12.5),
            ("12,5 %", None, 12.5),
            ("$1,200.50", None, 1200.5),
            ("-$3.25", None, -3.25),
            ("€ 3,5", None, 3.5),
            ("1 234,5", Some(Decimal::Comma), 1234.5),
            ("1.234", Some(Decimal::Comma), 1234.0),
            ("1,234", Some(Decimal::Point), 1234.0),
            ("1,5", None, 1.5),
            ("2.25", None, 2.25),
        ];
        for (cell, decimal, want) in cases {
            assert_eq!(v(cell, decimal), Num::Value(want), "{cell}");
        }
        assert_eq!(
            v("1,234", None),
            Num::Either {
                point: 1234.0,
                comma: 1.234
            }
        );
        assert_eq!(
            v("-1.234", None),
            Num::Either {
                point: -1.234,
                comma: -1234.0
            }
        );
        assert_eq!(v("1.5", Some(Decimal::Comma)), Num::NotNumber);
    }

    #[test]
    fn evidence_of_the_decimal_mark() {
        assert_eq!(evidence("1,5", v("1,5", None)), Some(Decimal::Comma));
        assert_eq!(evidence("2.25", v("2.25", None)), Some(Decimal::Point));
        assert_eq!(
            evidence("1,234.5", v("1,234.5", None)),
            Some(Decimal::Point)
        );
        assert_eq!(evidence("1,234", v("1,234", None)), None);
        assert_eq!(evidence("12", v("12", None)), None);
    }
}
