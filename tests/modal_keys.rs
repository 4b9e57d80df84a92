//! Modals own the keyboard (egui_kittest over the real app): while one is open, the clicker's
//! keys change nothing behind it; Esc cancels; Enter takes the default button; Tab and the
//! arrows move between buttons.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

mod common;

use common::Fixture;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use storyplot::action::{Action, Edit};
use storyplot::app::App;
use storyplot::model::nav::Position;
use storyplot::view::{FolderPurpose, Modal};

/// The clicker's and the stage's keys: none may act behind a modal. (Space, Enter, Tab and the
/// arrows are the dialog's own: they press and move between its buttons.)
const STAGE_KEYS: &[Key] = &[
    Key::PageDown,
    Key::PageUp,
    Key::N,
    Key::P,
    Key::End,
    Key::F,
    Key::B,
    Key::T,
    Key::E,
    Key::S,
    Key::Num3,
];

fn harness_on(f: &Fixture) -> Harness<'static, App> {
    common::folder_harness(f, [1280.0, 720.0])
}

fn bundled_harness() -> Harness<'static, App> {
    let deck = storyplot::model::load(&storyplot::bundled::source())
        .deck
        .unwrap();
    let mut h = Harness::builder()
        .with_size([1280.0, 720.0])
        .with_step_dt(1.0 / 30.0)
        .build_ui_state(|ui, app: &mut App| app.ui(ui), App::new(deck, "bundled"));
    h.run_steps(2);
    h
}

fn press(h: &mut Harness<'_, App>, key: Key) {
    h.key_press(key);
    h.run_steps(2);
}

/// Presses every stage key and checks that nothing behind the modal moved.
fn stage_keys_do_nothing(h: &mut Harness<'_, App>) {
    let pos = h.state().show.pos;
    let theme = h.state().theme();
    let modal = h.state().modal.clone();
    assert!(modal.is_some());
    for &key in STAGE_KEYS {
        press(h, key);
        assert_eq!(h.state().show.pos, pos, "{key:?} moved the stage");
        assert_eq!(h.state().show.blank, None, "{key:?} blanked the stage");
        assert_eq!(h.state().theme(), theme, "{key:?} changed the theme");
        assert!(!h.state().show.editor_open, "{key:?} opened the editor");
        assert!(
            !h.state().show.presenter_open,
            "{key:?} opened the presenter"
        );
        assert_eq!(h.state().show.digits, "", "{key:?} typed a scene number");
        assert!(!h.state().show.fullscreen, "{key:?} went fullscreen");
        assert_eq!(
            std::mem::discriminant(h.state().modal.as_ref().unwrap()),
            std::mem::discriminant(modal.as_ref().unwrap()),
            "{key:?} changed the modal"
        );
    }
}

fn request_close(h: &mut Harness<'_, App>) {
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    h.run_steps(3);
}

fn edit_title(h: &mut Harness<'_, App>, file: &str, from: &str, to: &str) {
    let text = h
        .state()
        .doc
        .workspace
        .as_ref()
        .unwrap()
        .text(file)
        .unwrap();
    h.state_mut().push(Action::Edit(Edit::Text {
        file: file.into(),
        text: text.replacen(from, to, 1),
        field: format!("{file}/title"),
    }));
    h.run_steps(2);
}

#[test]
fn the_close_prompt_by_keyboard_alone() {
    let f = Fixture::new();
    let mut h = harness_on(&f);
    edit_title(&mut h, "02-deal.ron", "Phase One", "Edited");
    assert!(h.state().is_dirty());
    request_close(&mut h);
    assert!(matches!(h.state().modal, Some(Modal::ClosePrompt { .. })));
    assert!(h.query_by_label("Save your changes?").is_some());
    stage_keys_do_nothing(&mut h);
    // Esc cancels: the edits stay, the window stays
    press(&mut h, Key::Escape);
    assert_eq!(h.state().modal, None);
    assert!(h.state().is_dirty());
    // Enter takes the default: Save
    request_close(&mut h);
    assert_eq!(h.state().dialog_choice, 0, "the default button, Save");
    press(&mut h, Key::Enter);
    assert!(!h.state().is_dirty(), "saved");
    assert!(
        std::fs::read_to_string(f.file("02-deal.ron"))
            .unwrap()
            .contains("Edited")
    );
}

#[test]
fn tab_and_arrows_move_between_the_buttons() {
    let f = Fixture::new();
    let mut h = harness_on(&f);
    edit_title(&mut h, "02-deal.ron", "Phase One", "Edited");
    request_close(&mut h);
    press(&mut h, Key::Tab);
    assert_eq!(h.state().dialog_choice, 1, "Discard");
    press(&mut h, Key::ArrowRight);
    assert_eq!(h.state().dialog_choice, 2, "Cancel");
    press(&mut h, Key::Tab);
    assert_eq!(h.state().dialog_choice, 0, "round to Save");
    h.key_press_modifiers(Modifiers::SHIFT, Key::Tab);
    h.run_steps(2);
    assert_eq!(h.state().dialog_choice, 2, "Shift+Tab goes back");
    // Enter on Cancel cancels
    press(&mut h, Key::Enter);
    assert_eq!(h.state().modal, None);
    assert!(h.state().is_dirty());
    assert!(
        std::fs::read_to_string(f.file("02-deal.ron"))
            .unwrap()
            .contains("Phase One"),
        "nothing written"
    );
}

#[test]
fn the_conflict_prompt_by_keyboard_alone() {
    let f = Fixture::new();
    let mut h = harness_on(&f);
    // Make the working copy know the disk text, then edit it here and change it there.
    edit_title(&mut h, "02-deal.ron", "Phase One", "Mine");
    f.edit("02-deal.ron", "Phase One", "Theirs");
    h.state_mut()
        .push(Action::FilesChanged(vec![f.file("02-deal.ron")]));
    h.run_steps(3);
    assert!(matches!(h.state().modal, Some(Modal::Conflict(_))));
    stage_keys_do_nothing(&mut h);
    // Tab to "Take the version on disk", Enter
    press(&mut h, Key::Tab);
    press(&mut h, Key::Enter);
    assert_eq!(h.state().modal, None);
    assert_eq!(h.state().doc.deck.scenes[1].title, "Theirs");
    // and again, with Enter on the default: keep mine
    edit_title(&mut h, "02-deal.ron", "Theirs", "Mine again");
    f.edit("02-deal.ron", "Theirs", "Theirs again");
    h.state_mut()
        .push(Action::FilesChanged(vec![f.file("02-deal.ron")]));
    h.run_steps(3);
    assert!(matches!(h.state().modal, Some(Modal::Conflict(_))));
    press(&mut h, Key::Enter);
    assert_eq!(h.state().modal, None);
    assert_eq!(h.state().doc.deck.scenes[1].title, "Mine again");
}

#[test]
fn the_delete_confirmation_by_keyboard_alone() {
    let f = Fixture::new();
    let mut h = harness_on(&f);
    h.state_mut().push(Action::AskDelete("02-deal.ron".into()));
    h.run_steps(3);
    assert!(matches!(h.state().modal, Some(Modal::ConfirmDelete { .. })));
    stage_keys_do_nothing(&mut h);
    // the default is Cancel: Enter keeps the scene
    press(&mut h, Key::Enter);
    assert_eq!(h.state().modal, None);
    assert_eq!(h.state().doc.deck.scenes.len(), 2);
    // Tab to Delete, Enter
    h.state_mut().push(Action::AskDelete("02-deal.ron".into()));
    h.run_steps(3);
    press(&mut h, Key::Tab);
    press(&mut h, Key::Enter);
    assert_eq!(h.state().doc.deck.scenes.len(), 1);
}

#[test]
fn help_overview_jump_and_folder_prompt_own_the_keyboard() {
    let mut h = bundled_harness();
    h.state_mut().show.pos = Position::new(2, 0);
    h.run_steps(2);
    for open in [Action::ToggleHelp, Action::ToggleOverview] {
        h.state_mut().push(open.clone());
        h.run_steps(3);
        let pos = h.state().show.pos;
        for key in [Key::PageDown, Key::End, Key::B, Key::T, Key::Num3] {
            press(&mut h, key);
            assert_eq!(h.state().show.pos, pos, "{open:?} {key:?}");
            assert_eq!(h.state().show.blank, None);
        }
        press(&mut h, Key::Escape);
        assert_eq!(h.state().modal, None, "{open:?}: Esc closes");
        assert_eq!(h.state().show.pos, pos);
    }
    // the jump box: letters are typed into it, never read as keys
    press(&mut h, Key::G);
    h.get_by_role(egui::accesskit::Role::TextInput)
        .type_text("n5");
    h.run_steps(2);
    assert_eq!(h.state().show.pos, Position::new(2, 0));
    assert!(matches!(&h.state().modal, Some(Modal::Jump { text, .. }) if text == "n5"));
    press(&mut h, Key::Escape);
    assert_eq!(h.state().modal, None);
    // the folder prompt
    h.state_mut()
        .push(Action::OpenFolderPrompt(FolderPurpose::OpenDeck));
    h.run_steps(3);
    for key in [Key::PageDown, Key::End] {
        press(&mut h, key);
        assert_eq!(h.state().show.pos, Position::new(2, 0));
    }
    press(&mut h, Key::Enter);
    assert!(
        matches!(&h.state().modal, Some(Modal::Folder(p)) if p.error.is_some()),
        "Enter with no folder says what is missing"
    );
    press(&mut h, Key::Escape);
    assert_eq!(h.state().modal, None);
}
