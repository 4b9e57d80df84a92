//! Hot reload through the real file watcher: rename-replace saves (as vim and VS Code do), a
//! broken file that leaves the last good deck on the stage, deleting and recreating a file.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

mod common;

use std::time::{Duration, Instant};

use common::Fixture;
use storyplot::app::App;
use storyplot::model::nav::Position;
use storyplot::model::source::DirSource;

fn app_for(f: &Fixture) -> App {
    let deck = storyplot::model::load(&DirSource::open(f.path()).unwrap())
        .deck
        .unwrap();
    let mut app = App::new(deck, "fixture");
    app.doc.source_dir = Some(f.path().to_owned());
    app.doc.watcher = Some(storyplot::watch::DeckWatcher::new(f.path(), || {}).unwrap());
    app
}

/// Polls the watcher until `done` holds, for at most 5 s.
fn wait_for(app: &mut App, done: impl Fn(&App) -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(5) {
        app.poll_reload();
        if done(app) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

/// Writes `text` to `name` the way vim does: a new file, renamed over the old one.
fn rename_save(f: &Fixture, name: &str, text: &str) {
    let tmp = f.file(&format!("{name}.tmp-save"));
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, f.file(name)).unwrap();
}

#[test]
fn rename_saves_reload_and_keep_the_scene_and_step() {
    let f = Fixture::new();
    let mut app = app_for(&f);
    app.show.pos = Position::new(0, 1);
    let war = std::fs::read_to_string(f.file("01-war.ron")).unwrap();
    for (i, title) in ["First edit", "Second edit", "Third edit"]
        .iter()
        .enumerate()
    {
        // more than once: watching the file itself would lose it after the first rename
        rename_save(
            &f,
            "01-war.ron",
            &war.replace("The trade war begins", title),
        );
        assert!(
            wait_for(&mut app, |a| a.doc.deck.scenes[0].title == *title),
            "edit {i} not seen"
        );
        assert_eq!(app.show.pos, Position::new(0, 1), "same scene and step");
    }
}

#[test]
fn a_broken_file_keeps_the_last_good_deck_and_fixing_it_clears_the_problem() {
    let f = Fixture::new();
    let mut app = app_for(&f);
    let good = std::fs::read_to_string(f.file("02-deal.ron")).unwrap();
    std::fs::write(
        f.file("02-deal.ron"),
        good.replace(r#"era: "war""#, r#"era: "peace""#),
    )
    .unwrap();
    assert!(wait_for(&mut app, |a: &App| a.has_errors()));
    assert_eq!(
        app.doc.deck.scenes[1].title, "Phase One",
        "last good version stays"
    );
    let shown = app.doc.problems[0].headline();
    assert!(
        shown.ends_with(r#"02-deal.ron:5:10: unknown era "peace" (known: war)"#),
        "{shown}"
    );
    std::fs::write(
        f.file("02-deal.ron"),
        good.replace("Phase One", "Phase One, fixed"),
    )
    .unwrap();
    assert!(wait_for(&mut app, |a| !a.has_errors()
        && a.doc.deck.scenes[1].title == "Phase One, fixed"));
}

#[test]
fn deleting_and_recreating_a_scene_and_clamping_the_step() {
    let f = Fixture::new();
    let mut app = app_for(&f);
    app.show.pos = Position::new(0, 1);
    let deck_text = std::fs::read_to_string(f.file("deck.ron")).unwrap();
    let war = std::fs::read_to_string(f.file("01-war.ron")).unwrap();
    // a scene removed from deck.ron: the timeline follows
    rename_save(
        &f,
        "deck.ron",
        &deck_text.replace("        \"02-deal.ron\",\n", ""),
    );
    assert!(wait_for(&mut app, |a| a.doc.deck.scenes.len() == 1));
    // the current scene loses its steps: the step is clamped
    std::fs::remove_file(f.file("01-war.ron")).unwrap();
    assert!(
        wait_for(&mut app, |a: &App| a.has_errors()),
        "a missing file is a problem"
    );
    assert_eq!(app.doc.deck.scenes.len(), 1);
    let one_step = war.replace(
        "    steps: [\n        (),\n        (show: [\"phase\", \"list-1\"]),\n    ],\n",
        "",
    );
    assert_ne!(one_step, war);
    std::fs::write(f.file("01-war.ron"), one_step).unwrap();
    assert!(wait_for(&mut app, |a| !a.has_errors()));
    assert_eq!(app.show.pos, Position::new(0, 0));
    rename_save(&f, "deck.ron", &deck_text);
    assert!(wait_for(&mut app, |a| a.doc.deck.scenes.len() == 2));
}
