//! Replays every input kept in `tests/fuzz_regressions/` through the code its fuzz target runs
//! (`fuzz/harness.rs`, shared with the targets): the inputs that once crashed or hung a target,
//! and a few hard ones from the corpus. The file name's prefix names the target:
//! `scene_file-…`, `deck_load-…` or `csv_table-…`. None may panic. The largest ones once took
//! minutes or ran out of memory; their cost is measured by running them, not asserted as a
//! wall-clock limit (these machines are shared and noisy): a regression shows as this test
//! running for minutes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

#[path = "../fuzz/harness.rs"]
mod harness;

fn inputs() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    files
}

#[test]
fn every_saved_input_runs_without_panicking() {
    let files = inputs();
    assert!(!files.is_empty(), "no inputs in tests/fuzz_regressions/");
    let mut failures = Vec::new();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let target: fn(&[u8]) = match name.split_once('-').map(|(target, _)| target) {
            Some("scene_file") => harness::scene_file,
            Some("deck_load") => harness::deck_load,
            Some("csv_table") => harness::csv_table,
            _ => panic!("{name}: the name must start with scene_file-, deck_load- or csv_table-"),
        };
        let data = std::fs::read(path).unwrap();
        if catch_unwind(AssertUnwindSafe(|| target(&data))).is_err() {
            failures.push(format!("{name}: panicked"));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// The `deck_load` target starts from a deck with no errors, so what it finds is the input's.
#[test]
fn the_deck_load_base_is_clean() {
    let scene = storyplot::bundled::FILES
        .iter()
        .find(|(name, _)| *name == harness::replaced_scene())
        .map(|(_, bytes)| bytes.to_vec())
        .expect("the replaced scene is a bundled file");
    let loaded = storyplot::model::load(&harness::deck_source(&scene));
    assert_eq!(
        loaded.diagnostics,
        vec![],
        "the unchanged scene has problems"
    );
    assert_eq!(loaded.deck.map(|d| d.scenes.len()), Some(1));
}

/// A file with thousands of errors shows the first ones and a note, and is still rejected.
#[test]
fn a_file_with_thousands_of_errors_shows_the_first_and_is_rejected() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions");
    let data = std::fs::read(dir.join("deck_load-many-errors-many-lines")).unwrap();
    let loaded = storyplot::model::load(&harness::deck_source(&data));
    assert!(loaded.deck.is_none());
    let limit = storyplot::model::load::MAX_FILE_PROBLEMS;
    assert_eq!(loaded.errors(), limit + 1);
    let last = loaded.diagnostics.last().unwrap();
    assert_eq!(
        last.message,
        format!("more than {limit} errors in this file: the rest are not shown")
    );
}
