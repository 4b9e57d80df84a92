//! The timeline ribbon: a date axis from the first to the last scene with the eras shaded, one
//! marker per scene, the current one marked, progress so far, and a click on a marker to jump.

use egui::{Align2, FontId, Pos2, Rect, Sense, Stroke, Ui, vec2};

use crate::action::Action;
use crate::model::deck::Deck;
use crate::model::nav::Position;
use crate::view::{Outbox, StageView};

use super::stage::Sizes;
use super::theme::{era_fill, palette};

/// Maps dates to x across the ribbon. Each scene gets a fixed share of the width plus a share
/// proportional to time, so scenes bunched in a few weeks (May 2025) stay apart while years
/// still read as years. Dates between scenes are interpolated. Analysis scenes (no date) sit
/// in a group of their own after the dated timeline.
pub struct TimeScale {
    /// `(x_days, x)` per dated scene, in scene order, plus the two padded ends.
    knots: Vec<(f64, f32)>,
    /// Each scene's marker position.
    pub scene_x: Vec<f32>,
    /// Where the group of analysis scenes begins, when the deck has any.
    pub group_left: Option<f32>,
}

impl TimeScale {
    pub fn new(deck: &Deck, left: f32, right: f32) -> TimeScale {
        let (a, b) = deck
            .date_extent()
            .map(|(a, b)| (a.x_days(), b.x_days()))
            .unwrap_or((0.0, 1.0));
        let pad = ((b - a) * 0.02).max(15.0);
        let (d0, d1) = (a - pad, b + pad);
        let width = (right - left).max(1.0);
        let n = deck.scenes.len();
        let undated = deck.scenes.iter().filter(|s| s.date.is_none()).count();
        let gap = (width / (n.max(1) as f32 * 2.5)).min(28.0);
        let group = if undated > 0 {
            gap * (undated as f32 + 1.0)
        } else {
            0.0
        };
        let dated_right = right - group;
        let spread = (dated_right - left).max(1.0) - gap * (n - undated).saturating_sub(1) as f32;
        let t = |d: f64| ((d - d0) / (d1 - d0).max(1.0)).clamp(0.0, 1.0) as f32;
        let (mut dated_i, mut undated_i) = (0.0, 0.0);
        let mut knots = vec![(d0, left)];
        let mut scene_x = Vec::with_capacity(n);
        for s in &deck.scenes {
            match s.date {
                Some(date) => {
                    let x = left + gap * dated_i + spread * t(date.x_days());
                    knots.push((date.x_days(), x));
                    scene_x.push(x);
                    dated_i += 1.0;
                }
                None => {
                    undated_i += 1.0;
                    scene_x.push(dated_right + gap * undated_i);
                }
            }
        }
        knots.push((d1, dated_right));
        // Scenes out of date order would fold the scale back: keep it monotonic.
        knots.sort_by(|p, q| p.0.total_cmp(&q.0).then(p.1.total_cmp(&q.1)));
        let group_left = (undated > 0).then_some(dated_right + gap * 0.4);
        TimeScale {
            knots,
            scene_x,
            group_left,
        }
    }

    /// How far the progress bar reaches at scene `current`: its marker, or for an analysis
    /// scene the last dated scene before it.
    pub fn progress_x(&self, deck: &Deck, current: usize) -> Option<f32> {
        deck.scenes
            .iter()
            .zip(&self.scene_x)
            .take(current + 1)
            .filter(|(s, _)| s.date.is_some())
            .map(|(_, x)| *x)
            .next_back()
    }

    /// The x of a date.
    pub fn x(&self, days: f64) -> f32 {
        let i = self.knots.partition_point(|k| k.0 <= days);
        match (
            i.checked_sub(1).and_then(|j| self.knots.get(j)),
            self.knots.get(i),
        ) {
            (Some(&(da, xa)), Some(&(db, xb))) if db > da => {
                xa + (xb - xa) * ((days - da) / (db - da)) as f32
            }
            (Some(&(_, xa)), _) => xa,
            (None, Some(&(_, xb))) => xb,
            (None, None) => 0.0,
        }
    }
}

/// The scene whose marker is nearest to `x`, within `max_px`.
pub fn scene_at(scale: &TimeScale, x: f32, max_px: f32) -> Option<usize> {
    scale
        .scene_x
        .iter()
        .enumerate()
        .map(|(i, sx)| (i, (sx - x).abs()))
        .filter(|(_, d)| *d <= max_px)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, _)| i)
}

/// The ribbon with Previous and Next beside it. Returns the ribbon's rectangle.
pub fn timeline_ui(ui: &mut Ui, view: &StageView, out: &mut Outbox, sizes: Sizes) -> Rect {
    let pal = palette(view.theme);
    let height = (sizes.small * 4.2).max(56.0);
    ui.horizontal(|ui| {
        let can_go_back = view.pos.previous(view.deck).is_some();
        step_button_ui(ui, out, "◀", Action::Previous, can_go_back, height);
        let width = ui.available_width() - 52.0;
        // Clicks between markers go to the nearest; the ribbon itself takes no keyboard
        // focus (each marker does).
        let (rect, response) = ui.allocate_exact_size(vec2(width.max(100.0), height), Sense::CLICK);
        ribbon(ui, view, out, rect, &response, sizes, &pal);
        let can_go_on = view.pos.next(view.deck).is_some();
        step_button_ui(ui, out, "▶", Action::Next, can_go_on, height);
        rect
    })
    .inner
}

/// One focusable button per scene marker, read as `Scene 7 of 12: title, date`; Enter or a
/// click goes there. Returns the marker under the pointer.
fn marker_buttons(
    ui: &mut Ui,
    view: &StageView,
    scale: &TimeScale,
    cy: f32,
    out: &mut Outbox,
) -> Option<usize> {
    let mut hovered = None;
    let n = view.deck.scenes.len();
    for (i, (&x, scene)) in scale.scene_x.iter().zip(&view.deck.scenes).enumerate() {
        let hit = Rect::from_center_size(Pos2::new(x, cy), vec2(18.0, 22.0));
        let r = ui.interact(hit, ui.scope_id().with(("marker", i)), Sense::click());
        let label = format!(
            "Scene {} of {n}: {}, {}",
            i + 1,
            scene.title.trim_end_matches('.'),
            scene.date_text()
        );
        let current = i == view.pos.scene;
        r.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, current, &label));
        if r.hovered() {
            hovered = Some(i);
        }
        let r = r.on_hover_text(format!("{}. {}\n{}", i + 1, scene.title, scene.date_text()));
        if r.clicked() && view.interactive {
            out.push(Action::GoTo(Position::new(i, 0)));
        }
    }
    hovered
}

/// A Previous or Next button beside the ribbon, with its keys in the tooltip.
fn step_button_ui(
    ui: &mut Ui,
    out: &mut Outbox,
    icon: &str,
    action: Action,
    enabled: bool,
    height: f32,
) {
    let button = egui::Button::new(icon).min_size(vec2(36.0, height * 0.7));
    let hint = format!("{} ({})", action.label(), action.shortcut_text());
    if ui
        .add_enabled(enabled, button)
        .on_hover_text(hint)
        .clicked()
    {
        out.push(action);
    }
}

fn ribbon(
    ui: &mut Ui,
    view: &StageView,
    out: &mut Outbox,
    rect: Rect,
    response: &egui::Response,
    sizes: Sizes,
    pal: &super::theme::Palette,
) {
    let deck = view.deck;
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
        painter.rect_filled(r, 0.0, era_fill(era.color, view.theme, i));
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
    let current = view.pos.scene;
    let cy = band.center().y;
    let cur_x = scale.progress_x(deck, current).unwrap_or(rect.left() + 8.0);
    let axis_end = scale.group_left.unwrap_or(rect.right() - 8.0);
    painter.line_segment(
        [Pos2::new(rect.left() + 8.0, cy), Pos2::new(axis_end, cy)],
        Stroke::new(2.0, pal.muted.gamma_multiply(0.5)),
    );
    if let Some(group_left) = scale.group_left {
        analysis_group_ui(&painter, rect, band, group_left, &label_font, pal);
    }
    painter.line_segment(
        [Pos2::new(rect.left() + 8.0, cy), Pos2::new(cur_x, cy)],
        Stroke::new(4.0, pal.accent),
    );
    // Markers: each a button for the keyboard and screen readers (Tab, Enter).
    let markers = marker_buttons(ui, view, &scale, cy, out);
    let hovered = markers.or_else(|| {
        response
            .hover_pos()
            .and_then(|p| scene_at(&scale, p.x, 12.0))
    });
    for (i, &x) in scale.scene_x.iter().enumerate() {
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
    if markers.is_none()
        && let Some(i) = hovered
    {
        if let Some(s) = deck.scenes.get(i) {
            response
                .clone()
                .on_hover_text(format!("{}. {}\n{}", i + 1, s.title, s.date_text()));
        }
        if response.clicked() {
            out.push(Action::GoTo(Position::new(i, 0)));
        }
    }
}

/// The box behind the analysis scenes (no date) at the end of the ribbon, with its label.
fn analysis_group_ui(
    painter: &egui::Painter,
    rect: Rect,
    band: Rect,
    group_left: f32,
    font: &FontId,
    pal: &super::theme::Palette,
) {
    let group = Rect::from_min_max(
        Pos2::new(group_left, band.top() - 2.0),
        Pos2::new(rect.right() - 2.0, band.bottom() + 2.0),
    );
    painter.rect_stroke(
        group,
        4.0,
        Stroke::new(1.0, pal.muted.gamma_multiply(0.6)),
        egui::StrokeKind::Inside,
    );
    painter.text(
        Pos2::new(group_left + 3.0, band.bottom() + 6.0),
        Align2::LEFT_TOP,
        "Analysis",
        font.clone(),
        pal.muted,
    );
}
