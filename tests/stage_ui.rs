//! Issue 3: every key and button path moves to the expected scene and step, over the real app
//! and the bundled deck, with no display (egui_kittest).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

mod common;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use storyplot::action::Blank;
use storyplot::app::App;
use storyplot::model::nav::Position;
use storyplot::view::Modal;

fn deck() -> storyplot::model::Deck {
    common::bundled_deck()
}

fn harness() -> Harness<'static, App> {
    common::bundled_harness()
}

/// A harness at the opening step of the first bundled scene that matches.
fn harness_at_scene(
    matches: impl Fn(&storyplot::model::deck::Scene) -> bool,
) -> (usize, Harness<'static, App>) {
    let s = deck()
        .scenes
        .iter()
        .position(matches)
        .expect("a matching scene");
    let mut h = harness();
    h.state_mut().show.pos = Position::new(s, 0);
    h.run();
    (s, h)
}

fn press(h: &mut Harness<'_, App>, key: Key) {
    h.key_press(key);
    h.run_steps(2);
}

/// The position after pressing `key` at `from`.
fn after(key: Key, from: Position) -> Position {
    let mut h = harness();
    h.state_mut().show.pos = from;
    h.run_steps(1);
    press(&mut h, key);
    h.state().show.pos
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
        h.state().show.pos,
        Position::new(0, 0),
        "digits alone do not move"
    );
    press(&mut h, Key::Enter);
    assert_eq!(h.state().show.pos, Position::new(11, 0));
}

#[test]
fn the_jump_box_takes_an_id_and_typing_in_it_does_not_navigate() {
    let mut h = harness();
    press(&mut h, Key::G);
    assert!(matches!(h.state().modal, Some(Modal::Jump { .. })));
    let id = h.state().doc.deck.scenes[8].id.clone();
    h.get_by_role(egui::accesskit::Role::TextInput)
        .type_text(&format!("{id}#2"));
    h.run_steps(2);
    // typed letters such as n, p, b are not navigation while the box has focus
    assert_eq!(h.state().show.pos, Position::new(0, 0));
    assert_eq!(h.state().show.blank, None);
    h.get_by_label("Go").click();
    h.run_steps(2);
    assert_eq!(h.state().show.pos, Position::new(8, 1));
    assert_eq!(h.state().modal, None);
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
    let err = match &h.state().modal {
        Some(Modal::Jump { error, .. }) => error.clone().unwrap(),
        other => panic!("{other:?}"),
    };
    assert!(
        err.starts_with("unknown scene \"nowhere\" (known: made-in-china-2025"),
        "{err}"
    );
    assert_eq!(h.state().show.pos, Position::new(0, 0));
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
        assert_eq!(h.state().show.blank, Some(blank), "{key:?}");
        press(&mut h, Key::PageDown);
        assert_eq!(h.state().show.blank, None);
        assert_eq!(
            h.state().show.pos,
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
        assert_eq!(h.state().modal, Some(Modal::Help));
        for action in storyplot::action::LISTED {
            let text = action.shortcut_text();
            if !text.is_empty() {
                assert!(h.query_by_label(&text).is_some(), "help misses {text}");
            }
        }
        press(&mut h, Key::Escape);
        assert_eq!(h.state().modal, None);
        assert!(!h.state().show.fullscreen);
    }
}

#[test]
fn the_overview_jumps_with_arrows_and_enter_or_a_click() {
    let mut h = harness();
    press(&mut h, Key::O);
    assert!(matches!(h.state().modal, Some(Modal::Overview { .. })));
    press(&mut h, Key::ArrowRight);
    press(&mut h, Key::ArrowDown);
    assert_eq!(
        h.state().show.pos,
        Position::new(0, 0),
        "arrows move the selection, not the story"
    );
    press(&mut h, Key::Enter);
    assert_eq!(
        h.state().show.pos,
        Position::new(1 + storyplot::view::OVERVIEW_COLUMNS, 0)
    );
    assert_eq!(h.state().modal, None);

    press(&mut h, Key::O);
    let title = h.state().doc.deck.scenes[2].title.clone();
    h.get_by_label_contains(&format!("3. {title}")).click();
    h.run_steps(2);
    assert_eq!(h.state().show.pos, Position::new(2, 0));
}

/// A thumbnail is a picture of a scene, not a chart to read: hovering its plot shows no
/// date-and-value tooltip, which would cover the neighbouring cards.
#[test]
fn hovering_an_overview_thumbnail_shows_no_plot_tooltip() {
    let mut h = harness();
    press(&mut h, Key::O);
    let title = h.state().doc.deck.scenes[0].title.clone();
    let card = h.get_by_label_contains(&format!("1. {title}")).rect();
    let mut tooltips = Vec::new();
    for i in 1..10 {
        for j in 1..10 {
            let at =
                card.min + egui::vec2(card.width() * i as f32, card.height() * j as f32) / 10.0;
            h.hover_at(at);
            h.run_steps(2);
            // The plot's tooltip reads "series / date: value / Source: ...".
            if let Some(tip) = h.query_by_label_contains("Source: ") {
                tooltips.push((at, tip.accesskit_node().label().unwrap_or_default()));
            }
        }
    }
    assert!(tooltips.is_empty(), "tooltips over the card: {tooltips:?}");
    // The stage's own plot still has them.
    press(&mut h, Key::Escape);
    assert_eq!(h.state().modal, None);
}

#[test]
fn buttons_move_like_keys() {
    let mut h = harness();
    h.get_by_label("▶").click();
    h.run_steps(2);
    assert_eq!(h.state().show.pos, h.state().show.pos.clamped(&deck()));
    assert_ne!(h.state().show.pos, Position::new(0, 0));
    h.get_by_label("◀").click();
    h.run_steps(2);
    assert_eq!(h.state().show.pos, Position::new(0, 0));
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
        h.state().show.pos,
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
    assert!(h.state().show.fullscreen);
    press(&mut h, Key::Escape);
    assert!(!h.state().show.fullscreen);
    press(&mut h, Key::F5);
    assert!(h.state().show.fullscreen);
    press(&mut h, Key::F5);
    assert!(!h.state().show.fullscreen);
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
    h.state_mut().show.pos = Position::new(s, d.scenes[s].steps.len() - 1);
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
    assert_eq!(h.state().modal, None);
    assert_eq!(h.state().show.pos, Position::new(2, 0));
}

/// A scene whose steps move the x range, and the step where it first moves.
fn scene_with_moving_range() -> (usize, usize) {
    let d = deck();
    for (i, s) in d.scenes.iter().enumerate() {
        for k in 1..s.steps.len() {
            if s.steps[k].x_range.is_some() && s.steps[k].x_range != s.steps[k - 1].x_range {
                return (i, k);
            }
        }
    }
    panic!("no scene moves its x range");
}

#[test]
fn a_step_eases_the_x_range_then_stops_repainting() {
    let (s, k) = scene_with_moving_range();
    let mut h = harness();
    h.state_mut().show.pos = Position::new(s, k - 1);
    h.run();
    press(&mut h, Key::PageDown);
    assert_eq!(h.state().show.pos, Position::new(s, k));
    assert!(
        h.state().ui.stage.plot.transition.is_some(),
        "the move is eased, not a jump"
    );
    // `run` steps until nothing asks for a repaint: the transition must end by itself.
    h.try_run()
        .expect("the app keeps repainting after the transition");
    assert!(h.state().ui.stage.plot.transition.is_none());
    let (a, b) = h.state().step().x_range.unwrap();
    let (x0, x1) = h.state().ui.stage.plot.last_x.unwrap();
    assert!(
        (x0 - a.x_days()).abs() < 1.0 && (x1 - b.x_days()).abs() < 1.0,
        "ends on the step's range"
    );
}

#[test]
fn at_rest_the_app_asks_for_no_frames() {
    let mut h = harness();
    for key in [
        Key::PageDown,
        Key::O,
        Key::Escape,
        Key::Questionmark,
        Key::Escape,
        Key::End,
    ] {
        press(&mut h, key);
        h.try_run()
            .unwrap_or_else(|e| panic!("still repainting after {key:?}: {e:?}"));
    }
}

#[test]
fn previous_restores_exactly_the_earlier_state() {
    let d = deck();
    let (s, k) = scene_with_moving_range();
    let mut h = harness();
    h.state_mut().show.pos = Position::new(s, k - 1);
    h.run();
    let before = h.state().step().clone();
    press(&mut h, Key::PageDown);
    h.run();
    press(&mut h, Key::PageUp);
    h.run();
    assert_eq!(h.state().show.pos, Position::new(s, k - 1));
    assert_eq!(*h.state().step(), before);
    assert_eq!(d.scenes[s].steps[k - 1], before);
}

/// The first step showing a highlight (with a margin note) linked to an event line it shows.
fn highlight_linked_to_an_event(
    d: &storyplot::model::Deck,
) -> (
    usize,
    usize,
    storyplot::model::deck::Highlight,
    storyplot::model::deck::Annotation,
) {
    for (i, s) in d.scenes.iter().enumerate() {
        let Some(plot) = &s.plot else { continue };
        for (k, step) in s.steps.iter().enumerate() {
            for h in s.excerpts.iter().flat_map(|e| &e.highlights) {
                if let Some(a) = h.annotation.and_then(|a| plot.annotations.get(a))
                    && matches!(a.kind, storyplot::model::deck::AnnotationKind::Event { .. })
                    && step.shows(&h.id)
                    && step.shows(&a.id)
                    && !h.note.is_empty()
                {
                    return (i, k, h.clone(), a.clone());
                }
            }
        }
    }
    panic!("no highlight linked to an event line");
}

#[test]
fn in_fullscreen_a_resting_pointer_hides_and_lights_nothing_until_it_moves() {
    let d = deck();
    let (s, k, highlight, _) = highlight_linked_to_an_event(&d);
    let mut h = Harness::builder()
        .with_size([1280.0, 720.0])
        .with_step_dt(0.5)
        .build_ui_state(|ui, app: &mut App| app.ui(ui), App::new(d, "bundled"));
    h.state_mut().show.pos = Position::new(s, k);
    h.state_mut().show.fullscreen = true;
    h.run_steps(2);
    let note = h.get_by_label(&highlight.note).rect().center();
    h.hover_at(note);
    h.run_steps(1);
    let cursor = |h: &Harness<'_, App>| h.output().platform_output.cursor_icon;
    assert_eq!(
        h.state().show.hovered_link.as_deref(),
        Some(highlight.id.as_str())
    );
    assert_ne!(cursor(&h), egui::CursorIcon::None);
    // 3.5 s without a move: hidden, and nothing lit
    h.run_steps(7);
    assert_eq!(cursor(&h), egui::CursorIcon::None);
    assert_eq!(h.state().show.hovered_link, None);
    // a move brings both back
    h.hover_at(note + egui::vec2(2.0, 0.0));
    h.run_steps(1);
    assert_ne!(cursor(&h), egui::CursorIcon::None);
    assert_eq!(
        h.state().show.hovered_link.as_deref(),
        Some(highlight.id.as_str())
    );
    // in a window the pointer never hides
    h.state_mut().show.fullscreen = false;
    h.run_steps(10);
    assert_ne!(cursor(&h), egui::CursorIcon::None);
    assert!(h.state().show.hovered_link.is_some());
}

#[test]
fn hovering_a_margin_note_lights_its_link_and_hovering_the_plot_mark_lights_the_phrase() {
    let d = deck();
    // a visible highlight linked to an event line
    let (s, k, highlight, annotation) = highlight_linked_to_an_event(&d);
    let mut h = harness();
    h.state_mut().show.pos = Position::new(s, k);
    h.run();
    // the note card: hover its text
    h.get_by_label(&highlight.note).hover();
    h.run_steps(2);
    assert_eq!(
        h.state().show.hovered_link.as_deref(),
        Some(highlight.id.as_str())
    );
    // the event line on the plot
    let storyplot::model::deck::AnnotationKind::Event { date } = annotation.kind else {
        unreachable!()
    };
    let t = h.state().ui.stage.plot.last_transform.unwrap();
    let mid_y = t.frame().center().y;
    let x = t
        .position_from_point(&egui_plot::PlotPoint::new(date.x_days(), 0.0))
        .x;
    h.hover_at(egui::pos2(x, mid_y));
    h.run_steps(2);
    assert_eq!(
        h.state().show.hovered_link.as_deref(),
        Some(annotation.id.as_str())
    );
}

#[test]
fn clicking_a_timeline_marker_jumps_to_that_scene() {
    let mut h = harness();
    h.run();
    let rect = h.state().ui.stage.timeline_rect.unwrap();
    let scale =
        storyplot::ui::timeline::TimeScale::new(&deck(), rect.left() + 8.0, rect.right() - 8.0);
    let target = 6;
    let pos = egui::pos2(scale.scene_x[target], rect.top() + rect.height() * 0.35);
    common::click_at(&mut h, pos);
    h.run_steps(2);
    assert_eq!(h.state().show.pos, Position::new(target, 0));
}

#[test]
fn the_legend_hides_and_shows_a_series() {
    let d = deck();
    let (s, mut h) = harness_at_scene(|s| {
        s.plot
            .as_ref()
            .is_some_and(|p| p.series.len() >= 2 && s.steps[0].series.iter().all(|v| *v))
    });
    let label = d.scenes[s].plot.as_ref().unwrap().series[1].label.clone();
    h.get_by_label(&format!("■ {label}")).click();
    h.run_steps(2);
    assert!(h.state().show.plot.hidden.contains(&1));
    h.get_by_label(&format!("□ {label}")).click();
    h.run_steps(2);
    assert!(h.state().show.plot.hidden.is_empty());
}

#[test]
fn the_log_scale_switches_and_resets() {
    let (_, mut h) = harness_at_scene(|s| {
        s.plot
            .as_ref()
            .is_some_and(|p| p.series.iter().all(|s| s.y_min > 0.0))
    });
    assert!(!h.state().log_scale());
    press(&mut h, Key::L);
    assert!(h.state().log_scale());
    h.get_by_label("Reset plot").click();
    h.run_steps(2);
    assert!(!h.state().log_scale());
    h.get_by_label("Log scale").click();
    h.run_steps(2);
    assert!(h.state().log_scale());
    h.try_run().unwrap();
}

/// Scene 1's two series carry different caveats: each line starts with the swatch of the
/// series it is about.
#[test]
fn a_caveat_shows_its_series_when_the_series_on_show_differ() {
    let d = deck();
    let plot = d.scenes[0].plot.as_ref().unwrap();
    let china = plot.series.iter().find(|s| s.label == "China").unwrap();
    let us = plot
        .series
        .iter()
        .find(|s| s.label == "United States")
        .unwrap();
    assert_ne!(china.caveat, us.caveat, "the fixture this test is about");
    let h = harness();
    let swatches: Vec<egui::Rect> = h.query_all_by_label("■").map(|n| n.rect()).collect();
    for caveat in [&china.caveat, &us.caveat] {
        let line = h.get_by_label(&format!("Caveat: {caveat}")).rect();
        // A wrapped line's rectangle spans the column; its swatch sits on its first row.
        let led = swatches
            .iter()
            .filter(|r| {
                (r.left() - line.left()).abs() < 2.0 && (r.top() - line.top()).abs() < r.height()
            })
            .count();
        assert_eq!(led, 1, "one swatch before {caveat:?}");
    }
}
