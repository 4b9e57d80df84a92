//! Issue 13: CSV files as teachers download them (Our World in Data, FRED, World Bank, IMF/OECD
//! quarters and months, European spreadsheets, thousands separators and percentages) load with
//! at most one line of declaration, into the points they hold; an ambiguous date column asks for
//! `x_format`; a wrong date format is one problem with a count, not one per row.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use storyplot::model::diag::summary;
use storyplot::model::source::MemorySource;
use storyplot::model::{Date, load};

const DECK: &str = r#"(title: "CSV shapes", eras: [(id: "all", label: "All", from: "1000-01-01", to: "9999-12-31")], scenes: ["s.ron"])"#;

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/csv")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A one-scene deck whose one series (id `s`) reads `data/<csv>` with the given fields.
fn deck(csv: &str, bytes: Vec<u8>, fields: &str) -> MemorySource {
    let scene = format!(
        r#"(id: "s", date: "2020-01-01", title: "S", era: "all",
            excerpts: [(quote: "Q.", attribution: (outlet: "FT", date: "2025-05"))],
            plot: (y_label: "Y", series: [(id: "s", label: "S", file: "data/{csv}", {fields},
                kind: Points, source: (title: "T", publisher: "P"))]))"#
    );
    MemorySource::new(
        "D",
        vec![
            ("deck.ron".into(), DECK.as_bytes().to_vec()),
            ("s.ron".into(), scene.into_bytes()),
            (format!("data/{csv}"), bytes),
        ],
    )
}

/// The series' points as `(YYYY-MM-DD, value)`, or every problem's headline.
fn points(source: &MemorySource) -> Result<Vec<(String, f64)>, Vec<String>> {
    let loaded = load(source);
    let Some(deck) = loaded.deck else {
        return Err(loaded.diagnostics.iter().map(|d| d.headline()).collect());
    };
    let series = &deck.scenes[0].plot.as_ref().unwrap().series[0];
    Ok(series
        .points
        .iter()
        .map(|p| (Date::from_x_days(p[0]).to_string(), p[1]))
        .collect())
}

fn load_fixture(csv: &str, fields: &str) -> Result<Vec<(String, f64)>, Vec<String>> {
    points(&deck(csv, fixture(csv), fields))
}

fn pts(list: &[(&str, f64)]) -> Vec<(String, f64)> {
    list.iter().map(|(d, v)| ((*d).to_owned(), *v)).collect()
}

#[test]
fn our_world_in_data_grapher_download() {
    let got = load_fixture(
        "owid.csv",
        r#"x: "Year", y: "Manufacturing value added (% of GDP)", filter: {"Code": "CHN"}"#,
    );
    assert_eq!(
        got,
        Ok(pts(&[
            ("2004-07-01", 31.5),
            ("2005-07-01", 32.1),
            ("2006-07-01", 32.5)
        ]))
    );
}

#[test]
fn fred_with_dot_and_empty_for_missing() {
    let got = load_fixture("fred.csv", r#"x: "observation_date", y: "DGS10""#);
    assert_eq!(
        got,
        Ok(pts(&[
            ("2020-01-02", 1.88),
            ("2020-01-03", 1.80),
            ("2020-01-07", 1.81)
        ]))
    );
}

#[test]
fn world_bank_wide_table_with_metadata_lines() {
    // Metadata lines detected.
    let got = load_fixture("wdi.csv", r#"wide: true, filter: {"Country Code": "CHN"}"#);
    assert_eq!(
        got,
        Ok(pts(&[
            ("2019-07-01", 5.95),
            ("2020-07-01", 2.24),
            ("2021-07-01", 8.45),
            ("2022-07-01", 2.99)
        ]))
    );
    // Declared, and `..` is a gap.
    let got = load_fixture(
        "wdi.csv",
        r#"wide: true, skip_rows: 4, filter: {"Country Name": "United States"}"#,
    );
    assert_eq!(
        got,
        Ok(pts(&[
            ("2019-07-01", 2.29),
            ("2020-07-01", -2.77),
            ("2021-07-01", 5.95)
        ]))
    );
    // A filter that selects two rows is refused, saying which.
    let got = load_fixture(
        "wdi.csv",
        r#"wide: true, filter: {"Indicator Code": "NY.GDP.MKTP.KD.ZG"}"#,
    );
    assert_eq!(
        got,
        Err(vec![
            r#"D/data/wdi.csv:7:1: the filter selects 2 rows (lines 6 and 7): a wide series reads one row (series "s")"#
                .to_owned()
        ])
    );
}

#[test]
fn world_bank_data_bank_export_with_year_labels_and_footer_notes() {
    let got = load_fixture(
        "databank.csv",
        r#"wide: true, filter: {"Country Code": "DEU"}"#,
    );
    assert_eq!(got, Ok(pts(&[("2020-07-01", 43.4), ("2021-07-01", 47.0)])));
}

#[test]
fn quarters_and_months_of_statistics_offices() {
    let got = load_fixture(
        "quarterly.csv",
        r#"x: "TIME_PERIOD", y: "OBS_VALUE", filter: {"REF_AREA": "CHN"}"#,
    );
    assert_eq!(
        got,
        Ok(pts(&[
            ("2019-01-01", 6.3),
            ("2019-04-01", 6.0),
            ("2019-07-01", 5.9),
            ("2019-10-01", 5.8)
        ]))
    );
    let compact = String::from_utf8(fixture("quarterly.csv"))
        .unwrap()
        .replace("-Q", "Q");
    let got = points(&deck(
        "q.csv",
        compact.into_bytes(),
        r#"x: "TIME_PERIOD", y: "OBS_VALUE""#,
    ));
    assert_eq!(got.map(|p| p.len()), Ok(4));
    let got = load_fixture("monthly.csv", r#"x: "TIME_PERIOD", y: "OBS_VALUE""#);
    assert_eq!(
        got,
        Ok(pts(&[
            ("2019-01-01", 101.2),
            ("2019-02-01", 101.9),
            ("2019-03-01", 102.4)
        ]))
    );
}

#[test]
fn european_spreadsheet_with_bom_semicolons_and_decimal_commas() {
    let want = Ok(pts(&[
        ("2020-01-01", 1234.5),
        ("2020-02-01", 1250.75),
        ("2020-03-01", -3.5),
    ]));
    let detected = load_fixture(
        "european.csv",
        r#"x: "Datum", y: "Wert", filter: {"Land": "DE"}"#,
    );
    assert_eq!(detected, want);
    let declared = load_fixture(
        "european.csv",
        r#"x: "Datum", y: "Wert", filter: {"Land": "DE"}, delimiter: ";", decimal: ",""#,
    );
    assert_eq!(declared, want);
}

#[test]
fn thousands_separators_percent_and_currency() {
    let revenue = load_fixture("spreadsheet.csv", r#"x: "date", y: "revenue""#);
    assert_eq!(
        revenue,
        Ok(pts(&[
            ("2000-01-01", 1234.5),
            ("2000-02-01", 2000.0),
            ("2000-03-01", 1_000_000.0)
        ]))
    );
    let share = load_fixture("spreadsheet.csv", r#"x: "date", y: "share""#);
    assert_eq!(
        share,
        Ok(pts(&[("2000-01-01", 12.5), ("2000-02-01", 13.0)]))
    );
    let weather = load_fixture("weather.csv", r#"x: "date", y: "temp_max""#);
    assert_eq!(
        weather,
        Ok(pts(&[
            ("2012-01-01", 12.8),
            ("2012-01-02", 10.6),
            ("2012-01-03", 11.7)
        ]))
    );
}

#[test]
fn ambiguous_day_month_asks_for_x_format() {
    let got = load_fixture("ambiguous.csv", r#"x: "day", y: "units""#);
    assert_eq!(
        got,
        Err(vec![
            r#"D/data/ambiguous.csv:2:1: 3 values in column "day" could be day/month or month/day (first: "03/04/2019"); add x_format: "%d/%m/%Y" (or "%m/%d/%Y") to series "s""#
                .to_owned()
        ])
    );
    let got = load_fixture(
        "ambiguous.csv",
        r#"x: "day", y: "units", x_format: "%d/%m/%Y""#,
    );
    assert_eq!(
        got,
        Ok(pts(&[
            ("2019-04-03", 5.0),
            ("2019-04-04", 7.0),
            ("2019-04-05", 9.0)
        ]))
    );
    let got = load_fixture(
        "ambiguous.csv",
        r#"x: "day", y: "units", x_format: "%m/%d/%Y""#,
    );
    assert_eq!(
        got.map(|p| p.into_iter().map(|(d, _)| d).collect::<Vec<_>>()),
        Ok(vec![
            "2019-03-04".to_owned(),
            "2019-04-04".to_owned(),
            "2019-05-04".to_owned()
        ])
    );
    // One day over 12 decides the whole column.
    let decided = String::from_utf8(fixture("ambiguous.csv"))
        .unwrap()
        .replace("05/04/2019", "13/04/2019");
    let got = points(&deck(
        "a.csv",
        decided.into_bytes(),
        r#"x: "day", y: "units""#,
    ));
    assert_eq!(
        got.map(|p| p.into_iter().map(|(d, _)| d).collect::<Vec<_>>()),
        Ok(vec![
            "2019-04-03".to_owned(),
            "2019-04-04".to_owned(),
            "2019-04-13".to_owned()
        ])
    );
}

/// Four years of daily rows, 2019-01-01 to 2022-12-31, dated `YYYY.MM.DD`.
fn four_years_dotted() -> String {
    let mut csv = String::from("date,rate\n");
    let first = Date::parse("2019-01-01").unwrap().x_days();
    for i in 0..1461 {
        let d = Date::from_x_days(first + f64::from(i));
        csv.push_str(&format!(
            "{:04}.{:02}.{:02},{}.5\n",
            d.year(),
            d.month(),
            d.day(),
            i % 7
        ));
    }
    csv
}

#[test]
fn a_wrong_date_format_is_one_error_with_its_count() {
    let csv = four_years_dotted();
    assert_eq!(csv.lines().count(), 1462);
    let source = deck(
        "fx.csv",
        csv.clone().into_bytes(),
        r#"x: "date", y: "rate""#,
    );
    let loaded = load(&source);
    let headlines: Vec<String> = loaded.diagnostics.iter().map(|d| d.headline()).collect();
    assert_eq!(
        headlines,
        [
            r#"D/data/fx.csv:2:1: 1461 values in column "date" are not dates in a known shape (first: "2019.01.01"); give the dates' shape with x_format (strftime-style, e.g. x_format: "%d.%m.%Y") in series "s""#
        ]
    );
    assert_eq!(
        summary(loaded.scene_count, loaded.series_count, &loaded.diagnostics),
        "1 scene, 1 series, 1 error, 0 warnings"
    );
    // The snippet shows the line and underlines the date.
    let text = loaded.diagnostics[0].to_string();
    assert_eq!(
        text.lines().skip(2).collect::<Vec<_>>(),
        ["2 | 2019.01.01,0.5", "  | ^^^^^^^^^^"]
    );
    // With the shape declared, every day loads.
    let got = points(&deck(
        "fx.csv",
        csv.into_bytes(),
        r#"x: "date", y: "rate", x_format: "%Y.%m.%d""#,
    ))
    .unwrap();
    assert_eq!(got.len(), 1461);
    assert_eq!(got[0], ("2019-01-01".to_owned(), 0.5));
    assert_eq!(got[1460], ("2022-12-31".to_owned(), 4.5));
}

#[test]
fn bad_values_are_grouped_per_column_and_kind() {
    let csv =
        "date,v\n2019-01-01,1\n2019-01-02,12abc\n2019-01-03,7z\n2019-01-03,2\n2019-01-05,NaN\n";
    let got = points(&deck("g.csv", csv.into(), r#"x: "date", y: "v""#));
    assert_eq!(
        got,
        Err(vec![
            r#"D/data/g.csv:3:12: 2 non-numeric values in column "v" (first: "12abc") (series "s")"#
                .to_owned(),
            r#"D/data/g.csv:5:1: duplicate date 2019-01-03 in column date (series "s")"#
                .to_owned(),
            r#"D/data/g.csv:6:12: "NaN" in column v is not a finite number (series "s")"#
                .to_owned(),
        ])
    );
}

#[test]
fn missing_markers_and_declared_options_are_checked() {
    let csv = "date,v\n2019-01-01,1\n2019-01-02,n.a.\n2019-01-03,3\n";
    let got = points(&deck("m.csv", csv.into(), r#"x: "date", y: "v""#));
    assert_eq!(
        got,
        Err(vec![
            r#"D/data/m.csv:3:12: non-numeric value "n.a." in column v; list any missing-value marker in missing: [..] of series "s""#
                .to_owned()
        ])
    );
    let got = points(&deck(
        "m.csv",
        csv.into(),
        r#"x: "date", y: "v", missing: ["n.a."]"#,
    ));
    assert_eq!(got, Ok(pts(&[("2019-01-01", 1.0), ("2019-01-03", 3.0)])));
    let got = points(&deck(
        "m.csv",
        csv.into(),
        r#"x: "date", y: "v", decimal: "x", delimiter: "::""#,
    ));
    let mut errors = got.unwrap_err();
    errors.sort();
    assert_eq!(
        errors,
        [
            r#"D/s.ron:3:113: decimal "x" must be "." or ",""#,
            r#"D/s.ron:3:129: delimiter "::" must be ",", ";", "\t" or "|""#,
        ]
    );
}
