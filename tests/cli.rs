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
    };
    let text = ron::to_string(&prefs).unwrap();
    let back: storyplot::app::Prefs = ron::from_str(&text).unwrap();
    assert_eq!(back, prefs);
    // an old or partial record still loads, with defaults for the rest
    let partial: storyplot::app::Prefs = ron::from_str("(font_scale: 1.5)").unwrap();
    assert_eq!(partial.font_scale, 1.5);
    assert_eq!(partial.theme, None);
}
