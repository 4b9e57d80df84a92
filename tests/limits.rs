//! Issue 7: every limit refuses with a message naming it, paths stay inside the deck, links
//! are only web or mail links, and a broken deck gives the same diagnostic everywhere the app
//! meets it (check, start-up, reload, editor).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

mod common;

use common::Fixture;
use storyplot::model::load;
use storyplot::model::source::DirSource;

fn headlines(f: &Fixture) -> Vec<String> {
    let prefix = format!("{}/", f.path().display());
    load(&DirSource::open(f.path()).unwrap())
        .diagnostics
        .iter()
        .map(|d| d.headline().replace(&prefix, "D/"))
        .collect()
}

#[test]
fn a_text_longer_than_the_limit() {
    let f = Fixture::new();
    f.edit(
        "02-deal.ron",
        r#"title: "Phase One""#,
        &format!("title: \"{}\"", "x".repeat(20_001)),
    );
    assert_eq!(
        headlines(&f),
        [r#"D/02-deal.ron:4:12: title has 20001 characters, more than 20000 (the limit)"#]
    );
}

#[test]
fn too_many_items_in_a_list() {
    let f = Fixture::new();
    let steps = "(),".repeat(501);
    f.edit(
        "02-deal.ron",
        "    excerpts: [",
        &format!("    steps: [{steps}],\n    excerpts: ["),
    );
    assert_eq!(
        headlines(&f),
        [r#"D/02-deal.ron:6:12: 501 steps, more than 500 (the limit)"#]
    );
}

#[test]
fn deep_nesting_is_an_error_at_its_place_never_a_stack_overflow() {
    // The format nests six levels at most, so deep brackets fail as a type error where they
    // start; ron's recursion limit (64) and the locator's (64) keep even 100,000 levels safe.
    let f = Fixture::new();
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    f.edit(
        "02-deal.ron",
        "    excerpts: [",
        &format!("    notes: {deep},\n    excerpts: ["),
    );
    assert_eq!(headlines(&f), ["D/02-deal.ron:6:12: expected string"]);
    let deep_struct = format!("{}{}", "(a: ".repeat(100_000), ")".repeat(100_000));
    let err = storyplot::model::codec::parse::<storyplot::model::file::SceneFile>(&deep_struct)
        .unwrap_err();
    assert!(!storyplot::model::codec::describe(&err.code).is_empty());
    let _ = storyplot::model::locate::Locations::scan(&deep_struct).find("a.a.a");
}

#[test]
fn too_many_scenes() {
    let f = Fixture::new();
    let names: Vec<String> = (0..1001).map(|i| format!("\"s{i}.ron\"")).collect();
    f.edit(
        "deck.ron",
        "        \"01-war.ron\",\n        \"02-deal.ron\",",
        &names.join(", "),
    );
    let got = headlines(&f);
    assert_eq!(
        got[0],
        "D/deck.ron:6:13: 1001 scenes, more than 1000 (the limit)"
    );
}

#[test]
fn too_many_csv_rows() {
    let f = Fixture::new();
    let mut csv = String::from("date,who,value\n");
    for i in 0..2_000_001u32 {
        csv.push_str(if i % 2 == 0 {
            "2018-01-01,X,1\n"
        } else {
            "2018-01-02,X,1\n"
        });
    }
    f.write_bytes("data/t.csv", csv.as_bytes());
    assert_eq!(
        headlines(&f),
        ["D/data/t.csv:2000002:1: more than 2000000 rows (the limit)"]
    );
}

#[test]
fn csv_files_over_the_size_limit() {
    let f = Fixture::new();
    let file = std::fs::File::create(f.file("data/t.csv")).unwrap();
    file.set_len(64 * 1024 * 1024 + 1).unwrap(); // sparse: no need to write 64 MiB
    assert_eq!(
        headlines(&f),
        [r#"D/01-war.ron:21:23: file "data/t.csv" is larger than 64 MiB (the limit)"#]
    );
}

#[test]
fn links_are_web_or_mail_only() {
    for (url, ok) in [
        ("https://www.piie.com/x", true),
        ("http://example.org", true),
        ("mailto:teacher@example.org", true),
        ("file:///etc/passwd", false),
        ("javascript:alert(1)", false),
        ("ftp://example.org", false),
        ("www.example.org", false),
    ] {
        let f = Fixture::new();
        f.edit(
            "01-war.ron",
            r#"source: (title: "Chart", publisher: "PIIE"),"#,
            &format!(r#"source: (title: "Chart", publisher: "PIIE", url: "{url}"),"#),
        );
        let got = headlines(&f);
        if ok {
            assert!(got.is_empty(), "{url}: {got:?}");
        } else {
            assert_eq!(
                got,
                [format!(
                    r#"D/01-war.ron:26:66: source url "{url}" must start with https://, http:// or mailto:"#
                )],
                "{url}"
            );
        }
    }
}

#[cfg(unix)]
#[test]
fn a_scene_file_linked_from_outside_is_refused() {
    let f = Fixture::new();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("x.ron"), common::DEAL).unwrap();
    std::fs::remove_file(f.file("02-deal.ron")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("x.ron"), f.file("02-deal.ron")).unwrap();
    assert_eq!(
        headlines(&f),
        [r#"D/deck.ron:8:9: path "02-deal.ron" leads outside the deck folder (through a link)"#]
    );
    // a link that stays inside is fine
    std::fs::remove_file(f.file("02-deal.ron")).unwrap();
    std::fs::write(f.file("data/deal.ron"), common::DEAL).unwrap();
    std::os::unix::fs::symlink(f.file("data/deal.ron"), f.file("02-deal.ron")).unwrap();
    assert!(headlines(&f).is_empty());
}

#[test]
fn the_same_diagnostic_in_check_at_start_up_on_reload_and_in_the_editor() {
    let f = Fixture::new();
    let good = std::fs::read_to_string(f.file("01-war.ron")).unwrap();
    let broken = good.replace(
        r#"series: "us_avg_tariff", date"#,
        r#"series: "us_avg_tarif", date"#,
    );
    let expected =
        r#"01-war.ron:41:41: unknown series "us_avg_tarif" (known: us_avg_tariff, cn_avg_tariff)"#;
    // the editor: the broken text typed into the working copy
    let deck = load(&DirSource::open(f.path()).unwrap()).deck.unwrap();
    let mut app = storyplot::app::App::new(deck, "fixture");
    app.doc.source_dir = Some(f.path().to_owned());
    app.doc.workspace = Some(storyplot::model::workspace::Workspace::open(f.path()).unwrap());
    app.doc
        .workspace
        .as_mut()
        .unwrap()
        .set_text("01-war.ron", broken.clone(), "source", 0.0);
    app.revalidate(0.0);
    let in_editor = app.doc.problems[0].to_string();
    assert!(
        in_editor.lines().next().unwrap().ends_with(expected),
        "{in_editor}"
    );
    // on disk: check, start-up and reload
    std::fs::write(f.file("01-war.ron"), &broken).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_storyplot"))
        .arg("check")
        .arg(f.path())
        .output()
        .unwrap();
    let check = String::from_utf8_lossy(&out.stdout).into_owned();
    let start_up = storyplot::shell::DeckOrigin::Folder(f.path().to_owned())
        .load()
        .unwrap_err()[0]
        .to_string();
    let mut app = storyplot::app::App::new(load(&storyplot::bundled::source()).deck.unwrap(), "x");
    app.doc.source_dir = Some(f.path().to_owned());
    app.revalidate(0.0);
    let on_reload = app.doc.problems[0].to_string();
    assert_eq!(start_up, in_editor, "start-up and editor");
    assert_eq!(on_reload, in_editor, "reload and editor");
    assert!(
        check.starts_with(&in_editor),
        "check and editor:\n{check}\n{in_editor}"
    );
}
