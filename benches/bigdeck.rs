//! A deck whose data is big, as teachers' downloads are: one CSV of daily values for many
//! countries (150 × 13,000 days ≈ 1.95 M rows, ≈ 45 MB), of which one series keeps a country.
//! Shared by the benchmarks and the tests (`#[path]`); written once and reused.

#![allow(dead_code)]
#![allow(clippy::unwrap_used, clippy::expect_used)] // a fixture may stop on a full disk

use std::io::Write;
use std::path::{Path, PathBuf};

/// Countries and days of the benchmark's big deck.
pub const COUNTRIES: usize = 150;
pub const DAYS: usize = 13_000;

/// The big deck under `dir` (written if missing or of another size). Returns its folder.
pub fn ensure_big_deck(dir: &Path) -> PathBuf {
    write_deck(&dir.join("bigdeck"), COUNTRIES, DAYS)
}

/// A deck in `deck` with `countries` × `days` rows in `data/big.csv` (skipped when the CSV is
/// already there with the expected size). Two scenes: one plots country C007 from the big
/// file, one has no plot.
pub fn write_deck(deck: &Path, countries: usize, days: usize) -> PathBuf {
    std::fs::create_dir_all(deck.join("data")).unwrap();
    let csv = deck.join("data/big.csv");
    let expected = csv_len(countries, days);
    if std::fs::metadata(&csv).map(|m| m.len()).ok() != Some(expected) {
        let tmp = deck.join("data/big.csv.tmp");
        let mut w =
            std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&tmp).unwrap());
        w.write_all(b"country,date,value\n").unwrap();
        let start = jiff::civil::date(1990, 1, 1);
        for d in 0..days {
            let date = start.checked_add(jiff::Span::new().days(d as i64)).unwrap();
            for c in 0..countries {
                // deterministic values with one decimal: 100.0 to 999.9
                let v = 1000 + (c * 7919 + d * 104_729) % 9000;
                writeln!(w, "C{c:03},{date},{}.{}", v / 10, v % 10).unwrap();
            }
        }
        w.flush().unwrap();
        drop(w);
        std::fs::rename(&tmp, &csv).unwrap();
        assert_eq!(std::fs::metadata(&csv).unwrap().len(), expected);
    }
    std::fs::write(deck.join("deck.ron"), DECK).unwrap();
    std::fs::write(deck.join("01-big.ron"), BIG_SCENE).unwrap();
    std::fs::write(deck.join("02-words.ron"), WORDS_SCENE).unwrap();
    deck.to_owned()
}

/// The CSV's length in bytes: header, then `C000,1990-01-01,123.4\n` (22 bytes) per row.
fn csv_len(countries: usize, days: usize) -> u64 {
    19 + (countries * days * 22) as u64
}

const DECK: &str = r#"(
    title: "Big data",
    eras: [
        (id: "all", label: "Everything", from: "1990-01-01", to: "2030-12-31"),
    ],
    scenes: [
        "01-big.ron",
        "02-words.ron",
    ],
)
"#;

pub const BIG_SCENE: &str = r#"(
    id: "big",
    date: "2020-01-01",
    title: "One country of many",
    era: "all",
    excerpts: [
        (
            quote: "A series drawn from a file of nearly two million rows.",
            attribution: (outlet: "Storyplot", date: "2025-05"),
        ),
    ],
    plot: (
        y_label: "Value",
        series: [
            (
                id: "c007",
                label: "Country 7",
                file: "data/big.csv",
                x: "date",
                y: "value",
                filter: {"country": "C007"},
                kind: Line,
                source: (title: "Generated", publisher: "Storyplot benchmarks"),
            ),
        ],
    ),
    steps: [
        (),
    ],
)
"#;

pub const WORDS_SCENE: &str = r#"(
    id: "words",
    date: "2021-01-01",
    title: "Words only",
    era: "all",
    excerpts: [
        (
            quote: "No plot here.",
            attribution: (outlet: "Storyplot", date: "2025-05"),
        ),
    ],
)
"#;
