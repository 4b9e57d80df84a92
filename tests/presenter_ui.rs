//! Issue 4: the presenter window's content, autoplay with an injected clock, and detour and
//! return (egui_kittest; the presenter viewport is embedded as a window here).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use storyplot::app::App;
use storyplot::model::nav::Position;

fn deck() -> storyplot::model::Deck {
    storyplot::model::load(&storyplot::bundled::source())
        .deck
        .unwrap()
}

fn harness_at(pos: Position) -> Harness<'static, App> {
    let mut h = Harness::builder()
        .with_size([1600.0, 1000.0])
        .with_step_dt(1.0 / 30.0)
        .with_max_steps(2000)
        .build_ui_state(
            |ui, app: &mut App| app.ui(ui),
            App::new(deck(), "bundled").with_position(pos),
        );
    h.run_steps(3);
    h
}

fn press(h: &mut Harness<'_, App>, key: Key) {
    h.key_press(key);
    h.run_steps(3);
}

#[test]
fn the_presenter_shows_now_next_and_the_notes() {
    let d = deck();
    let s = d
        .scenes
        .iter()
        .position(|s| s.steps.len() >= 2 && !s.notes.is_empty() && s.steps[1].notes.len() > 10)
        .unwrap();
    let mut h = harness_at(Position::new(s, 1));
    assert!(
        h.query_by_label("Notes").is_none(),
        "no presenter content on the stage"
    );
    press(&mut h, Key::S);
    assert!(h.state().show.presenter_open);
    assert!(h.query_by_label("Notes").is_some());
    assert!(
        h.query_by_label(&d.scenes[s].notes).is_some(),
        "the scene's speaker notes"
    );
    assert!(
        h.query_by_label(&d.scenes[s].steps[1].notes).is_some(),
        "the step's notes"
    );
    let next = if d.scenes[s].steps.len() > 2 {
        "Next click: the next step".to_owned()
    } else {
        format!("Next click: scene {}", s + 2)
    };
    assert!(h.query_by_label(&next).is_some(), "{next}");
    assert!(
        h.query_by_label_contains(&format!("Scene {} / {} · step 2", s + 1, d.scenes.len()))
            .is_some()
    );
    // the stopwatch and its controls
    assert!(h.query_by_label("Pause").is_some() && h.query_by_label("Reset").is_some());
    // S again closes it; the stage stays
    press(&mut h, Key::S);
    assert!(!h.state().show.presenter_open);
    assert_eq!(h.state().show.pos, Position::new(s, 1));
    // Shift+P toggles it too, while plain P stays Previous
    h.key_press_modifiers(egui::Modifiers::SHIFT, Key::P);
    h.run_steps(3);
    assert!(h.state().show.presenter_open);
    assert_eq!(h.state().show.pos, Position::new(s, 1));
    press(&mut h, Key::P);
    assert_eq!(h.state().show.pos, Position::new(s, 0));
}

#[test]
fn jumping_from_the_presenter_list_is_a_detour() {
    let mut h = harness_at(Position::new(2, 1));
    press(&mut h, Key::S);
    let title = h.state().doc.deck.scenes[9].title.clone();
    h.get_by_label(&format!("10. {title}")).click();
    h.run_steps(3);
    assert_eq!(h.state().show.pos, Position::new(9, 0));
    assert_eq!(h.state().show.detour_from, Some(Position::new(2, 1)));
    assert!(
        h.query_by_label_contains("Detour — the story was at 3.")
            .is_some()
    );
    h.get_by_label_contains("Return (R)").click();
    h.run_steps(3);
    assert_eq!(h.state().show.pos, Position::new(2, 1));
    assert_eq!(h.state().show.detour_from, None);
}

#[test]
fn detour_by_jump_box_and_overview_then_r_returns() {
    let mut h = harness_at(Position::new(4, 1));
    // jump box
    press(&mut h, Key::G);
    h.get_by_role(egui::accesskit::Role::TextInput)
        .type_text("14");
    h.run_steps(1);
    press(&mut h, Key::Enter);
    assert_eq!(h.state().show.pos, Position::new(13, 0));
    // a second jump keeps the first saved place
    press(&mut h, Key::O);
    press(&mut h, Key::ArrowRight);
    press(&mut h, Key::Enter);
    assert_eq!(h.state().show.pos, Position::new(13 + 1, 0));
    // stepping around inside the detour is fine
    press(&mut h, Key::PageDown);
    press(&mut h, Key::R);
    assert_eq!(h.state().show.pos, Position::new(4, 1));
    assert_eq!(h.state().show.detour_from, None);
    // R with no detour does nothing
    press(&mut h, Key::R);
    assert_eq!(h.state().show.pos, Position::new(4, 1));
}

#[test]
fn autoplay_advances_on_the_clock_and_a_key_pauses_it() {
    let mut h = harness_at(Position::new(0, 0));
    let secs = h.state().step_secs(Position::new(0, 0));
    press(&mut h, Key::A);
    assert!(h.state().show.autoplay_since.is_some());
    // just before the step's time: still there
    let steps = |t: f64| (t * 30.0) as usize;
    h.run_steps(steps(secs - 0.5));
    assert_eq!(h.state().show.pos, Position::new(0, 0));
    h.run_steps(steps(1.0));
    assert_eq!(
        h.state().show.pos,
        Position::new(0, 1),
        "advanced after {secs} s"
    );
    // a navigation key pauses autoplay (and acts)
    press(&mut h, Key::ArrowRight);
    assert_eq!(h.state().show.pos, Position::new(0, 2));
    assert!(h.state().show.autoplay_since.is_none());
    h.run_steps(steps(secs * 2.0));
    assert_eq!(
        h.state().show.pos,
        Position::new(0, 2),
        "paused autoplay does not move"
    );
}

#[test]
fn autoplay_stops_at_the_end() {
    let d = deck();
    let last = Position::last(&d);
    let mut h = harness_at(last);
    press(&mut h, Key::A);
    let secs = h.state().step_secs(last);
    h.run_steps(((secs + 1.0) * 30.0) as usize);
    assert_eq!(h.state().show.pos, last);
    assert!(h.state().show.autoplay_since.is_none());
}

#[test]
fn the_pace_hint_compares_elapsed_time_with_the_plan() {
    let d = deck();
    let mut app = App::new(d, "bundled");
    let (_, total) = app.planned_secs(Position::new(0, 0));
    let target = f64::from(app.doc.deck.target_duration_mins.unwrap()) * 60.0;
    assert!(
        (total - target).abs() < 1e-6,
        "planned times are scaled to the target"
    );
    app.show.pos = Position::new(8, 0);
    let (planned, _) = app.planned_secs(app.show.pos);
    assert!(planned > 60.0);
    use storyplot::app::Pace;
    assert_eq!(app.pace(0.0), Pace::Ahead);
    assert_eq!(app.pace(planned), Pace::OnTime);
    assert_eq!(app.pace(planned + 120.0), Pace::Behind);
    // a paused stopwatch does not count
    app.show.stopwatch.toggle(10.0);
    assert_eq!(app.show.stopwatch.elapsed_secs(1000.0), 10.0);
    app.show.stopwatch.reset(1000.0);
    assert_eq!(app.show.stopwatch.elapsed_secs(2000.0), 0.0);
}

/// The presenter's window can be small (a laptop screen beside a projector, or a window the
/// teacher made narrow): clocks, the detour banner and the scene list stay inside it.
#[test]
fn the_presenter_fits_a_narrow_window() {
    use egui_kittest::kittest::NodeT;
    use storyplot::action::Action;
    use storyplot::state::State;
    use storyplot::ui::stage::StageUi;
    use storyplot::view::StageView;

    let d = deck();
    // The longest title, so its banner and list entry are the hardest to fit.
    let longest = (0..d.scenes.len())
        .max_by_key(|&i| d.scenes[i].title.chars().count())
        .unwrap();
    let detour = || {
        let mut state = State::new(deck(), "bundled");
        state.show.pos = Position::new(2, 1);
        state.apply(Action::GoTo(Position::new(longest, 0)), 0.0);
        assert_eq!(state.show.detour_from, Some(Position::new(2, 1)));
        state
    };
    for (w, h) in [(700.0, 500.0), (1024.0, 768.0)] {
        let mut harness = Harness::builder().with_size([w, h]).build_ui_state(
            |ui, (state, previews): &mut (State, [StageUi; 2])| {
                storyplot::ui::theme::install_font_set(
                    ui.ctx(),
                    storyplot::fonts::FontSet::bundled(),
                );
                storyplot::ui::theme::apply(ui.ctx(), state.theme(), 1.0);
                let pv = state.presenter_view(0.0);
                let now_view = StageView {
                    interactive: false,
                    ..state.stage_view()
                };
                let mut out = storyplot::view::Outbox::default();
                storyplot::ui::presenter::presenter_ui(
                    ui, &pv, &now_view, None, previews, &mut out,
                );
            },
            (detour(), Default::default()),
        );
        harness.run_steps(3);
        assert!(
            harness
                .query_by_label_contains("Detour — the story was at 3.")
                .is_some()
        );
        let mut outside = Vec::new();
        for node in harness.root().children_recursive() {
            // (Text runs inside a label have no rectangle of their own.)
            if node.accesskit_node().bounding_box().is_none() {
                continue;
            }
            let r = node.rect();
            if r.width() > 0.0 && (r.right() > w + 0.5 || r.left() < -0.5) {
                let label = node.accesskit_node().label().unwrap_or_default();
                outside.push(format!("{label:?} {r:?}"));
            }
        }
        assert!(
            outside.is_empty(),
            "at {w}x{h}, {} parts run past the window's edge: {outside:#?}",
            outside.len()
        );
    }
}
