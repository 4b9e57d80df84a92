//! Issue 3: every key and button path moves to the expected scene and step, over the real app
//! and the bundled deck, with no display (egui_kittest).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use storyplot::action::{Blank, Overlay};
use storyplot::app::App;
use storyplot::model::nav::Position;

fn deck() -> storyplot::model::Deck {
    storyplot::model::load(&storyplot::bundled::source())
        .deck
        .unwrap()
}

fn harness() -> Harness<'static, App> {
    let mut h = Harness::builder()
        .with_size([1280.0, 720.0])
        .build_ui_state(|ui, app: &mut App| app.ui(ui), App::new(deck(), "bundled"));
    h.run_steps(2);
    h
}

fn press(h: &mut Harness<'_, App>, key: Key) {
    h.key_press(key);
    h.run_steps(2);
}

/// The position after pressing `key` at `from`.
fn after(key: Key, from: Position) -> Position {
    let mut h = harness();
    h.state_mut().pos = from;
    h.run_steps(1);
    press(&mut h, key);
    h.state().pos
}

#[test]
fn every_next_key_steps_forward_and_every_previous_key_back() {
    let d = deck();
    // a scene with several steps
    let s = d.scenes.iter().position(|s| s.steps.len() >= 3).unwrap();
    let start = Position::new(s, 1);
    for key in [
        Key::PageDown,
        Key::ArrowRight,
        Key::ArrowDown,
        Key::Space,
        Key::N,
        Key::Enter,
    ] {
        assert_eq!(after(key, start), Position::new(s, 2), "{key:?}");
    }
    for key in [
        Key::PageUp,
        Key::ArrowLeft,
        Key::ArrowUp,
        Key::Backspace,
        Key::P,
    ] {
        assert_eq!(after(key, start), Position::new(s, 0), "{key:?}");
    }
}

#[test]
fn steps_run_out_into_the_next_scene_and_back_into_the_last_step() {
    let d = deck();
    let s = d.scenes.iter().position(|s| s.steps.len() >= 2).unwrap();
    let last_step = d.scenes[s].steps.len() - 1;
    assert_eq!(
        after(Key::PageDown, Position::new(s, last_step)),
        Position::new(s + 1, 0)
    );
    assert_eq!(
        after(Key::PageUp, Position::new(s + 1, 0)),
        Position::new(s, last_step)
    );
}

#[test]
fn home_end_and_the_ends_of_the_deck() {
    let d = deck();
    let last = Position::last(&d);
    assert_eq!(after(Key::End, Position::new(2, 0)), last);
    assert_eq!(after(Key::Home, Position::new(2, 1)), Position::new(0, 0));
    // nothing past either end
    assert_eq!(after(Key::PageDown, last), last);
    assert_eq!(after(Key::PageUp, Position::new(0, 0)), Position::new(0, 0));
}

#[test]
fn a_typed_number_then_enter_jumps_to_that_scene() {
    let mut h = harness();
    press(&mut h, Key::Num1);
    press(&mut h, Key::Num2);
    assert_eq!(
        h.state().pos,
        Position::new(0, 0),
        "digits alone do not move"
    );
    press(&mut h, Key::Enter);
    assert_eq!(h.state().pos, Position::new(11, 0));
}

#[test]
fn the_jump_box_takes_an_id_and_typing_in_it_does_not_navigate() {
    let mut h = harness();
    press(&mut h, Key::G);
    assert_eq!(h.state().overlay, Some(Overlay::Jump));
    let id = h.state().deck.scenes[8].id.clone();
    h.get_by_role(egui::accesskit::Role::TextInput)
        .type_text(&format!("{id}#1"));
    h.run_steps(2);
    // typed letters such as n, p, b are not navigation while the box has focus
    assert_eq!(h.state().pos, Position::new(0, 0));
    assert_eq!(h.state().blank, None);
    h.get_by_label("Go").click();
    h.run_steps(2);
    assert_eq!(h.state().pos, Position::new(8, 1));
    assert_eq!(h.state().overlay, None);
}

#[test]
fn the_jump_box_explains_an_unknown_scene() {
    let mut h = harness();
    press(&mut h, Key::G);
    h.get_by_role(egui::accesskit::Role::TextInput)
        .type_text("nowhere");
    h.run_steps(1);
    h.get_by_label("Go").click();
    h.run_steps(2);
    let err = h.state().jump_error.clone().unwrap();
    assert!(
        err.starts_with("unknown scene \"nowhere\" (known: made-in-china-2025"),
        "{err}"
    );
    assert_eq!(h.state().pos, Position::new(0, 0));
}

#[test]
fn blank_keys_blank_and_any_key_returns_without_moving() {
    for (key, blank) in [
        (Key::B, Blank::Black),
        (Key::Period, Blank::Black),
        (Key::Slash, Blank::Black),
        (Key::W, Blank::White),
    ] {
        let mut h = harness();
        press(&mut h, key);
        assert_eq!(h.state().blank, Some(blank), "{key:?}");
        press(&mut h, Key::PageDown);
        assert_eq!(h.state().blank, None);
        assert_eq!(
            h.state().pos,
            Position::new(0, 0),
            "the returning key does not also navigate"
        );
    }
}

#[test]
fn help_lists_every_shortcut_and_closes() {
    for key in [Key::Questionmark, Key::F1] {
        let mut h = harness();
        press(&mut h, key);
        assert_eq!(h.state().overlay, Some(Overlay::Help));
        for action in storyplot::action::LISTED {
            let text = action.shortcut_text();
            if !text.is_empty() {
                assert!(h.query_by_label(&text).is_some(), "help misses {text}");
            }
        }
        press(&mut h, Key::Escape);
        assert_eq!(h.state().overlay, None);
        assert!(!h.state().fullscreen);
    }
}

#[test]
fn the_overview_jumps_with_arrows_and_enter_or_a_click() {
    let mut h = harness();
    press(&mut h, Key::O);
    assert_eq!(h.state().overlay, Some(Overlay::Overview));
    press(&mut h, Key::ArrowRight);
    press(&mut h, Key::ArrowDown);
    assert_eq!(
        h.state().pos,
        Position::new(0, 0),
        "arrows move the selection, not the story"
    );
    press(&mut h, Key::Enter);
    assert_eq!(
        h.state().pos,
        Position::new(1 + storyplot::ui::overlay::OVERVIEW_COLUMNS, 0)
    );
    assert_eq!(h.state().overlay, None);

    press(&mut h, Key::O);
    let title = h.state().deck.scenes[2].title.clone();
    h.get_by_label_contains(&format!("3. {title}")).click();
    h.run_steps(2);
    assert_eq!(h.state().pos, Position::new(2, 0));
}

#[test]
fn buttons_move_like_keys() {
    let mut h = harness();
    h.get_by_label("▶").click();
    h.run_steps(2);
    assert_eq!(h.state().pos, h.state().pos.clamped(&deck()));
    assert_ne!(h.state().pos, Position::new(0, 0));
    h.get_by_label("◀").click();
    h.run_steps(2);
    assert_eq!(h.state().pos, Position::new(0, 0));
}

#[test]
fn font_scale_and_theme_keys() {
    let mut h = harness();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Plus);
    h.run_steps(2);
    assert!(h.state().prefs.font_scale > 1.0);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num0);
    h.run_steps(2);
    assert_eq!(h.state().prefs.font_scale, 1.0);
    assert_eq!(
        h.state().pos,
        Position::new(0, 0),
        "Ctrl+0 is not a typed digit"
    );
    press(&mut h, Key::T);
    assert_eq!(h.state().theme(), storyplot::model::deck::ThemeName::Dark);
}

#[test]
fn fullscreen_toggles_and_escape_leaves_it() {
    let mut h = harness();
    press(&mut h, Key::F);
    assert!(h.state().fullscreen);
    press(&mut h, Key::Escape);
    assert!(!h.state().fullscreen);
    press(&mut h, Key::F5);
    assert!(h.state().fullscreen);
    press(&mut h, Key::F5);
    assert!(!h.state().fullscreen);
}

#[test]
fn the_stage_shows_the_scene_its_quote_and_its_sources() {
    let mut h = harness();
    let d = deck();
    // the scene with a fact-check
    let s = d
        .scenes
        .iter()
        .position(|s| !s.checks.is_empty() && s.plot.is_some())
        .unwrap();
    h.state_mut().pos = Position::new(s, d.scenes[s].steps.len() - 1);
    h.run_steps(3);
    let scene = &d.scenes[s];
    assert!(h.query_by_label(&scene.title).is_some());
    assert!(h.query_all_by_label_contains("FACT-CHECK").count() >= 1);
    let series = &scene.plot.as_ref().unwrap().series[0];
    assert!(
        h.query_by_label_contains(&series.source.publisher)
            .is_some(),
        "source line under the plot"
    );
}

#[test]
fn enter_in_the_jump_box_jumps() {
    let mut h = harness();
    press(&mut h, Key::G);
    h.get_by_role(egui::accesskit::Role::TextInput)
        .type_text("3");
    h.run_steps(1);
    press(&mut h, Key::Enter);
    assert_eq!(h.state().overlay, None);
    assert_eq!(h.state().pos, Position::new(2, 0));
}
