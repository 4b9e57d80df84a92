//! The presenter window: a second native window (egui viewport) on the teacher's laptop, while
//! the projector shows only the stage. One process, one state: the current step and the next
//! one as the audience sees them, the speaker notes, the clocks, autoplay, the scene list, and
//! the way back from a detour.

use egui::{Align, Layout, RichText, Ui, vec2};

use crate::action::Action;
use crate::model::nav::Position;
use crate::view::{Outbox, Pace, PresenterView, StageView};

use super::stage::StageUi;
use super::theme::palette;

/// The presenter window's viewport.
pub const PRESENTER_VIEWPORT: &str = "storyplot-presenter";

/// `1:05:09` or `5:09`.
pub fn clock_text(secs: f64) -> String {
    let negative = secs < 0.0;
    let s = secs.abs().round() as u64;
    let text = if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    };
    if negative { format!("−{text}") } else { text }
}

fn wall_clock() -> String {
    jiff::Zoned::now().strftime("%H:%M").to_string()
}

/// The presenter's window: clocks, pace and autoplay; where the story is and the way back from
/// a detour; the step on the stage and the next one, drawn by the stage's own function; the
/// notes; every scene and step to jump to.
pub fn presenter_ui(
    ui: &mut Ui,
    pv: &PresenterView,
    now_view: &StageView,
    next_view: Option<&StageView>,
    previews: &mut [StageUi; 2],
    out: &mut Outbox,
) {
    let pal = palette(pv.theme);
    let now = pv.now_secs;
    // The clocks move: repaint once a second while this window is open (and only then).
    ui.ctx()
        .request_repaint_after(std::time::Duration::from_secs(1));

    egui::CentralPanel::default().show(ui, |ui| {
        // Clocks, pace, autoplay: on as many lines as a narrow window needs. (A row wider than
        // the window would widen everything under it too, pushing the scene list off screen.)
        ui.horizontal_wrapped(|ui| {
            let big = 26.0;
            ui.label(RichText::new(wall_clock()).size(big).strong())
                .on_hover_text("time of day");
            ui.separator();
            let elapsed = pv.stopwatch.elapsed_secs(now);
            ui.label(RichText::new(clock_text(elapsed)).size(big).monospace())
                .on_hover_text("elapsed since the start");
            let running = pv.stopwatch.running_since.is_some();
            if ui
                .button(if running { "Pause" } else { "Resume" })
                .clicked()
            {
                out.push(Action::ToggleTimer);
            }
            if ui.button("Reset").clicked() {
                out.push(Action::ResetTimer);
            }
            let swap = Action::SwapScreens;
            if ui
                .button(format!("{} ({})", swap.label(), swap.shortcut_text()))
                .on_hover_text(swap.description())
                .clicked()
            {
                out.push(swap);
            }
            if let Some(mins) = pv.deck.target_duration_mins {
                ui.separator();
                let left = f64::from(mins) * 60.0 - elapsed;
                ui.label(RichText::new(format!("{} left", clock_text(left))).size(big * 0.8))
                    .on_hover_text(format!("of the planned {mins:.0} minutes"));
                let (text, color) = match pv.pace {
                    Pace::Ahead => ("ahead of plan", pal.accent),
                    Pace::OnTime => ("on time", pal.muted),
                    Pace::Behind => ("behind plan", pal.check_border),
                };
                let planned = pv.planned_secs;
                ui.label(RichText::new(text).size(big * 0.7).color(color).strong())
                    .on_hover_text(format!("planned to be here at {}", clock_text(planned)));
            }
            ui.separator();
            let playing = pv.autoplay_remaining_secs.is_some();
            let play = if playing {
                "⏸ Pause autoplay"
            } else {
                "▶ Autoplay"
            };
            if ui
                .add(egui::Button::selectable(playing, play))
                .on_hover_text(format!(
                    "{} ({})",
                    Action::ToggleAutoplay.description(),
                    Action::ToggleAutoplay.shortcut_text()
                ))
                .clicked()
            {
                out.push(Action::ToggleAutoplay);
            }
            if let Some(remaining) = pv.autoplay_remaining_secs {
                ui.label(
                    RichText::new(format!("next in {}", clock_text(remaining.ceil())))
                        .size(big * 0.7),
                );
            }
        });
        // Where we are, and the way back from a detour, wrapped inside the window.
        ui.horizontal_wrapped(|ui| {
            let scene = now_view.scene();
            ui.label(
                RichText::new(format!(
                    "Scene {} / {} · step {} / {} — {}",
                    pv.pos.scene + 1,
                    pv.deck.scenes.len(),
                    pv.pos.step + 1,
                    scene.steps.len(),
                    scene.title
                ))
                .size(18.0),
            );
            if let Some(back) = pv.detour_from {
                let title = pv
                    .deck
                    .scenes
                    .get(back.scene)
                    .map_or("", |s| s.title.as_str());
                ui.separator();
                ui.label(
                    RichText::new(format!(
                        "Detour — the story was at {}. {} (step {})",
                        back.scene + 1,
                        title,
                        back.step + 1
                    ))
                    .color(pal.check_border)
                    .size(18.0),
                );
                if ui
                    .button(format!(
                        "{} ({})",
                        Action::ReturnFromDetour.label(),
                        Action::ReturnFromDetour.shortcut_text()
                    ))
                    .clicked()
                {
                    out.push(Action::ReturnFromDetour);
                }
            }
        });
        ui.separator();

        let width = ui.available_width();
        let height = ui.available_height();
        let list_w = (width * 0.22).clamp(180.0, 320.0);
        let main_w = width - list_w - 16.0;
        ui.horizontal_top(|ui| {
            ui.allocate_ui_with_layout(vec2(main_w, height), Layout::top_down(Align::Min), |ui| {
                let cur_w = main_w * 0.58;
                let next_w = main_w - cur_w - 16.0;
                let cur_h = cur_w * 9.0 / 16.0;
                let next_pos = next_view.map(|v| v.pos);
                let pos = pv.pos;
                let [current, next] = previews;
                ui.horizontal_top(|ui| {
                    ui.vertical(|ui| {
                        ui.label(RichText::new("Now").strong());
                        ui.push_id("preview-current", |ui| {
                            super::stage::preview_ui(ui, now_view, current, vec2(cur_w, cur_h));
                        });
                    });
                    ui.vertical(|ui| {
                        let what = match next_pos {
                            Some(n) if n.scene == pos.scene => {
                                "Next click: the next step".to_owned()
                            }
                            Some(n) => format!("Next click: scene {}", n.scene + 1),
                            None => "The end of the story".to_owned(),
                        };
                        ui.label(RichText::new(what).strong());
                        if let Some(next_view) = next_view {
                            ui.push_id("preview-next", |ui| {
                                super::stage::preview_ui(
                                    ui,
                                    next_view,
                                    next,
                                    vec2(next_w, next_w * 9.0 / 16.0),
                                );
                            });
                        }
                    });
                });
                ui.add_space(8.0);
                notes_ui(ui, pv, now_view);
            });
            ui.separator();
            ui.allocate_ui_with_layout(vec2(list_w, height), Layout::top_down(Align::Min), |ui| {
                ui.set_max_width(list_w);
                scene_list_ui(ui, pv, out);
            });
        });
    });
}

fn notes_ui(ui: &mut Ui, pv: &PresenterView, now_view: &StageView) {
    let notes = &now_view.scene().notes;
    let step_notes = &now_view.step().notes;
    let problems: Vec<String> = pv.problems.iter().map(|d| d.to_string()).collect();
    let failed = pv.problems.iter().any(|d| d.is_error());
    egui::ScrollArea::vertical()
        .id_salt("notes")
        .show(ui, |ui| {
            if failed {
                ui.label(
                    RichText::new(
                        "The deck files on disk do not load: the stage shows the last good version.",
                    )
                    .strong()
                    .color(palette(pv.theme).check_border),
                );
            }
            for p in &problems {
                ui.label(RichText::new(p).monospace());
            }
            if !step_notes.is_empty() {
                ui.label(
                    RichText::new("This step")
                        .strong()
                        .color(palette(pv.theme).accent),
                );
                ui.label(RichText::new(step_notes).size(24.0));
                ui.add_space(8.0);
            }
            ui.label(
                RichText::new("Notes")
                    .strong()
                    .color(palette(pv.theme).accent),
            );
            if notes.is_empty() {
                ui.label(RichText::new("(no notes for this scene)").italics().weak());
            } else {
                ui.label(RichText::new(notes).size(24.0));
            }
        });
}

/// Every scene and step, to jump from (a jump is a detour, with a way back).
fn scene_list_ui(ui: &mut Ui, pv: &PresenterView, out: &mut Outbox) {
    ui.label(RichText::new("Scenes").strong());
    let pal = palette(pv.theme);
    let mut clicked = None;
    egui::ScrollArea::vertical()
        .id_salt("scene-list")
        .show(ui, |ui| {
            for (i, scene) in pv.deck.scenes.iter().enumerate() {
                let current = i == pv.pos.scene;
                let text = RichText::new(format!("{}. {}", i + 1, scene.title));
                let text = if current {
                    text.strong().color(pal.accent)
                } else {
                    text
                };
                if ui
                    .add(egui::Button::selectable(current, text).wrap())
                    .clicked()
                {
                    clicked = Some(Position::new(i, 0));
                }
                if current && scene.steps.len() > 1 {
                    ui.horizontal_wrapped(|ui| {
                        ui.add_space(16.0);
                        for k in 0..scene.steps.len() {
                            let here = k == pv.pos.step;
                            if ui
                                .add(
                                    egui::Button::selectable(here, format!("step {}", k + 1))
                                        .small(),
                                )
                                .clicked()
                            {
                                clicked = Some(Position::new(i, k));
                            }
                        }
                    });
                }
            }
        });
    if let Some(p) = clicked {
        out.push(Action::GoTo(p));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clocks_read_like_clocks() {
        assert_eq!(clock_text(0.0), "0:00");
        assert_eq!(clock_text(65.4), "1:05");
        assert_eq!(clock_text(3909.0), "1:05:09");
        assert_eq!(clock_text(-90.0), "−1:30");
    }
}
