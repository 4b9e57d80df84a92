//! Issue 5, editor flows over the real app (egui_kittest): edit a title in the form, see it on
//! the stage, save, find it on disk; broken source lists problems and leaves the stage alone;
//! undo and redo.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

mod common;

use common::Fixture;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use storyplot::app::App;
use storyplot::view::Modal;

fn harness(f: &Fixture) -> Harness<'static, App> {
    let mut h = common::folder_harness(f, [1600.0, 1000.0]);
    h.key_press(Key::E);
    h.run_steps(3);
    h
}

/// Selects all of the form field labelled `label` and types `text` over it.
fn replace_field(h: &mut Harness<'_, App>, label: &str, text: &str) {
    form_field(h, label).focus();
    h.run_steps(1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run_steps(1);
    form_field(h, label).type_text(text);
}

/// The form's text field labelled `label`.
fn form_field<'h>(h: &'h Harness<'_, App>, label: &'h str) -> egui_kittest::Node<'h> {
    h.get_all_by_label(label)
        .find(|n| n.accesskit_node().role() == egui::accesskit::Role::TextInput)
        .unwrap_or_else(|| panic!("no text field labelled {label}"))
}

#[test]
fn a_title_edited_in_the_form_shows_on_the_stage_and_saves_to_disk() {
    let f = Fixture::new();
    let mut h = harness(&f);
    assert!(h.state().show.editor_open);
    replace_field(&mut h, "Title", "Tariffs, round one");
    h.run_steps(3);
    assert_eq!(
        h.state().doc.deck.scenes[0].title,
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
        h.state().doc.deck.scenes[0].title,
        "The trade war begins",
        "stage unchanged"
    );
    assert!(
        h.state()
            .doc
            .problems
            .iter()
            .any(|d| d.line == 5 && d.col == 10),
        "{:?}",
        h.state().doc.problems
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
    assert_eq!(h.state().doc.deck.scenes[0].title, "Broken");
    assert!(!h.state().has_errors());
}

#[test]
fn undo_and_redo_across_form_edits() {
    let f = Fixture::new();
    let mut h = harness(&f);
    replace_field(&mut h, "Title", "Edited");
    h.run_steps(3);
    assert_eq!(h.state().doc.deck.scenes[0].title, "Edited");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(3);
    assert_eq!(h.state().doc.deck.scenes[0].title, "The trade war begins");
    assert!(!h.state().is_dirty());
    h.key_press_modifiers(
        Modifiers {
            shift: true,
            ..Modifiers::COMMAND
        },
        Key::Z,
    );
    h.run_steps(3);
    assert_eq!(h.state().doc.deck.scenes[0].title, "Edited");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    h.run_steps(3);
    assert_eq!(h.state().doc.deck.scenes[0].title, "Edited");
}

#[test]
fn clicking_the_plot_while_editing_adds_a_callout_ready_to_label() {
    let f = Fixture::new();
    let mut h = harness(&f);
    h.run();
    let t = h.state().ui.stage.plot.last_transform.unwrap();
    let date = storyplot::model::Date::parse("2019-01-01").unwrap();
    let pos = t.position_from_point(&egui_plot::PlotPoint::new(date.x_days(), 12.0));
    common::click_at(&mut h, pos);
    h.run_steps(3);
    let scene = &h.state().doc.deck.scenes[0];
    let callout = scene
        .plot
        .as_ref()
        .unwrap()
        .annotations
        .iter()
        .find(|a| a.id == "callout-1")
        .expect("a new callout");
    let storyplot::model::deck::AnnotationKind::Callout {
        series,
        date: d,
        value,
    } = callout.kind
    else {
        panic!()
    };
    assert_eq!(series, 0, "on the US series (12.0 there)");
    assert!((d.x_days() - date.x_days()).abs() <= 1.0, "{d}");
    assert!((value - 12.0).abs() < 1.5, "{value}");
    assert!(h.state().is_dirty());
    assert!(
        h.state()
            .status
            .as_deref()
            .unwrap()
            .contains("label it in the form")
    );
}

#[test]
fn new_and_deleted_scenes_through_the_editor() {
    let f = Fixture::new();
    let mut h = harness(&f);
    h.get_by_label("+ New scene").click();
    h.run_steps(4);
    assert_eq!(h.state().doc.deck.scenes.len(), 3);
    assert_eq!(h.state().scene().id, "new-scene", "goes to the new scene");
    h.get_by_label("Delete…").click();
    h.run_steps(3);
    assert_eq!(h.state().doc.deck.scenes.len(), 3, "asks first");
    h.get_by_label("Delete").click();
    h.run_steps(3);
    assert_eq!(h.state().doc.deck.scenes.len(), 2);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(3);
    assert_eq!(h.state().doc.deck.scenes.len(), 3, "undone");
}

#[test]
fn opening_another_deck_with_unsaved_changes_asks_first() {
    let f = Fixture::new();
    let other = Fixture::new();
    other.edit("01-war.ron", "The trade war begins", "Another deck");
    let mut h = harness(&f);
    h.get_by_label("+ New scene").click();
    h.run_steps(3);
    assert!(h.state().is_dirty());
    h.get_by_label("Open deck…").click();
    h.run_steps(3);
    let folder_field = "The deck's folder (the one holding deck.ron):";
    form_field(&h, folder_field).focus();
    h.run_steps(1);
    form_field(&h, folder_field).type_text(&other.path().display().to_string());
    h.run_steps(1);
    h.get_by_label("Open").click();
    h.run_steps(3);
    assert!(
        matches!(h.state().modal, Some(Modal::ClosePrompt { .. })),
        "save, discard or cancel"
    );
    assert_eq!(h.state().doc.deck.scenes[0].title, "The trade war begins");
    h.get_by_label("Cancel").click();
    h.run_steps(2);
    assert!(!matches!(h.state().modal, Some(Modal::ClosePrompt { .. })));
    assert!(h.state().is_dirty(), "cancel keeps the edits");
    // again, and discard
    h.state_mut()
        .push(storyplot::action::Action::OpenDeck(other.path().to_owned()));
    h.run_steps(2);
    h.get_by_label("Discard").click();
    h.run_steps(3);
    assert_eq!(h.state().doc.deck.scenes[0].title, "Another deck");
    assert!(!h.state().is_dirty());
    // the first deck's folder was not touched
    assert!(!f.file("new-scene.ron").exists());
}

#[test]
fn closing_the_window_with_unsaved_changes_asks_and_cancel_keeps_it_open() {
    let f = Fixture::new();
    let mut h = harness(&f);
    // a change and its reversal leave nothing to save
    replace_field(&mut h, "Title", "X");
    h.run_steps(2);
    assert!(h.state().is_dirty());
    h.key_press(Key::Escape);
    h.run_steps(1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert!(!h.state().is_dirty(), "back to the saved text");
    // with no unsaved changes, closing does not ask
    let close = |h: &mut Harness<'_, App>| {
        h.input_mut()
            .viewports
            .entry(egui::ViewportId::ROOT)
            .or_default()
            .events
            .push(egui::ViewportEvent::Close);
        h.run_steps(3); // a modal shows from its second frame
    };
    close(&mut h);
    assert!(!matches!(h.state().modal, Some(Modal::ClosePrompt { .. })));
    // with unsaved changes it does
    h.get_by_label("+ New scene").click();
    h.run_steps(3);
    close(&mut h);
    assert!(matches!(h.state().modal, Some(Modal::ClosePrompt { .. })));
    assert!(h.query_by_label("Save your changes?").is_some());
    h.get_by_label("Cancel").click();
    h.run_steps(2);
    assert!(!matches!(h.state().modal, Some(Modal::ClosePrompt { .. })));
    assert!(h.state().is_dirty());
    // Save from the prompt writes the files
    close(&mut h);
    // the prompt's Save (the editor has one too)
    h.get_all_by_label("Save").last().unwrap().click();
    h.run_steps(2);
    assert!(!h.state().is_dirty());
    assert!(f.file("new-scene.ron").exists());
}
