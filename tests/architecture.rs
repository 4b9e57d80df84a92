//! Drawing reads, it never writes: no file under `src/ui/` may name the state owner (the `app`
//! or `state` modules, `App`, `State`, `Document`, `Show`), hold any part of the state mutably,
//! or reach it through interior mutability. Views (`crate::view`) are shared references; the
//! only output of drawing is its outbox. This keeps the app ↔ ui import cycle from coming back.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic on an unreadable tree

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// What a file under `src/ui` must not say, and why.
const FORBIDDEN: &[(&str, &str)] = &[
    ("crate::app", "imports the state owner's module"),
    ("crate::state", "imports the state owner's module"),
    ("super::super::app", "imports the state owner's module"),
    ("&mut App", "holds the app mutably"),
    ("&mut State", "holds the state mutably"),
    ("&mut Document", "holds the document mutably"),
    ("&mut Show", "holds the show mutably"),
    ("&mut Deck", "holds the deck mutably"),
    ("&mut Workspace", "holds the working copy mutably"),
    ("&mut Prefs", "holds the preferences mutably"),
    ("&mut Modal", "holds the modal mutably"),
    ("RefCell", "interior mutability"),
    ("Cell<", "interior mutability"),
    ("Mutex", "interior mutability"),
    ("RwLock", "interior mutability"),
];

/// The offending lines of `text` (comments are not code).
fn violations(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        for (pattern, why) in FORBIDDEN {
            // `&mut Modal` is the state's modal; `&mut ModalUi` is drawing's own state.
            let whole = |at: usize| {
                !pattern.starts_with("&mut ")
                    || !code.get(at + pattern.len()..).is_some_and(|rest| {
                        rest.starts_with(|c: char| c.is_alphanumeric() || c == '_')
                    })
            };
            if code.match_indices(pattern).any(|(at, _)| whole(at)) {
                found.push(format!("line {}: {why}: {}", n + 1, line.trim()));
            }
        }
    }
    found
}

#[test]
fn drawing_code_never_names_the_state_owner() {
    let ui = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui");
    let mut files = Vec::new();
    rust_files(&ui, &mut files);
    assert!(files.len() >= 7, "the ui modules: {files:?}");
    let mut failures = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for v in violations(&text) {
            failures.push(format!("{}: {v}", file.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_check_catches_what_it_forbids() {
    // The test above can fail: each of these lines is caught.
    for line in [
        "use crate::app::App;",
        "pub fn stage_ui(ui: &mut Ui, app: &mut App) {",
        "use crate::state::State;",
        "fn f(doc: &mut Document) {}",
        "let cell = std::cell::RefCell::new(0);",
    ] {
        assert!(!violations(line).is_empty(), "{line}");
    }
    assert!(violations("// use crate::app::App; (a comment)").is_empty());
    assert!(violations("fn f(view: &StageView, out: &mut Outbox) {}").is_empty());
    assert!(violations("fn f(kept: &mut ModalUi) {}").is_empty());
    assert!(!violations("fn f(m: &mut Modal) {}").is_empty());
}
