//! Calendar dates as the deck uses them: parsed once from `YYYY-MM-DD` text, then carried as
//! validated values. The plot's x axis counts days since 1970-01-01 (`x_days`).

use std::fmt;

use jiff::civil;

/// A validated calendar date (proleptic Gregorian, no time zone).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(civil::Date);

/// How precisely a date was given: a day, a month, a quarter or a year (annual data).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Hash)]
pub enum Precision {
    #[default]
    Day,
    Month,
    /// Held at the first day of the quarter's first month.
    Quarter,
    Year,
}

/// Why a date string was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("malformed date \"{0}\" (expected YYYY-MM-DD)")]
    Shape(String),
    #[error("no such date \"{0}\"")]
    NoSuchDay(String),
}

const EPOCH: civil::Date = civil::date(1970, 1, 1);
/// `x_days` of 1000-01-01 and 9999-12-31, the dates the format accepts.
const FIRST_X_DAYS: f64 = -354_285.0;
const LAST_X_DAYS: f64 = 2_932_896.0;

impl Date {
    /// Builds a date from parts; `None` when the day does not exist.
    pub fn from_ymd(year: i16, month: i8, day: i8) -> Option<Date> {
        if !(1000..=9999).contains(&year) {
            return None;
        }
        civil::Date::new(year, month, day).ok().map(Date)
    }

    /// Parses exactly `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Result<Date, DateError> {
        let (date, precision) = Self::parse_partial(text)?;
        if precision != Precision::Day {
            return Err(DateError::Shape(text.to_owned()));
        }
        Ok(date)
    }

    /// Parses `YYYY-MM-DD`, `YYYY-MM` (first of the month) or `YYYY` (1 July: the middle of an
    /// annual figure's year) and says which it was.
    pub fn parse_partial(text: &str) -> Result<(Date, Precision), DateError> {
        let shape = || DateError::Shape(text.to_owned());
        let parts: Vec<&str> = text.split('-').collect();
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        let num = |s: &str| s.parse::<i16>().map_err(|_| shape());
        let (year, month, day, precision) = match parts.as_slice() {
            [y] if digits(y, 4) => (num(y)?, 7, 1, Precision::Year),
            [y, m] if digits(y, 4) && digits(m, 2) => (num(y)?, num(m)?, 1, Precision::Month),
            [y, m, d] if digits(y, 4) && digits(m, 2) && digits(d, 2) => {
                (num(y)?, num(m)?, num(d)?, Precision::Day)
            }
            _ => return Err(shape()),
        };
        let (Ok(month), Ok(day)) = (i8::try_from(month), i8::try_from(day)) else {
            return Err(DateError::NoSuchDay(text.to_owned()));
        };
        Date::from_ymd(year, month, day)
            .map(|d| (d, precision))
            .ok_or_else(|| DateError::NoSuchDay(text.to_owned()))
    }

    pub fn year(self) -> i16 {
        self.0.year()
    }
    pub fn month(self) -> i8 {
        self.0.month()
    }
    pub fn day(self) -> i8 {
        self.0.day()
    }

    /// Days since 1970-01-01: the plot's x coordinate.
    pub fn x_days(self) -> f64 {
        let days = self
            .0
            .since((jiff::Unit::Day, EPOCH))
            .map(|span| span.get_days())
            .unwrap_or(0);
        f64::from(days)
    }

    /// The date `x_days` days after 1970-01-01 (rounded down), clamped to years 1000..=9999.
    pub fn from_x_days(x_days: f64) -> Date {
        let days = if x_days.is_finite() {
            x_days.floor().clamp(FIRST_X_DAYS, LAST_X_DAYS) as i64
        } else {
            0
        };
        let date = EPOCH
            .checked_add(jiff::Span::new().days(days))
            .unwrap_or(EPOCH);
        Date(date)
    }

    /// `19 May 2025`
    pub fn long(self) -> String {
        format!(
            "{} {} {}",
            self.day(),
            month_name(self.month()),
            self.year()
        )
    }

    /// `May 2025`
    pub fn month_year(self) -> String {
        format!("{} {}", month_name(self.month()), self.year())
    }

    /// Text at the given precision: `19 May 2025`, `May 2025`, `Q2 2025` or `2025`.
    pub fn with_precision(self, precision: Precision) -> String {
        match precision {
            Precision::Day => self.long(),
            Precision::Month => self.month_year(),
            Precision::Quarter => format!("Q{} {}", (self.month() + 2) / 3, self.year()),
            Precision::Year => self.year().to_string(),
        }
    }
}

/// English month name, `"?"` outside 1..=12.
pub fn month_name(month: i8) -> &'static str {
    const NAMES: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    usize::try_from(month - 1)
        .ok()
        .and_then(|i| NAMES.get(i))
        .copied()
        .unwrap_or("?")
}

impl fmt::Display for Date {
    /// ISO form, `2025-05-19`: the form scene files use.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.year(),
            self.month(),
            self.day()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_iso_days_and_rejects_the_rest() {
        let ok = Date::parse("2025-05-19").unwrap();
        assert_eq!((ok.year(), ok.month(), ok.day()), (2025, 5, 19));
        for bad in [
            "2025-5-19",
            "19/05/2025",
            "2025-05-19T00:00",
            "",
            "2025",
            "２０２５-05-19",
        ] {
            assert!(
                matches!(Date::parse(bad), Err(DateError::Shape(_))),
                "{bad}"
            );
        }
        for none in ["2025-02-29", "2025-13-01", "2025-04-31", "2025-00-10"] {
            assert!(
                matches!(Date::parse(none), Err(DateError::NoSuchDay(_))),
                "{none}"
            );
        }
        assert!(Date::parse("2024-02-29").is_ok());
    }

    #[test]
    fn partial_dates_say_their_precision() {
        let (y, p) = Date::parse_partial("2023").unwrap();
        assert_eq!((y.to_string().as_str(), p), ("2023-07-01", Precision::Year));
        let (m, p) = Date::parse_partial("2025-05").unwrap();
        assert_eq!(
            (m.to_string().as_str(), p),
            ("2025-05-01", Precision::Month)
        );
        assert_eq!(m.with_precision(p), "May 2025");
    }

    #[test]
    fn x_days_round_trips() {
        let epoch = Date::parse("1970-01-01").unwrap();
        assert_eq!(epoch.x_days(), 0.0);
        let d = Date::parse("2025-05-14").unwrap();
        assert_eq!(d.x_days(), 20_222.0);
        assert_eq!(Date::from_x_days(d.x_days()), d);
        assert_eq!(Date::from_x_days(d.x_days() + 0.7), d);
        assert_eq!(Date::from_x_days(f64::NAN), epoch);
        for edge in ["1000-01-01", "9999-12-31"] {
            let d = Date::parse(edge).unwrap();
            assert_eq!(Date::from_x_days(d.x_days()), d, "{edge}");
        }
        assert_eq!(Date::from_x_days(-1e12).to_string(), "1000-01-01");
        assert_eq!(Date::from_x_days(1e12).to_string(), "9999-12-31");
    }
}
