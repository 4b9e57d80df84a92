//! Issue 15, the UI part: what a screen reader gets (the plot's label is the step's
//! description, a live region announces each new step), the table view, keyboard-only use and
//! reduced motion. Checked on the accesskit tree and the app state, with no display.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

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
    storyplot::model::load(&storyplot::bundled::source())
        .deck
        .unwrap()
}

fn harness() -> Harness<'static, App> {
    let mut h = Harness::builder()
        .with_size([1280.0, 720.0])
        .with_step_dt(1.0 / 60.0)
        .with_max_steps(240)
        .build_ui_state(|ui, app: &mut App| app.ui(ui), App::new(deck(), "bundled"));
    h.run_steps(2);
    h
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
