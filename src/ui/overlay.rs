//! Overlays over the stage: the blank screen, the help list, the overview grid and the jump box.

use egui::{Align2, Color32, Id, RichText, Sense, Stroke, Ui, vec2};

use crate::action::{Action, Blank, Overlay};
use crate::app::{App, help_rows};
use crate::model::deck::SeriesKind;
use crate::model::nav::Position;

use super::theme::{color, palette};

/// Scenes per row in the overview.
pub const OVERVIEW_COLUMNS: usize = 4;

pub fn overlays_ui(ui: &mut Ui, app: &mut App) {
    let ctx = ui.ctx().clone();
    if let Some(blank) = app.blank {
        let fill = match blank {
            Blank::Black => Color32::BLACK,
            Blank::White => Color32::WHITE,
        };
        egui::Area::new(Id::unique("blank"))
            .order(egui::Order::Foreground)
            .fixed_pos(egui::Pos2::ZERO)
            .show(&ctx, |ui| {
                let rect = ctx.content_rect();
                let response = ui.allocate_rect(rect, Sense::click());
                ui.painter().rect_filled(rect, 0.0, fill);
                if response.clicked() {
                    app.push(Action::Unblank);
                }
            });
        return;
    }
    if app.close_prompt {
        close_prompt_ui(&ctx, app);
        return;
    }
    if app.conflict.is_some() {
        conflict_ui(&ctx, app);
        return;
    }
    if app.folder_prompt.is_some() {
        super::editor::folder_prompt_ui(&ctx, app);
        return;
    }
    if app.confirm_delete.is_some() {
        super::editor::confirm_delete_ui(&ctx, app);
        return;
    }
    match app.overlay {
        Some(Overlay::Help) => help_ui(&ctx, app),
        Some(Overlay::Overview) => overview_ui(&ctx, app),
        Some(Overlay::Jump) => jump_ui(&ctx, app),
        None => {}
    }
}

/// Closing with unsaved changes: save, discard or cancel.
fn close_prompt_ui(ctx: &egui::Context, app: &mut App) {
    let files = app
        .workspace
        .as_ref()
        .map(|w| w.dirty().join(", "))
        .unwrap_or_default();
    egui::Modal::new(Id::unique("close-prompt"))
        .frame(modal_frame(ctx))
        .show(ctx, |ui| {
            ui.heading("Save your changes?");
            ui.label(format!("Unsaved changes in: {files}"));
            if let Some(status) = &app.status {
                ui.label(RichText::new(status).weak());
            }
            ui.horizontal(|ui| {
                if ui.button("Save").clicked() {
                    app.close_now(ctx, true);
                }
                if ui.button("Discard").clicked() {
                    app.close_now(ctx, false);
                }
                if ui.button("Cancel").clicked() {
                    app.close_prompt = false;
                }
            });
        });
}

/// A file changed on disk while it holds unsaved edits: which to keep.
fn conflict_ui(ctx: &egui::Context, app: &mut App) {
    let Some(conflict) = app.conflict.clone() else {
        return;
    };
    let now = ctx.input(|i| i.time);
    egui::Modal::new(Id::unique("conflict"))
        .frame(modal_frame(ctx))
        .show(ctx, |ui| {
            ui.heading(format!("{} changed on disk", conflict.name));
            ui.label("It has unsaved changes here too. Which version do you want to keep?");
            ui.horizontal(|ui| {
                if ui.button("Keep my changes").clicked() {
                    if let Some(ws) = app.workspace.as_mut() {
                        ws.settle(&conflict, true, now);
                    }
                    app.conflict = None;
                    app.revalidate();
                }
                if ui.button("Take the version on disk").clicked() {
                    if let Some(ws) = app.workspace.as_mut() {
                        ws.settle(&conflict, false, now);
                    }
                    app.conflict = None;
                    app.revalidate();
                }
            });
            ui.label(RichText::new("Taking the disk version can be undone (Ctrl+Z).").weak());
        });
}

fn modal_frame(ctx: &egui::Context) -> egui::Frame {
    egui::Frame::window(&ctx.global_style()).inner_margin(20)
}

fn help_ui(ctx: &egui::Context, app: &mut App) {
    let modal = egui::Modal::new(Id::unique("help")).frame(modal_frame(ctx)).show(ctx, |ui| {
        ui.heading("Keys");
        ui.add_space(8.0);
        egui::Grid::new("help-grid").striped(true).spacing(vec2(24.0, 6.0)).show(ui, |ui| {
            for (keys, label, description) in help_rows() {
                ui.label(RichText::new(keys).monospace().strong());
                ui.label(RichText::new(label).strong());
                ui.label(description);
                ui.end_row();
            }
            ui.label(RichText::new("1 … 9, Enter").monospace().strong());
            ui.label(RichText::new("Go to scene N").strong());
            ui.label("type a scene number, then Enter");
            ui.end_row();
        });
        ui.add_space(8.0);
        ui.label("Plot: drag to pan, scroll or pinch to zoom, double-click to reset, click the legend to hide a series.");
        ui.add_space(8.0);
        if ui.button("Close").clicked() {
            app.push(Action::ToggleHelp);
        }
    });
    if modal.should_close() {
        app.push(Action::CloseOverlay);
    }
}

fn overview_ui(ctx: &egui::Context, app: &mut App) {
    let pal = palette(app.theme());
    let screen = ctx.content_rect();
    egui::Area::new(Id::unique("overview"))
        .order(egui::Order::Foreground)
        .fixed_pos(screen.min)
        .show(ctx, |ui| {
            ui.painter()
                .rect_filled(screen, 0.0, ui.visuals().panel_fill);
            ui.set_min_size(screen.size());
            ui.set_max_size(screen.size());
            egui::Frame::new().inner_margin(24).show(ui, |ui| {
                ui.set_max_width(screen.width() - 48.0);
                ui.horizontal(|ui| {
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        if ui.button("Close (O or Esc)").clicked() {
                            app.push(Action::ToggleOverview);
                        }
                        ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                            ui.add(
                                egui::Label::new(RichText::new(&app.deck.title).heading())
                                    .truncate(),
                            );
                        });
                    });
                });
                ui.add_space(12.0);
                let gap = 16.0;
                // An area has no width of its own: size the cards from the screen.
                let inner_w = screen.width() - 48.0;
                let card_w =
                    (inner_w - gap * (OVERVIEW_COLUMNS as f32 - 1.0)) / OVERVIEW_COLUMNS as f32;
                let rows = app.deck.scenes.len().div_ceil(OVERVIEW_COLUMNS);
                let inner_h = screen.bottom() - ui.cursor().top() - 24.0;
                let card_h = ((inner_h - gap * rows as f32) / rows as f32).clamp(90.0, 220.0);
                egui::ScrollArea::vertical().show(ui, |ui| {
                    egui::Grid::new("overview-grid")
                        .spacing(vec2(gap, gap))
                        .show(ui, |ui| {
                            for i in 0..app.deck.scenes.len() {
                                if card_ui(ui, app, i, vec2(card_w, card_h), &pal) {
                                    app.push(Action::GoTo(Position::new(i, 0)));
                                }
                                if (i + 1) % OVERVIEW_COLUMNS == 0 {
                                    ui.end_row();
                                }
                            }
                        });
                });
            });
        });
}

/// One scene card: number, title, date and a small plot. Returns whether it was clicked.
fn card_ui(
    ui: &mut Ui,
    app: &App,
    i: usize,
    size: egui::Vec2,
    pal: &super::theme::Palette,
) -> bool {
    let Some(scene) = app.deck.scenes.get(i) else {
        return false;
    };
    let (rect, response) = ui.allocate_exact_size(size, Sense::click());
    let label = format!("{}. {}", i + 1, scene.title);
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
    let selected = app.overview_cursor == i;
    let current = app.pos.scene == i;
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 6.0, ui.visuals().extreme_bg_color);
    let stroke = if selected {
        Stroke::new(3.0, pal.accent)
    } else if response.hovered() {
        Stroke::new(2.0, pal.accent.gamma_multiply(0.6))
    } else {
        Stroke::new(1.0, pal.muted.gamma_multiply(0.5))
    };
    painter.rect_stroke(rect, 6.0, stroke, egui::StrokeKind::Inside);
    let text_color = ui.visuals().text_color();
    let title = format!(
        "{}. {}{}",
        i + 1,
        scene.title,
        if current { "  (now)" } else { "" }
    );
    let galley = painter.layout(
        title,
        egui::FontId::proportional(15.0),
        text_color,
        rect.width() - 16.0,
    );
    let title_h = galley.size().y;
    painter.galley(rect.min + vec2(8.0, 6.0), galley, text_color);
    painter.text(
        rect.min + vec2(8.0, 10.0 + title_h),
        Align2::LEFT_TOP,
        scene.date_text(),
        egui::FontId::proportional(12.0),
        pal.muted,
    );
    // A sparkline of each series.
    if let Some(plot) = &scene.plot {
        let area = egui::Rect::from_min_max(
            rect.min + vec2(8.0, 30.0 + title_h),
            rect.max - vec2(8.0, 8.0),
        );
        if area.height() > 12.0 {
            let (x0, x1) = super::plot::data_extent(plot);
            let (mut y0, mut y1) = (f64::INFINITY, f64::NEG_INFINITY);
            for s in &plot.series {
                y0 = y0.min(s.y_min);
                y1 = y1.max(s.y_max);
            }
            let y0 = y0.min(0.0);
            if y1 > y0 {
                for s in &plot.series {
                    let mut pts: Vec<egui::Pos2> = s
                        .points
                        .iter()
                        .step_by((s.points.len() / 200).max(1))
                        .map(|p| {
                            egui::pos2(
                                area.left() + area.width() * ((p[0] - x0) / (x1 - x0)) as f32,
                                area.bottom() - area.height() * ((p[1] - y0) / (y1 - y0)) as f32,
                            )
                        })
                        .collect();
                    let c = color(s.color);
                    match s.kind {
                        SeriesKind::Points | SeriesKind::Bar => {
                            for p in pts {
                                painter.circle_filled(p, 2.5, c);
                            }
                        }
                        SeriesKind::Step | SeriesKind::Line => {
                            if s.kind == SeriesKind::Step {
                                // hold each value until the next point, as on the stage
                                let mut stepped = Vec::with_capacity(pts.len() * 2);
                                for (i, p) in pts.iter().enumerate() {
                                    if let Some(prev) = i.checked_sub(1).and_then(|j| pts.get(j)) {
                                        stepped.push(egui::pos2(p.x, prev.y));
                                    }
                                    stepped.push(*p);
                                }
                                pts = stepped;
                            }
                            if pts.len() == 1 {
                                painter.circle_filled(pts[0], 2.5, c);
                            } else {
                                painter.add(egui::Shape::line(pts, Stroke::new(1.5, c)));
                            }
                        }
                    }
                }
            }
        }
    }
    response.on_hover_text(&scene.title).clicked()
}

fn jump_ui(ctx: &egui::Context, app: &mut App) {
    let modal = egui::Modal::new(Id::unique("jump"))
        .frame(modal_frame(ctx))
        .show(ctx, |ui| {
            ui.heading("Jump to scene");
            ui.label(format!(
                "A number from 1 to {}, or a scene id, optionally with #step (e.g. {}#1)",
                app.deck.scenes.len(),
                app.deck.scenes.first().map_or("", |s| s.id.as_str())
            ));
            let edit = ui.add(
                egui::TextEdit::singleline(&mut app.jump_text)
                    .hint_text("number or id")
                    .desired_width(320.0),
            );
            // Enter ends a single-line edit; keep the focus in the box otherwise, so typed
            // letters never reach the stage as navigation.
            let enter = (edit.has_focus() || edit.lost_focus())
                && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if !enter {
                edit.request_focus();
            }
            if let Some(err) = &app.jump_error {
                ui.colored_label(ui.visuals().error_fg_color, err);
            }
            ui.horizontal(|ui| {
                let go = ui.button("Go").clicked();
                if go || enter {
                    match Position::parse(&app.jump_text, &app.deck) {
                        Ok(p) => app.push(Action::GoTo(p)),
                        Err(e) => app.jump_error = Some(e),
                    }
                }
                if ui.button("Cancel").clicked() {
                    app.push(Action::CloseOverlay);
                }
            });
            // The ids, as a reminder.
            ui.add_space(6.0);
            ui.label(
                RichText::new(
                    app.deck
                        .scenes
                        .iter()
                        .enumerate()
                        .map(|(i, s)| format!("{} {}", i + 1, s.id))
                        .collect::<Vec<_>>()
                        .join("  ·  "),
                )
                .small()
                .weak(),
            );
        });
    if modal.should_close() {
        app.push(Action::CloseOverlay);
    }
}
