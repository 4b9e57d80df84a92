//! Issue 5, editor flows over the real app (egui_kittest): edit a title in the form, see it on
//! the stage, save, find it on disk; broken source lists problems and leaves the stage alone;
//! undo and redo.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

mod common;

use common::Fixture;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use storyplot::app::App;
use storyplot::model::source::DirSource;

fn harness(f: &Fixture) -> Harness<'static, App> {
    let deck = storyplot::model::load(&DirSource::open(f.path()).unwrap())
        .deck
        .unwrap();
    let mut app = App::new(deck, "fixture");
    app.source_dir = Some(f.path().to_owned());
    app.workspace = Some(storyplot::model::workspace::Workspace::open(f.path()).unwrap());
    let mut h = Harness::builder()
        .with_size([1600.0, 1000.0])
        .with_step_dt(1.0 / 30.0)
        .build_ui_state(|ui, app: &mut App| app.ui(ui), app);
    h.run_steps(2);
    h.key_press(Key::E);
    h.run_steps(3);
    h
}

/// The form's text field under the label `label` (the first one).
fn form_field<'h>(h: &'h Harness<'_, App>, label: &str) -> egui_kittest::Node<'h> {
    let fields: Vec<_> = h
        .get_all_by_role(egui::accesskit::Role::TextInput)
        .collect();
    let labels: Vec<_> = h.get_all_by_label(label).collect();
    let label_y = labels[0].rect().bottom();
    fields
        .into_iter()
        .filter(|f| f.rect().top() >= label_y - 1.0)
        .min_by(|a, b| a.rect().top().total_cmp(&b.rect().top()))
        .unwrap()
}

#[test]
fn a_title_edited_in_the_form_shows_on_the_stage_and_saves_to_disk() {
    let f = Fixture::new();
    let mut h = harness(&f);
    assert!(h.state().editor_open);
    form_field(&h, "Title").focus();
    h.run_steps(1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run_steps(1);
    form_field(&h, "Title").type_text("Tariffs, round one");
    h.run_steps(3);
    assert_eq!(
        h.state().deck.scenes[0].title,
        "Tariffs, round one",
        "the stage previews it"
    );
    assert!(h.query_all_by_label("Tariffs, round one").count() >= 1);
    assert!(h.state().is_dirty());
    // nothing on disk yet
    assert!(
        !std::fs::read_to_string(f.file("01-war.ron"))
            .unwrap()
            .contains("Tariffs, round one")
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run_steps(3);
    assert!(!h.state().is_dirty());
    let on_disk = std::fs::read_to_string(f.file("01-war.ron")).unwrap();
    assert!(
        on_disk.contains(r#"title: "Tariffs, round one","#),
        "{on_disk}"
    );
    // the saved file is in canonical form and loads
    let scene: storyplot::model::file::SceneFile =
        storyplot::model::codec::parse(&on_disk).unwrap();
    assert_eq!(
        storyplot::model::codec::to_canonical(&scene).unwrap(),
        on_disk
    );
}

#[test]
fn broken_source_lists_problems_with_locations_and_the_stage_keeps_the_last_valid_state() {
    let f = Fixture::new();
    let mut h = harness(&f);
    h.get_by_label("Source (RON)").click();
    h.run_steps(2);
    let source = h.get_by_role(egui::accesskit::Role::MultilineTextInput);
    source.focus();
    h.run_steps(1);
    // replace the whole text with a version whose era is unknown
    let text = std::fs::read_to_string(f.file("01-war.ron")).unwrap();
    let broken = text
        .replace(r#"era: "war""#, r#"era: "peace""#)
        .replace("The trade war begins", "Broken");
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run_steps(1);
    h.get_by_role(egui::accesskit::Role::MultilineTextInput)
        .type_text(&broken);
    h.run_steps(3);
    assert_eq!(
        h.state().deck.scenes[0].title,
        "The trade war begins",
        "stage unchanged"
    );
    assert!(
        h.state()
            .problems
            .iter()
            .any(|d| d.line == 5 && d.col == 10),
        "{:?}",
        h.state().problems
    );
    let problem = h.get_by_label_contains("5:10: unknown era \"peace\" (known: war)");
    problem.click();
    h.run_steps(2);
    // fixing it puts the edit on the stage
    let fixed = broken.replace(r#"era: "peace""#, r#"era: "war""#);
    h.get_by_role(egui::accesskit::Role::MultilineTextInput)
        .focus();
    h.run_steps(1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run_steps(1);
    h.get_by_role(egui::accesskit::Role::MultilineTextInput)
        .type_text(&fixed);
    h.run_steps(3);
    assert_eq!(h.state().deck.scenes[0].title, "Broken");
    assert!(!h.state().has_errors());
}

#[test]
fn undo_and_redo_across_form_edits() {
    let f = Fixture::new();
    let mut h = harness(&f);
    form_field(&h, "Title").focus();
    h.run_steps(1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run_steps(1);
    form_field(&h, "Title").type_text("Edited");
    h.run_steps(3);
    assert_eq!(h.state().deck.scenes[0].title, "Edited");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(3);
    assert_eq!(h.state().deck.scenes[0].title, "The trade war begins");
    assert!(!h.state().is_dirty());
    h.key_press_modifiers(
        Modifiers {
            shift: true,
            ..Modifiers::COMMAND
        },
        Key::Z,
    );
    h.run_steps(3);
    assert_eq!(h.state().deck.scenes[0].title, "Edited");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    h.run_steps(3);
    assert_eq!(h.state().deck.scenes[0].title, "Edited");
}
