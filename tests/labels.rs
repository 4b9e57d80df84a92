//! Every step of every bundled scene, drawn by the real stage at three window sizes in the three
//! themes: labels never overlap or leave the plot, leaders end at what they name, series
//! colours hold 3:1 on the plot background, and each axis labels 3 to 8 ticks.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use egui::{Rect, Shape};
use storyplot::action::Action;
use storyplot::app::App;
use storyplot::model::deck::{Rgb, ThemeName};
use storyplot::model::labels::{Layout, NEAR};
use storyplot::model::nav::Position;

const SIZES: [[f32; 2]; 3] = [[1920.0, 1080.0], [1280.0, 720.0], [1024.0, 768.0]];

fn harness(size: [f32; 2]) -> egui_kittest::Harness<'static, App> {
    let mut app = App::new(common::bundled_deck(), "bundled");
    // Steps snap to their range, so each frame shows the step's own opening view.
    app.state.prefs.reduce_motion = true;
    let mut h = egui_kittest::Harness::builder()
        .with_size(size)
        .with_step_dt(1.0 / 60.0)
        .with_max_steps(240)
        .build_ui_state(|ui, app: &mut App| app.ui(ui), app);
    h.run_steps(2);
    h
}

fn texts(shape: &Shape, out: &mut Vec<(String, Rect)>) {
    match shape {
        Shape::Vec(v) => v.iter().for_each(|s| texts(s, out)),
        Shape::Text(t) if t.galley.text().chars().any(char::is_alphanumeric) => {
            out.push((
                t.galley.text().to_owned(),
                Rect::from_min_size(t.pos, t.galley.size()),
            ));
        }
        _ => {}
    }
}

/// The tick labels egui_plot painted under and left of the plot frame.
fn tick_labels(h: &egui_kittest::Harness<'_, App>, frame: Rect) -> (Vec<String>, Vec<String>) {
    let mut all = Vec::new();
    for cs in &h.output().shapes {
        texts(&cs.shape, &mut all);
    }
    let x = all
        .iter()
        .filter(|(_, r)| {
            r.top() >= frame.bottom() - 0.5
                && r.top() <= frame.bottom() + 12.0
                && r.center().x >= frame.left() - 1.0
                && r.center().x <= frame.right() + 1.0
                // not the source line under an axis with no labels
                && r.width() < frame.width() / 3.0
        })
        .map(|(t, _)| t.clone())
        .collect();
    if std::env::var("DUMP").is_ok() {
        eprintln!("frame {frame:?}");
        for (t, r) in &all {
            eprintln!("{t:?} {r:?}");
        }
    }
    let y = all
        .iter()
        .filter(|(_, r)| {
            r.right() <= frame.left() + 1.0
                && r.right() >= frame.left() - 24.0
                && r.center().y >= frame.top() - 1.0
                && r.center().y <= frame.bottom() + 1.0
        })
        .map(|(t, _)| t.clone())
        .collect();
    (x, y)
}

fn check_layout(layout: &Layout, at: &str, problems: &mut Vec<String>) {
    for (i, a) in layout.placed.iter().enumerate() {
        if !layout.plot.contains_rect(&a.rect) {
            problems.push(format!(
                "{at}: label {} {:?} crosses the plot {:?}",
                a.id, a.rect, layout.plot
            ));
        }
        for b in &layout.placed[i + 1..] {
            if a.rect.expand(-0.5).overlaps(&b.rect.expand(-0.5)) {
                problems.push(format!(
                    "{at}: labels {} {:?} and {} {:?} overlap",
                    a.id, a.rect, b.id, b.rect
                ));
            }
        }
        match a.leader {
            Some((_, end)) if end != a.anchor => problems.push(format!(
                "{at}: leader of {} ends at {end:?}, not its anchor {:?}",
                a.id, a.anchor
            )),
            None if !a.rect.expand(NEAR + 0.5).contains(a.anchor) => problems.push(format!(
                "{at}: label {} {:?} is away from its anchor {:?} with no leader",
                a.id, a.rect, a.anchor
            )),
            _ => {}
        }
    }
}

/// The plot's sources and caveats painted (after clipping) over the timeline below the body.
fn sources_over_the_timeline(h: &egui_kittest::Harness<'_, App>) -> Vec<String> {
    let Some(timeline) = h.state().ui.stage.timeline_rect else {
        return vec!["no timeline drawn".to_owned()];
    };
    let mut over = Vec::new();
    for cs in &h.output().shapes {
        let mut all = Vec::new();
        texts(&cs.shape, &mut all);
        for (text, rect) in all {
            let seen = rect.intersect(cs.clip_rect);
            let ours = text.starts_with("Caveat") || text.contains("— Source (");
            if ours && seen.is_positive() && seen.bottom() > timeline.top() + 0.5 {
                over.push(format!(
                    "{text:.40} {seen:?} over the timeline at {}",
                    timeline.top()
                ));
            }
        }
    }
    over
}

#[test]
fn every_step_lays_out_cleanly_in_every_size_and_theme() {
    let deck = common::bundled_deck();
    let mut problems = Vec::new();
    let mut checked = 0usize;
    for size in SIZES {
        let mut h = harness(size);
        for theme in [ThemeName::Light, ThemeName::Dark, ThemeName::HighContrast] {
            while h.state().state.theme() != theme {
                h.state_mut().push(Action::CycleTheme);
                h.run_steps(1);
            }
            for (s, scene) in deck.scenes.iter().enumerate() {
                if scene.plot.is_none() {
                    continue;
                }
                for k in 0..scene.steps.len() {
                    h.state_mut().push(Action::GoTo(Position::new(s, k)));
                    h.run_steps(3);
                    // A frame whose plot changed size solves again on the next one.
                    for _ in 0..6 {
                        let plot = &h.state().ui.stage.plot;
                        let settled =
                            plot.layout
                                .as_ref()
                                .zip(plot.last_transform)
                                .is_some_and(|(l, t)| {
                                    let f = t.frame();
                                    l.labels.plot.min.x == f.min.x
                                        && l.labels.plot.min.y == f.min.y
                                        && l.labels.plot.max.y == f.max.y
                                });
                        if settled {
                            break;
                        }
                        h.run_steps(1);
                    }
                    let at = format!(
                        "{}x{} {theme:?} scene {} step {}",
                        size[0],
                        size[1],
                        s + 1,
                        k + 1
                    );
                    let Some(layout) = h.state().ui.stage.plot.layout.clone() else {
                        problems.push(format!("{at}: no layout recorded"));
                        continue;
                    };
                    checked += 1;
                    check_layout(&layout.labels, &at, &mut problems);
                    let bg = layout.background;
                    let bg = Rgb::new(bg.r(), bg.g(), bg.b());
                    for c in &layout.series_colors {
                        let ratio =
                            storyplot::model::contrast::contrast(Rgb::new(c.r(), c.g(), c.b()), bg);
                        if ratio < 3.0 {
                            problems.push(format!("{at}: series colour {c:?} is {ratio:.2}:1"));
                        }
                    }
                    for o in sources_over_the_timeline(&h) {
                        problems.push(format!("{at}: {o}"));
                    }
                    let p = layout.labels.plot;
                    let frame = Rect::from_min_max(
                        egui::pos2(p.min.x, p.min.y),
                        egui::pos2(p.max.x, p.max.y),
                    );
                    let (x, y) = tick_labels(&h, frame);
                    for (axis, ticks) in [("x", x), ("y", y)] {
                        if !(3..=8).contains(&ticks.len()) {
                            problems.push(format!(
                                "{at}: {} labelled {axis} ticks {ticks:?}",
                                ticks.len()
                            ));
                        }
                    }
                }
            }
        }
    }
    assert!(checked > 100, "only {checked} steps checked");
    assert!(
        problems.is_empty(),
        "{} problems in {checked} steps:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The layout of scene `s`, step `k` once it has settled.
fn settled_layout(h: &mut egui_kittest::Harness<'static, App>, s: usize, k: usize) -> Layout {
    h.state_mut().push(Action::GoTo(Position::new(s, k)));
    h.run_steps(8);
    h.state().ui.stage.plot.layout.clone().unwrap().labels
}

#[test]
fn the_same_step_always_gets_the_same_layout_and_a_frame_at_rest_does_not_solve_it_again() {
    let deck = common::bundled_deck();
    // The April 2025 scene's last step: the most labels in the deck.
    let s = deck
        .scenes
        .iter()
        .position(|sc| sc.id == "april-escalation")
        .unwrap_or(8);
    let k = deck.scenes[s].steps.len() - 1;
    let mut h = harness([1280.0, 720.0]);
    let first = settled_layout(&mut h, s, k);
    assert!(first.placed.len() >= 8, "{first:?}");
    let solves = h.state().ui.stage.plot.label_solves;
    h.run_steps(10);
    assert_eq!(
        h.state().ui.stage.plot.label_solves,
        solves,
        "frames at rest reuse the layout"
    );
    // Away and back, and in a new window: the same rectangles.
    settled_layout(&mut h, 0, 0);
    let again = settled_layout(&mut h, s, k);
    assert_eq!(first, again);
    let mut fresh = harness([1280.0, 720.0]);
    assert_eq!(first, settled_layout(&mut fresh, s, k));
}

/// An edit that does not touch the labels (the scene's title, say) does not solve them again;
/// one that does (an event's label) does.
#[test]
fn an_edit_solves_the_labels_again_only_when_they_change() {
    let deck = common::bundled_deck();
    let s = deck
        .scenes
        .iter()
        .position(|sc| sc.id == "april-escalation")
        .unwrap();
    let k = deck.scenes[s].steps.len() - 1;
    let mut h = harness([1280.0, 720.0]);
    settled_layout(&mut h, s, k);
    let solves = h.state().ui.stage.plot.label_solves;
    {
        let doc = &mut h.state_mut().state.doc;
        doc.deck.scenes[s].title.push_str(" (edited)");
        doc.revision += 1;
    }
    h.run_steps(4);
    assert_eq!(h.state().ui.stage.plot.label_solves, solves, "a title edit");
    {
        let doc = &mut h.state_mut().state.doc;
        let scene = &mut doc.deck.scenes[s];
        let shown = &scene.steps[k];
        let a = scene
            .plot
            .as_mut()
            .unwrap()
            .annotations
            .iter_mut()
            .find(|a| shown.shows(&a.id))
            .unwrap();
        a.label.push_str(" (edited)");
        doc.revision += 1;
    }
    h.run_steps(4);
    assert!(
        h.state().ui.stage.plot.label_solves > solves,
        "a label edit solves again"
    );
}

/// Two lines: each is named by its end, inside the plot (scene 1: China and the United States).
#[test]
fn lines_are_named_at_their_ends() {
    let deck = common::bundled_deck();
    let k = deck.scenes[0].steps.len() - 1;
    let mut h = harness([1920.0, 1080.0]);
    let layout = settled_layout(&mut h, 0, k);
    let p = layout.plot;
    let frame = Rect::from_min_max(egui::pos2(p.min.x, p.min.y), egui::pos2(p.max.x, p.max.y));
    let mut all = Vec::new();
    for cs in &h.output().shapes {
        texts(&cs.shape, &mut all);
    }
    for name in ["China", "United States"] {
        let at = all
            .iter()
            .find(|(t, r)| t == name && frame.contains_rect(*r))
            .map(|(_, r)| *r);
        let Some(r) = at else {
            panic!("no {name:?} inside the plot");
        };
        // at the right end, where the line stops
        assert!(
            r.right() > frame.right() - frame.width() * 0.25,
            "{name}: {r:?}"
        );
    }
}
