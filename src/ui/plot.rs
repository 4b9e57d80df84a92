//! The scene's plot: series drawn as the scene says, on a real date axis, with event lines,
//! shaded spans and callouts, a legend above it that toggles series, tooltips that name the source,
//! zoom and pan, double-click to reset, a linear/log switch, and the source lines underneath.

use egui::{Align2, Layout, RichText, Stroke, Ui};
use egui_plot::{
    AxisHints, Bar, BarChart, GridInput, GridMark, HoverPosition, Line, LineStyle, MarkerShape,
    Plot, PlotPoint, PlotPoints, Points, Span, Text, VLine,
};

use crate::action::{Action, Edit};
use crate::model::date::{Date, Precision};
use crate::model::deck::{AnnotationKind, Series, SeriesKind};
use crate::view::{Outbox, StageView};

use super::stage::Sizes;
use super::theme::{Palette, color};

const DAYS_PER_YEAR: f64 = 365.25;

/// Length of the eased x-range move between steps.
pub const TRANSITION_SECS: f64 = 0.45;

/// An eased move of the plot's x range.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Transition {
    pub from: (f64, f64),
    pub to: (f64, f64),
    pub start_secs: f64,
}

impl Transition {
    /// The range at `now_secs`, and whether the move is finished.
    pub fn at(&self, now_secs: f64) -> ((f64, f64), bool) {
        let t = ((now_secs - self.start_secs) / TRANSITION_SECS).clamp(0.0, 1.0);
        // ease in-out cubic
        let e = if t < 0.5 {
            4.0 * t * t * t
        } else {
            1.0 - (-2.0 * t + 2.0).powi(3) / 2.0
        };
        let lerp = |a: f64, b: f64| a + (b - a) * e;
        (
            (lerp(self.from.0, self.to.0), lerp(self.from.1, self.to.1)),
            t >= 1.0,
        )
    }
}

/// What a cached reduced series was computed for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SeriesViewKey {
    pub x0_bits: u64,
    pub x1_bits: u64,
    pub columns: usize,
    pub log: bool,
    /// Identity of the series' data (reloads bring new data).
    pub points: usize,
}

/// A series reduced for one view.
#[derive(Clone, Debug)]
pub struct SeriesView {
    pub key: SeriesViewKey,
    pub points: Vec<egui_plot::PlotPoint>,
}

/// What the plot of one stage (or preview) keeps between frames: caches, the last view, a
/// running x-range move, and what it last drew (to notice a new step, scene or reset).
#[derive(Clone, Debug, Default)]
pub struct PlotView {
    /// Each series reduced for the current view (by index).
    pub series_cache: std::collections::HashMap<usize, SeriesView>,
    /// The x range the plot showed last frame.
    pub last_x: Option<(f64, f64)>,
    /// The plot's screen/plot mapping last frame (for tests and linked hover).
    pub last_transform: Option<egui_plot::PlotTransform>,
    /// The area the plot took last frame, axes included (the exported PDF's figure).
    pub last_rect: Option<egui::Rect>,
    /// A running x-range move.
    pub transition: Option<Transition>,
    /// The right-click menu (Copy image, Save image as…) was open last frame: no hover label
    /// over it.
    pub menu_open: bool,
    /// The label layout drawn last frame, with the colours it was drawn in (tests read it).
    pub layout: Option<PlotLayout>,
    /// How many times the label layout was solved (a frame at rest reuses it).
    pub label_solves: u64,
    /// Repaints asked in a row because the plot changed size as it was drawn (at most two, so
    /// a plot whose axes flip between two widths does not repaint for ever).
    repaints: u8,
    /// The scene, step, opening x range and reset count drawn last frame.
    seen: Option<(usize, usize, (u64, u64), u64)>,
    /// The step's description (what a screen reader reads for the plot) and the scene, step
    /// and deck revision it was made for: made once per step, not every frame.
    described: Option<((usize, usize, u64), String)>,
    /// The opening y view's data extent and what it was found for (the drawn series by
    /// identity, the x range, log): a scan of every point in range, once, not every frame.
    y_fit: Option<(YFitKey, (f64, f64))>,
}

/// The drawn series (address and length of their points) and the opening x range (bits).
type YFitKey = (Vec<usize>, [u64; 2]);

/// What the plot drew last frame, in screen points: the label layout, the series colours and
/// the plot background.
#[derive(Clone, Debug, Default)]
pub struct PlotLayout {
    /// What it was solved for: a frame with the same key reuses it.
    key: Option<LayoutKey>,
    pub labels: crate::model::labels::Layout,
    /// What the solver was given (the bench solves it again).
    pub input: crate::model::labels::Input,
    pub series_colors: Vec<egui::Color32>,
    pub background: egui::Color32,
}

/// Scene, step, what its labels are made of (`labels_fingerprint`), text size and pixels per
/// point (bits), theme, series drawn, log.
type KeyBase = (
    usize,
    usize,
    u64,
    u32,
    u32,
    crate::model::deck::ThemeName,
    Vec<usize>,
    bool,
);

/// What a label layout depends on.
#[derive(Clone, Debug, PartialEq)]
struct LayoutKey {
    base: KeyBase,
    /// The plot frame on screen (bits).
    frame: [u32; 4],
    /// The plot bounds (bits).
    bounds: [u64; 4],
}

/// What a step's label layout is made of besides sizes and theme: the plot's annotations, the
/// data drawn (by identity: a series read once is shared), this step's and the previous step's
/// choices. Not the deck's revision: typing a scene's title or notes does not move its labels,
/// and solving again on every keystroke cost 2 ms a key on the big deck.
fn labels_fingerprint(
    plot: &crate::model::deck::Plot,
    scene: &crate::model::deck::Scene,
    step: usize,
) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    format!("{:?}", plot.annotations).hash(&mut h);
    for s in &plot.series {
        (std::sync::Arc::as_ptr(&s.points) as usize).hash(&mut h);
        s.points.len().hash(&mut h);
        format!("{:?}", s.kind).hash(&mut h);
    }
    for k in [step.checked_sub(1), Some(step)] {
        if let Some(st) = k.and_then(|k| scene.steps.get(k)) {
            format!(
                "{:?} {:?} {:?} {:?}",
                st.visible, st.series, st.x_range, st.cursor
            )
            .hash(&mut h);
        }
    }
    h.finish()
}

fn lpoint(p: egui::Pos2) -> crate::model::labels::Point {
    crate::model::labels::Point::new(p.x, p.y)
}

fn lrect(r: egui::Rect) -> crate::model::labels::Rect {
    crate::model::labels::Rect::from_min_max(r.min.x, r.min.y, r.max.x, r.max.y)
}

/// How the plot's bounds follow the story this frame.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Follow {
    /// Keep the viewer's zoom and pan.
    Keep,
    /// Show the step's range at once (a new scene, a new deck).
    Snap,
    /// Reset zoom (the viewer asked).
    Reset,
}

impl PlotView {
    /// The description of the step `view` shows ([`crate::model::describe::describe`]).
    pub fn description(&mut self, view: &StageView) -> &str {
        let key = (view.pos.scene, view.pos.step, view.revision);
        if self.described.as_ref().is_none_or(|(k, _)| *k != key) {
            let text =
                crate::model::describe::describe(view.scene(), view.pos.step).unwrap_or_default();
            self.described = Some((key, text));
        }
        self.described
            .as_ref()
            .map_or("", |(_, text)| text.as_str())
    }

    /// Notices what changed since last frame: another scene or step, another opening range
    /// (an edit), a reset. A new step of the same scene eases to its range when it names one.
    fn follow(
        &mut self,
        pos: crate::model::nav::Position,
        target: (f64, f64),
        step_range: Option<(f64, f64)>,
        resets: u64,
        animate: bool,
        now_secs: f64,
    ) -> Follow {
        let key = (
            pos.scene,
            pos.step,
            (target.0.to_bits(), target.1.to_bits()),
            resets,
        );
        let before = self.seen.replace(key);
        match before {
            None => Follow::Snap,
            Some(b) if b.0 != key.0 => {
                self.transition = None;
                self.series_cache.clear();
                Follow::Snap
            }
            Some(b) if b.3 != key.3 => {
                self.transition = None;
                Follow::Reset
            }
            Some(b) if b.1 != key.1 => {
                if let (Some(from), Some(to), true) = (self.last_x, step_range, animate)
                    && from != to
                {
                    self.transition = Some(Transition {
                        from,
                        to,
                        start_secs: now_secs,
                    });
                } else if step_range.is_some() && !animate {
                    return Follow::Snap;
                }
                Follow::Keep
            }
            Some(b) if b.2 != key.2 => {
                self.transition = None;
                Follow::Snap
            }
            Some(_) => Follow::Keep,
        }
    }
}

pub fn plot_ui(
    ui: &mut Ui,
    view: &StageView,
    pv: &mut PlotView,
    out: &mut Outbox,
    sizes: Sizes,
    pal: &Palette,
) {
    let scene_index = view.pos.scene;
    let scene = view.scene();
    let step = view.step();
    let Some(plot) = scene.plot.as_ref() else {
        return;
    };
    let log = view.log_scale();
    let can_log = plot.series.iter().all(|s| s.y_min > 0.0);
    let now = ui.input(|i| i.time);

    // Title and controls: the buttons first (right to left), the title in what is left,
    // cut short rather than overlapping them.
    ui.horizontal(|ui| {
        ui.with_layout(Layout::right_to_left(egui::Align::Center), |ui| {
            if view.interactive {
                super::stage::right_group_ui(ui, "plot-buttons", |ui| {
                    let log_button = ui.add_enabled(
                        can_log || log,
                        egui::Button::selectable(log, Action::ToggleLogScale.label()),
                    );
                    let log_button = if can_log {
                        log_button.on_hover_text(format!(
                            "{} ({})",
                            Action::ToggleLogScale.description(),
                            Action::ToggleLogScale.shortcut_text()
                        ))
                    } else {
                        log_button
                            .on_disabled_hover_text("a log scale cannot show values at or below 0")
                    };
                    if log_button.clicked() {
                        out.push(Action::ToggleLogScale);
                    }
                    if ui
                        .button(Action::ResetPlot.label())
                        .on_hover_text(Action::ResetPlot.description())
                        .clicked()
                    {
                        out.push(Action::ResetPlot);
                    }
                    if ui
                        .button(Action::ToggleTable.label())
                        .on_hover_text(format!(
                            "{} ({})",
                            Action::ToggleTable.description(),
                            Action::ToggleTable.shortcut_text()
                        ))
                        .clicked()
                    {
                        out.push(Action::ToggleTable);
                    }
                });
            }
            if !plot.title.is_empty() {
                ui.with_layout(Layout::left_to_right(egui::Align::Center), |ui| {
                    ui.add(
                        egui::Label::new(
                            RichText::new(&plot.title).size(sizes.note * 1.1).strong(),
                        )
                        .truncate(),
                    );
                });
            }
        });
    });

    measure_note_ui(ui, plot, sizes, pal);

    // Each series in a colour that holds on this theme's plot background (3:1), none twice.
    let background = ui.visuals().extreme_bg_color;
    let colors: Vec<egui::Color32> = crate::model::contrast::series_colors(
        &plot.series.iter().map(|s| s.color).collect::<Vec<_>>(),
        crate::model::deck::Rgb::new(background.r(), background.g(), background.b()),
    )
    .into_iter()
    .map(color)
    .collect();
    let visible: Vec<(usize, &Series)> = plot
        .series
        .iter()
        .enumerate()
        .filter(|(i, _)| step.series.get(*i).copied().unwrap_or(true))
        .collect();
    // The y axis is described above the plot, as a caption: a rotated axis label longer than
    // the plot is tall spills over everything.
    let y_caption = if plot.y_unit.is_empty() {
        plot.y_label.clone()
    } else {
        format!("{} ({})", plot.y_label, plot.y_unit)
    };
    ui.label(
        RichText::new(y_caption)
            .size(sizes.small * 0.9)
            .color(pal.muted),
    );
    // The legend sits above the plot, so it never covers data or labels; a click hides or
    // shows a series.
    ui.horizontal_wrapped(|ui| {
        for (i, s) in &visible {
            let shown = !view.plot.hidden.contains(i);
            let swatch = if shown { "■" } else { "□" };
            let text = RichText::new(format!("{swatch} {}", s.label))
                .size(sizes.small)
                .color(if shown {
                    colors.get(*i).copied().unwrap_or(pal.muted)
                } else {
                    pal.muted
                });
            let response = ui
                .add(egui::Button::new(text).frame(false))
                .on_hover_text(if shown {
                    "click to hide"
                } else {
                    "click to show"
                });
            if response.clicked() && view.interactive {
                out.push(Action::ToggleSeries(*i));
            }
        }
    });
    let hidden = &view.plot.hidden;

    let drawn: Vec<(usize, &Series)> = visible
        .iter()
        .filter(|(i, _)| !hidden.contains(i))
        .copied()
        .collect();
    // A thumbnail (the overview, the presenter's small previews) shows the shape of the data:
    // no axis labels or source lines, which egui_plot would draw at full size.
    let compact = !view.interactive && ui.available_width() < 420.0;
    // The source lines' height as measured last frame, so the plot leaves room for them.
    let sources_id = egui::Id::unique(("sources-height", scene_index, view.interactive));
    let sources_height: f32 = if compact {
        0.0
    } else {
        ui.ctx()
            .data(|d| d.get_temp::<(usize, u32, f32)>(sources_id))
            .map(|(_, _, h)| h)
            .unwrap_or((sizes.small + 6.0) * 2.0 * visible.len() as f32)
    };
    // The chart keeps at least 55 % of what is left under its legend: when the sources and
    // caveats need more than the rest (many series on a small screen), they scroll.
    let min_height = if compact {
        24.0
    } else {
        (ui.available_height() * 0.55).max(160.0)
    };
    let plot_height = (ui.available_height() - sources_height - 12.0).max(min_height);

    let y = |v: f64| {
        if log {
            v.max(f64::MIN_POSITIVE).log10()
        } else {
            v
        }
    };
    let (data_x0, data_x1) = data_extent(plot, step);
    let target_x = step
        .x_range
        .map(|(a, b)| (a.x_days(), b.x_days()))
        .unwrap_or((data_x0, data_x1));
    let lit_id = view.hovered_link;
    let line_width = 2.5;

    let mut transition_running = false;
    let step_range = step.x_range.map(|(a, b)| (a.x_days(), b.x_days()));
    let follow = pv.follow(
        view.pos,
        target_x,
        step_range,
        view.plot.resets,
        view.interactive && !view.reduce_motion,
        now,
    );
    // Label sizes are measured as egui lays the text out (bold, so a lit label, which is bold,
    // fits the same place and hovering never moves the layout).
    let measure_ctx = ui.ctx().clone();
    let measure_style = ui.style().clone();
    let measure_valign = ui.text_valign();
    let measure = move |text: RichText| -> egui::Vec2 {
        egui::WidgetText::from(text)
            .into_galley_impl(
                &measure_ctx,
                &measure_style,
                egui::text::TextWrapping::from_wrap_mode_and_width(
                    egui::TextWrapMode::Extend,
                    f32::INFINITY,
                ),
                egui::FontSelection::Style(egui::TextStyle::Small),
                measure_valign,
            )
            .size()
    };
    // Tick labels as big as the text around the plot: 0.6 × the excerpts' size.
    let tick_px = tick_label_size(sizes);
    let tick_font = egui::FontId::proportional(tick_px);
    let x_label_px = measure(RichText::new("Jan 2019").size(tick_px)).x;
    let y_label_px = measure(RichText::new("0").size(tick_px)).y;
    let axis = |hints: AxisHints<'static>| {
        hints
            .tick_label_font(tick_font.clone())
            .label_spacing(egui::Rangef::new(1.0, 2.0))
    };
    let menu_open = pv.menu_open;
    // A thumbnail (overview, presenter previews) is a picture: no tooltip over its neighbours.
    let resting = view.pointer_resting || !view.interactive;
    let mut chart = Plot::new(("scene-plot", scene_index, view.interactive))
        .height(plot_height)
        .x_grid_spacer(move |input| date_grid(input, x_label_px))
        .custom_x_axes(vec![axis(
            AxisHints::new_x().formatter(|mark, _range| date_mark_text(mark)),
        )])
        .default_x_bounds(target_x.0, target_x.1)
        .allow_double_click_reset(true)
        .label_formatter(move |pos| {
            if menu_open || resting {
                None
            } else {
                hover_text(pos, plot, log)
            }
        })
        .show_axes(!compact)
        .show_crosshair(false);
    if log {
        chart = chart
            .custom_y_axes(vec![axis(
                AxisHints::new_y().formatter(|mark, _| format_number(10f64.powf(mark.value))),
            )])
            .y_grid_spacer(log_grid);
    } else {
        chart = chart
            .custom_y_axes(vec![axis(
                AxisHints::new_y().formatter(|mark, _| format_number(mark.value)),
            )])
            .y_grid_spacer(move |input| value_grid(input, y_label_px));
    }
    if let Some((lo, hi)) = plot.y_range {
        chart = chart.default_y_bounds(y(lo), y(hi));
    } else if !log {
        // The step's opening view fits the data it shows in its x range (not the whole
        // series), from zero, with headroom above for the labels.
        let fit_key = (
            drawn
                .iter()
                // identity and length: a freed series' address can be reused
                .flat_map(|(_, s)| [std::sync::Arc::as_ptr(&s.points) as usize, s.points.len()])
                .collect::<Vec<_>>(),
            [target_x.0.to_bits(), target_x.1.to_bits()],
        );
        let (lo, hi) = match &pv.y_fit {
            Some((key, extent)) if *key == fit_key => *extent,
            _ => {
                let extent = drawn
                    .iter()
                    .flat_map(|(_, s)| {
                        let a = s.points.partition_point(|p| p[0] < target_x.0);
                        let b = s.points.partition_point(|p| p[0] <= target_x.1);
                        // the value held into the range by a step line counts too
                        let held = a.checked_sub(1).filter(|_| s.kind == SeriesKind::Step);
                        let from = held.unwrap_or(a);
                        s.points.get(from..b).unwrap_or(&[]).iter().map(|p| p[1])
                    })
                    .fold((0.0_f64, 0.0_f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
                pv.y_fit = Some((fit_key, extent));
                extent
            }
        };
        let hi = if hi > lo { hi } else { lo + 1.0 };
        chart = chart
            .include_y(lo - (hi - lo) * if lo < 0.0 { 0.05 } else { 0.0 })
            .include_y(hi + (hi - lo) * 0.18);
    }
    if !view.interactive {
        chart = chart
            .allow_drag(false)
            .allow_zoom(false)
            .allow_scroll(false)
            .allow_boxed_zoom(false)
            .allow_double_click_reset(false);
    }
    if follow == Follow::Reset {
        chart = chart.reset();
    }
    let snap = follow == Follow::Snap;
    let transition = pv.transition;
    let previous_step = view
        .pos
        .step
        .checked_sub(1)
        .and_then(|k| scene.steps.get(k));
    let drawn_ids: Vec<usize> = drawn.iter().map(|(i, _)| *i).collect();
    let key_base = (
        scene_index,
        view.pos.step,
        labels_fingerprint(plot, scene, view.pos.step),
        sizes.small.to_bits(),
        ui.ctx().pixels_per_point().to_bits(),
        view.theme,
        drawn_ids,
        log,
    );
    let mut cached = pv
        .layout
        .take()
        .filter(|l| l.key.as_ref().is_some_and(|k| k.base == key_base));
    let mut did_solve = false;
    let did_solve_ref = &mut did_solve;
    let mut solved: Option<PlotLayout> = None;
    let solved_ref = &mut solved;
    let cached_ref = &mut cached;
    let series_cache = &mut pv.series_cache;
    // Where egui_plot lays out the plot and its axes: from here, the width available, as tall
    // as asked.
    let chart_rect = egui::Rect::from_min_size(
        ui.available_rect_before_wrap().min,
        egui::vec2(ui.available_size_before_wrap().x, plot_height),
    );
    let response = chart.show(ui, |plot_ui| {
        if let Some(t) = transition {
            let ((a, b), done) = t.at(now);
            plot_ui.set_plot_bounds_x(a..=b);
            transition_running = !done;
        } else if snap {
            plot_ui.set_plot_bounds_x(target_x.0..=target_x.1);
        }
        let bounds = plot_ui.plot_bounds();
        let (left, right) = (bounds.min()[0], bounds.max()[0]);
        let frame = *plot_ui.transform().frame();
        let columns = frame.width().max(1.0) as usize;
        let view_key = [
            frame.min.x.to_bits(),
            frame.min.y.to_bits(),
            frame.max.x.to_bits(),
            frame.max.y.to_bits(),
        ];
        let bounds_key = [
            bounds.min()[0].to_bits(),
            bounds.min()[1].to_bits(),
            bounds.max()[0].to_bits(),
            bounds.max()[1].to_bits(),
        ];
        // A frame at rest (same scene, step, size, text scale, theme and view) reuses last
        // frame's layout.
        let hit = cached_ref
            .as_ref()
            .and_then(|l| l.key.as_ref())
            .is_some_and(|k| k.frame == view_key && k.bounds == bounds_key);
        // Spans first, so lines draw over them.
        for a in &plot.annotations {
            if !step.shows(&a.id) {
                continue;
            }
            let lit = lit_id == Some(a.id.as_str());
            if let AnnotationKind::Span { from, to } = a.kind {
                let fill = if lit {
                    pal.highlight_lit_bg.gamma_multiply(0.5)
                } else {
                    pal.span_fill
                };
                plot_ui.add(
                    Span::new("", from.x_days()..=to.x_days())
                        .fill(fill)
                        .border_width(0.0),
                );
            }
        }
        let transform = *plot_ui.transform();
        let screen = |p: PlotPoint| lpoint(transform.position_from_point(&p));
        let mut lines: Vec<Vec<crate::model::labels::Point>> = Vec::new();
        // Where each line ends inside the plot, for its name (two or more lines: which is
        // which, where the eye already is, as Our World in Data's charts do).
        let mut line_ends: Vec<(usize, crate::model::labels::Point)> = Vec::new();
        let name_lines = drawn
            .iter()
            .filter(|(_, s)| matches!(s.kind, SeriesKind::Line | SeriesKind::Step))
            .count()
            >= 2;
        for (i, s) in &drawn {
            let points = view_points(series_cache, *i, s, (left, right), columns, log);
            if !hit {
                let poly: Option<Vec<crate::model::labels::Point>> = match s.kind {
                    SeriesKind::Line => Some(points.iter().map(|p| screen(*p)).collect()),
                    SeriesKind::Step => Some(
                        step_points(&points, target_x.1)
                            .iter()
                            .map(|p| screen(*p))
                            .collect(),
                    ),
                    _ => None,
                };
                if let Some(poly) = poly {
                    if name_lines && let Some(end) = line_end(&poly, frame) {
                        line_ends.push((*i, end));
                    }
                    lines.push(poly);
                }
                match s.kind {
                    SeriesKind::Line | SeriesKind::Step => {}
                    SeriesKind::Points => {
                        lines.extend(points.iter().map(|p| vec![screen(*p)]));
                    }
                    SeriesKind::Bar => lines.extend(
                        points
                            .iter()
                            .map(|p| vec![screen(PlotPoint::new(p.x, 0.0)), screen(*p)]),
                    ),
                }
            }
            let c = colors.get(*i).copied().unwrap_or(pal.muted);
            series_items(plot_ui, *i, s, c, points, line_width, target_x.1);
        }
        let inside_x = |x: f32| x >= frame.left() && x <= frame.right();
        let mut labels = Vec::new();
        let mut keep_out = Vec::new();
        let mut vlines = Vec::new();
        for (k, a) in plot.annotations.iter().enumerate() {
            if !step.shows(&a.id) {
                continue;
            }
            let lit = lit_id == Some(a.id.as_str());
            let ink = if lit {
                pal.highlight_lit_bg
            } else {
                pal.annotation
            };
            let width = if lit { 3.5 } else { 1.5 };
            let target = match a.kind {
                AnnotationKind::Event { date } => {
                    plot_ui.add(
                        VLine::new("", date.x_days())
                            .stroke(Stroke::new(width, ink))
                            .style(LineStyle::dashed_loose())
                            .allow_hover(false)
                            .id(("event", k)),
                    );
                    let x = plot_ui
                        .screen_from_plot(PlotPoint::new(date.x_days(), 0.0))
                        .x;
                    if !hit && inside_x(x) {
                        // Other labels keep off the event lines too.
                        vlines.push(x);
                    }
                    inside_x(x).then_some(crate::model::labels::Target::VLine { x })
                }
                AnnotationKind::Span { from, to } => {
                    let x0 = plot_ui
                        .screen_from_plot(PlotPoint::new(from.x_days(), 0.0))
                        .x;
                    let x1 = plot_ui.screen_from_plot(PlotPoint::new(to.x_days(), 0.0)).x;
                    let (x0, x1) = (x0.max(frame.left()), x1.min(frame.right()));
                    (x0 < x1).then_some(crate::model::labels::Target::Band { x0, x1 })
                }
                AnnotationKind::Callout { date, value, .. } => {
                    let p = [date.x_days(), y(value)];
                    plot_ui.add(
                        Points::new("", vec![p])
                            .shape(MarkerShape::Circle)
                            .radius(if lit { 10.0 } else { 7.0 })
                            .filled(false)
                            .color(ink)
                            .allow_hover(false)
                            .id(("callout", k)),
                    );
                    let at = plot_ui.screen_from_plot(PlotPoint::new(p[0], p[1]));
                    frame.contains(at).then(|| {
                        keep_out.push(lrect(egui::Rect::from_center_size(
                            at,
                            egui::vec2(16.0, 16.0),
                        )));
                        crate::model::labels::Target::Point(lpoint(at))
                    })
                }
            };
            let Some(target) = target else {
                continue;
            };
            if hit {
                continue;
            }
            let new_here = previous_step.is_none_or(|p| !p.shows(&a.id));
            let rank = match a.kind {
                AnnotationKind::Callout { .. } => 0,
                AnnotationKind::Event { .. } => 1,
                AnnotationKind::Span { .. } => 2,
            };
            let size = measure(event_label(&a.label, sizes, true, pal));
            labels.push(crate::model::labels::Label {
                id: k,
                target,
                size: (size.x, size.y),
                priority: if new_here {
                    rank
                } else {
                    rank + crate::model::labels::EARLIER
                },
                optional: false,
            });
        }
        for (i, end) in &line_ends {
            let Some(s) = plot.series.get(*i) else {
                continue;
            };
            let c = colors.get(*i).copied().unwrap_or(pal.muted);
            let size = measure(series_end_label(&s.label, sizes, c));
            labels.push(crate::model::labels::Label {
                id: SERIES_LABEL + i,
                target: crate::model::labels::Target::Point(*end),
                size: (size.x, size.y),
                priority: 3,
                optional: true,
            });
        }
        if let Some(cursor) = step.cursor {
            let x = plot_ui
                .screen_from_plot(PlotPoint::new(cursor.x_days(), 0.0))
                .x;
            if !hit && inside_x(x) {
                vlines.push(x);
            }
            plot_ui.add(
                VLine::new("", cursor.x_days())
                    .stroke(Stroke::new(2.0, pal.accent))
                    .allow_hover(false)
                    .id("cursor"),
            );
        }
        let layout = if hit {
            cached_ref.take().unwrap_or_default()
        } else {
            let marker = measure(marker_label(99, sizes, pal, pal.annotation));
            let input = crate::model::labels::Input {
                plot: lrect(frame),
                labels,
                lines,
                vlines,
                keep_out,
                marker_size: (marker.x, marker.y),
            };
            PlotLayout {
                key: Some(LayoutKey {
                    base: key_base.clone(),
                    frame: view_key,
                    bounds: bounds_key,
                }),
                labels: crate::model::labels::solve(&input),
                input,
                series_colors: colors.clone(),
                background,
            }
        };
        *did_solve_ref = !hit;
        for placed in &layout.labels.placed {
            if let Some(s) = placed
                .id
                .checked_sub(SERIES_LABEL)
                .and_then(|i| plot.series.get(i).map(|s| (i, s)))
            {
                let c = colors.get(s.0).copied().unwrap_or(pal.muted);
                let r = placed.rect;
                plot_ui.add(
                    Text::new(
                        "",
                        plot_ui.plot_from_screen(egui::pos2(r.min.x, r.min.y)),
                        series_end_label(&s.1.label, sizes, c),
                    )
                    .anchor(Align2::LEFT_TOP)
                    .id(("series-label", placed.id)),
                );
                continue;
            }
            let Some(a) = plot.annotations.get(placed.id) else {
                continue;
            };
            let lit = lit_id == Some(a.id.as_str());
            let ink = if lit {
                pal.highlight_lit_bg
            } else {
                pal.annotation
            };
            if let Some((from, to)) = placed.leader {
                plot_ui.add(
                    Line::new(
                        "",
                        vec![
                            plot_xy(plot_ui.plot_from_screen(egui::pos2(from.x, from.y))),
                            plot_xy(plot_ui.plot_from_screen(egui::pos2(to.x, to.y))),
                        ],
                    )
                    .color(ink)
                    .width(1.2)
                    .allow_hover(false)
                    .id(("leader", placed.id)),
                );
                // A dot where the leader meets what it names, so it does not read as a grid
                // line.
                plot_ui.add(
                    Points::new(
                        "",
                        vec![plot_xy(plot_ui.plot_from_screen(egui::pos2(to.x, to.y)))],
                    )
                    .radius(2.5)
                    .filled(true)
                    .color(ink)
                    .allow_hover(false)
                    .id(("leader-end", placed.id)),
                );
            }
            let r = placed.rect;
            let (text, at, anchor) = match placed.marker {
                Some(n) => (
                    marker_label(n, sizes, pal, ink),
                    egui::pos2((r.min.x + r.max.x) / 2.0, (r.min.y + r.max.y) / 2.0),
                    Align2::CENTER_CENTER,
                ),
                None => (
                    event_label(&a.label, sizes, lit, pal),
                    egui::pos2(r.min.x, r.min.y),
                    Align2::LEFT_TOP,
                ),
            };
            plot_ui.add(
                Text::new("", plot_ui.plot_from_screen(at), text)
                    .anchor(anchor)
                    .id(("label", placed.id)),
            );
        }
        *solved_ref = Some(layout);
    });
    // Right-click: the chart as a picture, or its data as CSV, to paste into a worksheet.
    if view.interactive {
        response.response.context_menu(|ui| {
            for action in [
                Action::CopyImage,
                Action::SaveImage,
                Action::CopyDataCsv,
                Action::SaveData,
            ] {
                if ui
                    .button(action.label())
                    .on_hover_text(action.shortcut_text())
                    .clicked()
                {
                    out.push(action);
                    ui.close();
                }
            }
        });
    }
    if did_solve {
        pv.label_solves += 1;
    }
    // egui_plot builds items with last frame's frame: when the plot changed size this frame,
    // the labels are solved again on the next.
    // Once per new frame rect, so a plot whose axis width flips between two values does not
    // repaint for ever.
    let final_frame = lrect(*response.transform.frame());
    if solved
        .as_ref()
        .is_some_and(|l| l.labels.plot != final_frame)
    {
        if pv.repaints < 2 {
            pv.repaints += 1;
            ui.ctx().request_repaint();
        }
    } else {
        pv.repaints = 0;
    }
    pv.layout = solved;
    pv.menu_open = view.interactive && response.response.context_menu_opened();
    if view.interactive {
        // A screen reader reads the plot as a picture described in words.
        let text = pv.description(view).to_owned();
        response
            .response
            .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, text.as_str()));
    }
    pv.last_x = {
        let b = response.transform.bounds();
        Some((b.min()[0], b.max()[0]))
    };
    pv.last_transform = Some(response.transform);
    pv.last_rect = Some(chart_rect.union(response.response.rect));
    if transition_running {
        ui.ctx().request_repaint();
    } else if pv.transition.is_some() {
        pv.transition = None;
    }

    // Editing: a click on the plot puts a callout there, on the series nearest to the click.
    if view.editing
        && view.interactive
        && response.response.clicked()
        && let Some(at) = response.response.interact_pointer_pos()
    {
        let p = response.transform.value_from_position(at);
        let date = Date::from_x_days(p.x.round());
        let value = if log { 10f64.powf(p.y) } else { p.y };
        let nearest = plot
            .series
            .iter()
            .enumerate()
            .filter(|(i, _)| step.series.get(*i).copied().unwrap_or(true) && !hidden.contains(i))
            .map(|(_, s)| (&s.id, s))
            .filter_map(|(id, s)| {
                let v = s.value_at(date).or_else(|| {
                    let i = s
                        .points
                        .partition_point(|q| q[0] < p.x)
                        .min(s.points.len().saturating_sub(1));
                    s.points.get(i).map(|q| q[1])
                })?;
                Some((id.clone(), (v - value).abs()))
            })
            .min_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((series, _)) = nearest {
            out.push(Action::Edit(Edit::AddCallout {
                series,
                date,
                value,
            }));
        }
    }

    // Linked hover: which annotation is under the pointer.
    if view.interactive
        && !view.pointer_resting
        && let Some(pointer) = response.response.hover_pos()
    {
        let t = &response.transform;
        for a in &plot.annotations {
            if !step.shows(&a.id) {
                continue;
            }
            let near = match a.kind {
                AnnotationKind::Event { date } => {
                    (t.position_from_point(&PlotPoint::new(date.x_days(), 0.0)).x - pointer.x).abs()
                        < 8.0
                }
                AnnotationKind::Span { from, to } => {
                    let x0 = t.position_from_point(&PlotPoint::new(from.x_days(), 0.0)).x;
                    let x1 = t.position_from_point(&PlotPoint::new(to.x_days(), 0.0)).x;
                    pointer.x >= x0.min(x1) && pointer.x <= x0.max(x1)
                }
                AnnotationKind::Callout { date, value, .. } => {
                    let p = t.position_from_point(&PlotPoint::new(date.x_days(), y(value)));
                    p.distance(pointer) < 14.0
                }
            };
            if near {
                out.hover = Some(a.id.clone());
                break;
            }
        }
    }

    if compact {
        return;
    }
    // Sources and caveats of the series on show, one line per distinct source.
    // When they do not fit under a plot at its smallest (a small window, many caveats), they
    // scroll in what is left rather than run over the timeline below.
    ui.add_space(6.0);
    let room = ui.available_height().max(sizes.small * 3.0);
    let shown = egui::ScrollArea::vertical()
        .id_salt(("plot-sources", scene_index, view.interactive))
        .max_height(room)
        .auto_shrink([false, true])
        .show(ui, |ui| {
            marker_key_ui(ui, plot, pv.layout.as_ref(), sizes.scaled(0.85), pal);
            sources_ui(ui, &visible, &colors, sizes.scaled(0.85), pal);
        });
    // What they need, not what they got, so the plot leaves them room when it can.
    let used = shown.content_size.y + 6.0;
    // Within one step at one width the room kept under the plot only grows: the key of
    // collapsed labels changes the plot's height, which can change what fits, and the plot
    // must not flip between the two.
    let width_bits = ui.available_width().to_bits();
    ui.ctx().data_mut(|d| {
        let kept = match d.get_temp::<(usize, u32, f32)>(sources_id) {
            Some((k, w, h)) if k == view.pos.step && w == width_bits => used.max(h),
            _ => used,
        };
        d.insert_temp(sources_id, (view.pos.step, width_bits, kept));
    });
}

/// The plot's note that it measures something different from the previous scene's, under
/// the title, so the audience does not read a change of measure as a change of level.
fn measure_note_ui(ui: &mut Ui, plot: &crate::model::deck::Plot, sizes: Sizes, pal: &Palette) {
    if plot.measure_note.is_empty() {
        return;
    }
    ui.label(
        RichText::new(format!("\u{26a0} {}", plot.measure_note))
            .size(sizes.small)
            .strong()
            .color(pal.accent),
    );
}

/// `■ ■ China, United States — Source: UN Statistics Division, "…" (data/…csv)`, then each
/// distinct caveat.
fn sources_ui(
    ui: &mut Ui,
    visible: &[(usize, &Series)],
    colors: &[egui::Color32],
    sizes: Sizes,
    pal: &Palette,
) {
    type Members<'a> = Vec<(usize, &'a Series)>;
    let mut groups: Vec<(&crate::model::deck::Source, &str, Members)> = Vec::new();
    for &(i, s) in visible {
        match groups
            .iter_mut()
            .find(|(src, file, _)| **src == s.source && *file == s.file)
        {
            Some((_, _, members)) => members.push((i, s)),
            None => groups.push((&s.source, &s.file, vec![(i, s)])),
        }
    }
    for (source, file, members) in &groups {
        ui.horizontal_wrapped(|ui| {
            ui.spacing_mut().item_spacing.x = 4.0;
            for (i, _) in members {
                let c = colors.get(*i).copied().unwrap_or(pal.muted);
                ui.label(RichText::new("■").color(c).size(sizes.small));
            }
            let names: Vec<&str> = members.iter().map(|(_, m)| m.label.as_str()).collect();
            ui.label(
                RichText::new(format!("{} — Source ({file}):", names.join("; ")))
                    .size(sizes.small)
                    .color(pal.muted),
            );
        });
        // The source on a line of its own: a link wrapped inside a row of other widgets
        // becomes one keyboard stop per line in egui, the later ones without a name.
        ui.horizontal(|ui| {
            ui.add_space(sizes.small);
            ui.vertical(|ui| {
                let text = RichText::new(source.text()).size(sizes.small);
                if source.url.is_empty() {
                    ui.label(text);
                } else {
                    // Opens only on click (or Enter); the target is shown first.
                    ui.hyperlink_to(text, &source.url)
                        .on_hover_text(format!("opens {}", source.url));
                }
            });
        });
    }
    // Each caveat once; when it is not about every series on show, the swatches of the ones
    // it is about go first (their names are on the line above, and in its hover text).
    let series: Vec<&Series> = visible.iter().map(|(_, s)| *s).collect();
    for (caveat, members) in crate::model::deck::caveat_groups(&series) {
        ui.horizontal_wrapped(|ui| {
            ui.spacing_mut().item_spacing.x = 4.0;
            if members.len() < series.len() {
                let names: Vec<&str> = members
                    .iter()
                    .filter_map(|&m| visible.get(m).map(|(_, s)| s.label.as_str()))
                    .collect();
                for &m in &members {
                    let c = visible
                        .get(m)
                        .and_then(|(i, _)| colors.get(*i))
                        .copied()
                        .unwrap_or(pal.muted);
                    ui.label(RichText::new("■").color(c).size(sizes.small))
                        .on_hover_text(names.join("; "));
                }
            }
            ui.label(
                RichText::new(format!("Caveat: {caveat}"))
                    .size(sizes.small)
                    .italics()
                    .color(pal.muted),
            );
        });
    }
}

/// Label ids from here on name series (their index added), below it annotations.
const SERIES_LABEL: usize = 1 << 20;

/// A series' name by the end of its line, in its colour.
fn series_end_label(label: &str, sizes: Sizes, color: egui::Color32) -> RichText {
    RichText::new(label).size(sizes.small).strong().color(color)
}

/// The last point of a line (screen points) inside the plot's frame; a line running past the
/// right edge (a step held to the end) ends at the edge.
fn line_end(
    poly: &[crate::model::labels::Point],
    frame: egui::Rect,
) -> Option<crate::model::labels::Point> {
    let inside = |p: &crate::model::labels::Point| {
        p.x >= frame.left() && p.x <= frame.right() && p.y >= frame.top() && p.y <= frame.bottom()
    };
    let k = poly.iter().rposition(inside)?;
    let last = poly.get(k)?;
    match poly.get(k + 1) {
        // held flat past the edge: the name goes where it leaves
        Some(next) if (next.y - last.y).abs() < 0.5 && next.x > frame.right() => Some(
            crate::model::labels::Point::new(frame.right() - 1.0, last.y),
        ),
        _ => Some(*last),
    }
}

fn event_label(label: &str, sizes: Sizes, lit: bool, pal: &Palette) -> RichText {
    let t = RichText::new(label).size(sizes.small);
    if lit {
        t.strong()
            .background_color(pal.highlight_lit_bg)
            .color(pal.highlight_text)
    } else {
        t.color(pal.annotation)
    }
}

/// A collapsed label's numbered badge.
fn marker_label(n: usize, sizes: Sizes, pal: &Palette, ink: egui::Color32) -> RichText {
    let _ = pal;
    let light = u16::from(ink.r()) + u16::from(ink.g()) + u16::from(ink.b()) > 3 * 128;
    RichText::new(format!(" {n} "))
        .size(sizes.small)
        .strong()
        .background_color(ink)
        .color(if light {
            egui::Color32::BLACK
        } else {
            egui::Color32::WHITE
        })
}

fn plot_xy(p: PlotPoint) -> [f64; 2] {
    [p.x, p.y]
}

/// The key of the labels that did not fit: each marker's number and the label's text.
fn marker_key_ui(
    ui: &mut Ui,
    plot: &crate::model::deck::Plot,
    layout: Option<&PlotLayout>,
    sizes: Sizes,
    pal: &Palette,
) {
    let key = layout.map(|l| l.labels.key()).unwrap_or_default();
    if key.is_empty() {
        return;
    }
    ui.horizontal_wrapped(|ui| {
        for (n, id) in key {
            let Some(a) = plot.annotations.get(id) else {
                continue;
            };
            ui.label(marker_label(n, sizes, pal, pal.annotation));
            ui.label(
                RichText::new(&a.label)
                    .size(sizes.small)
                    .color(pal.annotation),
            );
            ui.add_space(sizes.small);
        }
    });
}

/// The smallest and largest x of all series (days), padded: the plot's default view. The model
/// decides it, so the generated descriptions speak of the same view the plot shows.
pub use crate::model::describe::data_extent;

/// The points of a series as the plot draws them for the current view: reduced to a few per
/// pixel column (see `model::decimate`), on the log scale when it is on, cached until the view,
/// the width or the scale changes.
pub fn view_points(
    cache: &mut std::collections::HashMap<usize, SeriesView>,
    index: usize,
    s: &Series,
    view: (f64, f64),
    columns: usize,
    log: bool,
) -> Vec<PlotPoint> {
    let key = SeriesViewKey {
        x0_bits: view.0.to_bits(),
        x1_bits: view.1.to_bits(),
        columns,
        log,
        points: std::sync::Arc::as_ptr(&s.points) as usize,
    };
    if let Some(hit) = cache.get(&index)
        && hit.key == key
    {
        return hit.points.clone();
    }
    let reduced = crate::model::decimate::min_max(&s.points, view.0, view.1, columns);
    let points: Vec<PlotPoint> = reduced
        .iter()
        .map(|p| {
            let y = if log {
                p[1].max(f64::MIN_POSITIVE).log10()
            } else {
                p[1]
            };
            PlotPoint::new(p[0], y)
        })
        .collect();
    cache.insert(
        index,
        SeriesView {
            key,
            points: points.clone(),
        },
    );
    points
}

fn series_items(
    plot_ui: &mut egui_plot::PlotUi<'_>,
    index: usize,
    s: &Series,
    c: egui::Color32,
    points: Vec<PlotPoint>,
    width: f32,
    extend_to: f64,
) {
    let id = egui::Id::unique(("series", index));
    match s.kind {
        SeriesKind::Line => {
            plot_ui.add(
                Line::new(&s.label, PlotPoints::Owned(points))
                    .color(c)
                    .width(width)
                    .allow_band(false)
                    .id(id),
            );
        }
        SeriesKind::Step => {
            let stepped = step_points(&points, extend_to);
            plot_ui.add(
                Line::new(&s.label, PlotPoints::Owned(stepped))
                    .color(c)
                    .width(width)
                    .allow_band(false)
                    .id(id),
            );
            plot_ui.add(
                Points::new(&s.label, PlotPoints::Owned(points))
                    .color(c)
                    .radius(width * 1.6)
                    .filled(true),
            );
        }
        SeriesKind::Points => {
            plot_ui.add(
                Points::new(&s.label, PlotPoints::Owned(points))
                    .color(c)
                    .radius(width * 2.4)
                    .shape(MarkerShape::Diamond)
                    .filled(true)
                    .id(id),
            );
        }
        SeriesKind::Bar => {
            let width_days = match s.precision {
                Precision::Year => DAYS_PER_YEAR * 0.7,
                Precision::Month => 21.0,
                Precision::Quarter => 63.0,
                Precision::Day => 0.8,
            };
            let bars = points
                .iter()
                .map(|p| Bar::new(p.x, p.y).width(width_days).fill(c))
                .collect();
            plot_ui.add(BarChart::new(&s.label, bars).color(c).id(id));
        }
    }
}

/// A step line through `points`: each value holds until the next point, and the last one
/// until `extend_to` when that lies beyond it.
pub fn step_points(points: &[PlotPoint], extend_to: f64) -> Vec<PlotPoint> {
    let mut out = Vec::with_capacity(points.len() * 2 + 1);
    for (i, p) in points.iter().enumerate() {
        if i > 0 {
            out.push(PlotPoint::new(p.x, points[i - 1].y));
        }
        out.push(*p);
    }
    if let Some(last) = points.last()
        && extend_to > last.x
    {
        out.push(PlotPoint::new(extend_to, last.y));
    }
    out
}

/// Tooltip: series, date, value with unit, and source; elsewhere just the date.
pub fn hover_text(
    pos: &HoverPosition<'_>,
    plot: &crate::model::deck::Plot,
    log: bool,
) -> Option<String> {
    match pos {
        HoverPosition::NearDataPoint {
            plot_name,
            position,
            ..
        } => {
            let s = plot.series.iter().find(|s| s.label == *plot_name)?;
            // The nearest real data point (step lines have synthetic corners).
            let i = s.points.partition_point(|p| p[0] < position.x);
            let candidates = [i.checked_sub(1), Some(i)];
            let p = candidates
                .iter()
                .flatten()
                .filter_map(|&j| s.points.get(j))
                .min_by(|a, b| {
                    (a[0] - position.x)
                        .abs()
                        .total_cmp(&(b[0] - position.x).abs())
                })?;
            let date = Date::from_x_days(p[0]).with_precision(s.precision);
            let value = format_number(p[1]);
            let unit = if s.unit == "%" {
                "%".to_owned()
            } else if s.unit.is_empty() {
                String::new()
            } else {
                format!(" {}", s.unit)
            };
            let _ = log;
            Some(format!(
                "{}\n{date}: {value}{unit}\nSource: {}",
                s.label, s.source.publisher
            ))
        }
        HoverPosition::Elsewhere { position } => Some(Date::from_x_days(position.x).long()),
    }
}

pub use crate::model::number::format_number;

/// The size of the axes' tick labels, points: 0.6 × the excerpt text size, so 21.6 px at
/// 1920×1080 at 100 % zoom; it follows the window and Ctrl+plus/minus as the excerpts do.
pub fn tick_label_size(sizes: Sizes) -> f32 {
    0.6 * sizes.quote
}

/// Most labelled ticks an axis shows.
const MAX_TICKS: usize = 8;

/// A calendar step of the date axis.
#[derive(Clone, Copy, Debug, PartialEq)]
enum DateStep {
    Days(i64),
    Months(i8),
    Years(i16),
}

impl DateStep {
    fn days(self) -> f64 {
        match self {
            DateStep::Days(n) => n as f64,
            DateStep::Months(n) => f64::from(n) * DAYS_PER_YEAR / 12.0,
            DateStep::Years(n) => f64::from(n) * DAYS_PER_YEAR,
        }
    }
}

const DATE_STEPS: [DateStep; 16] = [
    DateStep::Days(1),
    DateStep::Days(2),
    DateStep::Days(4),
    DateStep::Days(7),
    DateStep::Days(14),
    DateStep::Months(1),
    DateStep::Months(2),
    DateStep::Months(3),
    DateStep::Months(6),
    DateStep::Years(1),
    DateStep::Years(2),
    DateStep::Years(5),
    DateStep::Years(10),
    DateStep::Years(20),
    DateStep::Years(50),
    DateStep::Years(100),
];

/// The marks of `step` between `lo` and `hi` (days).
fn date_marks(step: DateStep, lo: f64, hi: f64) -> Vec<GridMark> {
    let mut marks = Vec::new();
    let first = Date::from_x_days(lo);
    let last = Date::from_x_days(hi);
    match step {
        DateStep::Days(n) => {
            let mut x = (lo / n as f64).ceil() * n as f64;
            while x <= hi && marks.len() <= 64 {
                marks.push(GridMark {
                    value: x,
                    step_size: n as f64,
                });
                x += n as f64;
            }
        }
        DateStep::Months(n) => {
            let (mut y, mut m) = (first.year(), first.month());
            while let Some(d) = Date::from_ymd(y, m, 1) {
                if d > last || marks.len() > 64 {
                    break;
                }
                if (m - 1) % n == 0 && d.x_days() >= lo {
                    marks.push(GridMark {
                        value: d.x_days(),
                        step_size: step.days(),
                    });
                }
                m += 1;
                if m > 12 {
                    m = 1;
                    y = y.saturating_add(1);
                }
            }
        }
        DateStep::Years(n) => {
            for year in first.year()..=last.year() {
                if year.rem_euclid(n) != 0 {
                    continue;
                }
                if let Some(d) = Date::from_ymd(year, 1, 1)
                    && d.x_days() >= lo
                    && d.x_days() <= hi
                {
                    marks.push(GridMark {
                        value: d.x_days(),
                        step_size: step.days(),
                    });
                }
                if marks.len() > 64 {
                    break;
                }
            }
        }
    }
    marks
}

/// Grid marks on calendar boundaries (days, weeks, months, quarters, years, decades): the
/// finest step that labels at most 8 ticks, each label (`label_px` wide at most) with room to
/// spare. egui_plot's `base_step_size` is the plot distance of 8 points, which gives the scale.
pub fn date_grid(input: GridInput, label_px: f32) -> Vec<GridMark> {
    let (lo, hi) = input.bounds;
    if !lo.is_finite() || !hi.is_finite() || hi <= lo {
        return Vec::new();
    }
    let px_per_day = if input.base_step_size > 0.0 {
        8.0 / input.base_step_size
    } else {
        f64::INFINITY
    };
    let room = f64::from(label_px) * 1.25 + 8.0;
    // Months read better than weeks: weeks only when months label fewer than 3 ticks.
    let months_do = DateStep::Months(1).days() * px_per_day >= room
        && date_marks(DateStep::Months(1), lo, hi).len() >= 3;
    for step in DATE_STEPS {
        if step.days() * px_per_day < room
            || (months_do && matches!(step, DateStep::Days(n) if n >= 7))
        {
            continue;
        }
        let marks = date_marks(step, lo, hi);
        if marks.len() <= MAX_TICKS {
            return marks;
        }
    }
    date_marks(DateStep::Years(100), lo, hi)
}

/// Grid marks on round values (1, 2, 2.5 and 5 × a power of ten): the finest step that labels
/// at most 8 ticks, each at least two label heights (`label_px`) apart.
pub fn value_grid(input: GridInput, label_px: f32) -> Vec<GridMark> {
    let (lo, hi) = input.bounds;
    if !lo.is_finite() || !hi.is_finite() || hi <= lo {
        return Vec::new();
    }
    let px_per_unit = if input.base_step_size > 0.0 {
        8.0 / input.base_step_size
    } else {
        f64::INFINITY
    };
    let room = f64::from(label_px) * 2.0;
    let span = hi - lo;
    let first_exp = (span / MAX_TICKS as f64).log10().floor() as i32 - 1;
    for exp in first_exp..first_exp + 8 {
        let power = 10f64.powi(exp);
        for m in [1.0, 2.0, 2.5, 5.0] {
            let step = m * power;
            let first = (lo / step).ceil() as i64;
            let last = (hi / step).floor() as i64;
            let count = (last - first + 1).max(0) as usize;
            if count <= MAX_TICKS && step * px_per_unit >= room {
                return (first..=last)
                    .map(|k| GridMark {
                        value: k as f64 * step,
                        step_size: step,
                    })
                    .collect();
            }
        }
    }
    Vec::new()
}

/// The text under a date grid mark: `2019`, `Apr`, `Jan 2019` or `14 May`.
pub fn date_mark_text(mark: GridMark) -> String {
    let d = Date::from_x_days(mark.value + 0.5);
    if mark.step_size >= DAYS_PER_YEAR * 0.9 {
        d.year().to_string()
    } else if mark.step_size >= 28.0 {
        if d.month() == 1 {
            format!("{} {}", crate::model::date::month_name(1), d.year())
        } else {
            crate::model::date::month_name(d.month()).to_owned()
        }
    } else {
        format!("{} {}", d.day(), crate::model::date::month_name(d.month()))
    }
}

/// Log-scale grid: 1, 2, 5 × powers of ten (values are log10 already).
fn log_grid(input: GridInput) -> Vec<GridMark> {
    let (lo, hi) = input.bounds;
    if !lo.is_finite() || !hi.is_finite() || hi <= lo || hi - lo > 30.0 {
        return Vec::new();
    }
    let mut marks = Vec::new();
    // At most 8 labelled ticks: 1, 2, 5 over up to three decades, then powers of ten, then
    // every second (fifth...) power.
    let decades = hi - lo;
    let mults: &[(f64, f64)] = if decades <= 2.7 {
        &[(1.0, 1.0), (2.0, 0.3), (5.0, 0.3)]
    } else {
        &[(1.0, 1.0)]
    };
    let every = (decades / MAX_TICKS as f64).ceil().max(1.0) as i32;
    let mut k = lo.floor() as i32;
    while f64::from(k) <= hi.ceil() {
        for &(m, step) in mults {
            let v = (m * 10f64.powi(k)).log10();
            if v >= lo && v <= hi && k.rem_euclid(every) == 0 {
                marks.push(GridMark {
                    value: v,
                    step_size: step,
                });
            }
        }
        k += 1;
    }
    marks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_naturally() {
        assert_eq!(format_number(1234.0), "1,234");
        assert_eq!(format_number(126.5), "126.5");
        assert_eq!(format_number(992.2), "992.2");
        assert_eq!(format_number(1234.6), "1,235");
        assert_eq!(format_number(19.3), "19.3");
        assert_eq!(format_number(-295.4), "−295.4");
        assert_eq!(format_number(-0.001), "0");
        assert_eq!(format_number(0.25), "0.25");
        assert_eq!(format_number(145.0), "145");
    }

    #[test]
    fn tooltips_name_date_value_unit_series_and_source() {
        let deck = crate::model::load(&crate::bundled::source()).deck.unwrap();
        let plot = deck
            .scenes
            .iter()
            .find_map(|s| {
                s.plot
                    .as_ref()
                    .filter(|p| p.series.iter().any(|s| s.unit == "%"))
            })
            .unwrap();
        let s = plot.series.iter().find(|s| s.unit == "%").unwrap();
        let p = s.points[0];
        let text = hover_text(
            &HoverPosition::NearDataPoint {
                plot_name: &s.label,
                position: PlotPoint::new(p[0] + 0.4, p[1]),
                index: 0,
            },
            plot,
            false,
        )
        .unwrap();
        let date = Date::from_x_days(p[0]).with_precision(s.precision);
        assert_eq!(
            text,
            format!(
                "{}\n{date}: {}%\nSource: {}",
                s.label,
                format_number(p[1]),
                s.source.publisher
            )
        );
        let elsewhere = hover_text(
            &HoverPosition::Elsewhere {
                position: PlotPoint::new(p[0], 0.0),
            },
            plot,
            false,
        )
        .unwrap();
        assert_eq!(elsewhere, Date::from_x_days(p[0]).long());
    }

    #[test]
    fn log_grid_marks_one_two_five() {
        let marks = log_grid(GridInput {
            bounds: (0.0, 2.0),
            base_step_size: 0.1,
        });
        let values: Vec<String> = marks
            .iter()
            .map(|m| format_number(10f64.powf(m.value)))
            .collect();
        assert_eq!(values, ["1", "2", "5", "10", "20", "50", "100"]);
    }

    #[test]
    fn step_lines_hold_values_until_the_next_point() {
        let p = |x, y| PlotPoint::new(x, y);
        let out = step_points(&[p(0.0, 1.0), p(10.0, 2.0)], 20.0);
        let xy: Vec<(f64, f64)> = out.iter().map(|q| (q.x, q.y)).collect();
        assert_eq!(xy, vec![(0.0, 1.0), (10.0, 1.0), (10.0, 2.0), (20.0, 2.0)]);
    }

    #[test]
    fn narrow_plots_of_long_spans_label_fewer_years() {
        let y2004 = Date::parse("2004-01-01").unwrap().x_days();
        let y2024 = Date::parse("2024-12-31").unwrap().x_days();
        // 21 years over 550 points: the base step is the span of 8 points
        let base = (y2024 - y2004) / 550.0 * 8.0;
        let marks = date_grid(
            GridInput {
                bounds: (y2004, y2024),
                base_step_size: base,
            },
            50.0,
        );
        let labelled: Vec<String> = marks.iter().map(|m| date_mark_text(*m)).collect();
        assert!(
            (3..=8).contains(&labelled.len()),
            "labelled years {labelled:?}"
        );
        assert!(labelled.contains(&"2010".to_owned()), "{labelled:?}");
    }

    #[test]
    fn a_fourteen_month_axis_labels_months() {
        let lo = Date::parse("2018-05-01").unwrap().x_days();
        let hi = Date::parse("2019-06-30").unwrap().x_days();
        for width_px in [600.0, 1000.0, 2400.0] {
            let base = (hi - lo) / width_px * 8.0;
            let labels: Vec<String> = date_grid(
                GridInput {
                    bounds: (lo, hi),
                    base_step_size: base,
                },
                90.0,
            )
            .iter()
            .map(|m| date_mark_text(*m))
            .collect();
            assert!((3..=8).contains(&labels.len()), "{width_px}: {labels:?}");
            assert!(labels.contains(&"Jan 2019".to_owned()), "{labels:?}");
        }
    }

    #[test]
    fn value_grids_label_three_to_eight_round_numbers() {
        for (lo, hi, px) in [
            (0.0, 12.0, 400.0),
            (0.0, 160.0, 700.0),
            (-300.0, 1200.0, 300.0),
        ] {
            let marks = value_grid(
                GridInput {
                    bounds: (lo, hi),
                    base_step_size: (hi - lo) / px * 8.0,
                },
                20.0,
            );
            assert!((3..=8).contains(&marks.len()), "{lo}..{hi}: {marks:?}");
            let step = marks[1].value - marks[0].value;
            assert!(step * px / (hi - lo) >= 40.0, "{lo}..{hi}: {step}");
        }
    }

    #[test]
    fn the_date_axis_shows_years_or_months_never_day_numbers() {
        let y2015 = Date::parse("2015-01-01").unwrap().x_days();
        let y2025 = Date::parse("2025-12-31").unwrap().x_days();
        let marks = date_grid(
            GridInput {
                bounds: (y2015, y2025),
                base_step_size: 1.0,
            },
            60.0,
        );
        let labels: Vec<String> = marks.iter().map(|m| date_mark_text(*m)).collect();
        assert_eq!(labels, ["2016", "2018", "2020", "2022", "2024"]);
        let apr = Date::parse("2025-03-01").unwrap().x_days();
        let jun = Date::parse("2025-06-30").unwrap().x_days();
        let marks = date_grid(
            GridInput {
                bounds: (apr, jun),
                base_step_size: 1.0,
            },
            60.0,
        );
        let labels: Vec<String> = marks.iter().map(|m| date_mark_text(*m)).collect();
        assert_eq!(labels, ["Mar", "Apr", "May", "Jun"]);
    }
}
