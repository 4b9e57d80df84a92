//! Issue 2: every kind of mistake in a deck is reported at the right `file:line:column` with a
//! short reason; `storyplot check` prints them and a summary and exits 0, 1 or 2.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

mod common;

use common::Fixture;
use storyplot::model::load;
use storyplot::model::source::DirSource;

/// Loads the fixture and returns each diagnostic's headline with the temp folder replaced by `D`.
fn headlines(f: &Fixture) -> Vec<String> {
    let source = DirSource::open(f.path()).unwrap();
    let loaded = load(&source);
    let prefix = format!("{}/", f.path().display());
    loaded
        .diagnostics
        .iter()
        .map(|d| d.headline().replace(&prefix, "D/"))
        .collect()
}

#[test]
fn the_fixture_itself_is_clean() {
    let f = Fixture::new();
    assert_eq!(headlines(&f), Vec::<String>::new());
    let source = DirSource::open(f.path()).unwrap();
    let loaded = load(&source);
    let deck = loaded.deck.unwrap();
    assert_eq!(deck.scenes.len(), 2);
    assert_eq!(deck.scenes[0].steps.len(), 2);
    assert!(!deck.scenes[0].steps[0].shows("phase"));
    assert!(deck.scenes[0].steps[0].shows("peak"));
    assert!(deck.scenes[0].steps[1].shows("phase"));
}

type Mutation = (&'static str, &'static str, &'static str);

/// Each case: edits to the fixture, then the exact headlines expected.
fn cases() -> Vec<(&'static str, Vec<Mutation>, Vec<&'static str>)> {
    vec![
        (
            "unknown series in a callout",
            vec![(
                "01-war.ron",
                r#"series: "us_avg_tariff", date"#,
                r#"series: "us_avg_tarif", date"#,
            )],
            vec![
                r#"D/01-war.ron:41:41: unknown series "us_avg_tarif" (known: us_avg_tariff, cn_avg_tariff)"#,
            ],
        ),
        (
            "unknown field",
            vec![("01-war.ron", "    title:", "    titel:")],
            vec![
                r#"D/01-war.ron:4:5: unknown field "titel" (expected one of: id, date, end_date, period, title, era, epilogue, excerpts, notes, checks, plot, steps, duration_secs)"#,
            ],
        ),
        (
            "malformed date",
            vec![(
                "01-war.ron",
                r#"date: "2018-07-06","#,
                r#"date: "2018-7-6","#,
            )],
            vec![r#"D/01-war.ron:3:11: malformed date "2018-7-6" (expected YYYY-MM-DD)"#],
        ),
        (
            "a date that does not exist",
            vec![("02-deal.ron", "2020-01-15", "2020-02-30")],
            vec![r#"D/02-deal.ron:3:11: no such date "2020-02-30""#],
        ),
        (
            "unknown annotation id in a highlight",
            vec![(
                "01-war.ron",
                r#"annotation: "list-1""#,
                r#"annotation: "list-one""#,
            )],
            vec![r#"D/01-war.ron:11:90: unknown annotation "list-one" (known: list-1, peak)"#],
        ),
        (
            "highlight phrase not in its quote",
            vec![(
                "01-war.ron",
                r#"phrase: "initial phase""#,
                r#"phrase: "first phase""#,
            )],
            vec![r#"D/01-war.ron:11:39: phrase "first phase" not found in its quote"#],
        ),
        (
            "duplicate scene ids",
            vec![("02-deal.ron", r#"id: "phase-one""#, r#"id: "trade-war""#)],
            vec![r#"D/02-deal.ron:2:9: duplicate scene id "trade-war" (also in D/01-war.ron)"#],
        ),
        (
            "scenes out of date order",
            vec![("02-deal.ron", "2020-01-15", "2017-01-15")],
            vec![
                r#"D/02-deal.ron:3:11: warning: scene is out of date order (2017-01-15 comes before 2018-07-06 of "trade-war")"#,
            ],
        ),
        (
            "a series without a source",
            vec![(
                "01-war.ron",
                "                source: (title: \"Chart\", publisher: \"PIIE\"),\n            ),\n            (",
                "            ),\n            (",
            )],
            vec![
                r#"D/01-war.ron:18:13: series "us_avg_tariff" has no source (add source: (title: .., publisher: .., url: ..))"#,
            ],
        ),
        (
            "a missing CSV",
            vec![(
                "01-war.ron",
                r#"file: "data/t.csv""#,
                r#"file: "data/tariffs.csv""#,
            )],
            vec![r#"D/01-war.ron:21:23: file "data/tariffs.csv" not found"#],
        ),
        (
            "a non-numeric CSV value",
            vec![("data/t.csv", "US,12.0", "US,12,0")],
            vec![r#"D/data/t.csv:4:1: row has 4 fields but the header has 3"#],
        ),
        (
            "a non-numeric CSV value in a quoted field",
            vec![("data/t.csv", "US,12.0", "US,\"12 %%\"")],
            vec![
                r#"D/data/t.csv:4:15: non-numeric value "12 %%" in column value (series "us_avg_tariff")"#,
            ],
        ),
        (
            "NaN in a CSV",
            vec![("data/t.csv", "CN,18.3", "CN,NaN")],
            vec![
                r#"D/data/t.csv:5:15: "NaN" in column value is not a finite number (series "cn_avg_tariff")"#,
            ],
        ),
        (
            "CSV rows out of order",
            vec![("data/t.csv", "2019-09-01,US", "2018-02-01,US")],
            vec![
                r#"D/data/t.csv:6:1: 2018-02-01 in column date is out of order (after 2018-09-24) (series "us_avg_tariff")"#,
            ],
        ),
        (
            "a path that leaves the deck folder",
            vec![("01-war.ron", r#"file: "data/t.csv""#, r#"file: "../t.csv""#)],
            vec![r#"D/01-war.ron:21:23: path "../t.csv" leaves the deck folder"#],
        ),
        (
            "an absolute path",
            vec![("deck.ron", r#""02-deal.ron""#, r#""/etc/passwd""#)],
            vec![
                r#"D/deck.ron:8:9: path "/etc/passwd" is absolute: paths are relative to the deck folder"#,
            ],
        ),
        (
            "a truncated file",
            vec![("02-deal.ron", "    ],\n)\n", "    ],\n")],
            vec![r#"D/02-deal.ron:11:7: unexpected end of file"#],
        ),
        (
            "an unknown era",
            vec![("02-deal.ron", r#"era: "war""#, r#"era: "peace""#)],
            vec![r#"D/02-deal.ron:5:10: unknown era "peace" (known: war)"#],
        ),
        (
            "an unknown id in a step",
            vec![(
                "01-war.ron",
                r#"show: ["phase", "list-1"]"#,
                r#"show: ["phase", "list-2"]"#,
            )],
            vec![
                r#"D/01-war.ron:46:26: unknown highlight or annotation "list-2" (known: list-1, peak, phase)"#,
            ],
        ),
        (
            "a malformed colour",
            vec![(
                "01-war.ron",
                "kind: Step,\n                source: (title: \"Chart\", publisher: \"PIIE\"),\n            ),\n        ],",
                "kind: Step,\n                color: \"blue\",\n                source: (title: \"Chart\", publisher: \"PIIE\"),\n            ),\n        ],",
            )],
            vec![r#"D/01-war.ron:36:24: malformed colour "blue" (expected #RRGGBB)"#],
        ),
        (
            "a missing comma (syntax)",
            vec![(
                "02-deal.ron",
                "    title: \"Phase One\",\n",
                "    title: \"Phase One\"\n",
            )],
            vec![r#"D/02-deal.ron:5:5: expected comma"#],
        ),
        (
            "a quote that starts mid-sentence and is not marked as cut",
            vec![(
                "01-war.ron",
                r#""The US president launched"#,
                r#""the US president launched"#,
            )],
            vec![
                r#"D/01-war.ron:8:20: warning: quote starts mid-sentence (in lowercase): mark it cut: (start: true), or quote from the start of the sentence"#,
            ],
        ),
        (
            "a quote that stops before its sentence ends and is not marked as cut",
            vec![("01-war.ron", r#"of his trade war.""#, r#"of his""#)],
            vec![
                r#"D/01-war.ron:8:20: warning: quote ends without a full stop: mark it cut: (end: true), or heading: true for a headline or standfirst"#,
            ],
        ),
        (
            "a quote cut at both ends and marked so",
            vec![(
                "01-war.ron",
                r#"quote: "The US president launched the initial phase of his trade war.","#,
                r#"quote: "launched the initial phase of his", cut: (start: true, end: true),"#,
            )],
            vec![],
        ),
        (
            "a standfirst without a full stop, marked as a heading",
            vec![(
                "02-deal.ron",
                r#"quote: "A deal.","#,
                r#"quote: "A deal that froze the tariffs", heading: true,"#,
            )],
            vec![],
        ),
        (
            "a cut excerpt marked only at the other end",
            vec![(
                "02-deal.ron",
                r#"quote: "A deal.","#,
                r#"quote: "a deal.", cut: (end: true),"#,
            )],
            vec![
                r#"D/02-deal.ron:8:20: warning: quote starts mid-sentence (in lowercase): mark it cut: (start: true), or quote from the start of the sentence"#,
            ],
        ),
        (
            "an analysis scene takes no part in the date order",
            vec![
                (
                    "01-war.ron",
                    r#"date: "2018-07-06","#,
                    r#"period: ("2004", "2024"),"#,
                ),
                ("02-deal.ron", "2020-01-15", "2017-01-15"),
            ],
            vec![],
        ),
        (
            "a scene with no date at all",
            vec![("02-deal.ron", "    date: \"2020-01-15\",\n", "")],
            vec![],
        ),
        (
            "a scene with both a date and a period",
            vec![(
                "02-deal.ron",
                r#"date: "2020-01-15","#,
                r#"date: "2020-01-15", period: ("2004", "2024"),"#,
            )],
            vec![
                r#"D/02-deal.ron:3:33: a scene has a date or a period, not both (a period is for analysis scenes)"#,
            ],
        ),
        (
            "a period that ends before it starts, and one that is not a date",
            vec![(
                "02-deal.ron",
                r#"date: "2020-01-15","#,
                r#"period: ("2024", "2004-13"),"#,
            )],
            vec![
                r#"D/02-deal.ron:3:22: malformed period end "2004-13" (expected YYYY, YYYY-MM or YYYY-MM-DD)"#,
            ],
        ),
        (
            "a period that ends before it starts",
            vec![(
                "02-deal.ron",
                r#"date: "2020-01-15","#,
                r#"period: ("2024", "2004"),"#,
            )],
            vec![r#"D/02-deal.ron:3:22: period ends before it starts"#],
        ),
        (
            "an end date without a date",
            vec![(
                "02-deal.ron",
                r#"date: "2020-01-15","#,
                r#"end_date: "2020-02-14","#,
            )],
            vec![
                r#"D/02-deal.ron:3:15: an end date needs a date (an analysis scene gives a period instead)"#,
            ],
        ),
        (
            "several problems in one file are all reported",
            vec![
                ("01-war.ron", r#"era: "war""#, r#"era: "wat""#),
                (
                    "01-war.ron",
                    r#"phrase: "initial phase""#,
                    r#"phrase: "final phase""#,
                ),
                (
                    "01-war.ron",
                    r#"date: "2019-09-01""#,
                    r#"date: "2019-13-01""#,
                ),
            ],
            vec![
                r#"D/01-war.ron:5:10: unknown era "wat" (known: war)"#,
                r#"D/01-war.ron:41:64: no such date "2019-13-01""#,
                r#"D/01-war.ron:11:39: phrase "final phase" not found in its quote"#,
            ],
        ),
    ]
}

#[test]
fn each_mistake_is_reported_where_it_is() {
    let mut failures = Vec::new();
    for (what, edits, expected) in cases() {
        let f = Fixture::new();
        for (file, from, to) in edits {
            f.edit(file, from, to);
        }
        let got = headlines(&f);
        if got != expected {
            failures.push(format!(
                "{what}:\n  expected {expected:#?}\n  got      {got:#?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Whole-file breakage: empty, binary garbage, invalid UTF-8, too large.
#[test]
fn broken_files_are_reported_with_a_position() {
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty file", Vec::new(), "D/02-deal.ron:1:1: empty file"),
        (
            "binary garbage",
            vec![0x00, 0x9f, 0x92, 0x96, 0xff, 0x00],
            "D/02-deal.ron:1:2: invalid UTF-8 (files must be UTF-8 text)",
        ),
        (
            "invalid UTF-8 after valid text",
            b"(\n    id: \"caf\xe9\",\n)".to_vec(),
            "D/02-deal.ron:2:13: invalid UTF-8 (files must be UTF-8 text)",
        ),
        (
            "text that is not RON",
            b"<html><body>hello</body></html>".to_vec(),
            "D/02-deal.ron:1:1: expected opening `(`",
        ),
        (
            "an implausibly large file",
            {
                let mut v = b"(id: \"".to_vec();
                v.extend(std::iter::repeat_n(b'a', 1024 * 1024 + 10));
                v
            },
            "D/deck.ron:8:9: file \"02-deal.ron\" is larger than 1 MiB (the limit)",
        ),
    ];
    let mut failures = Vec::new();
    for (what, bytes, expected) in cases {
        let f = Fixture::new();
        f.write_bytes("02-deal.ron", &bytes);
        let got = headlines(&f);
        if got != [expected] {
            failures.push(format!("{what}: expected {expected:?}, got {got:#?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_link_out_of_the_deck_is_refused() {
    let f = Fixture::new();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("t.csv"), common::CSV).unwrap();
    std::fs::remove_file(f.file("data/t.csv")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(outside.path().join("t.csv"), f.file("data/t.csv")).unwrap();
    #[cfg(unix)]
    assert_eq!(
        headlines(&f),
        [r#"D/01-war.ron:21:23: path "data/t.csv" leads outside the deck folder (through a link)"#]
    );
}

#[test]
fn diagnostics_show_the_line_and_a_caret() {
    let f = Fixture::new();
    f.edit("02-deal.ron", r#"era: "war""#, r#"era: "peace""#);
    let loaded = load(&DirSource::open(f.path()).unwrap());
    let text = loaded.diagnostics[0].to_string();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[2], r#"5 |     era: "peace","#);
    assert_eq!(lines[3], "  |          ^^^^^^^");
}

fn run_check(dir: &std::path::Path) -> (i32, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_storyplot"))
        .arg("check")
        .arg(dir)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn check_command_exit_codes_and_summary() {
    let f = Fixture::new();
    let (code, out) = run_check(f.path());
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        out.trim_end().lines().last(),
        Some("2 scenes, 2 series, 0 errors, 0 warnings")
    );

    f.edit("01-war.ron", r#"era: "war""#, r#"era: "wat""#);
    f.edit("02-deal.ron", "2020-01-15", "2017-01-15");
    let (code, out) = run_check(f.path());
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("01-war.ron:5:10: unknown era \"wat\" (known: war)\n"),
        "{out}"
    );
    assert!(out.contains("  |          ^^^^^\n"), "{out}");
    assert_eq!(
        out.trim_end().lines().last(),
        Some("2 scenes, 2 series, 1 error, 0 warnings")
    );

    let (code, out) = run_check(&f.file("no-such-folder"));
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("cannot open deck folder"), "{out}");

    std::fs::remove_file(f.file("deck.ron")).unwrap();
    let (code, out) = run_check(f.path());
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("deck.ron: file \"deck.ron\" not found"),
        "{out}"
    );
}

/// Issue 15: an author's screen-reader text over 600 characters is a warning where it is, on
/// the plot and on a step; 600 is fine.
#[test]
fn a_long_description_is_a_warning_where_it_is() {
    let f = Fixture::new();
    let fine = "a".repeat(600);
    let long = "b".repeat(601);
    f.edit(
        "01-war.ron",
        "        y_label: \"Average tariff\",\n",
        &format!("        y_label: \"Average tariff\",\n        description: \"{long}\",\n"),
    );
    f.edit(
        "01-war.ron",
        "        (),\n",
        &format!("        (description: \"{fine}\"),\n"),
    );
    f.edit(
        "01-war.ron",
        r#"(show: ["phase", "list-1"])"#,
        &format!(r#"(show: ["phase", "list-1"], description: "{long}")"#),
    );
    let warning = "warning: description has 601 characters: a screen reader reads it at every step (keep it under 600)";
    assert_eq!(
        headlines(&f),
        vec![
            format!("D/01-war.ron:17:22: {warning}"),
            format!("D/01-war.ron:47:50: {warning}"),
        ]
    );
    let (code, _) = run_check(f.path());
    assert_eq!(code, 0, "a warning is not an error");
}
