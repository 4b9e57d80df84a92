//! Issue 15, the UI part: what a screen reader gets (the plot's label is the step's
//! description, a live region announces each new step), the table view, keyboard-only use and
//! reduced motion. Checked on the accesskit tree and the app state, with no display.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

mod common;

use egui::accesskit::{Live, Role};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable, by};
use storyplot::action::Action;
use storyplot::app::App;
use storyplot::model::describe::describe;
use storyplot::model::nav::Position;
use storyplot::view::Modal;

fn deck() -> storyplot::model::Deck {
    common::bundled_deck()
}

fn harness() -> Harness<'static, App> {
    common::bundled_harness()
}

fn press(h: &mut Harness<'_, App>, key: Key) {
    h.key_press(key);
    h.run_steps(2);
}

/// Positions with a plot: three different steps, two of them in one scene.
fn plotted_positions() -> Vec<Position> {
    let d = deck();
    let multi = d
        .scenes
        .iter()
        .position(|s| s.plot.is_some() && s.steps.len() >= 2)
        .expect("a plotted scene with steps");
    let other = d
        .scenes
        .iter()
        .enumerate()
        .position(|(i, s)| i != multi && s.plot.is_some())
        .expect("another plotted scene");
    vec![
        Position::new(multi, 0),
        Position::new(multi, 1),
        Position::new(other, 0),
    ]
}

/// The label of the plot node (role Image), which must be the only one.
fn plot_label(h: &Harness<'_, App>) -> String {
    let plots: Vec<_> = h.query_all(by().role(Role::Image)).collect();
    assert_eq!(plots.len(), 1, "one plot image node");
    plots[0].accesskit_node().label().unwrap_or_default()
}

/// The live region's label.
fn announcement(h: &Harness<'_, App>) -> String {
    let live: Vec<_> = h
        .query_all(by().predicate(|n| n.live() == Live::Polite && n.role() == Role::Status))
        .collect();
    assert_eq!(live.len(), 1, "one polite live region on the stage");
    live[0].accesskit_node().label().unwrap_or_default()
}

#[test]
fn the_plot_node_is_labelled_with_the_step_description_at_three_steps() {
    let d = deck();
    let mut labels = Vec::new();
    for pos in plotted_positions() {
        let mut h = harness();
        h.state_mut().show.pos = pos;
        h.run();
        let expected = describe(&d.scenes[pos.scene], pos.step).unwrap();
        assert!(expected.len() > 40, "{expected}");
        // Found by role and label, as a screen reader would find it.
        let node = h.get_by_role_and_label(Role::Image, &expected);
        assert_eq!(node.accesskit_node().label().as_deref(), Some(&*expected));
        labels.push(plot_label(&h));
    }
    assert_ne!(
        labels[0], labels[1],
        "two steps of one scene read differently"
    );
    assert_ne!(labels[1], labels[2]);
}

#[test]
fn stepping_changes_the_plot_label_and_announces_title_and_description() {
    let d = deck();
    let pos = plotted_positions()[0];
    let mut h = harness();
    h.state_mut().show.pos = pos;
    h.run();
    let before = plot_label(&h);
    let said_before = announcement(&h);
    press(&mut h, Key::PageDown);
    h.run();
    let now = h.state().show.pos;
    assert_eq!(now, Position::new(pos.scene, pos.step + 1));
    let after = plot_label(&h);
    assert_ne!(before, after);
    let scene = &d.scenes[now.scene];
    assert_eq!(after, describe(scene, now.step).unwrap());
    let said = announcement(&h);
    assert_ne!(said, said_before);
    assert!(said.contains(scene.title.trim_end_matches('.')), "{said}");
    assert!(said.ends_with(&after), "{said}");
    assert!(
        said.starts_with(&format!(
            "Scene {} of {}, step {} of {}",
            now.scene + 1,
            d.scenes.len(),
            now.step + 1,
            scene.steps.len()
        )),
        "{said}"
    );
}

#[test]
fn d_and_the_button_open_the_table_which_the_keyboard_walks_and_copies() {
    let d = deck();
    let pos = plotted_positions()[0];
    let mut h = harness();
    h.state_mut().show.pos = pos;
    h.run();
    press(&mut h, Key::D);
    assert_eq!(h.state().modal, Some(Modal::Table { row: 0 }));
    let table = h.state().table().unwrap();
    assert!(table.rows.len() > 12, "{} rows", table.rows.len());
    // The header names the series with their units.
    h.get_by_label(&table.header[1]);
    // The row the keyboard is on is read out (its node is selected).
    h.get_by_role_and_label(Role::Row, &table.row_text(0));
    press(&mut h, Key::ArrowDown);
    press(&mut h, Key::ArrowDown);
    assert_eq!(h.state().modal, Some(Modal::Table { row: 2 }));
    press(&mut h, Key::PageDown);
    assert_eq!(h.state().modal, Some(Modal::Table { row: 12 }));
    press(&mut h, Key::PageUp);
    press(&mut h, Key::ArrowUp);
    assert_eq!(h.state().modal, Some(Modal::Table { row: 1 }));
    press(&mut h, Key::End);
    let last = table.rows.len() - 1;
    assert_eq!(h.state().modal, Some(Modal::Table { row: last }));
    press(&mut h, Key::ArrowDown);
    assert_eq!(
        h.state().modal,
        Some(Modal::Table { row: last }),
        "stays on the last row"
    );
    let live: Vec<_> = h
        .query_all(by().predicate(|n| n.live() == Live::Polite && n.role() == Role::Label))
        .collect();
    assert_eq!(live.len(), 1, "{live:?}");
    let node = live[0].accesskit_node();
    assert_eq!(
        node.label().or(node.value()).as_deref(),
        Some(&*table.row_text(last))
    );
    // The arrows moved the cursor, not the story.
    assert_eq!(h.state().show.pos, pos);

    // Ctrl+C (a copy event from the window, or the key itself) copies the table as TSV.
    for copy in [true, false] {
        if copy {
            h.event(egui::Event::Copy);
        } else {
            // Straight into the next frame's input, so that one frame reads it.
            h.input_mut().events.push(egui::Event::Key {
                key: Key::C,
                physical_key: None,
                pressed: true,
                repeat: false,
                modifiers: Modifiers::COMMAND,
            });
        }
        h.step(); // one frame: its output holds the copy
        let copied: Vec<String> = h
            .output()
            .platform_output
            .commands
            .iter()
            .filter_map(|c| match c {
                egui::OutputCommand::CopyText(t) => Some(t.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(copied, vec![table.to_tsv()]);
        h.run();
    }
    let tsv = table.to_tsv();
    let first_line = tsv.lines().next().unwrap();
    assert!(first_line.starts_with("Date\t"), "{first_line}");

    press(&mut h, Key::Escape);
    assert_eq!(h.state().modal, None);
    assert_eq!(
        h.state().show.pos,
        pos,
        "Esc closed the table, nothing else"
    );

    // The button beside the plot opens it too.
    h.get_by_role_and_label(Role::Button, Action::ToggleTable.label())
        .click();
    h.run();
    assert!(matches!(h.state().modal, Some(Modal::Table { .. })));
    let _ = d;
}

#[test]
fn help_lists_the_table_and_reduced_motion_keys() {
    let mut h = harness();
    press(&mut h, Key::F1);
    for action in [
        Action::ToggleTable,
        Action::ToggleReduceMotion,
        Action::CopyTable,
    ] {
        h.get_by_label(action.description());
        h.get_by_label(&action.shortcut_text());
    }
}

/// The label of the node with the keyboard focus.
fn focused_label(h: &Harness<'_, App>) -> Option<String> {
    h.root()
        .children_recursive()
        .find(|n| n.accesskit_node().is_focused())
        .map(|n| {
            let node = n.accesskit_node();
            node.label().or(node.value()).unwrap_or_default()
        })
}

/// Presses Tab until the focused control's label satisfies `want`; panics after 120 presses.
/// Returns the labels passed on the way, in order.
fn tab_to(h: &mut Harness<'_, App>, want: impl Fn(&str) -> bool) -> Vec<String> {
    let mut seen = Vec::new();
    for _ in 0..120 {
        press(h, Key::Tab);
        let label = focused_label(h).unwrap_or_default();
        seen.push(label.clone());
        if want(&label) {
            return seen;
        }
    }
    panic!("Tab never reached the control; focus went through {seen:#?}");
}

/// Enter on the focused control, in one frame; returns what the frame asked of the platform.
fn enter(h: &mut Harness<'_, App>) -> Vec<egui::OutputCommand> {
    h.input_mut().events.push(egui::Event::Key {
        key: Key::Enter,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: Modifiers::NONE,
    });
    h.step();
    let commands = h.output().platform_output.commands.clone();
    h.input_mut().events.push(egui::Event::Key {
        key: Key::Enter,
        physical_key: None,
        pressed: false,
        repeat: false,
        modifiers: Modifiers::NONE,
    });
    h.run();
    commands
}

#[test]
fn tab_reaches_the_legend_the_timeline_markers_and_the_source_links_and_enter_activates_each() {
    let d = deck();
    let s = d
        .scenes
        .iter()
        .position(|s| {
            s.plot.as_ref().is_some_and(|p| {
                p.series.len() >= 2
                    && s.steps[0].series.iter().all(|v| *v)
                    && !p.series[0].source.url.is_empty()
            })
        })
        .expect("a scene with two series and a linked source");
    let plot = d.scenes[s].plot.as_ref().unwrap();
    let start = Position::new(s, 0);
    let mut h = harness();
    h.state_mut().show.pos = start;
    h.run();

    // The legend: Enter hides the series, and does not step the story.
    let legend = format!("■ {}", plot.series[0].label);
    tab_to(&mut h, |l| l == legend);
    enter(&mut h);
    assert!(h.state().show.plot.hidden.contains(&0));
    assert_eq!(
        h.state().show.pos,
        start,
        "Enter went to the legend, not to Next"
    );
    enter(&mut h);
    assert!(
        h.state().show.plot.hidden.is_empty(),
        "Enter again shows it"
    );

    // A source link: Enter opens its address.
    let url = plot.series[0].source.url.clone();
    let link = plot.series[0].source.text();
    tab_to(&mut h, |l| l == link);
    let opened: Vec<String> = enter(&mut h)
        .into_iter()
        .filter_map(|c| match c {
            egui::OutputCommand::OpenUrl(o) => Some(o.url),
            _ => None,
        })
        .collect();
    assert_eq!(opened, vec![url]);
    assert_eq!(h.state().show.pos, start);

    // Esc gives the stage its keys back: PageDown steps again.
    press(&mut h, Key::Escape);
    assert_eq!(focused_label(&h), None);
    assert!(!h.state().show.fullscreen);

    // A timeline marker: Enter goes to that scene.
    let target = if s == 2 { 3 } else { 2 };
    let marker = format!("Scene {} of {}: ", target + 1, d.scenes.len());
    let passed = tab_to(&mut h, |l| l.starts_with(&marker));
    assert!(
        passed.iter().any(|l| l.starts_with("Scene 1 of ")),
        "markers in order: {passed:#?}"
    );
    enter(&mut h);
    assert_eq!(h.state().show.pos, Position::new(target, 0));
}

#[test]
fn escape_on_a_focused_control_returns_to_the_stage_and_only_that() {
    let mut h = harness();
    press(&mut h, Key::F);
    assert!(h.state().show.fullscreen);
    tab_to(&mut h, |l| !l.is_empty());
    let pos = h.state().show.pos;
    press(&mut h, Key::Escape);
    assert_eq!(focused_label(&h), None);
    assert!(
        h.state().show.fullscreen,
        "the first Esc only leaves the control"
    );
    press(&mut h, Key::PageDown);
    assert_ne!(h.state().show.pos, pos, "the clicker keys work again");
    press(&mut h, Key::Escape);
    assert!(!h.state().show.fullscreen);
}

#[test]
fn the_overview_selection_moves_with_tab_and_the_focus_follows_it() {
    let d = deck();
    let mut h = harness();
    press(&mut h, Key::O);
    assert_eq!(h.state().modal, Some(Modal::Overview { cursor: 0 }));
    press(&mut h, Key::Tab);
    press(&mut h, Key::Tab);
    assert_eq!(h.state().modal, Some(Modal::Overview { cursor: 2 }));
    let focused = focused_label(&h).unwrap_or_default();
    assert!(
        focused.starts_with(&format!("3. {}", d.scenes[2].title)),
        "{focused}"
    );
    press(&mut h, Key::Enter);
    assert_eq!(h.state().modal, None);
    assert_eq!(h.state().show.pos, Position::new(2, 0));
}

#[test]
fn reduced_motion_changes_the_range_at_once_and_turns_egui_animations_off() {
    let d = deck();
    let (s, k) = d
        .scenes
        .iter()
        .enumerate()
        .find_map(|(i, sc)| {
            (1..sc.steps.len())
                .find(|&k| {
                    sc.steps[k].x_range.is_some() && sc.steps[k].x_range != sc.steps[k - 1].x_range
                })
                .map(|k| (i, k))
        })
        .expect("a step that moves the x range");
    let mut h = harness();
    assert!(h.ctx.global_style().animation_time > 0.0);
    press(&mut h, Key::M);
    assert!(h.state().prefs.reduce_motion);
    assert_eq!(h.ctx.global_style().animation_time, 0.0);
    h.state_mut().show.pos = Position::new(s, k - 1);
    h.run();
    press(&mut h, Key::PageDown);
    assert_eq!(h.state().show.pos, Position::new(s, k));
    assert!(
        h.state().ui.stage.plot.transition.is_none(),
        "no eased move"
    );
    let (a, b) = d.scenes[s].steps[k].x_range.unwrap();
    let (x0, x1) = h.state().ui.stage.plot.last_x.unwrap();
    assert!(
        (x0 - a.x_days()).abs() < 1.0 && (x1 - b.x_days()).abs() < 1.0,
        "on the step's range two frames after the key: {x0}..{x1}"
    );
    // And back: M again eases once more.
    press(&mut h, Key::M);
    assert!(!h.state().prefs.reduce_motion);
    press(&mut h, Key::PageUp);
    press(&mut h, Key::PageDown);
    assert!(h.state().ui.stage.plot.transition.is_some());
}

#[test]
fn tab_goes_through_the_stage_in_reading_order_and_comes_back_round() {
    let d = deck();
    let s = d.scenes.iter().position(|s| s.plot.is_some()).unwrap();
    let mut h = harness();
    h.state_mut().show.pos = Position::new(s, 0);
    h.run();
    let mut stops: Vec<(String, egui::Rect)> = Vec::new();
    for _ in 0..80 {
        press(&mut h, Key::Tab);
        let node = h
            .root()
            .children_recursive()
            .find(|n| n.accesskit_node().is_focused())
            .expect("Tab always lands on a control");
        let label = {
            let n = node.accesskit_node();
            n.label().or(n.value()).unwrap_or_default()
        };
        assert!(
            !label.is_empty(),
            "a stop without a name at {:?}",
            node.rect()
        );
        if stops.first().is_some_and(|(first, _)| *first == label) {
            break;
        }
        stops.push((label, node.rect()));
    }
    let names: Vec<&str> = stops.iter().map(|(l, _)| l.as_str()).collect();
    assert!(stops.len() >= 20 && stops.len() < 80, "{names:#?}");
    // Top to bottom; left to right along a row.
    for w in stops.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        let dy = b.1.center().y - a.1.center().y;
        // Timeline markers go in story order: the analysis scenes are drawn as a group after
        // the dated ones, so the dated epilogue after them sits to their left.
        let markers = a.0.starts_with("Scene ") && b.0.starts_with("Scene ");
        if dy.abs() < 12.0 {
            assert!(
                markers || b.1.center().x > a.1.center().x,
                "{} then {} (same row, leftwards)",
                a.0,
                b.0
            );
        } else {
            assert!(dy > 0.0, "{} then {} (upwards)", a.0, b.0);
        }
    }
    let first = |want: &str| {
        names
            .iter()
            .position(|n| n.starts_with(want))
            .unwrap_or_else(|| panic!("{want} is not a stop: {names:#?}"))
    };
    assert!(first("Fullscreen") < first("Log scale"));
    assert!(first("Data table") < first("■ "));
    assert!(first("Chart: ") < first("Scene 1 of "));
}

/// One key press (no release) read in exactly one frame, as a real window may deliver it.
fn key_in_one_frame(h: &mut Harness<'_, App>, key: Key) {
    h.input_mut().events.push(egui::Event::Key {
        key,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: Modifiers::NONE,
    });
    h.step();
}

#[test]
fn after_the_table_closes_the_stage_keys_work_again() {
    let mut h = harness();
    press(&mut h, Key::Num3);
    press(&mut h, Key::Enter);
    assert_eq!(h.state().show.pos, Position::new(2, 0));
    press(&mut h, Key::D);
    press(&mut h, Key::ArrowDown);
    // Frame by frame, with no frame in between (the window sleeps between key presses).
    key_in_one_frame(&mut h, Key::Escape);
    assert_eq!(h.state().modal, None);
    key_in_one_frame(&mut h, Key::Num8);
    key_in_one_frame(&mut h, Key::Enter);
    assert_eq!(h.state().show.pos, Position::new(7, 0));
    h.run();
    press(&mut h, Key::PageDown);
    assert_eq!(h.state().show.pos, Position::new(7, 1));
}

#[test]
fn the_help_list_scrolls_by_keyboard_on_a_small_screen() {
    let mut h = harness();
    press(&mut h, Key::F1);
    h.run();
    let last = |h: &Harness<'_, App>| h.get_by_label("Go to scene N").rect();
    assert!(
        last(&h).top() > 720.0 - 150.0,
        "the last row starts below the list: {:?}",
        last(&h)
    );
    press(&mut h, Key::End);
    h.run();
    assert!(last(&h).bottom() < 720.0 - 100.0, "{:?}", last(&h));
    press(&mut h, Key::Home);
    h.run();
    assert!(last(&h).top() > 720.0 - 150.0, "{:?}", last(&h));
    assert_eq!(
        h.state().modal,
        Some(Modal::Help),
        "the keys scrolled, nothing else"
    );
}
