//! The state without a window: `apply` on decks in folders — prompts before losing edits, edits
//! and reloads that validate only what changed and never read an unchanged CSV again, big data
//! read off the UI thread, "save as" that opens the copy without asking.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

mod common;

#[path = "../benches/bigdeck.rs"]
mod bigdeck;

use std::path::Path;

use common::Fixture;
use storyplot::action::{Action, Edit};
use storyplot::app::{App, Prefs};
use storyplot::shell::{DeckOrigin, Opening, Screen, StartOptions};
use storyplot::view::{AfterPrompt, FolderPurpose, Modal};

/// The app on the deck in `dir`, as the shell opens it (working copy, watcher, cache).
fn open(dir: &Path) -> App {
    let origin = DeckOrigin::Folder(dir.to_owned());
    let screen = Screen::new(
        origin.open(),
        &origin,
        Prefs::default(),
        &StartOptions::default(),
        None,
    );
    match screen {
        Screen::Running(app) => *app,
        Screen::Failed { problems, .. } => panic!("{problems:?}"),
    }
}

fn title_edit(app: &App, file: &str, title: &str) -> Action {
    let ws = app.doc.workspace.as_ref().unwrap();
    let text = ws.text(file).unwrap();
    let old = app
        .doc
        .deck
        .scenes
        .iter()
        .find(|s| s.file == file)
        .unwrap()
        .title
        .clone();
    Action::Edit(Edit::Text {
        file: file.into(),
        text: text.replacen(
            &format!("title: \"{old}\""),
            &format!("title: \"{title}\""),
            1,
        ),
        field: format!("{file}/title"),
    })
}

#[test]
fn opening_another_deck_with_unsaved_edits_gives_the_close_prompt() {
    let f = Fixture::new();
    let other = Fixture::new();
    other.edit("02-deal.ron", "Phase One", "Elsewhere");
    let mut app = open(f.path());
    let edit = title_edit(&app, "02-deal.ron", "Edited");
    app.apply(edit, 1.0);
    assert!(app.is_dirty());
    app.apply(Action::OpenDeck(other.path().to_owned()), 2.0);
    assert_eq!(
        app.modal,
        Some(Modal::ClosePrompt {
            then: AfterPrompt::Open(other.path().to_owned())
        })
    );
    assert_eq!(app.doc.deck.scenes[1].title, "Edited", "nothing opened yet");
    // the state alone says what the shell must do: Discard opens the other deck
    let effects = app.state.apply(Action::Choose(1), 3.0);
    assert_eq!(
        effects,
        vec![storyplot::state::Effect::OpenDeck(other.path().to_owned())]
    );
    // Esc on the prompt cancels: the edits stay
    app.apply(Action::OpenDeck(other.path().to_owned()), 4.0);
    app.apply(Action::CloseModal, 5.0);
    assert_eq!(app.modal, None);
    assert!(app.is_dirty());
    assert_eq!(app.doc.source_dir.as_deref(), Some(f.path()));
}

#[test]
fn an_edit_validates_only_its_scene_and_reads_no_csv_again() {
    let f = Fixture::new();
    let mut app = open(f.path());
    let before = app.doc.counters();
    let edit = title_edit(&app, "01-war.ron", "Edited war");
    app.apply(edit, 1.0);
    assert_eq!(app.doc.deck.scenes[0].title, "Edited war");
    let after = app.doc.counters();
    assert_eq!(
        after.scenes_validated,
        before.scenes_validated + 1,
        "one scene"
    );
    assert_eq!(after.series_read, before.series_read, "no CSV read again");
    // an edit of the other scene validates that one only
    let edit = title_edit(&app, "02-deal.ron", "Edited deal");
    app.apply(edit, 2.0);
    assert_eq!(
        app.doc.counters().scenes_validated,
        after.scenes_validated + 1
    );
    // undo brings back a text seen before: nothing to validate again
    app.apply(Action::Undo, 3.0);
    assert_eq!(app.doc.deck.scenes[1].title, "Phase One");
    assert_eq!(
        app.doc.counters().scenes_validated,
        after.scenes_validated + 1
    );
    // a reload of one file changed on disk validates that file only
    let n = app.doc.counters().scenes_validated;
    f.edit("02-deal.ron", "Phase One", "From disk");
    app.apply(Action::FilesChanged(vec![f.file("02-deal.ron")]), 4.0);
    assert_eq!(app.doc.deck.scenes[1].title, "From disk");
    assert_eq!(app.doc.counters().scenes_validated, n + 1);
    assert_eq!(app.doc.counters().series_read, before.series_read);
    // a changed CSV is read again, and its scene validated again
    let csv = std::fs::read_to_string(f.file("data/t.csv")).unwrap();
    f.write_bytes("data/t.csv", csv.replace("21.0", "22.0").as_bytes());
    app.apply(Action::FilesChanged(vec![f.file("data/t.csv")]), 5.0);
    assert!(app.doc.counters().series_read > before.series_read);
    let us = &app.doc.deck.scenes[0].plot.as_ref().unwrap().series[0];
    assert_eq!(us.y_max, 22.0);
}

#[test]
fn big_data_is_read_off_the_ui_thread_once() {
    let dir = tempfile::tempdir().unwrap();
    // 25 countries × 13,000 days ≈ 7 MB: over the 4 MiB read in the background
    let deck = bigdeck::write_deck(dir.path(), 25, 13_000);
    let origin = DeckOrigin::Folder(deck.clone());
    assert!(matches!(origin.open(), Opening::Reading(_)));
    let mut app = open(&deck);
    assert!(app.doc.placeholder, "a stand-in while the data is read");
    assert!(
        app.doc
            .loading(1.0)
            .is_some_and(|l| l.what.contains("data/big.csv"))
    );
    app.state.doc.wait_for_job();
    app.state.tick(1.0);
    assert!(!app.doc.placeholder, "{:?}", app.doc.problems);
    assert_eq!(app.doc.deck.scenes.len(), 2);
    let series = app.doc.deck.scenes[0].plot.as_ref().unwrap().series[0].clone();
    assert_eq!(series.points.len(), 13_000);
    let reads = app.doc.counters().series_read;
    assert_eq!(reads, 1);
    // typing in a title reads nothing again
    let edit = title_edit(&app, "01-big.ron", "Typed");
    app.apply(edit, 2.0);
    assert_eq!(app.doc.deck.scenes[0].title, "Typed");
    assert_eq!(app.doc.counters().series_read, 1);
    assert!(app.doc.loading(2.0).is_none());
    // another filter needs the file again: in the background, the stage keeps the last deck
    let text = app
        .doc
        .workspace
        .as_ref()
        .unwrap()
        .text("01-big.ron")
        .unwrap();
    app.apply(
        Action::Edit(Edit::Text {
            file: "01-big.ron".into(),
            text: text.replace("C007", "C008"),
            field: "filter".into(),
        }),
        3.0,
    );
    assert!(app.doc.loading(3.0).is_some(), "reading in the background");
    assert_eq!(
        app.doc.deck.scenes[0].title, "Typed",
        "the last good deck stays"
    );
    app.state.doc.wait_for_job();
    app.state.tick(4.0);
    assert!(app.doc.loading(4.0).is_none());
    assert_eq!(app.doc.counters().series_read, 2);
    let c8 = &app.doc.deck.scenes[0].plot.as_ref().unwrap().series[0];
    assert_ne!(
        c8.points[0][1], series.points[0][1],
        "the other country's values"
    );
}

#[test]
fn save_as_opens_the_copy_without_asking_whatever_the_undo_depth() {
    let f = Fixture::new();
    let mut app = open(f.path());
    // more edits than undo remembers, each its own undo step
    for i in 0..(storyplot::model::workspace::UNDO_DEPTH + 20) {
        let edit = title_edit(&app, "02-deal.ron", &format!("Deal {i}"));
        app.apply(edit, i as f64 * 10.0);
    }
    assert!(app.is_dirty());
    let copy = tempfile::tempdir().unwrap();
    let target = copy.path().join("copy");
    app.apply(Action::OpenFolderPrompt(FolderPurpose::SaveAs), 5000.0);
    app.apply(Action::ModalText(target.display().to_string()), 5000.0);
    app.apply(Action::ModalConfirm, 5000.0);
    assert_eq!(app.modal, None, "no prompt to save the old deck");
    assert_eq!(app.doc.source_dir.as_deref(), Some(target.as_path()));
    assert!(!app.is_dirty());
    let last = format!("Deal {}", storyplot::model::workspace::UNDO_DEPTH + 19);
    assert_eq!(app.doc.deck.scenes[1].title, last);
    // the old folder was not written
    assert!(
        std::fs::read_to_string(f.file("02-deal.ron"))
            .unwrap()
            .contains("Phase One")
    );
}
