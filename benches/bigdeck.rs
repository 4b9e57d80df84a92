//! The big-CSV deck the benches share: `data/big.csv` holds 150 countries × 13,000 days
//! (1,950,000 rows, about 47 MB, in Our World in Data's order: one country after another), and
//! one scene plots one country of it. Written once under a folder the caller names
//! (`target/bigdeck`), and kept while its size is right.
//!
//! Use it from a bench or test with `#[path = "bigdeck.rs"] mod bigdeck;`.

#![allow(dead_code, clippy::expect_used)] // a generator for benches: it may stop on a full disk

use std::io::Write;
use std::path::{Path, PathBuf};

/// Countries in the file.
pub const COUNTRIES: usize = 150;
/// Days per country.
pub const DAYS: usize = 13_000;
/// The country the deck's series filters.
pub const PLOTTED: &str = "C042";

const HEADER: &str = "country,date,value\n";
/// `C042,1990-01-01,123.456\n`: every row has this length.
const ROW_BYTES: usize = 24;

/// Size of `data/big.csv` when complete.
pub fn csv_bytes() -> u64 {
    (HEADER.len() + COUNTRIES * DAYS * ROW_BYTES) as u64
}

const DECK: &str = r#"(
    title: "Big data",
    eras: [(id: "all", label: "All", from: "1000-01-01", to: "9999-12-31")],
    scenes: ["01-big.ron", "02-text.ron"],
)
"#;

const SCENE: &str = r#"(
    id: "big",
    date: "2000-01-01",
    title: "One country out of 150",
    era: "all",
    excerpts: [(quote: "Many rows.", attribution: (outlet: "Bench", date: "2025-05"))],
    plot: (
        y_label: "Value",
        series: [
            (
                id: "c042",
                label: "Country 42",
                file: "data/big.csv",
                x: "date",
                y: "value",
                filter: {"country": "C042"},
                kind: Line,
                source: (title: "Generated", publisher: "Storyplot bench"),
            ),
        ],
    ),
)
"#;

const TEXT_SCENE: &str = r#"(
    id: "text",
    date: "2001-01-01",
    title: "A scene without a plot",
    era: "all",
    excerpts: [(quote: "Few words.", attribution: (outlet: "Bench", date: "2025-05"))],
)
"#;

/// 13,000 consecutive days from 1990-01-01, as `YYYY-MM-DD`.
fn dates() -> Vec<String> {
    let mut out = Vec::with_capacity(DAYS);
    let (mut y, mut m, mut d) = (1990u32, 1u32, 1u32);
    for _ in 0..DAYS {
        out.push(format!("{y:04}-{m:02}-{d:02}"));
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        let month_days = match m {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        d += 1;
        if d > month_days {
            d = 1;
            m += 1;
            if m > 12 {
                m = 1;
                y += 1;
            }
        }
    }
    out
}

/// Writes the deck under `dir` unless it is already there, complete; returns the deck folder.
pub fn ensure_big_deck(dir: &Path) -> PathBuf {
    let deck = dir.join("big-csv-deck");
    let csv = deck.join("data/big.csv");
    let complete = std::fs::metadata(&csv).is_ok_and(|m| m.len() == csv_bytes())
        && deck.join("deck.ron").is_file()
        && deck.join("01-big.ron").is_file()
        && deck.join("02-text.ron").is_file();
    if complete {
        return deck;
    }
    std::fs::create_dir_all(deck.join("data")).expect("create the big deck's folder");
    let partial = deck.join("data/big.csv.partial");
    {
        let file = std::fs::File::create(&partial).expect("create big.csv");
        let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
        out.write_all(HEADER.as_bytes()).expect("write big.csv");
        let dates = dates();
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let mut row = String::with_capacity(ROW_BYTES);
        for c in 0..COUNTRIES {
            for (i, date) in dates.iter().enumerate() {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let noise = (seed % 1000) as f64 / 100.0;
                // Always 100.000..=999.999: every row has the same length.
                let value = 500.0 + (i as f64 / 400.0 + c as f64).sin() * 350.0 + noise;
                row.clear();
                use std::fmt::Write as _;
                let _ = writeln!(row, "C{c:03},{date},{value:.3}");
                debug_assert_eq!(row.len(), ROW_BYTES, "{row}");
                out.write_all(row.as_bytes()).expect("write big.csv");
            }
        }
        out.flush().expect("write big.csv");
    }
    std::fs::rename(&partial, &csv).expect("rename big.csv");
    for (name, text) in [
        ("deck.ron", DECK),
        ("01-big.ron", SCENE),
        ("02-text.ron", TEXT_SCENE),
    ] {
        std::fs::write(deck.join(name), text).expect("write the big deck");
    }
    assert_eq!(
        std::fs::metadata(&csv).map(|m| m.len()).ok(),
        Some(csv_bytes()),
        "big.csv has rows of another length"
    );
    deck
}
