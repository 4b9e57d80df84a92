//! The timeline ribbon: a date axis from the first to the last scene with the eras shaded, one
//! marker per scene, the current one marked, progress so far, and a click on a marker to jump.

use egui::{Align2, Color32, FontId, Pos2, Rect, Sense, Stroke, Ui, vec2};

use crate::action::Action;
use crate::app::App;
use crate::model::deck::Deck;
use crate::model::nav::Position;

use super::stage::Sizes;
use super::theme::{era_fill, palette};

/// Maps dates (days) to x across `rect`, padded so end markers are not cut.
pub struct TimeScale {
    pub x0_days: f64,
    pub x1_days: f64,
    pub left: f32,
    pub right: f32,
}

impl TimeScale {
    pub fn new(deck: &Deck, left: f32, right: f32) -> TimeScale {
        let (a, b) = deck
            .date_extent()
            .map(|(a, b)| (a.x_days(), b.x_days()))
            .unwrap_or((0.0, 1.0));
        let pad = ((b - a) * 0.02).max(15.0);
        TimeScale {
            x0_days: a - pad,
            x1_days: b + pad,
            left,
            right,
        }
    }

    pub fn x(&self, days: f64) -> f32 {
        let t = (days - self.x0_days) / (self.x1_days - self.x0_days).max(1.0);
        self.left + (self.right - self.left) * t.clamp(0.0, 1.0) as f32
    }
}

/// The scene whose marker is nearest to `x`, within `max_px`.
pub fn scene_at(deck: &Deck, scale: &TimeScale, x: f32, max_px: f32) -> Option<usize> {
    deck.scenes
        .iter()
        .enumerate()
        .map(|(i, s)| (i, (scale.x(s.date.x_days()) - x).abs()))
        .filter(|(_, d)| *d <= max_px)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, _)| i)
}

pub fn timeline_ui(ui: &mut Ui, app: &mut App, sizes: Sizes) {
    let pal = palette(app.theme());
    let height = (sizes.small * 4.2).max(56.0);
    ui.horizontal(|ui| {
        let prev = ui.add_enabled(
            app.pos.previous(&app.deck).is_some(),
            egui::Button::new("◀").min_size(vec2(36.0, height * 0.7)),
        );
        if prev
            .on_hover_text(format!(
                "{} ({})",
                Action::Previous.label(),
                Action::Previous.shortcut_text()
            ))
            .clicked()
        {
            app.push(Action::Previous);
        }
        let width = ui.available_width() - 140.0;
        let (rect, response) =
            ui.allocate_exact_size(vec2(width.max(100.0), height), Sense::click());
        ribbon(ui, app, rect, &response, sizes, &pal);
        let next = ui.add_enabled(
            app.pos.next(&app.deck).is_some(),
            egui::Button::new("▶").min_size(vec2(36.0, height * 0.7)),
        );
        if next
            .on_hover_text(format!(
                "{} ({})",
                Action::Next.label(),
                Action::Next.shortcut_text()
            ))
            .clicked()
        {
            app.push(Action::Next);
        }
        ui.vertical(|ui| {
            if ui
                .small_button(Action::ToggleOverview.label())
                .on_hover_text("O")
                .clicked()
            {
                app.push(Action::ToggleOverview);
            }
            if ui
                .small_button(Action::ToggleHelp.label())
                .on_hover_text("? or F1")
                .clicked()
            {
                app.push(Action::ToggleHelp);
            }
            if ui
                .small_button(Action::ToggleFullscreen.label())
                .on_hover_text("F or F5")
                .clicked()
            {
                app.push(Action::ToggleFullscreen);
            }
        });
    });
}

fn ribbon(
    ui: &mut Ui,
    app: &mut App,
    rect: Rect,
    response: &egui::Response,
    sizes: Sizes,
    pal: &super::theme::Palette,
) {
    let deck = &app.deck;
    let painter = ui.painter_at(rect.expand(2.0));
    let scale = TimeScale::new(deck, rect.left() + 8.0, rect.right() - 8.0);
    let band = Rect::from_min_max(
        Pos2::new(rect.left(), rect.top() + sizes.small * 1.3),
        Pos2::new(rect.right(), rect.top() + sizes.small * 1.3 + 14.0),
    );
    let label_font = FontId::proportional(sizes.small * 0.85);
    // Eras
    for (i, era) in deck.eras.iter().enumerate() {
        let x0 = scale.x(era.from.x_days());
        let x1 = scale.x(era.to.x_days() + 1.0);
        if x1 - x0 < 1.0 {
            continue;
        }
        let r = Rect::from_min_max(Pos2::new(x0, band.top()), Pos2::new(x1, band.bottom()));
        painter.rect_filled(r, 0.0, era_fill(era.color, app.theme(), i));
        let galley = painter.layout_no_wrap(era.label.clone(), label_font.clone(), pal.muted);
        if galley.size().x < x1 - x0 - 4.0 {
            painter.galley(Pos2::new(x0 + 3.0, rect.top()), galley, pal.muted);
        }
    }
    // Years
    let axis_y = band.bottom() + 4.0;
    if let Some((first, last)) = deck.date_extent() {
        for year in first.year()..=last.year() {
            if let Some(d) = crate::model::Date::from_ymd(year, 1, 1) {
                let x = scale.x(d.x_days());
                if x > rect.left() + 2.0 && x < rect.right() - 2.0 {
                    painter.line_segment(
                        [Pos2::new(x, band.top()), Pos2::new(x, axis_y + 3.0)],
                        Stroke::new(1.0, pal.muted.gamma_multiply(0.6)),
                    );
                    painter.text(
                        Pos2::new(x + 2.0, axis_y + 2.0),
                        Align2::LEFT_TOP,
                        year.to_string(),
                        label_font.clone(),
                        pal.muted,
                    );
                }
            }
        }
    }
    // Progress: the axis filled up to the current scene
    let current = app.pos.scene;
    let cy = band.center().y;
    let cur_x = deck
        .scenes
        .get(current)
        .map_or(rect.left(), |s| scale.x(s.date.x_days()));
    painter.line_segment(
        [Pos2::new(scale.left, cy), Pos2::new(scale.right, cy)],
        Stroke::new(2.0, pal.muted.gamma_multiply(0.5)),
    );
    painter.line_segment(
        [Pos2::new(scale.left, cy), Pos2::new(cur_x, cy)],
        Stroke::new(4.0, pal.accent),
    );
    // Markers
    let hovered = response
        .hover_pos()
        .and_then(|p| scene_at(deck, &scale, p.x, 10.0));
    for (i, s) in deck.scenes.iter().enumerate() {
        let x = scale.x(s.date.x_days());
        let (radius, fill) = if i == current {
            (8.0, pal.accent)
        } else if i < current {
            (5.0, pal.accent.gamma_multiply(0.7))
        } else {
            (5.0, ui.visuals().panel_fill)
        };
        let radius = if hovered == Some(i) {
            radius + 2.0
        } else {
            radius
        };
        painter.circle(Pos2::new(x, cy), radius, fill, Stroke::new(1.5, pal.accent));
    }
    let progress = format!("{} / {}", current + 1, deck.scenes.len());
    painter.text(
        Pos2::new(rect.right(), rect.top()),
        Align2::RIGHT_TOP,
        progress,
        label_font,
        pal.muted,
    );
    if let Some(i) = hovered {
        if let Some(s) = deck.scenes.get(i) {
            response
                .clone()
                .on_hover_text(format!("{}. {}\n{}", i + 1, s.title, s.date_text()));
        }
        if response.clicked() {
            app.push(Action::GoTo(Position::new(i, 0)));
        }
    }
    let _ = Color32::TRANSPARENT;
}
