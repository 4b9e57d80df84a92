//! The command line: `--scene` with an unknown id fails before any window opens and lists the
//! ids; with no deck folder the app finds `scenes/` or falls back to the embedded copy.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

use std::path::Path;
use storyplot::shell::DeckOrigin;

#[test]
fn an_unknown_scene_is_an_error_listing_the_ids() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_storyplot"))
        .args(["--scene", "nowhere#2"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--scene nowhere#2: unknown scene \"nowhere\" (known: made-in-china-2025, section-301, trade-war-begins"),
        "{err}"
    );
}

#[test]
fn with_no_folder_the_repository_deck_or_the_embedded_copy_opens() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert_eq!(
        DeckOrigin::choose_in(None, repo),
        DeckOrigin::Folder(repo.join("scenes"))
    );
    let elsewhere = tempfile::tempdir().unwrap();
    let origin = DeckOrigin::choose_in(None, elsewhere.path());
    assert_eq!(origin, DeckOrigin::Bundled);
    let deck = origin.load().unwrap();
    assert!(deck.scenes.len() >= 12);
    let named = DeckOrigin::choose_in(Some(Path::new("x")), repo);
    assert_eq!(named, DeckOrigin::Folder("x".into()));
}

#[test]
fn preferences_survive_a_round_trip() {
    let prefs = storyplot::app::Prefs {
        theme: Some(storyplot::model::deck::ThemeName::HighContrast),
        font_scale: 1.3,
        last_deck: Some("/tmp/deck".into()),
        last_position: Some(("geneva-truce".into(), 2)),
        reduce_motion: true,
    };
    let text = ron::to_string(&prefs).unwrap();
    let back: storyplot::app::Prefs = ron::from_str(&text).unwrap();
    assert_eq!(back, prefs);
    // an old or partial record still loads, with defaults for the rest
    let partial: storyplot::app::Prefs = ron::from_str("(font_scale: 1.5)").unwrap();
    assert_eq!(partial.font_scale, 1.5);
    assert_eq!(partial.theme, None);
}

fn describe(args: &[&str]) -> (i32, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_storyplot"))
        .arg("describe")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// Issue 15: `storyplot describe` prints one `scene-id#step: text` line per step, steps counted
/// from 0 as `--scene` counts them; `--scene ID` keeps one scene, `ID#STEP` one step.
#[test]
fn describe_prints_one_line_per_step() {
    let deck = DeckOrigin::Bundled.load().unwrap();
    let steps: usize = deck.scenes.iter().map(|s| s.steps.len()).sum();
    let (code, out) = describe(&["scenes"]);
    assert_eq!(code, 0, "{out}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), steps);
    let first = &deck.scenes[0];
    assert_eq!(
        lines[0],
        format!(
            "{}#1: {}",
            first.id,
            storyplot::model::describe::describe(first, 0).unwrap()
        )
    );
    let last = deck.scenes.last().unwrap();
    assert!(
        lines[steps - 1].starts_with(&format!("{}#{}: Chart: ", last.id, last.steps.len())),
        "{}",
        lines[steps - 1]
    );

    let (code, out) = describe(&["scenes", "--scene", "list-3-retaliation"]);
    assert_eq!(code, 0, "{out}");
    let ids: Vec<&str> = out.lines().map(|l| l.split(": ").next().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "list-3-retaliation#1",
            "list-3-retaliation#2",
            "list-3-retaliation#3"
        ]
    );

    let (code, out) = describe(&["scenes", "--scene", "list-3-retaliation#2"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(out.lines().count(), 1);
    assert!(out.starts_with("list-3-retaliation#2: Chart: Average tariffs after List 3."));
    assert!(
        out.contains("“US 12.0%” at 12.0% on 24 September 2018"),
        "{out}"
    );

    // the same scene by number (from 1, as on screen)
    let (_, by_number) = describe(&["scenes", "--scene", "4#2"]);
    assert_eq!(by_number, out);

    let (code, out) = describe(&["scenes", "--scene", "nowhere"]);
    assert_eq!(code, 2);
    assert!(out.contains("unknown scene \"nowhere\""), "{out}");
    let (code, out) = describe(&["scenes", "--scene", "list-3-retaliation#4"]);
    assert_eq!(code, 2);
    assert!(out.contains("has steps 1 to 3"), "{out}");
    // step 0 does not exist: steps count from 1, as on screen
    let (code, out) = describe(&["scenes", "--scene", "list-3-retaliation#0"]);
    assert_eq!(code, 2);
    assert!(out.contains("has steps 1 to 3, not \"0\""), "{out}");
}
