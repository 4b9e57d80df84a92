//! Dates as downloaded CSV files write them: ISO dates and date-times, `2012/01/01`,
//! `Jan 1 2000`, `1 January 2000`, `January 2000`, `2019-01`, `2019M01`, `2019`, quarters
//! (`2019-Q1`, `2019Q1`), and `dd/mm/yyyy` or `mm/dd/yyyy`, which only the whole column can
//! tell apart. An explicit strftime-style `x_format` overrides the detection.
//!
//! Years are held at 1 July (the middle of an annual figure's year); months and quarters at
//! their first day.

use super::date::{Date, Precision};

/// What one cell of a date column says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cell {
    /// A date in a shape that means one thing.
    Known(Date, Precision),
    /// `a/b/yyyy` (or with `-`): day/month or month/day, decided by the column.
    DayMonth { a: u8, b: u8, year: i16, sep: u8 },
    /// A known shape naming a day that does not exist (`2019-02-30`).
    NoSuchDay,
    /// No shape this module knows.
    Unknown,
}

/// The order of the two leading numbers of `a/b/yyyy` dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    DayMonth,
    MonthDay,
}

impl Cell {
    /// The date of a `DayMonth` cell in the given order (`None` when it does not exist).
    pub fn resolve(self, order: Order) -> Option<(Date, Precision)> {
        match self {
            Cell::Known(d, p) => Some((d, p)),
            Cell::DayMonth { a, b, year, .. } => {
                let (day, month) = match order {
                    Order::DayMonth => (a, b),
                    Order::MonthDay => (b, a),
                };
                let (Ok(day), Ok(month)) = (i8::try_from(day), i8::try_from(month)) else {
                    return None;
                };
                Date::from_ymd(year, month, day).map(|d| (d, Precision::Day))
            }
            Cell::NoSuchDay | Cell::Unknown => None,
        }
    }
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn year_of(s: &str) -> Option<i16> {
    (s.len() == 4 && all_digits(s))
        .then(|| s.parse().ok())
        .flatten()
}

fn small(s: &str) -> Option<u8> {
    ((1..=2).contains(&s.len()) && all_digits(s))
        .then(|| s.parse().ok())
        .flatten()
}

/// English month names, full or abbreviated (`Sept` too), any case.
pub fn month_number(name: &str) -> Option<u8> {
    const NAMES: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let lower = name.trim_end_matches('.').to_ascii_lowercase();
    if lower.len() < 3 {
        return None;
    }
    if lower == "sept" {
        return Some(9);
    }
    NAMES
        .iter()
        .position(|full| *full == lower || (lower.len() == 3 && full.starts_with(&lower)))
        .and_then(|i| u8::try_from(i + 1).ok())
}

fn known(year: i16, month: u8, day: u8, precision: Precision) -> Cell {
    match (i8::try_from(month), i8::try_from(day)) {
        (Ok(m), Ok(d)) => match Date::from_ymd(year, m, d) {
            Some(date) => Cell::Known(date, precision),
            None => Cell::NoSuchDay,
        },
        _ => Cell::NoSuchDay,
    }
}

/// Reads one cell in any shape this module knows.
pub fn detect(text: &str) -> Cell {
    let t = text.trim();
    // `1960 [YR1960]`: the World Bank's Data Bank headers.
    let t = match t.split_once(" [YR") {
        Some((year, rest)) if rest.ends_with(']') => year,
        _ => t,
    };
    if let Some(y) = year_of(t) {
        return known(y, 7, 1, Precision::Year);
    }
    let bytes = t.as_bytes();
    // ISO: `YYYY-MM-DD`, optionally followed by a time; `YYYY-MM`.
    if bytes.len() >= 7 && bytes.get(4) == Some(&b'-') {
        if let Some(y) = year_of(&t[..4]) {
            let rest = &t[5..];
            if rest.len() == 2
                && let Some(m) = small(rest)
            {
                return if (1..=12).contains(&m) {
                    known(y, m, 1, Precision::Month)
                } else {
                    Cell::NoSuchDay
                };
            }
            if let Some(q) = quarter(rest) {
                return known(y, q * 3 - 2, 1, Precision::Quarter);
            }
            if rest.len() >= 5 && rest.as_bytes().get(2) == Some(&b'-') {
                let (m, tail) = rest.split_at(2);
                let tail = &tail[1..];
                let (d, time) = tail.split_at(tail.len().min(2));
                let time_ok = time.is_empty()
                    || ((time.starts_with('T') || time.starts_with(' '))
                        && time.len() >= 3
                        && time.as_bytes().get(1).is_some_and(u8::is_ascii_digit));
                if let (true, Some(m), Some(d), true) = (
                    m.len() == 2,
                    small(m),
                    small(d).filter(|_| d.len() == 2),
                    time_ok,
                ) {
                    return known(y, m, d, Precision::Day);
                }
            }
        }
        return Cell::Unknown;
    }
    // `YYYYQn`, `YYYY Qn`, `YYYYMmm`.
    if bytes.len() >= 6
        && let Some(y) = t.get(..4).and_then(year_of)
    {
        let rest = t.get(4..).unwrap_or("").trim_start();
        if let Some(q) = quarter(rest) {
            return known(y, q * 3 - 2, 1, Precision::Quarter);
        }
        if let Some(m) = rest.strip_prefix(['M', 'm']).and_then(small) {
            return if (1..=12).contains(&m) {
                known(y, m, 1, Precision::Month)
            } else {
                Cell::NoSuchDay
            };
        }
        // `YYYY/MM/DD`
        let parts: Vec<&str> = t.split('/').collect();
        if let [_, m, d] = parts.as_slice()
            && let (Some(m), Some(d)) = (small(m), small(d))
        {
            return known(y, m, d, Precision::Day);
        }
    }
    // `Qn YYYY`
    if let Some((q, y)) = t.split_once(' ')
        && let (Some(q), Some(y)) = (quarter(q), year_of(y.trim()))
    {
        return known(y, q * 3 - 2, 1, Precision::Quarter);
    }
    // `a/b/yyyy`, `a-b-yyyy`, `d.m.yyyy`
    for sep in [b'/', b'-', b'.'] {
        let parts: Vec<&str> = t.split(char::from(sep)).collect();
        if let [a, b, y] = parts.as_slice()
            && let (Some(a), Some(b), Some(year)) = (small(a), small(b), year_of(y))
        {
            // Dots are day.month.year wherever they are used.
            if sep == b'.' {
                return known(year, b, a, Precision::Day);
            }
            return Cell::DayMonth { a, b, year, sep };
        }
    }
    // Month names: `Jan 1 2000`, `January 1, 2000`, `1 January 2000`, `01-Jan-2000`,
    // `January 2000`, `Jan-2000`.
    let words: Vec<&str> = t.split([' ', ',', '-']).filter(|w| !w.is_empty()).collect();
    match words.as_slice() {
        [m, d, y] => {
            if let (Some(m), Some(d), Some(y)) = (month_number(m), small(d), year_of(y)) {
                return known(y, m, d, Precision::Day);
            }
            if let (Some(d), Some(m), Some(y)) = (small(m), month_number(d), year_of(y)) {
                return known(y, m, d, Precision::Day);
            }
        }
        [m, y] => {
            if let (Some(m), Some(y)) = (month_number(m), year_of(y)) {
                return known(y, m, 1, Precision::Month);
            }
        }
        _ => {}
    }
    Cell::Unknown
}

/// `Q1`..`Q4` (either case), with an optional leading `-`.
fn quarter(s: &str) -> Option<u8> {
    let s = s.strip_prefix('-').unwrap_or(s);
    let n = s.strip_prefix(['Q', 'q'])?;
    let q = small(n)?;
    (n.len() == 1 && (1..=4).contains(&q)).then_some(q)
}

/// Why an `x_format` cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FormatError {
    #[error("x_format \"{0}\" has no year (%Y)")]
    NoYear(String),
}

/// Checks an `x_format` once, before any cell is read with it.
pub fn check_format(format: &str) -> Result<(), FormatError> {
    if format.contains("%Y") || format.contains("%y") || format.contains("%C") {
        Ok(())
    } else {
        Err(FormatError::NoYear(format.to_owned()))
    }
}

/// Reads one cell with a strftime-style format (`%d/%m/%Y`, `%b %Y`, `%Y`): a format without a
/// day gives the first of the month, one without a month gives 1 July.
pub fn parse_with(format: &str, text: &str) -> Cell {
    let Ok(tm) = jiff::fmt::strtime::parse(format, text.trim()) else {
        return Cell::Unknown;
    };
    let Some(year) = tm.year() else {
        return Cell::Unknown;
    };
    match (tm.month(), tm.day()) {
        (Some(m), Some(d)) => known(year, m.unsigned_abs(), d.unsigned_abs(), Precision::Day),
        (Some(m), None) => known(year, m.unsigned_abs(), 1, Precision::Month),
        (None, _) => known(year, 7, 1, Precision::Year),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> String {
        match detect(text) {
            Cell::Known(d, p) => format!("{d} {p:?}"),
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn reads_every_unambiguous_shape() {
        let cases = [
            ("2019-03-04", "2019-03-04 Day"),
            ("2019-03-04T12:30:00Z", "2019-03-04 Day"),
            ("2019-03-04 12:30", "2019-03-04 Day"),
            ("2012/01/31", "2012-01-31 Day"),
            ("Jan 1 2000", "2000-01-01 Day"),
            ("January 15, 2000", "2000-01-15 Day"),
            ("1 January 2000", "2000-01-01 Day"),
            ("01-Jan-2000", "2000-01-01 Day"),
            ("Sept 3 2001", "2001-09-03 Day"),
            ("January 2000", "2000-01-01 Month"),
            ("Mar-2000", "2000-03-01 Month"),
            ("2019-05", "2019-05-01 Month"),
            ("2019M05", "2019-05-01 Month"),
            ("2019", "2019-07-01 Year"),
            ("1960 [YR1960]", "1960-07-01 Year"),
            ("2019-Q1", "2019-01-01 Quarter"),
            ("2019Q2", "2019-04-01 Quarter"),
            ("2019 Q3", "2019-07-01 Quarter"),
            ("Q4 2019", "2019-10-01 Quarter"),
            ("04.03.2019", "2019-03-04 Day"),
        ];
        for (text, want) in cases {
            assert_eq!(day(text), want, "{text}");
        }
    }

    #[test]
    fn slashes_wait_for_the_column_and_nonsense_is_unknown() {
        let c = detect("03/04/2019");
        assert_eq!(
            c,
            Cell::DayMonth {
                a: 3,
                b: 4,
                year: 2019,
                sep: b'/'
            }
        );
        assert_eq!(
            c.resolve(Order::DayMonth).map(|(d, _)| d.to_string()),
            Some("2019-04-03".into())
        );
        assert_eq!(
            c.resolve(Order::MonthDay).map(|(d, _)| d.to_string()),
            Some("2019-03-04".into())
        );
        for bad in ["", "x", "2019-5", "19/05/19", "2019-Q5", "Foo 2019", "12.5"] {
            assert_eq!(detect(bad), Cell::Unknown, "{bad}");
        }
        for none in ["2019-02-30", "2019-13", "2019M13", "Feb 30 2019"] {
            assert_eq!(detect(none), Cell::NoSuchDay, "{none}");
        }
    }

    #[test]
    fn explicit_formats() {
        let d = |f: &str, t: &str| match parse_with(f, t) {
            Cell::Known(d, p) => format!("{d} {p:?}"),
            other => format!("{other:?}"),
        };
        assert_eq!(d("%d/%m/%Y", "03/04/2019"), "2019-04-03 Day");
        assert_eq!(d("%m/%d/%Y", "03/04/2019"), "2019-03-04 Day");
        assert_eq!(d("%b %Y", "Apr 2019"), "2019-04-01 Month");
        assert_eq!(d("%Y", "2019"), "2019-07-01 Year");
        assert_eq!(d("%d/%m/%Y", "2019-04-03"), "Unknown");
        assert!(check_format("%d/%m").is_err());
    }
}
