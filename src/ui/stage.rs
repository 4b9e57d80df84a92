//! The stage: what the audience sees. Title, date and era on top; the excerpts with their
//! highlighted phrases and margin notes beside the plot; the timeline ribbon along the bottom.

use egui::text::{LayoutJob, TextFormat};
use egui::{Align, Color32, FontFamily, FontId, Layout, RichText, Sense, Stroke, Ui};

use crate::action::Action;
use crate::model::deck::{Excerpt, Verdict};
use crate::view::{Outbox, StageView};

use super::theme::{Palette, palette};

/// Text sizes that grow with the window, so a projector's audience can read them.
#[derive(Clone, Copy, Debug)]
pub struct Sizes {
    pub title: f32,
    pub quote: f32,
    pub note: f32,
    pub small: f32,
}

impl Sizes {
    /// All sizes times `f`.
    pub fn scaled(self, f: f32) -> Sizes {
        Sizes {
            title: self.title * f,
            quote: self.quote * f,
            note: self.note * f,
            small: self.small * f,
        }
    }

    pub fn for_width(width_points: f32) -> Sizes {
        let s = (width_points / 1280.0).clamp(0.8, 1.8);
        Sizes {
            title: 30.0 * s,
            quote: 24.0 * s,
            note: 17.0 * s,
            small: 14.0 * s,
        }
    }
}

/// What the stage keeps between frames besides the state: its plot's view and caches.
#[derive(Debug, Default)]
pub struct StageUi {
    pub plot: super::plot::PlotView,
    /// The timeline ribbon's rectangle last frame (for tests).
    pub timeline_rect: Option<egui::Rect>,
}

/// The whole stage: header, timeline ribbon and the scene's content, for the step `view` shows.
pub fn stage_ui(ui: &mut Ui, view: &StageView, st: &mut StageUi, out: &mut Outbox) {
    let sizes = Sizes::for_width(ui.available_width());
    let pal = palette(view.theme);
    egui::Panel::top("stage-header")
        .frame(
            egui::Frame::new()
                .inner_margin(egui::Margin::symmetric(24, 12))
                .fill(ui.visuals().panel_fill),
        )
        .show(ui, |ui| header_ui(ui, view, out, sizes, &pal));
    // The timeline is laid out after the scene's content (below it, as a bottom strip of the
    // central panel rather than a panel of its own), so that Tab goes header, content,
    // timeline: the order they are read in.
    let timeline_height = (sizes.small * 4.2).max(56.0) + 16.0;
    egui::CentralPanel::default()
        .frame(egui::Frame::new().fill(ui.visuals().panel_fill))
        .show(ui, |ui| {
            let full = ui.available_rect_before_wrap();
            let split = (full.bottom() - timeline_height).max(full.top());
            let body_rect = egui::Rect::from_min_max(full.min, egui::pos2(full.right(), split));
            let strip = egui::Rect::from_min_max(egui::pos2(full.left(), split), full.max);
            ui.scope_builder(egui::UiBuilder::new().max_rect(body_rect), |ui| {
                egui::Frame::new()
                    .inner_margin(egui::Margin::symmetric(24, 8))
                    .show(ui, |ui| {
                        ui.set_min_size(ui.available_size());
                        if view.interactive {
                            announce_ui(ui, view, st);
                        }
                        body_ui(ui, view, st, out, sizes, &pal)
                    });
            });
            ui.painter().hline(
                strip.x_range(),
                strip.top(),
                ui.visuals().widgets.noninteractive.bg_stroke,
            );
            ui.scope_builder(egui::UiBuilder::new().max_rect(strip), |ui| {
                egui::Frame::new()
                    .inner_margin(egui::Margin::symmetric(16, 8))
                    .show(ui, |ui| {
                        st.timeline_rect = Some(super::timeline::timeline_ui(ui, view, out, sizes));
                    });
            });
        });
}

/// What a screen reader announces when the story moves: the scene, the step, the title and
/// the step's description, in a polite live region (read out when it changes, after what is
/// being read). Nothing is drawn.
fn announce_ui(ui: &mut Ui, view: &StageView, st: &mut StageUi) {
    let text = announcement(view, st.plot.description(view));
    let id = egui::Id::unique("stage-announce");
    let rect = egui::Rect::from_min_size(ui.max_rect().min, egui::vec2(1.0, 1.0));
    let response = ui.interact(rect, id, Sense::hover());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Status, true, text.as_str()));
    ui.ctx().accesskit_node_builder(id, |node| {
        node.set_live(egui::accesskit::Live::Polite);
    });
}

/// `Scene 3 of 12, step 2 of 4: The trade war begins. Chart: …`
pub fn announcement(view: &StageView, description: &str) -> String {
    let scene = view.scene();
    let mut where_ = format!("Scene {} of {}", view.pos.scene + 1, view.deck.scenes.len());
    if scene.steps.len() > 1 {
        where_.push_str(&format!(
            ", step {} of {}",
            view.pos.step + 1,
            scene.steps.len()
        ));
    }
    let title = scene.title.trim_end_matches('.');
    if scene.plot.is_some() {
        format!("{where_}: {title}. {description}")
    } else {
        format!("{where_}: {title}.")
    }
}

/// The scene's content: excerpts beside the plot (or the excerpts alone).
pub fn body_ui(
    ui: &mut Ui,
    view: &StageView,
    st: &mut StageUi,
    out: &mut Outbox,
    sizes: Sizes,
    pal: &Palette,
) {
    if let Some(loading) = view.loading {
        loading_ui(ui, loading, sizes, pal);
    }
    let has_plot = view.scene().plot.is_some();
    if has_plot {
        let width = ui.available_width();
        let left = (width * 0.40).max(40.0);
        let gap = (sizes.quote).clamp(4.0, 24.0);
        ui.horizontal_top(|ui| {
            ui.allocate_ui_with_layout(
                egui::vec2(left, ui.available_height()),
                Layout::top_down(Align::Min),
                |ui| {
                    ui.set_width(left);
                    fitted_excerpts_ui(ui, view, out, sizes, pal);
                },
            );
            ui.add_space(gap);
            ui.allocate_ui_with_layout(
                egui::vec2(ui.available_width(), ui.available_height()),
                Layout::top_down(Align::Min),
                |ui| super::plot::plot_ui(ui, view, &mut st.plot, out, sizes, pal),
            );
        });
    } else {
        egui::ScrollArea::vertical()
            .id_salt("excerpts")
            .show(ui, |ui| {
                ui.set_max_width((sizes.quote * 38.0).min(ui.available_width()));
                excerpts_ui(ui, view, out, sizes, pal);
                if view.has_errors()
                    && view.deck.scenes.len() == 1
                    && view.scene().excerpts.is_empty()
                {
                    // The stand-in of a deck that did not open: say why, in full.
                    for p in view.problems.iter().filter(|p| p.is_error()) {
                        ui.label(RichText::new(p.to_string()).monospace().size(sizes.small));
                    }
                }
            });
    }
}

/// Big data being read: what, for how long, with a spinner. Repaints only while it lasts.
fn loading_ui(ui: &mut Ui, loading: &crate::view::Loading, sizes: Sizes, pal: &Palette) {
    ui.horizontal(|ui| {
        ui.add(egui::Spinner::new().size(sizes.note));
        ui.label(
            RichText::new(format!("Reading {} … {:.0} s", loading.what, loading.secs))
                .size(sizes.note)
                .color(pal.muted),
        );
    });
    ui.ctx()
        .request_repaint_after(std::time::Duration::from_millis(250));
}

/// A still picture of one step as the audience sees it, in a `size` box: the presenter's now
/// and next, the overview's thumbnails. The same function as the stage draws it, with nothing
/// reacting to the pointer.
pub fn preview_ui(
    ui: &mut Ui,
    view: &StageView,
    st: &mut StageUi,
    size: egui::Vec2,
) -> egui::Response {
    let pal = palette(view.theme);
    let sizes = Sizes::for_width(1280.0).scaled((size.x / 1280.0).clamp(0.2, 1.0));
    let (rect, _) = ui.allocate_exact_size(size, Sense::hover());
    ui.painter().rect_filled(rect, 4.0, ui.visuals().panel_fill);
    ui.painter().rect_stroke(
        rect,
        4.0,
        Stroke::new(1.0, pal.muted.gamma_multiply(0.5)),
        egui::StrokeKind::Outside,
    );
    let margin = (8.0 * size.x / 640.0).clamp(3.0, 8.0);
    let mut child = ui.new_child(
        egui::UiBuilder::new()
            .max_rect(rect.shrink(margin))
            .layout(Layout::top_down(Align::Min))
            .id_salt(("preview", view.pos.scene, view.pos.step)),
    );
    child.set_clip_rect(rect.intersect(ui.clip_rect()));
    let scene = view.scene();
    child.label(
        RichText::new(scene.date_text())
            .size(sizes.small)
            .color(pal.accent),
    );
    child.label(RichText::new(&scene.title).size(sizes.title * 0.8).strong());
    child.add_space(4.0);
    let still = StageView {
        interactive: false,
        hovered_link: None,
        ..*view
    };
    let mut ignored = Outbox::default();
    body_ui(&mut child, &still, st, &mut ignored, sizes, &pal);
    // On top of everything drawn inside: the whole picture is one button.
    ui.interact(
        rect,
        ui.scope_id()
            .with(("preview", view.pos.scene, view.pos.step)),
        Sense::click(),
    )
}

/// `1 problem`, `3 problems`.
fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// The excerpts, with text shrunk (down to 60 %) until they fit without scrolling, as a slide
/// tool auto-fits text. The factor is kept per step and converges within a few passes.
fn fitted_excerpts_ui(
    ui: &mut Ui,
    view: &StageView,
    out: &mut Outbox,
    sizes: Sizes,
    pal: &Palette,
) {
    // Kept per step and per column size: a bigger window starts again from full size.
    let size = ui.available_size();
    let fit_id = egui::Id::unique((
        "excerpt-fit",
        view.pos.scene,
        view.pos.step,
        (size.x / 16.0) as i32,
        (size.y / 16.0) as i32,
    ));
    let fit: f32 = ui.ctx().data(|d| d.get_temp(fit_id)).unwrap_or(1.0);
    let output = egui::ScrollArea::vertical()
        .id_salt("excerpts")
        .show(ui, |ui| excerpts_ui(ui, view, out, sizes.scaled(fit), pal));
    let needed = output.content_size.y;
    let room = output.inner_rect.height();
    if needed > room + 2.0 && fit > 0.61 {
        let next = (fit * (room / needed).powf(0.6)).clamp(0.6, fit - 0.01);
        ui.ctx().data_mut(|d| d.insert_temp(fit_id, next));
        ui.ctx().request_discard("fit the excerpts");
        ui.ctx().request_repaint();
    }
}

fn header_ui(ui: &mut Ui, view: &StageView, out: &mut Outbox, sizes: Sizes, pal: &Palette) {
    let scene = view.scene();
    let era = view
        .deck
        .eras
        .get(scene.era)
        .map(|e| e.label.clone())
        .unwrap_or_default();
    let title = scene.title.clone();
    let date = scene.date_text();
    let epilogue = scene.epilogue;
    let steps = scene.steps.len();
    let pos = view.pos;
    let total = view.deck.scenes.len();
    // The title wraps in what the right-hand block (position, buttons) leaves, measured last
    // frame, so a long title never runs under it.
    let right_id = ui.scope_id().with("header-right");
    let right_w: f32 = ui
        .ctx()
        .data(|d| d.get_temp(right_id))
        .unwrap_or(ui.available_width() * 0.3);
    ui.horizontal(|ui| {
        let left_w = (ui.available_width() - right_w - 24.0).max(ui.available_width() * 0.4);
        ui.vertical(|ui| {
            ui.set_max_width(left_w);
            ui.horizontal(|ui| {
                ui.label(
                    RichText::new(&date)
                        .size(sizes.note)
                        .color(pal.accent)
                        .strong(),
                );
                ui.label(
                    RichText::new(format!("·  {era}"))
                        .size(sizes.note)
                        .color(pal.muted),
                );
                if epilogue {
                    ui.label(
                        RichText::new(" AFTER THE ARTICLE ")
                            .size(sizes.small)
                            .color(Color32::WHITE)
                            .background_color(pal.epilogue)
                            .strong(),
                    )
                    .on_hover_text(
                        "This scene shows what happened after the article was published",
                    );
                }
            });
            ui.label(RichText::new(&title).size(sizes.title).strong());
        });
        let right = ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
            let mut step_text = format!("Scene {} / {}", pos.scene + 1, total);
            if steps > 1 {
                step_text.push_str(&format!("  ·  step {} / {}", pos.step + 1, steps));
            }
            if !view.digits.is_empty() {
                step_text = format!("Go to scene {}…", view.digits);
            }
            // A still view (an export page) has no buttons to press.
            let buttons: &[Action] = if view.interactive {
                &[
                    Action::ToggleFullscreen,
                    Action::ToggleOverview,
                    Action::ToggleHelp,
                ]
            } else {
                &[]
            };
            right_group_ui(ui, "header-buttons", |ui| {
                for action in buttons.iter().cloned() {
                    let button =
                        egui::Button::new(RichText::new(action.label()).size(sizes.small * 0.9))
                            .frame(false);
                    if ui
                        .add(button)
                        .on_hover_text(format!(
                            "{} ({})",
                            action.description(),
                            action.shortcut_text()
                        ))
                        .clicked()
                    {
                        out.push(action);
                    }
                }
            });
            ui.add_space(12.0);
            ui.label(RichText::new(step_text).size(sizes.small).color(pal.muted));
            // A deck file on disk that no longer loads: a small sign, never in fullscreen.
            if view.has_errors() && !view.fullscreen {
                let errors: Vec<String> = view
                    .problems
                    .iter()
                    .filter(|d| d.is_error())
                    .map(|d| d.headline())
                    .collect();
                ui.label(
                    RichText::new(format!(
                        "⚠ {} in the deck files",
                        plural(errors.len(), "problem")
                    ))
                    .size(sizes.small)
                    .color(Color32::WHITE)
                    .background_color(pal.check_border),
                )
                .on_hover_text(format!(
                    "The stage shows the last version that loaded.\n\n{}",
                    errors
                        .iter()
                        .take(8)
                        .cloned()
                        .collect::<Vec<_>>()
                        .join("\n")
                ));
            }
            ui.min_rect().width()
        });
        let used = right.inner;
        if (used - right_w).abs() > 1.0 {
            ui.ctx().data_mut(|d| d.insert_temp(right_id, used));
        }
    });
}

/// Controls at the right end of a right-to-left row, laid out left to right, so that Tab
/// visits them in the order they are read. The group's width is measured each frame and used
/// for the next (one extra pass when it changes).
pub fn right_group_ui<R>(ui: &mut Ui, salt: &str, add: impl FnOnce(&mut Ui) -> R) -> R {
    let id = ui.scope_id().with(("right-group", salt));
    let width: f32 = ui
        .ctx()
        .data(|d| d.get_temp(id))
        .unwrap_or(ui.available_width() * 0.3);
    let height = ui
        .available_height()
        .min(ui.spacing().interact_size.y * 2.0);
    let inner = ui.allocate_ui_with_layout(
        egui::vec2(width.min(ui.available_width()), height),
        Layout::left_to_right(Align::Center),
        |ui| {
            let r = add(ui);
            (r, ui.min_rect().width())
        },
    );
    let (r, used) = inner.inner;
    if (used - width).abs() > 0.5 {
        ui.ctx().data_mut(|d| d.insert_temp(id, used));
        ui.ctx().request_discard("measure a right-aligned group");
    }
    r
}

/// The excerpts: the quote with its highlighted phrases, the attribution, the margin notes of
/// the phrases on show, and the scene's fact-checks.
pub fn excerpts_ui(ui: &mut Ui, view: &StageView, out: &mut Outbox, sizes: Sizes, pal: &Palette) {
    let scene = view.scene();
    let step = view.step();
    for excerpt in &scene.excerpts {
        excerpt_ui(ui, view, out, excerpt, step, sizes, pal);
        ui.add_space(sizes.quote * 0.8);
    }
    for check in &scene.checks {
        let (tag, tag_color) = match check.verdict {
            Verdict::Holds => ("FACT-CHECK: HOLDS", pal.accent),
            Verdict::Partly => ("FACT-CHECK: PARTLY", pal.check_border),
            Verdict::NotReproduced => ("FACT-CHECK: NOT REPRODUCED BY THE DATA", pal.check_border),
        };
        egui::Frame::new()
            .fill(pal.check_bg)
            .stroke(Stroke::new(2.0, pal.check_border))
            .corner_radius(6)
            .inner_margin(12)
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(
                    RichText::new(tag)
                        .size(sizes.small)
                        .strong()
                        .color(tag_color),
                );
                ui.label(RichText::new(&check.claim).size(sizes.note).italics());
                ui.label(RichText::new(&check.finding).size(sizes.note));
            });
        ui.add_space(12.0);
    }
}

fn excerpt_ui(
    ui: &mut Ui,
    view: &StageView,
    out: &mut Outbox,
    excerpt: &Excerpt,
    step: &crate::model::deck::Step,
    sizes: Sizes,
    pal: &Palette,
) {
    let quote_font = FontId::new(sizes.quote, FontFamily::Proportional);
    let width = ui.available_width();
    // Build the quote with its visible highlights as background sections.
    let mut job = LayoutJob::default();
    job.wrap.max_width = width;
    let plain = TextFormat {
        font_id: quote_font.clone(),
        color: pal.quote_text,
        line_height: Some(sizes.quote * 1.35),
        ..Default::default()
    };
    let visible = excerpt.shown_highlights(step);
    let quote = &excerpt.quote;
    let (open_marks, close_marks) = excerpt.marks();
    job.append(open_marks, 0.0, plain.clone());
    let mut at = 0;
    for h in &visible {
        if h.range.start < at {
            continue; // overlapping phrases: the first one wins
        }
        job.append(
            quote.get(at..h.range.start).unwrap_or(""),
            0.0,
            plain.clone(),
        );
        let lit = view.hovered_link == Some(h.id.as_str()) || linked_annotation_lit(view, h);
        let mut f = plain.clone();
        f.background = if lit {
            pal.highlight_lit_bg
        } else {
            pal.highlight_bg
        };
        f.color = pal.highlight_text;
        f.expand_bg = 2.0;
        job.append(quote.get(h.range.clone()).unwrap_or(""), 0.0, f);
        at = h.range.end;
    }
    job.append(quote.get(at..).unwrap_or(""), 0.0, plain.clone());
    job.append(close_marks, 0.0, plain);
    let galley = ui.fonts_mut(|f| f.layout_job(job));
    let (rect, response) = ui.allocate_exact_size(galley.size(), Sense::hover());
    // Which highlight is under the pointer: map the pointer to a character of the quote.
    if let Some(pointer) = response.hover_pos() {
        let cursor = galley.cursor_from_pos(pointer - rect.min);
        let glyph = galley.pos_from_cursor(cursor);
        if glyph.expand(4.0).contains(pointer - rect.min.to_vec2()) {
            // the opening quotation mark (and the ellipsis of a cut start)
            let char_index = cursor.index.0.saturating_sub(open_marks.chars().count());
            let byte = quote
                .char_indices()
                .nth(char_index)
                .map_or(quote.len(), |(b, _)| b);
            if let Some(h) = visible.iter().find(|h| h.range.contains(&byte)) {
                out.hover = Some(h.id.clone());
            }
        }
    }
    ui.painter()
        .galley(rect.min, galley.clone(), pal.quote_text);
    ui.add_space(4.0);
    ui.label(
        RichText::new(format!("— {}", excerpt.attribution.text()))
            .size(sizes.small)
            .color(pal.muted),
    );
    // Margin notes of the phrases on show.
    for h in &visible {
        if h.note.is_empty() {
            continue;
        }
        ui.add_space(6.0);
        let lit = view.hovered_link == Some(h.id.as_str()) || linked_annotation_lit(view, h);
        let phrase = quote.get(h.range.clone()).unwrap_or("");
        let response = egui::Frame::new()
            .inner_margin(egui::Margin {
                left: 14,
                right: 4,
                top: 2,
                bottom: 2,
            })
            .show(ui, |ui| {
                ui.label(
                    RichText::new(phrase)
                        .size(sizes.small)
                        .strong()
                        .color(pal.muted),
                );
                ui.label(RichText::new(&h.note).size(sizes.note));
            })
            .response
            .interact(Sense::hover());
        // A bar beside the note in the phrase's colour, brighter and wider when lit.
        let (bar_width, bar_color) = if lit {
            (6.0, pal.highlight_lit_bg)
        } else {
            (4.0, pal.highlight_bg)
        };
        ui.painter().vline(
            response.rect.left() + 4.0,
            response.rect.y_range(),
            Stroke::new(bar_width, bar_color),
        );
        if response.hovered() {
            out.hover = Some(h.id.clone());
        }
    }
}

/// Whether the plot annotation this highlight links to is hovered.
fn linked_annotation_lit(view: &StageView, h: &crate::model::deck::Highlight) -> bool {
    let (Some(k), Some(hovered)) = (h.annotation, view.hovered_link) else {
        return false;
    };
    view.scene()
        .plot
        .as_ref()
        .and_then(|p| p.annotations.get(k))
        .is_some_and(|a| a.id == hovered)
}
